import { describe, expect, it } from 'vitest'
import { measureLayout } from './layout.bench.ts'
import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import { encodeSeed, listNotes, makeNote, plainText, readRecords, recordsOf, richTextOf, writeRecords, zoneAt, type Zone } from './index.ts'

const schema = createTLSchema()
const zones: Zone[] = [
  { id: 'why', label: { sv: 'Varför', en: 'Why' }, region: { kind: 'ellipse', cx: 0, cy: 0, rx: 150, ry: 150 } },
  { id: 'how', label: { sv: 'Hur', en: 'How' }, region: { kind: 'ellipse', cx: 0, cy: 0, rx: 300, ry: 300 } },
  { id: 'box', label: { sv: 'Låda', en: 'Box' }, region: { kind: 'rect', x: 1000, y: 0, w: 400, h: 300 } },
]

describe('board document format', () => {
  it('[D5] makeNote builds a record that tldraw 5 validates', () => {
    const note = makeNote({ id: 'n1', x: 10, y: 20, text: 'Hej på er, åäö', authorId: 'u1', authorName: 'Anna' })
    expect(() => schema.types.shape.validate(note)).not.toThrow()
    expect(plainText(note.props.richText)).toBe('Hej på er, åäö')
  })

  it('[D5] plain text keeps paragraphs as lines', () => {
    expect(plainText(richTextOf('ett\ntvå\n\nfyra'))).toBe('ett\ntvå\n\nfyra')
    expect(
      plainText({
        type: 'doc',
        content: [
          {
            type: 'bulletList',
            content: [
              {
                type: 'listItem',
                content: [
                  {
                    type: 'paragraph',
                    content: [
                      { type: 'text', text: 'a' },
                      { type: 'text', text: 'b' },
                    ],
                  },
                ],
              },
            ],
          },
        ],
      }),
    ).toBe('ab')
    expect(plainText(undefined)).toBe('')
  })

  it('[D6] the first zone holding the point wins (innermost first)', () => {
    expect(zoneAt(zones, { x: 10, y: 10 })?.id).toBe('why')
    expect(zoneAt(zones, { x: 200, y: 0 })?.id).toBe('how')
    expect(zoneAt(zones, { x: 1100, y: 100 })?.id).toBe('box')
    expect(zoneAt(zones, { x: 600, y: 600 })).toBeUndefined()
  })

  it('[D1] rightmost entry wins and writeRecords replaces older entries', () => {
    const doc = new Y.Doc()
    const arr = recordsOf(doc)
    writeRecords(arr, [makeNote({ id: 'a', x: 0, y: 0, text: 'one' })])
    writeRecords(arr, [makeNote({ id: 'a', x: 5, y: 0, text: 'two' })])
    expect(arr.length).toBe(1)
    arr.push([{ key: 'shape:a', val: makeNote({ id: 'a', x: 9, y: 0, text: 'three' }) }])
    expect(readRecords(arr).get('shape:a')).toMatchObject({ x: 9 })
  })

  it('[D6] listNotes gives each note its zone from the seed', () => {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, encodeSeed({ title: 't', template: 'x', schema: schema.serialize(), background: [], zones }))
    writeRecords(recordsOf(doc), [
      makeNote({ id: 'in-why', x: -100, y: -100, text: 'syfte' }),
      makeNote({ id: 'in-box', x: 1100, y: 50, text: 'låda' }),
      makeNote({ id: 'outside', x: 3000, y: 3000, text: 'ute' }),
    ])
    const byText = Object.fromEntries(listNotes(doc).map((n) => [n.text, n.zone?.id ?? null]))
    expect(byText).toEqual({ syfte: 'why', låda: 'box', ute: null })
  })
})

describe('[D10] layout', () => {
  it('a YKeyValue board does not grow with moves; a Y.Map board would', () => {
    const kv = measureLayout('YKeyValue', 100, 2000)
    const map = measureLayout('Y.Map', 100, 2000)
    expect(kv.bytesAfter).toBeLessThan(kv.bytesBefore * 1.02)
    expect(map.bytesAfter).toBeGreaterThan(map.bytesBefore * 1.3)
  })
})
