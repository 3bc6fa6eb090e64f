// Deterministic convergence: an in-memory network of replicas around the real room (Room, its
// BoardPolicy and update guard, the Outbox's fan-out, persistence to a real SQLite file), speaking
// the y-websocket sync protocol over an in-memory transport, driven by a seeded random schedule
// of edits, deliveries (in any order across links, in order within one), disconnects and
// reconnects. Replicas write the way the tldraw binding does (YKeyValue over `records`).
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { makeNote, readRecords, recordsOf } from '@tavla/board'
import { SqliteStorage } from '@tavla/storage'
import { BoardPolicy, Connection, Outbox, Room } from '@tavla/server'

type Msg = Uint8Array
interface Link {
  up: Msg[] // replica → room
  down: Msg[] // room → replica
  connected: boolean
  conn?: Connection
}

const storage = new SqliteStorage(join(mkdtempSync(join(tmpdir(), 'tavla-conv-')), 'tavla.db'))
afterAll(() => storage.close())
let boards = 0

/** Splits what the Outbox wrote to a socket (unmasked binary websocket frames) into messages. */
function unframe(data: Buffer, out: Msg[]): void {
  let at = 0
  while (at < data.length) {
    let len = data[at + 1]! & 0x7f
    let head = 2
    if (len === 126) (len = data.readUInt16BE(at + 2)), (head = 4)
    else if (len === 127) (len = data.readUInt32BE(at + 6)), (head = 10)
    out.push(new Uint8Array(data.subarray(at + head, at + head + len)))
    at += head + len
  }
}

async function run(seed: number, replicas: number, steps: number) {
  const rng = prng.create(seed)
  const boardId = `convergence${seed}x${replicas}x${steps}x${++boards}`
  await storage.createBoard(
    { id: boardId, title: 'c', template: 'blank', createdAt: 1, updatedAt: 1, keyHashes: { facilitator: 'a', participant: 'b', viewer: 'c' }, settings: {} },
    Y.encodeStateAsUpdate(new Y.Doc()),
  )
  const outbox = new Outbox(64 * 1024 * 1024)
  const room = new Room(
    boardId,
    '',
    new BoardPolicy(() => ({}), ''),
    storage,
    outbox,
    { persistBatchMs: 5, compactUpdates: 20, compactBytes: 1 << 20 },
    { idle() {}, persistError() {}, persisted() {} },
  )
  await room.ready
  room.doc.clientID = 999
  const peers = Array.from({ length: replicas }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 1000 + i // deterministic ids, so a seed replays exactly
    return { doc, kv: new YKeyValue(recordsOf(doc) as Y.Array<{ key: string; val: unknown }>), link: { up: [], down: [], connected: true } as Link }
  })
  let nextConn = 1

  // y-websocket messages: varuint type (0 sync, 1 awareness), then the sync protocol's message
  const syncMsg = (write: (e: encoding.Encoder) => void) => {
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    write(e)
    return encoding.toUint8Array(e)
  }
  const updateMsg = (u: Uint8Array) => syncMsg((e) => syncProtocol.writeUpdate(e, u))
  const step1 = (doc: Y.Doc) => syncMsg((e) => syncProtocol.writeSyncStep1(e, doc))
  /** Applies a message from the room to a replica; returns the reply (for step 1), if any. */
  const receive = (doc: Y.Doc, m: Msg): Msg | undefined => {
    const d = decoding.createDecoder(m)
    if (decoding.readVarUint(d) !== 0) return undefined // awareness: not part of this test
    const e = encoding.createEncoder()
    encoding.writeVarUint(e, 0)
    syncProtocol.readSyncMessage(d, e, doc, 'net')
    return encoding.length(e) > 1 ? encoding.toUint8Array(e) : undefined
  }

  peers.forEach((p) => {
    p.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'net' && p.link.connected) p.link.up.push(updateMsg(u))
    })
  })

  /** A socket of the in-memory transport: what the room writes lands in the replica's queue. */
  const socketFor = (p: (typeof peers)[number]) => {
    const socket = { destroyed: false, writable: true, writableLength: 0, write: (data: Buffer) => (p.link.connected && unframe(data, p.link.down), true) }
    return { _socket: socket, close() {}, terminate() {} }
  }
  const connect = (p: (typeof peers)[number], i: number) => {
    p.link.connected = true
    const conn = new Connection(socketFor(p) as never, 'participant', nextConn++, outbox, { maxMessagesPerSecond: 1e9 })
    conn.identity = { id: `peer${i}` }
    p.link.conn = conn
    room.join(conn) // the room's step 1 (and awareness) go out at the end of the turn
    outbox.flush()
    p.link.up.push(step1(p.doc))
  }
  const disconnect = (p: (typeof peers)[number]) => {
    p.link.connected = false
    p.link.up = []
    p.link.down = []
    p.link.conn!.closed = true
    room.leave(p.link.conn!)
  }
  const deliver = (idx: number, dir: 'up' | 'down') => {
    const p = peers[idx]!
    const m = p.link[dir].shift()
    if (!m) return
    if (dir === 'up') {
      room.receive(p.link.conn!, m) // a refusal would throw and fail the test: honest replicas are never refused
      outbox.flush() // the turn ends: merged updates and replies go out
    } else {
      const reply = receive(p.doc, m)
      if (reply) p.link.up.push(reply)
    }
  }

  peers.forEach((p, i) => connect(p, i))
  for (let s = 0; s < steps; s++) {
    const idx = prng.int32(rng, 0, replicas - 1)
    const p = peers[idx]!
    const action = prng.int32(rng, 0, 99)
    if (action < 40) {
      const key = `shape:n${prng.int32(rng, 0, 24)}`
      if (prng.int32(rng, 0, 9) === 0) p.kv.delete(key)
      else p.kv.set(key, makeNote({ id: key, x: prng.int32(rng, 0, 2000), y: prng.int32(rng, 0, 2000), text: prng.word(rng, 1, 12), now: s }))
    } else if (action < 90) {
      if (p.link.connected) deliver(idx, prng.bool(rng) ? 'up' : 'down')
    } else if (p.link.connected) {
      disconnect(p)
    } else {
      connect(p, idx)
    }
  }
  // heal: everyone reconnects, then deliver until quiet
  peers.forEach((p, i) => !p.link.connected && connect(p, i))
  for (let guard = 0; guard < 100_000; guard++) {
    const busy = peers.map((p, i) => [i, p] as const).filter(([, p]) => p.link.up.length || p.link.down.length)
    if (!busy.length) break
    const [i, p] = busy[prng.int32(rng, 0, busy.length - 1)]!
    deliver(i, p.link.up.length && (prng.bool(rng) || !p.link.down.length) ? 'up' : 'down')
  }
  await room.flush()
  const stored = new Y.Doc()
  Y.applyUpdate(stored, Y.mergeUpdates((await storage.loadDoc(boardId)).updates))
  room.destroy()
  return { hub: room.doc, peers, stored }
}

const snapshot = (doc: Y.Doc) => JSON.stringify([...readRecords(recordsOf(doc)).entries()].sort(([a], [b]) => a.localeCompare(b)))

describe('seeded convergence', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`seed ${seed}: every replica ends identical to the room, and storage holds the same`, async () => {
      const { hub, peers, stored } = await run(seed, 2 + (seed % 4), 400)
      const expected = snapshot(hub)
      expect(expected).not.toBe('[]')
      for (const p of peers) {
        expect(snapshot(p.doc)).toBe(expected)
        expect(Y.encodeStateVector(p.doc)).toEqual(Y.encodeStateVector(hub))
        // the binding's view (YKeyValue) agrees with the plain reader
        expect(JSON.stringify([...p.kv.map.entries()].map(([k, v]) => [k, v.val]).sort(([a], [b]) => String(a).localeCompare(String(b))))).toBe(expected)
      }
      // what the room wrote to SQLite is the same board
      expect(Y.encodeStateVector(stored)).toEqual(Y.encodeStateVector(hub))
      expect(snapshot(stored)).toBe(expected)
    })
  }

  it('the same seed replays the same history', async () => {
    const a = snapshot((await run(7, 4, 300)).stored)
    const b = snapshot((await run(7, 4, 300)).stored) // a second board, the same schedule
    expect(b).toBe(a)
  })
})
