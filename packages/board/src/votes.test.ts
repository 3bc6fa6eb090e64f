import { describe, expect, it } from 'vitest'
import { applyFacilitation, readFacilitation } from './facilitation.ts'
import { clickDot, countedDots, rankResults } from './votes.ts'
import * as Y from 'yjs'

const open = { status: 'open' as const, dots: 3 }

describe('dot votes by clicking ([D14], apps/server SPEC [H22])', () => {
  it('[D14] with a per-note limit of 1 a click puts a dot on and the next click takes it off', () => {
    const vote = { ...open, perNote: 1 }
    const one = clickDot(vote, [], 'a')
    expect(one).toEqual(['a'])
    expect(clickDot(vote, one!, 'a')).toEqual([])
    expect(clickDot(vote, ['a', 'b'], 'c')).toEqual(['a', 'b', 'c'])
  })

  it('[D14] without a per-note limit clicks add until the dots run out, then a click takes one off; Shift-click always takes one off', () => {
    expect(clickDot(open, ['a'], 'a')).toEqual(['a', 'a'])
    expect(clickDot(open, ['a', 'a', 'b'], 'a')).toEqual(['a', 'b'])
    expect(clickDot(open, ['a', 'a'], 'a', true)).toEqual(['a'])
    expect(clickDot(open, ['a', 'b', 'c'], 'd')).toBeNull() // no dots left and none there: nothing
    expect(clickDot(open, [], 'a', true)).toBeNull()
    expect(clickDot({ ...open, status: 'closed' }, [], 'a')).toBeNull()
  })

  it('[D14] with a per-note limit of 2 the third click on a note takes one off', () => {
    const vote = { status: 'open' as const, dots: 5, perNote: 2 }
    expect(clickDot(vote, ['a', 'a'], 'a')).toEqual(['a'])
  })

  it('[H22] the server counts at most dots, at most perNote on a note, only on notes that count', () => {
    const vote = { status: 'open' as const, dots: 3, perNote: 2 }
    const exists = (id: string) => id !== 'gone'
    expect(countedDots(vote, ['a', 'a', 'a', 'gone', 'b', 'c', 'd'], exists)).toEqual(['a', 'a', 'b'])
    expect(countedDots(vote, 'junk', exists)).toEqual([])
    expect(countedDots(vote, [1, null, 'a'], exists)).toEqual(['a'])
  })

  it('[H22] results rank most dots first, ties by note id, and leave out zeros', () => {
    expect(rankResults({ 'shape:b': 2, 'shape:a': 2, 'shape:c': 5, 'shape:z': 0 })).toEqual([
      ['shape:c', 5],
      ['shape:a', 2],
      ['shape:b', 2],
    ])
  })

  it('[H22] vote.start keeps perNote (1 to dots) and refuses it outside that range', () => {
    const ctx = { now: 1, newId: () => 'v1' }
    const r = applyFacilitation({}, { action: 'vote.start', dots: 3, perNote: 1 }, ctx)
    expect('state' in r && r.state.vote?.perNote).toBe(1)
    const same = applyFacilitation({}, { action: 'vote.start', dots: 3, perNote: 3 }, ctx)
    expect('state' in same && same.state.vote && 'perNote' in same.state.vote).toBe(false)
    for (const perNote of [0, 4, 1.5]) expect(applyFacilitation({}, { action: 'vote.start', dots: 3, perNote }, ctx)).toMatchObject({ error: { status: 400 } })
    // read back from the map as it is stored
    const doc = new Y.Doc()
    const m = doc.getMap('facilitation')
    m.set('vote', { id: 'v1', status: 'open', dots: 3, perNote: 2 })
    expect(readFacilitation(m).vote?.perNote).toBe(2)
    m.set('vote', { id: 'v1', status: 'open', dots: 3, perNote: 'two' })
    expect(readFacilitation(m).vote).toBeUndefined()
  })
})
