// apps/server SPEC [W7] (issue 16): when the last board of the process has unloaded and nobody is
// connected, the server runs one full garbage collection, so what closed boards held is given
// back (bench churn); and when no client has sent anything for RECLAIM_QUIET_MS, boards open or
// not, so what the server's start left committed is given back (bench idle-memory); never while
// someone is sending. Real server, real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { metric, startServer, type RunningServer } from '../support/server.ts'

let server: RunningServer

beforeAll(async () => {
  // the quiet collection is off here: this part is about the last unload alone
  server = await startServer({ env: { RECLAIM_QUIET_MS: '0' } })
})
afterAll(() => server?.stop())

async function openWithNote(text: string, on = server) {
  const board = await createBoard(on.url)
  const client = connectClient(on.wsUrl, board.id, board.keys.participant)
  await client.synced
  writeRecords(recordsOf(client.doc), [makeNote({ id: `shape:${text}`, x: 0, y: 0, text })])
  return { board, client }
}

describe('[W7] memory given back when the last board unloads', () => {
  it('collects once when the last room has gone, not while one is still open', async () => {
    const before = await metric(server.url, 'tavla_memory_reclaims_total')
    const { board, client: a } = await openWithNote('a')
    const { client: b } = await openWithNote('b')
    await waitFor(async () => (await metric(server.url, 'tavla_rooms')) === 2, 'both boards open')

    a.destroy()
    await waitFor(async () => (await metric(server.url, 'tavla_rooms')) === 1, 'board a unloaded')
    // the collection waits 200 ms after an unload: well past it, with b still open, none ran
    await new Promise((r) => setTimeout(r, 600))
    expect(await metric(server.url, 'tavla_memory_reclaims_total')).toBe(before)

    b.destroy()
    await waitFor(async () => (await metric(server.url, 'tavla_rooms')) === 0 && (await metric(server.url, 'tavla_connections')) === 0, 'every board unloaded')
    await waitFor(async () => (await metric(server.url, 'tavla_memory_reclaims_total')) === before + 1, 'one full collection after the last unload', 5_000)
    // and only one: nothing else unloaded since
    await new Promise((r) => setTimeout(r, 400))
    expect(await metric(server.url, 'tavla_memory_reclaims_total')).toBe(before + 1)

    // a board opens again afterwards with what was written on it
    const again = connectClient(server.wsUrl, board.id, board.keys.participant)
    await again.synced
    expect(readRecords(recordsOf(again.doc)).has('shape:a')).toBe(true)
    again.destroy()
  })
})

describe('[W7] memory given back when nobody is sending', () => {
  let quiet: RunningServer
  beforeAll(async () => {
    // long enough for the test to connect and start sending before the first check
    quiet = await startServer({ env: { RECLAIM_QUIET_MS: '3000' } })
  })
  afterAll(() => quiet?.stop())

  it('a server just started, with a board open: no collection while a client sends, one when it stops, the board still open', async () => {
    const { client } = await openWithNote('q', quiet)
    // a cursor moving every 200 ms: the process is never quiet for 3 s
    let x = 0
    const moving = setInterval(() => client.provider.awareness.setLocalStateField('cursor', { x: x++, y: 0 }), 200)
    try {
      const heapAtStart = await metric(quiet.url, 'nodejs_heap_size_total_bytes')
      await new Promise((r) => setTimeout(r, 7_500)) // two and a half quiet periods
      expect(await metric(quiet.url, 'tavla_memory_reclaims_total')).toBe(0)
      clearInterval(moving)
      await waitFor(async () => (await metric(quiet.url, 'tavla_memory_reclaims_total')) === 1, 'one full collection once nobody sends', 12_000)
      expect(await metric(quiet.url, 'tavla_rooms')).toBe(1)
      // what the start left committed is given back (a fresh server holds far more than 16 MiB unused)
      expect(await metric(quiet.url, 'nodejs_heap_size_total_bytes')).toBeLessThan(heapAtStart - 16 * 2 ** 20)
      // quiet on, nothing more to give back: no second collection
      await new Promise((r) => setTimeout(r, 6_500))
      expect(await metric(quiet.url, 'tavla_memory_reclaims_total')).toBe(1)
      // the board still works
      client.provider.awareness.setLocalStateField('cursor', null)
      const again = connectClient(quiet.wsUrl, client.provider.roomname, client.provider.params.key!)
      await again.synced
      expect(readRecords(recordsOf(again.doc)).has('shape:q')).toBe(true)
      again.destroy()
    } finally {
      clearInterval(moving)
      client.destroy()
    }
  })
})
