// apps/server SPEC [W14] over real sockets: the attacks of issue 12's security review, sent by a
// raw client with a participant or viewer key to the real server process, with ids taken from
// the board as a stock client synced it. Each is refused with its code; the protected state, the
// server process and the other boards go on as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { facilitationOf, makeNote, metaOf, recordsOf, writeRecords } from '@tavla/board'
import { CloseCode, MessageType, SyncStep } from '@tavla/protocol'
import { craftUpdate } from '@tavla/server'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startServer, type RunningServer } from '../support/server.ts'

let s: RunningServer
let board: Awaited<ReturnType<typeof createBoard>>
let watcher: Client
let other: { board: Awaited<ReturnType<typeof createBoard>>; client: Client }

const act = (action: Record<string, unknown>) =>
  fetch(`${s.url}/api/boards/${board.id}/facilitation`, {
    method: 'POST',
    headers: { authorization: `Bearer ${board.keys.facilitator}`, 'content-type': 'application/json' },
    body: JSON.stringify(action),
  })

beforeAll(async () => {
  s = await startServer()
  board = await createBoard(s.url, { template: 'golden-circle', title: 'Gyllene cirkeln' })
  expect((await act({ action: 'timer.start', seconds: 600 })).status).toBe(200)
  watcher = connectClient(s.wsUrl, board.id, board.keys.facilitator)
  await watcher.synced
  await waitFor(() => facilitationOf(watcher.doc).get('timer') !== undefined, 'the timer reached the watcher')
  const ob = await createBoard(s.url, { title: 'Ett annat rum' })
  const oc = connectClient(s.wsUrl, ob.id, ob.keys.participant)
  await oc.synced
  other = { board: ob, client: oc }
})
afterAll(async () => {
  watcher?.destroy()
  other?.client.destroy()
  await s?.stop()
})

const protectedState = (doc: Y.Doc) => JSON.stringify({ meta: metaOf(doc).toJSON(), f: facilitationOf(doc).toJSON(), bg: doc.getArray('background').length })

/** A raw socket to the board that sends one crafted update and reports the close. */
function send(update: Uint8Array, key = board.keys.participant): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.wsUrl}/${board.id}?key=${key}`)
    ws.on('error', () => {})
    ws.on('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MessageType.Sync)
      encoding.writeVarUint(e, SyncStep.Update)
      encoding.writeVarUint8Array(e, update)
      ws.send(encoding.toUint8Array(e))
      // a viewer's updates are dropped without a close: give it a moment, then hang up
      setTimeout(() => ws.close(1000), 1500).unref()
    })
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    setTimeout(() => reject(new Error('no close within 10 s')), 10_000).unref()
  })
}

/** An item of the board as the server holds it (the watcher has the same ids). */
const item = (type: Y.AbstractType<unknown>, key?: string): Y.Item =>
  key ? (type as unknown as { _map: Map<string, Y.Item> })._map.get(key)! : (type as unknown as { _start: Y.Item })._start
const idOf = (i: Y.Item) => [i.id.client, i.id.clock] as const

async function stillFine(before: string) {
  await new Promise((r) => setTimeout(r, 300)) // anything the server relayed has arrived by now
  expect(protectedState(watcher.doc)).toBe(before)
  expect(watcher.doc.store.pendingStructs).toBeNull()
  expect(s.process().exitCode).toBeNull()
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  const id = `probe${Math.random().toString(36).slice(2, 8)}`
  writeRecords(recordsOf(other.client.doc), [makeNote({ id, x: 0, y: 0, text: id })])
  await waitFor(
    async () => (await fetch(`${s.url}/api/boards/${other.board.id}/export?format=csv&key=${other.board.keys.facilitator}`).then((r) => r.text())).includes(id),
    'another board still takes notes',
  )
}

describe('[W14] the attacks of the security review, over a real socket', () => {
  it('[W14] fake neighbour: a copy of meta.schema claiming "records" and an item after it → 4403, schema unchanged', async () => {
    const before = protectedState(watcher.doc)
    const schema = item(metaOf(watcher.doc) as never, 'schema')
    const update = craftUpdate([
      { client: schema.id.client, clock: schema.id.clock, structs: [{ item: { any: [{ key: 'shape:x', val: {} }] }, parent: 'records' }] },
      { client: 4242, clock: 0, structs: [{ item: { any: [{ schemaVersion: 2, sequences: { 'com.tldraw.store': 99 } }] }, origin: idOf(schema) }] },
    ])
    expect((await send(update)).code).toBe(CloseCode.Forbidden)
    await stillFine(before)
  })

  it('[W14] overlapping clock range into the timer → refused, timer unchanged', async () => {
    const before = protectedState(watcher.doc)
    const timer = item(facilitationOf(watcher.doc) as never, 'timer')
    const state = Y.getState(watcher.doc.store, timer.id.client)
    const update = craftUpdate([
      { client: timer.id.client, clock: state - 1, structs: [{ item: { any: ['x', { status: 'running', durationMs: 1, endsAt: 1 }] }, parent: 'records' }] },
    ])
    expect([CloseCode.Refused, CloseCode.Forbidden]).toContain((await send(update)).code)
    await stillFine(before)
  })

  it('[W14] an embedded null in records → 4400; a note an author would need, as a nested type → 4400', async () => {
    const before = protectedState(watcher.doc)
    expect((await send(craftUpdate([{ client: 5151, clock: 0, structs: [{ item: { embed: null }, parent: 'records' }] }]))).code).toBe(CloseCode.BadMessage)
    expect((await send(craftUpdate([{ client: 5152, clock: 0, structs: [{ item: { type: 1 }, parent: 'records' }] }]))).code).toBe(CloseCode.BadMessage)
    await stillFine(before)
  })

  it('[W14] deletes beyond what the server has written, and a GC over its next clocks → 4409', async () => {
    // a server change while the room is open: its client id is the room's own
    expect((await act({ action: 'timer.pause' })).status).toBe(200)
    await waitFor(() => (facilitationOf(watcher.doc).get('timer') as { status?: string } | undefined)?.status === 'paused', 'the pause reached the watcher')
    const before = protectedState(watcher.doc)
    const timer = item(facilitationOf(watcher.doc) as never, 'timer')
    const state = Y.getState(watcher.doc.store, timer.id.client)
    expect((await send(craftUpdate([], [[timer.id.client, state, 50]]))).code).toBe(CloseCode.Refused)
    expect((await send(craftUpdate([{ client: timer.id.client, clock: state, structs: [{ gc: 5 }] }]))).code).toBe(CloseCode.Refused)
    await stillFine(before)
  })

  // its cost is measured by the benchmark (npm run bench -- --scenario guard), not here
  it('[W14][L13] a chain of 4,000 items into the facilitation state → 4403; past MAX_UPDATE_STRUCTS → 4413', async () => {
    const before = protectedState(watcher.doc)
    const chain = (n: number) => {
      const structs: Parameters<typeof craftUpdate>[0][number]['structs'] = [{ item: { any: [1] }, parent: 'facilitation', sub: 'x' }]
      for (let i = 1; i < n; i++) structs.push({ item: { any: [i] }, origin: [777, i - 1] })
      return craftUpdate([{ client: 777, clock: 0, structs }])
    }
    expect((await send(chain(4000))).code).toBe(CloseCode.Forbidden)
    expect((await send(chain(6000))).code).toBe(CloseCode.TooLarge)
    await stillFine(before)
  })

  it('[W5] a viewer’s crafted update is dropped without a word, and changes nothing', async () => {
    const before = protectedState(watcher.doc)
    const schema = item(metaOf(watcher.doc) as never, 'schema')
    const update = craftUpdate([{ client: 6161, clock: 0, structs: [{ item: { any: [{ schemaVersion: 99 }] }, origin: idOf(schema) }] }])
    expect((await send(update, board.keys.viewer)).code).toBe(1000)
    await stillFine(before)
  })
})
