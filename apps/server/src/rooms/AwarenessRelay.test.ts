import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { AwarenessRelay } from './AwarenessRelay.ts'

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
