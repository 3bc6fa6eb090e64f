// apps/server SPEC [W7] (issue 16): when the last board of the process has unloaded and nobody is
// connected, the server runs one full garbage collection, so what closed boards held is given
// back (bench churn); never while a board is still open. Real server, real sockets.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { startServer, type RunningServer } from '../support/server.ts'

let server: RunningServer

beforeAll(async () => {
  server = await startServer()
})
afterAll(() => server?.stop())

async function metric(name: string): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text()
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  if (!m) throw new Error(`no ${name} in /metrics`)
  return Number(m[1])
}

async function openWithNote(text: string) {
  const board = await createBoard(server.url)
  const client = connectClient(server.wsUrl, board.id, board.keys.participant)
  await client.synced
  writeRecords(recordsOf(client.doc), [makeNote({ id: `shape:${text}`, x: 0, y: 0, text })])
  return { board, client }
}

describe('[W7] memory given back when the last board unloads', () => {
  it('collects once when the last room has gone, not while one is still open', async () => {
    const before = await metric('tavla_memory_reclaims_total')
    const { board, client: a } = await openWithNote('a')
    const { client: b } = await openWithNote('b')
    await waitFor(async () => (await metric('tavla_rooms')) === 2, 'both boards open')

    a.destroy()
    await waitFor(async () => (await metric('tavla_rooms')) === 1, 'board a unloaded')
    // the collection waits 200 ms after an unload: well past it, with b still open, none ran
    await new Promise((r) => setTimeout(r, 600))
    expect(await metric('tavla_memory_reclaims_total')).toBe(before)

    b.destroy()
    await waitFor(async () => (await metric('tavla_rooms')) === 0 && (await metric('tavla_connections')) === 0, 'every board unloaded')
    await waitFor(async () => (await metric('tavla_memory_reclaims_total')) === before + 1, 'one full collection after the last unload', 5_000)
    // and only one: nothing else unloaded since
    await new Promise((r) => setTimeout(r, 400))
    expect(await metric('tavla_memory_reclaims_total')).toBe(before + 1)

    // a board opens again afterwards with what was written on it
    const again = connectClient(server.wsUrl, board.id, board.keys.participant)
    await again.synced
    expect(readRecords(recordsOf(again.doc)).has('shape:a')).toBe(true)
    again.destroy()
  })
})
