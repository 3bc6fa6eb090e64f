import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, commentAuthorsOf, commentKey, commentProblem, commentsByNote, commentsOf, deleteComment, isOwnComment, parseCommentKey } from './index.ts'

describe('comments on notes [D22]–[D23]', () => {
  it('[D22] a key is <noteId>|<commentId>; a value exactly { text (1–500), at }', () => {
    expect(parseCommentKey('shape:n1|c1234567')).toEqual({ noteId: 'shape:n1', commentId: 'c1234567' })
    expect(parseCommentKey('shape:n1|short')).toBeUndefined()
    expect(parseCommentKey('n1|c1234567')).toBeUndefined()
    expect(parseCommentKey('shape:n1')).toBeUndefined()
    const key = commentKey('shape:n1', 'c1234567')
    expect(commentProblem(key, { text: 'Vad menar du?', at: 1 })).toBeUndefined()
    expect(commentProblem(key, { text: '', at: 1 })).toMatch(/1–500/)
    expect(commentProblem(key, { text: '   ', at: 1 })).toMatch(/1–500/)
    expect(commentProblem(key, { text: 'x'.repeat(501), at: 1 })).toMatch(/1–500/)
    expect(commentProblem(key, { text: 'x', at: 'igår' })).toMatch(/at/)
    expect(commentProblem(key, { text: 'x', at: 1, authorName: 'Anna' })).toMatch(/servern/)
    expect(commentProblem(key, 'x')).toBeDefined()
  })

  it('[D22] threads per note, oldest first; malformed entries and (with notes) threads of missing notes are left out', () => {
    const doc = new Y.Doc()
    addComment(doc, 'shape:n1', 'c2222222', 'Andra', 20)
    addComment(doc, 'shape:n1', 'c1111111', ' Första ', 10)
    addComment(doc, 'shape:n2', 'c3333333', 'På en annan lapp', 5)
    commentsOf(doc).set('shape:n1|c4444444', { text: 'x', at: 1, name: 'Förfalskad' })
    commentsOf(doc).set('junk', { text: 'x', at: 1 })
    const all = commentsByNote(doc)
    expect(all.get('shape:n1')!.map((c) => c.text)).toEqual(['Första', 'Andra'])
    expect(all.get('shape:n2')!.map((c) => c.commentId)).toEqual(['c3333333'])
    expect([...commentsByNote(doc, new Set(['shape:n2'])).keys()]).toEqual(['shape:n2'])
    expect(() => addComment(doc, 'shape:n1', 'c5555555', '', 1)).toThrow()
  })

  it('[D23] the author is the server’s record beside the text, never the value; ownership is by identity id', () => {
    const doc = new Y.Doc()
    const key = addComment(doc, 'shape:n1', 'c1111111', 'Hej', 1)
    expect(commentsByNote(doc).get('shape:n1')![0]).not.toHaveProperty('authorName')
    commentAuthorsOf(doc).set(key, { id: 'id-anna', name: 'Anna', at: 2 })
    expect(commentsByNote(doc).get('shape:n1')![0]).toMatchObject({ authorId: 'id-anna', authorName: 'Anna' })
    expect(isOwnComment(doc, key, 'id-anna')).toBe(true)
    expect(isOwnComment(doc, key, 'id-bo')).toBe(false)
    expect(isOwnComment(doc, key, undefined)).toBe(false)
    deleteComment(doc, key)
    expect(commentsByNote(doc).size).toBe(0)
  })

  it('[D22] comments written at once by two replicas on one note both stay', () => {
    const a = new Y.Doc()
    const b = new Y.Doc()
    addComment(a, 'shape:n1', 'aaaaaaaa', 'från A', 1)
    addComment(b, 'shape:n1', 'bbbbbbbb', 'från B', 1)
    Y.applyUpdate(a, Y.encodeStateAsUpdate(b))
    Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
    expect(
      commentsByNote(a)
        .get('shape:n1')!
        .map((c) => c.text),
    ).toEqual(['från A', 'från B'])
    expect(
      commentsByNote(b)
        .get('shape:n1')!
        .map((c) => c.text),
    ).toEqual(['från A', 'från B'])
  })
})
