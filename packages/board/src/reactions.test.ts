import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { formatReactions, parseReactionKey, reactionKey, reactionsByNote, reactionsOf, toggleReaction } from './index.ts'

const anna = 'a1b2c3d4e5f6a7b8'
const bo = 'ffeeddccbbaa9988'

describe('reactions on notes [D9]', () => {
  it('[D9] toggling puts one key per person, note and emoji, and takes it off again', () => {
    const doc = new Y.Doc()
    expect(toggleReaction(doc, 'shape:n1', '👍', anna)).toBe(true)
    expect(toggleReaction(doc, 'shape:n1', '👍', bo)).toBe(true)
    expect(toggleReaction(doc, 'shape:n1', '💡', anna)).toBe(true)
    expect([...reactionsOf(doc).keys()].sort()).toEqual(
      [reactionKey('shape:n1', '👍', anna), reactionKey('shape:n1', '👍', bo), reactionKey('shape:n1', '💡', anna)].sort(),
    )
    expect(reactionsByNote(doc, anna).get('shape:n1')).toEqual({ counts: { '👍': 2, '💡': 1 }, mine: expect.arrayContaining(['👍', '💡']) })
    expect(toggleReaction(doc, 'shape:n1', '👍', anna)).toBe(false)
    expect(reactionsByNote(doc, anna).get('shape:n1')).toEqual({ counts: { '👍': 1, '💡': 1 }, mine: ['💡'] })
  })

  it('[D9] concurrent reactions of two people on one note both count', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    toggleReaction(a, 'shape:n1', '❤️', anna)
    toggleReaction(b, 'shape:n1', '❤️', bo)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(reactionsByNote(a).get('shape:n1')?.counts).toEqual({ '❤️': 2 })
    expect(reactionsByNote(b).get('shape:n1')?.counts).toEqual({ '❤️': 2 })
  })

  it('[D9] keys that are not well-formed are ignored', () => {
    const doc = new Y.Doc()
    reactionsOf(doc).set(`shape:n1|🍕|${anna}`, true)
    reactionsOf(doc).set('shape:n1|👍|Anna Andersson', true)
    reactionsOf(doc).set(`shape:n1|👍|${anna}`, 'lots')
    expect(reactionsByNote(doc).size).toBe(0)
    expect(parseReactionKey(`shape:a|b|👍|${anna}`)).toEqual({ noteId: 'shape:a|b', emoji: '👍', reactor: anna })
    expect(parseReactionKey('nope')).toBeUndefined()
  })

  it('formats counts in the order of REACTIONS', () => {
    expect(formatReactions({ '❓': 1, '👍': 3 })).toBe('👍 3 ❓ 1')
    expect(formatReactions({})).toBe('')
  })
})
