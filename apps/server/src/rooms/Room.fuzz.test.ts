// [W14] Seeded fuzzing of the real Room (policy, guard, audit, persistence) with hand-made
// updates from a participant and a viewer, through an in-memory transport. Ids, clocks and
// neighbours are drawn from the server's document and from the update itself, so most updates
// are not refused merely for naming unknown ids. After every update: the protected state is
// unchanged, nothing is pending in the server's doc, the guard never needed its audit, every
// record is one tldraw's schema accepts; at the end, storage holds exactly the accepted state.
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { backgroundOf, facilitationOf, makeNote, metaOf, parseReactionKey, reactionsOf, readRecords, recordProblem, recordsOf } from '@tavla/board'
import { SqliteStorage } from '@tavla/storage'
import { bindStore } from '@tavla/tldraw-yjs'
import { createTLStore, defaultBindingUtils, defaultShapeUtils } from 'tldraw'
import { Connection, type Role } from './Connection.ts'
import { Outbox } from './Outbox.ts'
import { BoardPolicy, RefusedUpdateError } from './policy.ts'
import { GuardFaultError, Room, type UpdatePolicy } from './Room.ts'
import { craftUpdate, lengthOf, type CraftContent, type CraftGroup, type CraftStruct, type Id } from './testing/craftUpdate.ts'

function mulberry32(seed: number) {
  return () => {
    seed |= 0
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const dir = mkdtempSync(join(tmpdir(), 'tavla-fuzz-'))
const storage = new SqliteStorage(join(dir, 'tavla.db'))
afterAll(() => storage.close())

/** A websocket that goes nowhere: the transport of these tests. */
function memorySocket() {
  const sock = { destroyed: false, writable: true, writableLength: 0, bytes: 0, write: (d: Buffer) => ((sock.bytes += d.byteLength), true) }
  const ws = {
    closedWith: 0,
    _socket: sock,
    close(code: number) {
      ws.closedWith = code
    },
    terminate() {},
  }
  return ws
}

const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const documentRecord = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
const frame = { ...makeNote({ id: 'bg1', x: 0, y: 0, text: 'mall', now: 1 }), isLocked: true, meta: { layer: 'background' } }

async function openBoard(id: string, policy: UpdatePolicy = new BoardPolicy(() => ({}), ''), maxBoardBytes = 8 << 20) {
  const seed = new Y.Doc()
  seed.transact(() => {
    metaOf(seed).set('schema', { schemaVersion: 2, sequences: { 'com.tldraw.shape.note': 9 } })
    metaOf(seed).set('title', 'Fuzz')
    metaOf(seed).set('zones', [])
    for (const r of [documentRecord, page, frame]) backgroundOf(seed).push([{ key: r.id, val: r }])
    facilitationOf(seed).set('timer', { status: 'stopped', durationMs: 0 })
    facilitationOf(seed).set('vote', { id: 'v1', status: 'closed', dots: 3 })
  })
  for (let i = 0; i < 5; i++) recordsOf(seed).push([{ key: `shape:n${i}`, val: makeNote({ id: `n${i}`, x: i * 220, y: 0, text: `lapp ${i}`, now: 1 }) }])
  reactionsOf(seed).set('shape:n1|👍|abcdefgh12345678', true)
  await storage.createBoard(
    { id, title: 'Fuzz', template: 'blank', createdAt: 1, updatedAt: 1, keyHashes: { facilitator: 'a', participant: 'b', viewer: 'c' }, settings: {} },
    Y.encodeStateAsUpdate(seed),
  )
  const outbox = new Outbox(16 * 1024 * 1024)
  const faults: string[] = []
  const room = new Room(
    id,
    '',
    policy,
    storage,
    outbox,
    { persistBatchMs: 1, compactUpdates: 50, compactBytes: 1 << 20, maxBoardBytes },
    { idle() {}, persistError() {}, persisted() {}, fault: (_r, reason) => faults.push(reason) },
  )
  await room.ready
  let nextId = 1
  const connect = (role: Role) => {
    const c = new Connection(memorySocket() as never, role, nextId++, outbox, { maxMessagesPerSecond: 1e9 })
    room.join(c)
    return c
  }
  return { room, faults, connect, outbox }
}

const protectedState = (doc: Y.Doc) => JSON.stringify({ meta: metaOf(doc).toJSON(), bg: [...readRecords(backgroundOf(doc))], f: facilitationOf(doc).toJSON() })

function syncUpdate(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/** Everything the server's doc holds that a crafted update may point at. */
function idsOf(doc: Y.Doc): Id[] {
  const out: Id[] = []
  for (const [client, structs] of doc.store.clients) for (const s of structs) out.push([client, s.id.clock], [client, s.id.clock + s.length - 1])
  return out
}

const ROOTS = ['records', 'reactions', 'meta', 'background', 'facilitation', 'votes', 'authors', 'evil']
const SUBS = [undefined, 'schema', 'timer', 'vote', 'results', 'locked', 'shape:n1|👍|abcdefgh12345678', 'shape:n2|🍕|x']

function randomUpdate(rand: () => number, doc: Y.Doc): Uint8Array {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)]!
  const known = idsOf(doc)
  const clients = [...doc.store.clients.keys()]
  const groups: CraftGroup[] = []
  const inUpdate: Id[] = []
  const nGroups = 1 + Math.floor(rand() * 3)
  for (let g = 0; g < nGroups; g++) {
    const r = rand()
    const client = r < 0.55 ? 1_000_000 + Math.floor(rand() * 1000) : pick(clients)
    const state = Y.getState(doc.store, client)
    const clock =
      r < 0.55 ? (rand() < 0.9 ? 0 : Math.floor(rand() * 3)) : pick([state, state, Math.max(0, state - 1), Math.floor(rand() * (state + 1)), state + 1])
    const structs: CraftStruct[] = []
    const n = rand() < 0.05 ? 200 : 1 + Math.floor(rand() * 4)
    let at = clock
    for (let i = 0; i < n; i++) {
      const k = rand()
      let s: CraftStruct
      if (k < 0.04) s = { gc: 1 + Math.floor(rand() * 3) }
      else if (k < 0.07) s = { skip: 1 + Math.floor(rand() * 3) }
      else {
        const c = rand()
        const content: CraftContent =
          c < 0.5
            ? { any: [{ key: `shape:f${Math.floor(rand() * 50)}`, val: makeNote({ id: `f${Math.floor(rand() * 50)}`, x: 0, y: 0, text: 'fuzz', now: 2 }) }] }
            : c < 0.6
              ? { any: [pick([null, true, 1, 'x', { key: 'shape:n1' }, { key: 'shape:bg1', val: frame }, { schemaVersion: 99 }])] }
              : c < 0.68
                ? { json: [{ key: 'shape:j', val: makeNote({ id: 'j', x: 0, y: 0, now: 3 }) }] }
                : c < 0.8
                  ? { deleted: 1 + Math.floor(rand() * 3) }
                  : pick<CraftContent>([
                      { string: 'hej' },
                      { embed: null },
                      { format: ['bold', true] },
                      { type: Math.floor(rand() * 7) },
                      { binary: new Uint8Array([1, 2]) },
                      { doc: 'g' },
                    ])
        const refs = (): Id | undefined => {
          const q = rand()
          if (q < 0.35) return undefined
          if (q < 0.8 && known.length) return pick(known)
          if (inUpdate.length) return pick(inUpdate)
          return [pick(clients), Math.floor(rand() * 20)]
        }
        const origin = i > 0 && n > 10 ? ([client, at - 1] as Id) : refs()
        const right = rand() < 0.3 ? refs() : undefined
        const explicit = rand() < 0.8 ? pick(ROOTS) : pick(known.length ? known : [[0, 0] as Id])
        s = { item: content, origin, right, parent: explicit, sub: pick(SUBS) }
      }
      structs.push(s)
      inUpdate.push([client, at])
      at += lengthOf(s)
    }
    groups.push({ client, clock, structs })
  }
  const deletes: [number, number, number][] = []
  const nd = rand() < 0.5 ? 0 : 1 + Math.floor(rand() * 2)
  for (let i = 0; i < nd; i++) {
    const [client, clock] = rand() < 0.7 && known.length ? pick(known) : (pick(inUpdate.length ? inUpdate : known) ?? [1, 0])
    deletes.push([client, clock + (rand() < 0.2 ? 5 : 0), 1 + Math.floor(rand() * 4)])
  }
  return craftUpdate(groups, deletes)
}

describe('[W14] fuzz: crafted updates against the real room', () => {
  // FUZZ_SEEDS=500 explores further (each failing seed is kept below as a named regression)
  const seeds = process.env.FUZZ_SEED
    ? [Number(process.env.FUZZ_SEED)]
    : process.env.FUZZ_SEEDS
      ? Array.from({ length: Number(process.env.FUZZ_SEEDS) }, (_, i) => 1000 + i)
      : [1, 2, 3, 4, 5, 6, 7, 8]
  for (const seed of seeds) {
    it(`[W14] seed ${seed}: 400 crafted updates from a participant and a viewer leave protected state, pending state and storage sound`, async () => {
      const { room, faults, connect, outbox } = await openBoard(`fuzzboard${seed}xxxxxxxx`)
      const rand = mulberry32(seed)
      const before = protectedState(room.doc)
      const honest = connect('participant')
      let accepted = 0
      let refused = 0
      for (let i = 0; i < 400; i++) {
        const role: Role = rand() < 0.85 ? 'participant' : 'viewer'
        const conn = connect(role)
        const update = randomUpdate(rand, room.doc)
        const prevState = Y.encodeStateAsUpdate(room.doc)
        try {
          room.receive(conn, syncUpdate(update))
          accepted++
        } catch (err) {
          if (err instanceof GuardFaultError)
            writeFileSync(
              '/tmp/fault.json',
              JSON.stringify({ before: Buffer.from(prevState).toString('base64'), update: Buffer.from(update).toString('base64') }),
            ),
              console.log(
                'FAULT',
                i,
                JSON.stringify([...room.doc.store.clients].map(([c, ss]) => [c, ss.map((x) => [x.id.clock, x.length, x.constructor.name])])),
                room.doc.store.pendingStructs && JSON.stringify([...room.doc.store.pendingStructs.missing]),
                Buffer.from(update).toString('base64'),
                JSON.stringify(Y.decodeUpdate(update), (_k, v) => (v instanceof Map ? [...v] : typeof v === 'bigint' ? String(v) : v)).slice(0, 3000),
              )
          if (!(err instanceof RefusedUpdateError)) throw err
          refused++
        }
        room.leave(conn)
        // an honest participant keeps writing in between
        if (i % 20 === 0) {
          const replica = new Y.Doc()
          Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc))
          const sv = Y.encodeStateVector(replica)
          replica.clientID = honest.id + 500_000
          recordsOf(replica).push([{ key: `shape:h${i}`, val: makeNote({ id: `h${i}`, x: 0, y: 300, text: `ärlig ${i}`, now: 4 }) }])
          room.receive(honest, syncUpdate(Y.encodeStateAsUpdate(replica, sv)))
          expect(readRecords(recordsOf(room.doc)).has(`shape:h${i}`), 'an honest note gets in').toBe(true)
        }
        expect(protectedState(room.doc), `update ${i}`).toBe(before)
        expect(room.doc.store.pendingStructs, `update ${i} left structs pending`).toBeNull()
        expect(room.doc.store.pendingDs, `update ${i} left deletes pending`).toBeNull()
        expect(faults, `update ${i}: the audit caught what the guard let through`).toEqual([])
      }
      outbox.flush()
      // every record is one tldraw accepts, every reaction well-formed
      for (const [key, rec] of readRecords(recordsOf(room.doc))) expect(recordProblem(rec), key).toBeUndefined()
      for (const key of reactionsOf(room.doc).keys()) expect(parseReactionKey(key), key).toBeTruthy()
      expect(accepted).toBeGreaterThan(20)
      expect(refused).toBeGreaterThan(100)
      // storage holds exactly what was accepted
      await room.flush()
      const stored = await storage.loadDoc(room.boardId)
      const reloaded = new Y.Doc()
      Y.applyUpdate(reloaded, Y.mergeUpdates(stored.updates))
      expect(Y.encodeStateVector(reloaded)).toEqual(Y.encodeStateVector(room.doc))
      expect(JSON.stringify([...readRecords(recordsOf(reloaded))].sort())).toBe(JSON.stringify([...readRecords(recordsOf(room.doc))].sort()))
      expect(protectedState(reloaded)).toBe(before)
      // the board loads into a tldraw store as a page would, every note there and no placeholder needed
      const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
      const problems: string[] = []
      const binding = bindStore(store, reloaded, { writable: () => false, canWriteBackground: () => false, onInvalid: (id, p) => problems.push(`${id}: ${p}`) })
      expect(problems).toEqual([])
      const notes = [...readRecords(recordsOf(reloaded)).keys()].filter((k) => k.startsWith('shape:'))
      for (const id of notes) expect(store.get(id as never), id).toBeDefined()
      binding.destroy()
      room.destroy()
    })
  }

  it('[W14] an update that needs what the sender has not sent yet waits for it, outside the doc, and goes in after it', async () => {
    const { room, connect } = await openBoard('fuzzboardwaitingxxxxx')
    const c = connect('participant')
    const page = new Y.Doc()
    Y.applyUpdate(page, Y.encodeStateAsUpdate(room.doc))
    const sv = Y.encodeStateVector(page)
    recordsOf(page).push([{ key: 'shape:offline', val: makeNote({ id: 'offline', x: 0, y: 0, text: 'offline', now: 5 }) }])
    const offline = Y.encodeStateAsUpdate(page, sv)
    const sv2 = Y.encodeStateVector(page)
    recordsOf(page).push([{ key: 'shape:after', val: makeNote({ id: 'after', x: 0, y: 0, text: 'efter', now: 6 }) }])
    const after = Y.encodeStateAsUpdate(page, sv2)
    room.receive(c, syncUpdate(after)) // typed while the reconnect sync is on its way
    expect(room.doc.store.pendingStructs).toBeNull()
    expect(readRecords(recordsOf(room.doc)).has('shape:after')).toBe(false)
    room.receive(c, syncUpdate(offline))
    expect([...readRecords(recordsOf(room.doc)).keys()]).toEqual(expect.arrayContaining(['shape:offline', 'shape:after']))
    expect(room.doc.store.pendingStructs).toBeNull()
    // a connection that leaves takes what still waits with it
    const d = connect('participant')
    const other = new Y.Doc()
    Y.applyUpdate(other, Y.encodeStateAsUpdate(room.doc))
    const svo = Y.encodeStateVector(other)
    recordsOf(other).push([{ key: 'shape:x1', val: makeNote({ id: 'x1', x: 0, y: 0, now: 7 }) }])
    const x1 = Y.encodeStateAsUpdate(other, svo)
    const svo2 = Y.encodeStateVector(other)
    recordsOf(other).push([{ key: 'shape:x2', val: makeNote({ id: 'x2', x: 0, y: 0, now: 8 }) }])
    room.receive(d, syncUpdate(Y.encodeStateAsUpdate(other, svo2)))
    room.leave(d)
    room.receive(c, syncUpdate(x1))
    expect(readRecords(recordsOf(room.doc)).has('shape:x1')).toBe(true)
    expect(readRecords(recordsOf(room.doc)).has('shape:x2')).toBe(false)
    room.destroy()
  })

  it('[L12] a board at MAX_BOARD_BYTES refuses what would add to it (4413), and deleting still works', async () => {
    const { room, connect } = await openBoard('fuzzboardfullxxxxxxxx', undefined, 64 * 1024)
    const c = connect('participant')
    const page = new Y.Doc()
    Y.applyUpdate(page, Y.encodeStateAsUpdate(room.doc))
    let refusedWith = 0
    for (let i = 0; i < 400 && !refusedWith; i++) {
      const sv = Y.encodeStateVector(page)
      recordsOf(page).push([{ key: `shape:full${i}`, val: makeNote({ id: `full${i}`, x: 0, y: 0, text: `lapp ${i} med lite text`, now: i }) }])
      try {
        room.receive(c, syncUpdate(Y.encodeStateAsUpdate(page, sv)))
      } catch (err) {
        if (!(err instanceof RefusedUpdateError)) throw err
        refusedWith = err.code
        expect(err.message).toMatch(/the board is full/)
      }
    }
    expect(refusedWith).toBe(4413)
    const size = Y.encodeStateAsUpdate(room.doc).byteLength
    expect(size).toBeLessThanOrEqual(64 * 1024)
    // a page that deletes on a full board is heard (another connection: the refused one recovers anew)
    const d = connect('participant')
    const cleaner = new Y.Doc()
    Y.applyUpdate(cleaner, Y.encodeStateAsUpdate(room.doc))
    const sv = Y.encodeStateVector(cleaner)
    const n = recordsOf(cleaner).length
    recordsOf(cleaner).delete(0, Math.min(10, n))
    room.receive(d, syncUpdate(Y.encodeStateAsUpdate(cleaner, sv)))
    expect(recordsOf(room.doc).length).toBe(n - Math.min(10, n))
    room.destroy()
  })

  it('[W14] the audit stands behind the guard: a mismatch reloads the room and nothing of it is stored or relayed', async () => {
    // a policy fooled into allowing everything: the audit (what Yjs itself did) still catches it
    const real = new BoardPolicy(() => ({}), '')
    const fooled: UpdatePolicy = {
      reserve() {},
      release() {},
      check: () => ({ inserts: [], deletes: [], clients: new Map(), changes: false }),
      audit: (...a) => real.audit(...a),
    }
    const { room, faults, connect } = await openBoard('fuzzboardauditxxxxxx', fooled)
    const c = connect('participant')
    const replica = new Y.Doc()
    Y.applyUpdate(replica, Y.encodeStateAsUpdate(room.doc))
    const sv = Y.encodeStateVector(replica)
    facilitationOf(replica).set('timer', { status: 'running', forged: true })
    expect(() => room.receive(c, syncUpdate(Y.encodeStateAsUpdate(replica, sv)))).toThrow(GuardFaultError)
    expect(faults).toHaveLength(1)
    await room.flush()
    const stored = await storage.loadDoc(room.boardId)
    const reloaded = new Y.Doc()
    Y.applyUpdate(reloaded, Y.mergeUpdates(stored.updates))
    expect(facilitationOf(reloaded).get('timer')).toEqual({ status: 'stopped', durationMs: 0 })
    room.destroy()
  })
})
