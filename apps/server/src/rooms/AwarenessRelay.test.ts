import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { AwarenessRelay } from './AwarenessRelay.ts'
import { LimitError } from './limits.ts'

const person = (name: string) => {
  const a = new Awareness(new Y.Doc())
  a.setLocalState({ user: { name } })
  return { a, update: () => encodeAwarenessUpdate(a, [a.clientID]) }
}

describe('[W4] awareness relay', () => {
  it('a new state is news; the same state again (an echo from another client) is not', () => {
    const relay = new AwarenessRelay<string>()
    const anna = person('Anna')
    const first = anna.update()
    expect(relay.apply(first, 'anna')).toBe(true)
    expect(relay.apply(first, 'bo')).toBe(false)
    anna.a.setLocalState({ user: { name: 'Anna, FK' } })
    expect(relay.apply(anna.update(), 'anna')).toBe(true)
    expect(relay.apply(first, 'bo')).toBe(false) // an older state arriving late
    expect(relay.size).toBe(1)
  })

  it('after a connection leaves, a late echo of its state does not bring the person back', () => {
    const relay = new AwarenessRelay<string>()
    const anna = person('Anna')
    const last = anna.update()
    relay.apply(last, 'anna')
    expect(relay.removeOwner('anna')).toBeDefined()
    expect(relay.apply(last, 'bo')).toBe(false)
    expect(relay.size).toBe(0)
    expect(relay.encodeAll()).toBeUndefined()
  })

  it('junk is refused whole, echo or not', () => {
    const relay = new AwarenessRelay<string>()
    expect(() => relay.apply(new Uint8Array([1, 7, 1, 9, ...new TextEncoder().encode('{not json')]), 'x')).toThrow()
    expect(() => relay.apply(new Uint8Array([1, 7, 1, 2, ...new TextEncoder().encode('[]')]), 'x')).toThrow()
    expect(relay.size).toBe(0)
  })
})

/** An awareness update of given states, as a raw client could write it. */
const raw = (...states: [id: number, clock: number, json: string][]) => {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, states.length)
  for (const [id, clock, json] of states) {
    encoding.writeVarUint(e, id)
    encoding.writeVarUint(e, clock)
    encoding.writeVarString(e, json)
  }
  return encoding.toUint8Array(e)
}
const limits = { maxStateBytes: 1024, maxClients: 2 }
const names = (relay: AwarenessRelay<string>) => {
  const all = relay.encodeAll()
  if (!all) return {}
  const d = decoding.createDecoder(all)
  const out: Record<number, string> = {}
  for (let n = decoding.readVarUint(d); n > 0; n--) {
    const id = decoding.readVarUint(d)
    decoding.readVarUint(d)
    out[id] = (JSON.parse(decoding.readVarString(d)) as { name: string }).name
  }
  return out
}

describe('[L1]–[L3] awareness limits and ownership', () => {
  it('[L1] a state larger than maxStateBytes is refused (LimitError 4413), nothing recorded', () => {
    const relay = new AwarenessRelay<string>()
    const big = raw([1, 1, JSON.stringify({ name: 'x'.repeat(2000) })])
    expect(() => relay.accept(big, 'a', limits)).toThrow(LimitError)
    try {
      relay.accept(big, 'a', limits)
    } catch (err) {
      expect((err as LimitError).code).toBe(4413)
    }
    expect(relay.size).toBe(0)
  })

  it('[L2] one owner may announce at most maxClients ids; its own updates to them go on', () => {
    const relay = new AwarenessRelay<string>()
    expect(relay.accept(raw([1, 1, '{"name":"a"}'], [2, 1, '{"name":"b"}']), 'a', limits)).toBeDefined()
    expect(() => relay.accept(raw([3, 1, '{"name":"c"}']), 'a', limits)).toThrow(/at most 2/)
    expect(relay.accept(raw([1, 2, '{"name":"a2"}']), 'a', limits)).toBeDefined()
    expect(relay.accept(raw([3, 1, '{"name":"c"}']), 'b', limits)).toBeDefined() // another owner's own quota
    expect(relay.size).toBe(3)
  })

  it('[L3] a state for an id another owner holds is dropped, even at clock 2^53−1; the owner still wins', () => {
    const relay = new AwarenessRelay<string>()
    relay.accept(raw([7, 1, '{"name":"Anna"}']), 'anna', limits)
    const forged = raw([7, Number.MAX_SAFE_INTEGER, '{"name":"Mallory"}'])
    expect(relay.accept(forged, 'mallory', limits)).toBeUndefined()
    expect(names(relay)).toEqual({ 7: 'Anna' })
    expect(relay.accept(raw([7, 2, '{"name":"Anna FK"}']), 'anna', limits)).toBeDefined()
    expect(names(relay)).toEqual({ 7: 'Anna FK' })
    // a mix: only the sender's own news goes out, re-encoded without the forged part
    const mixed = raw([7, Number.MAX_SAFE_INTEGER, '{"name":"Mallory"}'], [9, 1, '{"name":"Mallory"}'])
    const out = relay.accept(mixed, 'mallory', limits)!
    expect(out).not.toBe(mixed)
    const d = decoding.createDecoder(out)
    expect(decoding.readVarUint(d)).toBe(1)
    expect(decoding.readVarUint(d)).toBe(9)
    expect(names(relay)).toEqual({ 7: 'Anna FK', 9: 'Mallory' })
  })

  it('[L3] after the owner left, the id is free at a newer clock only; tombstones stay bounded', () => {
    const relay = new AwarenessRelay<string>({ maxTombstones: 3 })
    relay.accept(raw([7, 5, '{"name":"Anna"}']), 'anna', limits)
    relay.removeOwner('anna')
    expect(relay.accept(raw([7, 5, '{"name":"Anna"}']), 'bo', limits)).toBeUndefined() // late echo: no ghost
    expect(relay.tombstones).toBe(1)
    for (let id = 100; id < 110; id++) {
      relay.accept(raw([id, 1, '{"name":"x"}']), `p${id}`, limits)
      relay.removeOwner(`p${id}`)
    }
    expect(relay.tombstones).toBe(3)
    expect(relay.size).toBe(0)
  })

  it('[L3] a removal gives the id up: the next connection of that person (here or on another process) claims it at a newer clock', () => {
    const relay = new AwarenessRelay<string>()
    relay.accept(raw([7, 3, '{"name":"Anna"}']), 'bus:A', { maxStateBytes: 1024, maxClients: Infinity })
    relay.accept(raw([7, 4, 'null']), 'bus:A', { maxStateBytes: 1024, maxClients: Infinity }) // she left process A
    expect(relay.size).toBe(0)
    expect(relay.accept(raw([7, 5, '{"name":"Anna"}']), 'anna-on-B', limits)).toBeDefined()
    expect(names(relay)).toEqual({ 7: 'Anna' })
    expect(relay.accept(raw([7, 9, '{"name":"Mallory"}']), 'mallory', limits)).toBeUndefined()
  })
})
