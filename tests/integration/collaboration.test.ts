import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})
const connect = (boardId: string, key: string, doc?: Y.Doc) => {
  const c = connectClient(s.wsUrl, boardId, key, { doc })
  clients.push(c)
  return c
}
const notesOf = (c: Client) => readRecords(recordsOf(c.doc))

describe('rooms on real sockets', () => {
  it('[W1][W2] a client syncs the seeded board from the first sync', async () => {
    const b = await createBoard(s.url, { title: 'Första' })
    const c = connect(b.id, b.keys.participant)
    await c.synced
    expect(c.doc.getMap('meta').get('title')).toBe('Första')
    expect(c.doc.getMap('meta').get('formatVersion')).toBe(1)
  })

  it('[W3] eight clients writing concurrently converge on every note', async () => {
    const b = await createBoard(s.url)
    const cs = Array.from({ length: 8 }, (_, i) => connect(b.id, i === 0 ? b.keys.facilitator : b.keys.participant))
    await Promise.all(cs.map((c) => c.synced))
    // everyone writes at once: 8 × 25 notes, plus edits of the same note from all
    for (let round = 0; round < 25; round++) {
      cs.forEach((c, i) => writeRecords(recordsOf(c.doc), [makeNote({ id: `c${i}-n${round}`, x: i * 220, y: round * 220, text: `lapp ${i}/${round}` })]))
      cs.forEach((c, i) => writeRecords(recordsOf(c.doc), [makeNote({ id: 'shared', x: i, y: round, text: `från ${i}` })]))
    }
    await waitFor(() => cs.every((c) => notesOf(c).size === 8 * 25 + 1), 'all notes everywhere')
    await waitFor(() => {
      const states = cs.map((c) => JSON.stringify([...notesOf(c).entries()].sort()))
      return states.every((x) => x === states[0])
    }, 'identical records (same winner for the shared note)')
  })

  it('[W4] awareness reaches the others and leaves with the connection', async () => {
    const b = await createBoard(s.url)
    const a = connect(b.id, b.keys.participant)
    const c = connect(b.id, b.keys.participant)
    await Promise.all([a.synced, c.synced])
    a.provider.awareness.setLocalStateField('user', { name: 'Anna, Försäkringskassan' })
    await waitFor(() => [...c.provider.awareness.getStates().values()].some((st) => st.user?.name === 'Anna, Försäkringskassan'), 'awareness arrives')
    const late = connect(b.id, b.keys.viewer)
    await late.synced
    await waitFor(
      () => [...late.provider.awareness.getStates().values()].some((st) => st.user?.name === 'Anna, Försäkringskassan'),
      'a newcomer gets current awareness',
    )
    a.provider.disconnect()
    await waitFor(
      () => ![...c.provider.awareness.getStates().values()].some((st) => st.user?.name === 'Anna, Försäkringskassan'),
      'awareness removed when the connection leaves',
    )
  })

  it('[W5] a viewer sees changes but its own edits are dropped', async () => {
    const b = await createBoard(s.url)
    const writer = connect(b.id, b.keys.participant)
    const viewer = connect(b.id, b.keys.viewer)
    await Promise.all([writer.synced, viewer.synced])
    writeRecords(recordsOf(viewer.doc), [makeNote({ id: 'by-viewer', x: 0, y: 0, text: 'olovlig' })])
    writeRecords(recordsOf(writer.doc), [makeNote({ id: 'by-writer', x: 0, y: 0, text: 'ok' })])
    await waitFor(() => notesOf(viewer).has('shape:by-writer'), 'viewer receives')
    const fresh = connect(b.id, b.keys.participant)
    await fresh.synced
    await waitFor(() => notesOf(fresh).has('shape:by-writer'), 'fresh client has the writer note')
    expect(notesOf(fresh).has('shape:by-viewer')).toBe(false)
    expect(notesOf(writer).has('shape:by-viewer')).toBe(false)
  })

  it('[W7] the room unloads when the last client leaves, and reloads whole', async () => {
    const b = await createBoard(s.url)
    const a = connect(b.id, b.keys.participant)
    await a.synced
    writeRecords(recordsOf(a.doc), [makeNote({ id: 'kept', x: 1, y: 2, text: 'sparad' })])
    await waitFor(
      () => s.rooms.rooms.get(b.id)?.doc !== undefined && readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).has('shape:kept'),
      'server has the note',
    )
    a.destroy()
    await waitFor(() => !s.rooms.rooms.has(b.id), 'room unloaded')
    const again = connect(b.id, b.keys.participant)
    await again.synced
    await waitFor(() => notesOf(again).has('shape:kept'), 'reloaded from storage')
  })
})
