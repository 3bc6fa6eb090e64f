// [D8] A bad record that reaches a page (an old board, a restored file, a bad row in storage)
// never blanks the canvas: a shape becomes a placeholder the facilitator can delete, anything
// else is left out, junk in the arrays is not an entry, and the rest of the board shows.
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLStore } from 'tldraw'
import { backgroundOf, encodeSeed, makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { bindStore } from './index.ts'
import { isPlaceholder } from './placeholder.ts'

const newStore = () => createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
const schema = newStore().schema.serialize()
const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
const zone = { ...(makeNote({ id: 'zone', x: 0, y: 0, text: 'Varför' }) as object), isLocked: true, meta: { layer: 'background' } } as never

function boardDoc() {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeSeed({ title: 't', template: 'blank', schema, background: [document, page, zone], zones: [] }))
  return doc
}
const get = (store: TLStore, id: string) =>
  store.get(id as TLRecord['id']) as unknown as
    | (TLRecord & { x: number; y: number; type: string; isLocked: boolean; props: Record<string, unknown>; meta: Record<string, unknown> })
    | undefined
const evilMark = (id: string, x: number) => {
  const n = makeNote({ id, x, y: 40, text: 'x' })
  return {
    ...n,
    props: { ...n.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'evil' }] }] }] } },
  }
}
const bind = (store: TLStore, doc: Y.Doc, writable = true) => {
  const left: string[] = []
  bindStore(store, doc, { writable: () => writable, canWriteBackground: () => false, onInvalid: (id) => left.push(id), placeholderText: 'Kan inte visas' })
  return left
}
/** What another client writes, arriving as a remote update. */
function remote(doc: Y.Doc, write: (other: Y.Doc) => void) {
  const other = new Y.Doc()
  Y.applyUpdate(other, Y.encodeStateAsUpdate(doc))
  const before = Y.encodeStateVector(other)
  write(other)
  Y.applyUpdate(doc, Y.encodeStateAsUpdate(other, before), 'wire')
}

describe('[D8] bad records on a page', () => {
  it('a note with a mark tldraw does not know is a placeholder where the note was; deleting it deletes the entry', () => {
    const doc = boardDoc()
    writeRecords(recordsOf(doc), [makeNote({ id: 'ok', x: 5, y: 5, text: 'hej' }), evilMark('evil', 300)])
    const store = newStore()
    expect(bind(store, doc)).toEqual(['shape:evil'])
    expect(get(store, 'shape:ok')?.type).toBe('note')
    const ph = get(store, 'shape:evil')!
    expect(ph.type).toBe('geo')
    expect(isPlaceholder(ph)).toBe(true)
    expect([ph.x, ph.y]).toEqual([300, 40])
    expect(JSON.stringify(ph.props.richText)).toContain('Kan inte visas')

    // moving it locally writes nothing: the entry in the doc stays what it was
    store.put([{ ...ph, x: 999 } as TLRecord])
    expect(readRecords(recordsOf(doc)).get('shape:evil') as unknown).toMatchObject({ type: 'note', x: 300 })
    // deleting it deletes the bad entry in the doc
    store.remove(['shape:evil' as TLRecord['id']])
    expect(readRecords(recordsOf(doc)).has('shape:evil')).toBe(false)
    expect(readRecords(recordsOf(doc)).has('shape:ok')).toBe(true)
  })

  it('a placeholder that arrives is replaced by the real shape once someone writes a valid one', () => {
    const doc = boardDoc()
    const store = newStore()
    bind(store, doc)
    remote(doc, (o) => writeRecords(recordsOf(o), [evilMark('n', 10)]))
    expect(isPlaceholder(get(store, 'shape:n'))).toBe(true)
    remote(doc, (o) => writeRecords(recordsOf(o), [makeNote({ id: 'n', x: 10, y: 10, text: 'lagad' })]))
    expect(get(store, 'shape:n')?.type).toBe('note')
    remote(doc, (o) => writeRecords(recordsOf(o), [evilMark('n', 10)]))
    expect(isPlaceholder(get(store, 'shape:n'))).toBe(true)
    remote(doc, (o) => {
      const kv = recordsOf(o)
      kv.delete(0, kv.length)
    })
    expect(get(store, 'shape:n')).toBeUndefined()
  })

  it('[D2] camera and instance records in `records` never reach the store (the page keeps its own)', () => {
    const doc = boardDoc()
    const instance = {
      ...newStore().get('instance:instance' as TLRecord['id']),
      id: 'instance:instance',
      typeName: 'instance',
      isFocusMode: true,
      isDebugMode: true,
    }
    const camera = { id: 'camera:page:page', typeName: 'camera', x: -5000, y: -5000, z: 0.1, meta: {} }
    recordsOf(doc).push([
      { key: 'instance:instance', val: instance },
      { key: 'camera:page:page', val: camera },
    ])
    writeRecords(recordsOf(doc), [makeNote({ id: 'ok', x: 0, y: 0, text: 'hej' })])
    const store = newStore()
    const left = bind(store, doc)
    expect(left.sort()).toEqual(['camera:page:page', 'instance:instance'])
    expect((store.get('camera:page:page' as TLRecord['id']) as { x?: number } | undefined)?.x).not.toBe(-5000)
    expect((store.get('instance:instance' as TLRecord['id']) as { isFocusMode?: boolean } | undefined)?.isFocusMode).not.toBe(true)
    remote(doc, (o) => recordsOf(o).push([{ key: 'camera:page:page', val: camera }]))
    expect((store.get('camera:page:page' as TLRecord['id']) as { x?: number } | undefined)?.x).not.toBe(-5000)
    expect(get(store, 'shape:ok')).toBeTruthy()
  })

  it('junk in the array (null, a nested Y.Map, a binary, a key-less object) is not an entry: the board loads and keeps working', () => {
    const doc = boardDoc()
    const arr = recordsOf(doc) as unknown as Y.Array<unknown>
    const nested = new Y.Map()
    nested.set('key', 'shape:nested')
    arr.push([null, nested, new Uint8Array([1, 2, 3]), { val: 1 }, 'text', 7])
    writeRecords(recordsOf(doc), [makeNote({ id: 'ok', x: 0, y: 0, text: 'hej' })])
    const store = newStore()
    bind(store, doc)
    expect(get(store, 'shape:ok')?.type).toBe('note')
    // junk arriving later, next to a good note, neither throws nor stops the good one
    expect(() =>
      remote(doc, (o) => {
        ;(recordsOf(o) as unknown as Y.Array<unknown>).push([null, new Y.Map()])
        writeRecords(recordsOf(o), [makeNote({ id: 'later', x: 1, y: 1, text: 'sen' })])
      }),
    ).not.toThrow()
    expect(get(store, 'shape:later')?.type).toBe('note')
    // local writes still go through
    store.put([{ ...get(store, 'shape:ok')!, x: 77 } as TLRecord])
    expect((readRecords(recordsOf(doc)).get('shape:ok') as unknown as { x: number }).x).toBe(77)
    // and nobody's page deletes the junk (it is not theirs to tidy)
    expect(arr.toArray().filter((v) => v === null).length).toBe(2)
  })

  it('an entry whose value has another id, or no record at all, is a placeholder under its key', () => {
    const doc = boardDoc()
    recordsOf(doc).push([
      { key: 'shape:a', val: { ...makeNote({ id: 'b', x: 0, y: 0, text: 'b' }) } },
      { key: 'shape:c', val: null },
      { key: 'binding:x', val: 5 },
    ])
    const store = newStore()
    const left = bind(store, doc)
    expect(left.sort()).toEqual(['binding:x', 'shape:a', 'shape:c'])
    expect(isPlaceholder(get(store, 'shape:a'))).toBe(true)
    expect(get(store, 'shape:b')).toBeUndefined()
    expect(isPlaceholder(get(store, 'shape:c'))).toBe(true)
    store.remove(['shape:a' as TLRecord['id'], 'shape:c' as TLRecord['id']])
    expect([...readRecords(recordsOf(doc)).keys()]).toEqual(['binding:x'])
  })

  it("[D3] a `records` entry with a template record's id does not override the template layer", () => {
    const doc = boardDoc()
    const moved = { ...(zone as object), x: 900, isLocked: false, meta: {} }
    writeRecords(recordsOf(doc), [moved as never])
    const store = newStore()
    bind(store, doc)
    expect(get(store, 'shape:zone')?.x).toBe(0)
    remote(doc, (o) => writeRecords(recordsOf(o), [{ ...moved, x: 901 } as never]))
    expect(get(store, 'shape:zone')?.x).toBe(0)
    expect(get(store, 'shape:zone')?.isLocked).toBe(true)
  })

  it('an old board where one record makes a migration throw: that record is a placeholder, the rest is migrated and shows', () => {
    const older = JSON.parse(JSON.stringify(schema))
    older.sequences['com.tldraw.shape.note'] -= 1
    const doc = new Y.Doc()
    Y.applyUpdate(doc, encodeSeed({ title: 't', template: 'blank', schema: older, background: [document, page], zones: [] }))
    const ok = makeNote({ id: 'ok', x: 5, y: 5, text: 'hej' })
    writeRecords(recordsOf(doc), [ok, { ...makeNote({ id: 'noprops', x: 50, y: 60, text: '' }), props: null } as never])
    const store = newStore()
    expect(bind(store, doc)).toEqual(['shape:noprops'])
    expect(get(store, 'shape:ok')?.type).toBe('note')
    expect(isPlaceholder(get(store, 'shape:noprops'))).toBe(true)
    expect([get(store, 'shape:noprops')!.x, get(store, 'shape:noprops')!.y]).toEqual([50, 60])
  })

  it("a bad shape in the template layer is a placeholder too; only a facilitator's deletion reaches the doc", () => {
    const doc = boardDoc()
    writeRecords(backgroundOf(doc), [evilMark('bgbad', 0) as never])
    const store = newStore()
    bind(store, doc)
    expect(isPlaceholder(get(store, 'shape:bgbad'))).toBe(true)
    store.remove(['shape:bgbad' as TLRecord['id']])
    expect(readRecords(backgroundOf(doc)).has('shape:bgbad')).toBe(true)
  })
})
