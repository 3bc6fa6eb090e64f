import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { metric, startServer, type RunningServer } from '../support/server.ts'

let s: RunningServer
beforeAll(async () => {
  s = await startServer({ env: { COMPACT_UPDATES: '20' } })
})
afterAll(async () => {
  await s?.stop()
})

async function boardWithNotes(count: number, prefix: string) {
  const b = await createBoard(s.url, { title: 'Överlever' })
  const a = connectClient(s.wsUrl, b.id, b.keys.participant)
  const c = connectClient(s.wsUrl, b.id, b.keys.participant)
  await Promise.all([a.synced, c.synced])
  for (let i = 0; i < count; i++) writeRecords(recordsOf((i % 2 ? a : c).doc), [makeNote({ id: `${prefix}${i}`, x: i, y: i, text: `${prefix} ${i}` })])
  await waitFor(() => readRecords(recordsOf(a.doc)).size === count && readRecords(recordsOf(c.doc)).size === count, 'clients converge')
  const expected = JSON.stringify([...readRecords(recordsOf(a.doc)).entries()].sort())
  return { b, a, c, expected }
}

async function loadFresh(b: { id: string; keys: { participant: string } }) {
  const fresh = connectClient(s.wsUrl, b.id, b.keys.participant)
  await fresh.synced
  const state = JSON.stringify([...readRecords(recordsOf(fresh.doc)).entries()].sort())
  const title = fresh.doc.getMap('meta').get('title')
  fresh.destroy()
  return { state, title }
}

describe('restart and crash recovery', () => {
  it('[W6] a clean restart keeps the whole board (past compaction)', async () => {
    const { b, a, c, expected } = await boardWithNotes(60, 'r')
    await s.restart('stop')
    const after = await loadFresh(b)
    expect(after.title).toBe('Överlever')
    expect(after.state).toBe(expected)
    a.destroy()
    c.destroy()
  })

  it('[W6] kill -9 loses at most the last batch window, and clients resend it on reconnect', async () => {
    const { b, a, c, expected } = await boardWithNotes(40, 'k')
    // Once the server has written what it broadcast (its batch window has passed), crash it.
    await waitFor(async () => (await metric(s.url, 'tavla_unsaved_updates')) === 0, 'every update written')
    await s.restart('kill')
    expect((await loadFresh(b)).state).toBe(expected)
    // A write the server never stored still survives: the client holds it and resends on reconnect.
    const onlyLocal = new Y.Doc()
    Y.applyUpdate(onlyLocal, Y.encodeStateAsUpdate(a.doc))
    await waitFor(() => a.provider.wsconnected, 'client reconnects after the crash', 15_000)
    writeRecords(recordsOf(a.doc), [makeNote({ id: 'after-crash', x: 0, y: 0, text: 'efter' })])
    await waitFor(() => readRecords(recordsOf(c.doc)).has('shape:after-crash'), 'others get it after reconnect', 15_000)
    a.destroy()
    c.destroy()
  })
})
