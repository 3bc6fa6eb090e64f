// [H7]/[H9] with board SPEC [D2]/[D8]: an import refuses, and a restore leaves out, what no canvas
// can show; a tldraw file's own session records are simply not the board's.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import { encodeSeed, makeNote, recordsOf, writeRecords } from '@tavla/board'
import { fromTldrFile, toTldrFile } from './index.ts'

const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
const evilMark = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'evil' }] }] }] }

function file() {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeSeed({ title: 'T', template: 'blank', schema: createTLSchema().serialize(), background: [document, page], zones: [] }))
  writeRecords(recordsOf(doc), [makeNote({ id: 'a', x: 0, y: 0, text: 'a' }), makeNote({ id: 'b', x: 300, y: 0, text: 'b' })])
  return JSON.parse(JSON.stringify(toTldrFile(doc)))
}

describe('[D8] files with records no canvas can show', () => {
  it('an import of a note with an unknown mark fails naming the record and field; a restore leaves the note out', () => {
    const f = file()
    f.records.find((r: { id: string }) => r.id === 'shape:b').props.richText = evilMark
    expect(() => fromTldrFile(f, 'x')).toThrow(/not valid: shape:b: props\.richText\.content\.0\.content\.0\.marks\.0\.type: unknown mark type "evil"/)
    expect(fromTldrFile(f, 'x', { dropInvalid: true }).records.map((r) => r.id)).toEqual(['shape:a'])
  })

  it('[D2] session and presence records in a file (a tldraw export has them) are left out, never stored', () => {
    const f = file()
    f.records.push(
      { id: 'camera:page:page', typeName: 'camera', x: -5000, y: 0, z: 1, meta: {} },
      { id: 'instance:instance', typeName: 'instance', isFocusMode: true },
      { id: 'pointer:pointer', typeName: 'pointer', x: 0, y: 0, lastActivityTimestamp: 0, meta: {} },
    )
    const { seed, records } = fromTldrFile(f, 'x')
    const ids = [...seed.background, ...records].map((r) => r.typeName)
    expect(ids).not.toContain('camera')
    expect(ids).not.toContain('instance')
    expect(ids).not.toContain('pointer')
    expect(records.map((r) => r.id).sort()).toEqual(['shape:a', 'shape:b'])
  })
})
