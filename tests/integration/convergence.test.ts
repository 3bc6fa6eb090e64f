// Deterministic convergence: an in-memory network of replicas around a hub (the server's role),
// speaking the y-websocket sync protocol, driven by a seeded random schedule of edits,
// deliveries (in any order across links, in order within one), disconnects and reconnects.
// Replicas write the way the tldraw binding does (YKeyValue over the board's `records` array).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as prng from 'lib0/prng'
import * as encoding from 'lib0/encoding'
import * as decoding from 'lib0/decoding'
import * as syncProtocol from 'y-protocols/sync'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { makeNote, readRecords, recordsOf } from '@tavla/board'

type Msg = Uint8Array
interface Link {
  up: Msg[] // replica → hub
  down: Msg[] // hub → replica
  connected: boolean
}

function run(seed: number, replicas: number, steps: number) {
  const rng = prng.create(seed)
  const hub = new Y.Doc()
  const peers = Array.from({ length: replicas }, (_, i) => {
    const doc = new Y.Doc()
    doc.clientID = 1000 + i // deterministic ids, so a seed replays exactly
    return { doc, kv: new YKeyValue(recordsOf(doc) as Y.Array<{ key: string; val: unknown }>), link: { up: [], down: [], connected: true } as Link }
  })
  hub.clientID = 999

  const updateMsg = (u: Uint8Array) => {
    const e = encoding.createEncoder()
    syncProtocol.writeUpdate(e, u)
    return encoding.toUint8Array(e)
  }
  const step1 = (doc: Y.Doc) => {
    const e = encoding.createEncoder()
    syncProtocol.writeSyncStep1(e, doc)
    return encoding.toUint8Array(e)
  }
  /** Applies a message to `doc`; returns the reply (for step 1), if any. */
  const receive = (doc: Y.Doc, m: Msg, origin: unknown): Msg | undefined => {
    const e = encoding.createEncoder()
    syncProtocol.readSyncMessage(decoding.createDecoder(m), e, doc, origin)
    return encoding.length(e) ? encoding.toUint8Array(e) : undefined
  }

  peers.forEach((p, i) => {
    p.doc.on('update', (u: Uint8Array, origin: unknown) => {
      if (origin !== 'net' && p.link.connected) p.link.up.push(updateMsg(u))
    })
    hub.on('update', (u: Uint8Array, origin: unknown) => {
      // the hub forwards to everyone but the sender, like the room server
      if (origin !== i && p.link.connected) p.link.down.push(updateMsg(u))
    })
  })

  const connect = (p: (typeof peers)[number]) => {
    p.link.connected = true
    p.link.up.push(step1(p.doc))
    p.link.down.push(step1(hub))
  }
  const deliver = (idx: number, dir: 'up' | 'down') => {
    const p = peers[idx]!
    const m = p.link[dir].shift()
    if (!m) return
    if (dir === 'up') {
      const reply = receive(hub, m, idx)
      if (reply) p.link.down.push(reply)
    } else {
      const reply = receive(p.doc, m, 'net')
      if (reply) p.link.up.push(reply)
    }
  }

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
      p.link.connected = false
      p.link.up = []
      p.link.down = []
    } else {
      connect(p)
    }
  }
  // heal: everyone reconnects, then deliver until quiet
  for (const p of peers) if (!p.link.connected) connect(p)
  for (let guard = 0; guard < 100_000; guard++) {
    const busy = peers.map((p, i) => [i, p] as const).filter(([, p]) => p.link.up.length || p.link.down.length)
    if (!busy.length) break
    const [i, p] = busy[prng.int32(rng, 0, busy.length - 1)]!
    deliver(i, p.link.up.length && (prng.bool(rng) || !p.link.down.length) ? 'up' : 'down')
  }
  return { hub, peers }
}

const snapshot = (doc: Y.Doc) => JSON.stringify([...readRecords(recordsOf(doc)).entries()].sort(([a], [b]) => a.localeCompare(b)))

describe('seeded convergence', () => {
  for (let seed = 1; seed <= 25; seed++) {
    it(`seed ${seed}: every replica ends identical to the hub`, () => {
      const { hub, peers } = run(seed, 2 + (seed % 4), 400)
      const expected = snapshot(hub)
      for (const p of peers) {
        expect(snapshot(p.doc)).toBe(expected)
        expect(Y.encodeStateVector(p.doc)).toEqual(Y.encodeStateVector(hub))
        // the binding's view (YKeyValue) agrees with the plain reader
        expect(JSON.stringify([...p.kv.map.entries()].map(([k, v]) => [k, v.val]).sort(([a], [b]) => String(a).localeCompare(String(b))))).toBe(expected)
      }
    })
  }

  it('the same seed replays the same history', () => {
    expect(snapshot(run(7, 4, 300).hub)).toBe(snapshot(run(7, 4, 300).hub))
  })
})
