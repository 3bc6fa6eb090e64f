// fontPreload (issue 16, server SPEC [H23]): the board page asks for the faces its shapes are
// written in, the template's (the background, board SPEC [D3]) and the people's (the records).
import * as Y from 'yjs'
import { describe, expect, it } from 'vitest'
import { backgroundOf, makeNote, recordsOf, writeRecords } from '@tavla/board'
import { fontsOf } from './fontPreload.ts'

/** A board as a template lays it down (as the golden circle's: a frame and questions in tldraw's sans). */
const boardOf = () => {
  const doc = new Y.Doc()
  const shape = (id: string, type: string, props: object) => ({ key: id, val: { id, typeName: 'shape', type, props } })
  backgroundOf(doc).push([
    { key: 'document:document', val: { id: 'document:document', typeName: 'document' } },
    shape('shape:frame', 'geo', { geo: 'ellipse', w: 800, h: 800 }),
    shape('shape:q1', 'text', { font: 'sans', size: 'l' }),
    shape('shape:q2', 'text', { font: 'sans', size: 'm' }),
  ])
  return doc
}
const face = (url: string) =>
  url
    .split('/')
    .pop()!
    .replace(/-[\w-]{8}\.woff2$|\.woff2$/, '')

describe('fontsOf', () => {
  it("finds the face of a template's text on a board nobody has written on yet", () => {
    const doc = boardOf()
    expect(recordsOf(doc).length).toBe(0) // everything on it is the template's
    expect(fontsOf(doc).map(face)).toEqual(['IBMPlexSans-Medium'])
  })

  it("adds the notes' face once someone writes, each face once", () => {
    const doc = boardOf()
    writeRecords(recordsOf(doc), [makeNote({ id: 'shape:a', x: 0, y: 0, text: 'Idé' }), makeNote({ id: 'shape:b', x: 0, y: 0, text: 'Till' })])
    expect(fontsOf(doc).map(face).sort()).toEqual(['IBMPlexSans-Medium', 'Shantell_Sans-Informal_Regular'])
  })

  it('an empty doc needs no font', () => {
    expect(fontsOf(new Y.Doc())).toEqual([])
  })
})
