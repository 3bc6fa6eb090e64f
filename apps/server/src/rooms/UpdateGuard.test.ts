// The guard against the attacks of issue 12, each first shown to work on a bare Y.Doc (so the
// test means something), then refused by the policy.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeNote } from '@tavla/board'
import type { Connection } from './Connection.ts'
import { BoardPolicy, RefusedUpdateError, ensureRoots, type BoardSettings } from './policy.ts'
import { CloseCode } from './protocol.ts'
import { craftUpdate, type CraftGroup } from './testing/craftUpdate.ts'
import { inspectUpdate, UnsoundUpdateError } from './UpdateGuard.ts'

let nextConn = 1
const conn = (role: Connection['role'] = 'participant', identity?: string) =>
  ({ role, id: nextConn++, identity: identity ? { id: identity } : undefined }) as Connection

const note = (id: string, text = 'x') => ({ key: id, val: makeNote({ id, x: 0, y: 0, text, now: 1 }) })

/** A board as the server holds it: written by the server's own client, with protected state. */
function board() {
  const doc = new Y.Doc()
  ensureRoots(doc, '')
  doc.getArray('records').push([note('shape:n1')])
  doc.getMap('meta').set('schema', { schemaVersion: 2, sequences: {} })
  doc.getMap('facilitation').set('timer', { status: 'stopped' })
  return doc
}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const itemOf = (type: Y.AbstractType<any>, key?: string): Y.Item => (key ? type._map.get(key)! : type._start!)
const ids = (i: Y.Item) => [i.id.client, i.id.clock] as const

/** What Yjs itself does with the update on a copy of `doc` (the attack is real). */
function applied(doc: Y.Doc, update: Uint8Array) {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  Y.applyUpdate(copy, update)
  return copy
}

function refusal(doc: Y.Doc, update: Uint8Array, c = conn(), settings: BoardSettings = {}, part = ''): number | undefined {
  try {
    new BoardPolicy(() => settings, part).check(doc, update, c)
    return undefined
  } catch (err) {
    if (err instanceof RefusedUpdateError) return err.code
    throw err
  }
}

describe('UpdateGuard [W14]: an update is judged by what it does to the server’s document', () => {
  it('[W14] fake neighbour: a copy of a known item claiming "records" does not hide that the new item lands in meta', () => {
    const doc = board()
    const schema = itemOf(doc.getMap('meta'), 'schema')
    const attacker = 777
    const update = craftUpdate([
      { client: schema.id.client, clock: schema.id.clock, structs: [{ item: { any: [note('shape:fake')] }, parent: 'records' }] },
      { client: attacker, clock: 0, structs: [{ item: { any: [{ schemaVersion: 99 }] }, origin: ids(schema) }] },
    ])
    expect(applied(doc, update).getMap('meta').get('schema')).toEqual({ schemaVersion: 99 })
    expect(inspectUpdate(doc, update).inserts.map((t) => `${t.root}.${t.key}`)).toEqual(['meta.schema'])
    expect(refusal(doc, update)).toBe(CloseCode.Forbidden)
  })

  it('[W14] overlapping clock range: the unknown tail must continue the server’s item before it', () => {
    const doc = board()
    const timer = itemOf(doc.getMap('facilitation'), 'timer')
    const client = timer.id.client
    const clock = Y.getState(doc.store, client) - 1
    const update = craftUpdate([{ client, clock, structs: [{ item: { any: ['x', { status: 'running', forged: true }] }, parent: 'records' }] }])
    expect(() => inspectUpdate(doc, update)).toThrow(UnsoundUpdateError)
    expect(refusal(doc, update)).toBe(CloseCode.Refused)
  })

  it('[W14] an honest overlap (a resent run of the sender’s own items) passes', () => {
    const doc = board()
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
    const before = Y.encodeStateVector(client)
    client.getArray('records').push([note('shape:a'), note('shape:b')])
    const full = Y.encodeStateAsUpdate(client, before)
    // the server got the first item already, then the whole run again
    const half = new Y.Doc()
    Y.applyUpdate(half, Y.encodeStateAsUpdate(doc))
    const own = client.clientID
    Y.applyUpdate(half, craftUpdate([{ client: own, clock: 0, structs: [{ item: { any: [note('shape:a')] }, origin: ids(itemOf(doc.getArray('records'))) }] }]))
    const seen = inspectUpdate(half, full)
    expect(seen.inserts).toHaveLength(1)
    expect(seen.inserts[0]!.values).toEqual([note('shape:b')])
  })

  it('[W14] content types: only plain JSON and deleted content may be written', () => {
    const doc = board()
    const c = 555
    for (const item of [
      { embed: null },
      { string: 'hi' },
      { binary: new Uint8Array([1]) },
      { format: ['bold', true] as [string, unknown] },
      { type: 1 },
      { doc: 'sub' },
    ]) {
      expect(refusal(doc, craftUpdate([{ client: c, clock: 0, structs: [{ item, parent: 'records' }] }]))).toBe(CloseCode.BadMessage)
    }
    expect(refusal(doc, craftUpdate([{ client: c, clock: 0, structs: [{ item: { any: [null] }, parent: 'records' }] }]))).toBe(CloseCode.BadMessage)
    expect(refusal(doc, craftUpdate([{ client: c, clock: 0, structs: [{ item: { deleted: 3 }, parent: 'records' }] }]))).toBeUndefined()
    expect(refusal(doc, craftUpdate([{ client: c, clock: 0, structs: [{ item: { json: [note('shape:j')] }, parent: 'records' }] }]))).toBeUndefined()
  })

  it('[W14] deleted content in a protected root is an insert there (it would delete the value before it)', () => {
    const doc = board()
    const schema = itemOf(doc.getMap('meta'), 'schema')
    const update = craftUpdate([{ client: 4, clock: 0, structs: [{ item: { deleted: 1 }, origin: ids(schema) }] }])
    expect(applied(doc, update).getMap('meta').get('schema')).toBeUndefined()
    expect(refusal(doc, update)).toBe(CloseCode.Forbidden)
  })

  it('[W14] delete ranges beyond what the server has are refused (they would stay pending)', () => {
    const doc = board()
    const server = doc.clientID
    const state = Y.getState(doc.store, server)
    const update = craftUpdate([], [[server, state, 10]])
    const copy = applied(doc, update)
    expect(copy.store.pendingDs).not.toBeNull()
    expect(refusal(doc, update)).toBe(CloseCode.Refused)
    // within the doc: seen as deletes of the roots they hit
    expect(
      inspectUpdate(doc, craftUpdate([], [[server, 0, state]]))
        .deletes.map((d) => d.root)
        .sort(),
    ).toEqual(['facilitation', 'meta', 'records'])
    expect(refusal(doc, craftUpdate([], [[server, 0, state]]))).toBe(CloseCode.Forbidden)
  })

  it('[W14] an update may wait only for its own sender’s changes, never for the server’s next clocks', () => {
    const doc = board()
    const policy = new BoardPolicy(() => ({}), '')
    policy.reserve(doc.clientID)
    const waits = (update: Uint8Array, c: Connection) => {
      try {
        policy.check(doc, update, c)
        return 'accepted'
      } catch (err) {
        return err instanceof RefusedUpdateError ? (err.waiting ? 'waits' : `refused ${err.code}`) : 'threw'
      }
    }
    const anna = conn('participant', 'anna')
    const server = doc.clientID
    expect(waits(craftUpdate([], [[server, Y.getState(doc.store, server), 5]]), anna)).toBe(`refused ${CloseCode.Refused}`)
    // Anna's own next clocks (her reconnect sync is on the way): it waits, and the id is hers
    expect(waits(craftUpdate([{ client: 8080, clock: 2, structs: [{ item: { any: [note('shape:later')] }, parent: 'records' }] }]), anna)).toBe('waits')
    expect(waits(craftUpdate([], [[8080, 0, 2]]), conn('participant', 'bo'))).toBe(`refused ${CloseCode.Refused}`)
  })

  it('[W14] GC and Skip structs over clocks the server does not have are refused', () => {
    const doc = board()
    const victim = new Y.Doc()
    Y.applyUpdate(victim, Y.encodeStateAsUpdate(doc))
    victim.getArray('records').push([note('shape:v1')])
    Y.applyUpdate(doc, Y.encodeStateAsUpdate(victim, Y.encodeStateVector(doc)))
    const at = Y.getState(doc.store, victim.clientID)
    expect(refusal(doc, craftUpdate([{ client: victim.clientID, clock: at, structs: [{ gc: 2 }] }]))).toBe(CloseCode.Refused)
    expect(refusal(doc, craftUpdate([{ client: 9, clock: 0, structs: [{ skip: 2 }, { item: { any: [note('shape:s')] } }] }]))).toBe(CloseCode.Refused)
  })

  it('[W14] references to what the server does not have are refused, never left pending', () => {
    const doc = board()
    const update = craftUpdate([{ client: 12, clock: 0, structs: [{ item: { any: [note('shape:p')] }, origin: [99, 5] }] }])
    expect(applied(doc, update).store.pendingStructs).not.toBeNull()
    expect(refusal(doc, update)).toBe(CloseCode.Refused)
    // a struct that starts past the server's state for its client
    expect(refusal(doc, craftUpdate([{ client: 12, clock: 3, structs: [{ item: { any: [note('shape:q')] } }] }]))).toBe(CloseCode.Refused)
    // a struct that refers to its own future
    expect(
      refusal(
        doc,
        craftUpdate([{ client: 12, clock: 0, structs: [{ item: { any: [note('shape:r')] }, origin: [12, 1] }, { item: { any: [note('shape:s')] } }] }]),
      ),
    ).toBe(CloseCode.Refused)
  })

  it('[W14] a chain of 40,000 items resolves in one pass to its root', () => {
    const doc = board()
    const c = 321
    const structs: CraftGroup['structs'] = [{ item: { any: [1] }, parent: 'facilitation', sub: 'x' }]
    for (let i = 1; i < 40_000; i++) structs.push({ item: { any: [i] }, origin: [c, i - 1] })
    const seen = inspectUpdate(doc, craftUpdate([{ client: c, clock: 0, structs }]))
    expect(seen.inserts).toHaveLength(40_000)
    expect(new Set(seen.inserts.map((t) => `${t.root}.${t.key}`))).toEqual(new Set(['facilitation.x']))
  })

  it('[W14] chains across clients in a cycle are refused; an acyclic cross-client chain resolves', () => {
    const doc = board()
    const cyc = craftUpdate([
      { client: 1, clock: 0, structs: [{ item: { any: [note('shape:c1')] }, origin: [2, 0] }] },
      { client: 2, clock: 0, structs: [{ item: { any: [note('shape:c2')] }, origin: [1, 0] }] },
    ])
    expect(refusal(doc, cyc)).toBe(CloseCode.Refused)
    const meta = itemOf(doc.getMap('meta'), 'schema')
    const chain = craftUpdate([
      { client: 1, clock: 0, structs: [{ item: { any: [note('shape:c1')] }, origin: [2, 0] }] },
      { client: 2, clock: 0, structs: [{ item: { any: ['x'] }, origin: ids(meta) }] },
    ])
    expect(inspectUpdate(doc, chain).inserts.map((t) => t.root)).toEqual(['meta', 'meta'])
  })

  it('[W14] an unknown root name is refused (Yjs would create it)', () => {
    expect(refusal(board(), craftUpdate([{ client: 5, clock: 0, structs: [{ item: { any: [1] }, parent: 'evil', sub: 'k' }] }]), conn('facilitator'))).toBe(
      CloseCode.Forbidden,
    )
  })

  it('[W14] nobody writes under the server’s client id, nor under a client id another identity owns', () => {
    const doc = board()
    const policy = new BoardPolicy(() => ({}), '')
    policy.reserve(doc.clientID)
    const at = Y.getState(doc.store, doc.clientID)
    const last = doc.store.clients.get(doc.clientID)!.at(-1) as Y.Item
    const asServer = craftUpdate([{ client: doc.clientID, clock: at, structs: [{ item: { any: [note('shape:z')] }, parent: 'records' }] }])
    expect(() => policy.check(doc, asServer, conn('facilitator'))).toThrow(/client id/)
    expect(last).toBeDefined()
    const anna = conn('participant', 'anna')
    const own = craftUpdate([{ client: 4242, clock: 0, structs: [{ item: { any: [note('shape:a1')] }, parent: 'records' }] }])
    policy.check(doc, own, anna)
    Y.applyUpdate(doc, own)
    const next = craftUpdate([{ client: 4242, clock: 1, structs: [{ item: { any: [note('shape:a2')] }, parent: 'records' }] }])
    expect(() => policy.check(doc, next, conn('participant', 'bo'))).toThrow(/client id/)
    // Anna again, on a new connection after a reconnect
    expect(() => policy.check(doc, next, conn('participant', 'anna'))).not.toThrow()
  })

  it('[W9] records keyed like a template-layer record are refused', () => {
    const doc = board()
    doc.getArray('background').push([{ ...note('shape:frame1'), val: { ...note('shape:frame1').val } }])
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
    const sv = Y.encodeStateVector(client)
    client.getArray('records').push([note('shape:frame1', 'moved')])
    expect(refusal(doc, Y.encodeStateAsUpdate(client, sv))).toBe(CloseCode.BadMessage)
  })

  it('[W14] a locked board refuses every change, with 4423, and lets a no-op sync through', () => {
    const doc = board()
    const client = new Y.Doc()
    Y.applyUpdate(client, Y.encodeStateAsUpdate(doc))
    const sv = Y.encodeStateVector(client)
    client.getArray('records').push([note('shape:l')])
    expect(refusal(doc, Y.encodeStateAsUpdate(client, sv), conn('facilitator'), { locked: true })).toBe(CloseCode.Locked)
    expect(refusal(doc, Y.encodeStateAsUpdate(doc), conn(), { locked: true })).toBeUndefined()
  })

  it('garbage is refused as not a Yjs update', () => {
    expect(refusal(board(), new Uint8Array([1, 2, 3, 250, 250, 250]))).toBe(CloseCode.BadMessage)
  })
})
