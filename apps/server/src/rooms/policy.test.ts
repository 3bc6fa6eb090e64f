import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { reactionsOf, toggleReaction } from '@tavla/board'
import type { Connection } from './Connection.ts'
import { BoardPolicy, RefusedUpdateError, ensureRoots, type BoardSettings } from './policy.ts'

const participant = { role: 'participant', id: 1 } as Connection
const reactor = 'a1b2c3d4e5f6a7b8'

/** Why the policy refuses the update `change` makes on a replica of `server` (undefined: accepted). */
function verdict(server: Y.Doc, change: (d: Y.Doc) => void, settings: BoardSettings = {}, part = '') {
  ensureRoots(server, part)
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
  const sv = Y.encodeStateVector(replica)
  change(replica)
  try {
    new BoardPolicy(() => settings, part).check(server, Y.encodeStateAsUpdate(replica, sv), participant)
    return undefined
  } catch (err) {
    if (err instanceof RefusedUpdateError) return err.message
    throw err
  }
}

describe('policy: reactions [D9] [W9]', () => {
  it('[D9] a participant may put a reaction on a note and take it off again', () => {
    const server = new Y.Doc()
    expect(verdict(server, (d) => toggleReaction(d, 'shape:n1', '👍', reactor))).toBeUndefined()
    toggleReaction(server, 'shape:n1', '👍', reactor)
    expect(verdict(server, (d) => toggleReaction(d, 'shape:n1', '👍', reactor))).toBeUndefined()
  })

  it('[D9] an anonymous board accepts reactions (they carry no author)', () => {
    expect(verdict(new Y.Doc(), (d) => toggleReaction(d, 'shape:n1', '💡', reactor), { anonymous: true })).toBeUndefined()
  })

  it('[D9] a malformed reaction is refused: unknown emoji, a name as reactor, another value', () => {
    const server = new Y.Doc()
    expect(verdict(server, (d) => reactionsOf(d).set(`shape:n1|🍕|${reactor}`, true))).toMatch(/reaction/)
    expect(verdict(server, (d) => reactionsOf(d).set('shape:n1|👍|Anna Andersson', true))).toMatch(/reaction/)
    expect(verdict(server, (d) => reactionsOf(d).set(`shape:n1|👍|${reactor}`, { authorName: 'Anna' }))).toMatch(/reaction/)
  })

  it('[D9] reactions belong to the shared board, not to a private part', () => {
    expect(verdict(new Y.Doc(), (d) => toggleReaction(d, 'shape:n1', '👍', reactor), {}, 'part1')).toMatch(/no part "reactions"|may not change "reactions"/)
  })

  it('[W9] a participant still may not touch the facilitation state', () => {
    expect(verdict(new Y.Doc(), (d) => d.getMap('facilitation').set('timer', {}))).toMatch(/may not change "facilitation"/)
  })
})
