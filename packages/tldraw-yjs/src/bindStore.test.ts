import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLStore, defaultBindingUtils, defaultShapeUtils, type TLRecord, type TLStore } from 'tldraw'
import { backgroundOf, encodeSeed, makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { bindStore, schemaStatus } from './index.ts'

const newStore = () => createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
const schema = newStore().schema.serialize()
const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
const frame = { ...(makeNote({ id: 'bg', x: 0, y: 0, text: 'mall' }) as object), isLocked: true, meta: { layer: 'background' } } as never

function boardDoc() {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeSeed({ title: 't', template: 'blank', schema, background: [document, page, frame], zones: [] }))
  return doc
}
/** Two docs joined like two clients through a server. */
function linked() {
  const a = boardDoc()
  const b = new Y.Doc()
  Y.applyUpdate(b, Y.encodeStateAsUpdate(a))
  a.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(b, u, 'wire'))
  b.on('update', (u: Uint8Array, o: unknown) => o !== 'wire' && Y.applyUpdate(a, u, 'wire'))
  return [a, b] as const
}
const bind = (store: TLStore, doc: Y.Doc, facilitator = false) => bindStore(store, doc, { writable: () => true, canWriteBackground: () => facilitator })
const note = (store: TLStore, id: string) => store.get(`shape:${id}` as TLRecord['id']) as (TLRecord & { x: number; props: { richText: unknown } }) | undefined

describe('tldraw ⇄ Yjs binding', () => {
  it('loads the doc into the store (reload from doc)', () => {
    const doc = boardDoc()
    writeRecords(recordsOf(doc), [makeNote({ id: 'n1', x: 5, y: 5, text: 'hej' })])
    const store = newStore()
    bind(store, doc)
    expect(note(store, 'n1')?.x).toBe(5)
    expect(store.get('page:page' as TLRecord['id'])).toBeTruthy()
    expect(note(store, 'bg')).toBeTruthy()
  })

  it('put, update and remove go from store to doc', () => {
    const doc = boardDoc()
    const store = newStore()
    bind(store, doc)
    store.put([makeNote({ id: 'n', x: 1, y: 1, text: 'ny' }) as never])
    expect(readRecords(recordsOf(doc)).get('shape:n')).toMatchObject({ x: 1 })
    store.update('shape:n' as TLRecord['id'], (r) => ({ ...r, x: 42 }) as TLRecord)
    expect(readRecords(recordsOf(doc)).get('shape:n')).toMatchObject({ x: 42 })
    store.remove(['shape:n' as TLRecord['id']])
    expect(readRecords(recordsOf(doc)).has('shape:n')).toBe(false)
  })

  it('put, update and remove come from doc to store', () => {
    const doc = boardDoc()
    const store = newStore()
    bind(store, doc)
    writeRecords(recordsOf(doc), [makeNote({ id: 'r', x: 7, y: 0, text: 'fjärr' })])
    expect(note(store, 'r')?.x).toBe(7)
    writeRecords(recordsOf(doc), [makeNote({ id: 'r', x: 9, y: 0, text: 'fjärr' })])
    expect(note(store, 'r')?.x).toBe(9)
    recordsOf(doc).delete(0, recordsOf(doc).length)
    expect(note(store, 'r')).toBeUndefined()
  })

  it('no echo: a remote change merged into the store makes no new doc update', () => {
    const doc = boardDoc()
    const store = newStore()
    bind(store, doc)
    let updates = 0
    doc.on('update', () => updates++)
    writeRecords(recordsOf(doc), [makeNote({ id: 'e', x: 0, y: 0, text: 'eko?' })])
    const afterRemote = updates
    expect(note(store, 'e')).toBeTruthy()
    expect(updates).toBe(afterRemote) // nothing written back
  })

  it('two stores converge through two docs', () => {
    const [da, db] = linked()
    const a = newStore()
    const b = newStore()
    bind(a, da)
    bind(b, db)
    a.put([makeNote({ id: 'x', x: 1, y: 1, text: 'från a' }) as never])
    b.put([makeNote({ id: 'y', x: 2, y: 2, text: 'från b' }) as never])
    b.update('shape:x' as TLRecord['id'], (r) => ({ ...r, x: 100 }) as TLRecord)
    const docRecords = (s: TLStore) =>
      JSON.stringify(
        s
          .allRecords()
          .filter((r) => r.typeName === 'shape')
          .sort((p, q) => p.id.localeCompare(q.id)),
      )
    expect(docRecords(a)).toBe(docRecords(b))
    expect(note(a, 'x')?.x).toBe(100)
  })

  it('a participant’s change to the template layer stays local; a facilitator’s is shared', () => {
    const [da, db] = linked()
    const participant = newStore()
    const facilitator = newStore()
    bind(participant, da)
    bind(facilitator, db, true)
    participant.update('shape:bg' as TLRecord['id'], (r) => ({ ...r, x: 500 }) as TLRecord)
    expect((readRecords(backgroundOf(da)).get('shape:bg') as unknown as { x: number }).x).toBe(0)
    facilitator.update('shape:bg' as TLRecord['id'], (r) => ({ ...r, x: 300 }) as TLRecord)
    expect((readRecords(backgroundOf(da)).get('shape:bg') as unknown as { x: number }).x).toBe(300)
    expect((note(participant, 'bg') as { x: number }).x).toBe(300)
  })

  it('[D8] a shape tldraw cannot validate is a placeholder, on load and when it arrives; the rest shows', () => {
    const doc = boardDoc()
    const broken = { ...makeNote({ id: 'broken', x: 0, y: 0, text: 'trasig' }), index: 'a990' }
    writeRecords(recordsOf(doc), [makeNote({ id: 'n1', x: 5, y: 5, text: 'hej' }), broken])
    const store = newStore()
    const left: string[] = []
    bindStore(store, doc, { writable: () => true, canWriteBackground: () => false, onInvalid: (id) => left.push(id) })
    expect(note(store, 'n1')?.x).toBe(5)
    expect((note(store, 'broken') as { type?: string } | undefined)?.type).toBe('geo')
    writeRecords(recordsOf(doc), [makeNote({ id: 'n2', x: 7, y: 7, text: 'och en till' }), { ...broken, id: 'shape:broken2' }])
    expect(note(store, 'n2')?.x).toBe(7)
    expect((note(store, 'broken2') as { type?: string } | undefined)?.type).toBe('geo')
    expect(left).toEqual(['shape:broken', 'shape:broken2'])
  })

  it('[D4] a client older than the board is told so', () => {
    const doc = boardDoc()
    const store = newStore()
    expect(schemaStatus(store, doc)).toBe('ok')
    const newer = JSON.parse(JSON.stringify(schema))
    newer.sequences['com.tldraw.shape'] += 1
    doc.getMap('meta').set('schema', newer)
    expect(schemaStatus(store, doc)).toBe('client-too-old')
  })
})

describe('private mode in the binding', () => {
  it('new notes go to the private part while private mode is on, and survive the reveal', () => {
    const doc = boardDoc()
    const mine = new Y.Doc()
    let privateMode = true
    const store = newStore()
    bindStore(store, doc, { writable: () => true, canWriteBackground: () => false, privateDoc: mine, isPrivate: () => privateMode })
    store.put([makeNote({ id: 'hidden', x: 0, y: 0, text: 'hemlig' }) as never])
    expect(readRecords(recordsOf(mine)).has('shape:hidden')).toBe(true)
    expect(readRecords(recordsOf(doc)).has('shape:hidden')).toBe(false)
    // edits of a private note stay private
    store.update('shape:hidden' as TLRecord['id'], (r) => ({ ...r, x: 9 }) as TLRecord)
    expect((readRecords(recordsOf(mine)).get('shape:hidden') as unknown as { x: number }).x).toBe(9)
    // the reveal: the server writes it into the shared records and empties the private part
    writeRecords(recordsOf(doc), [readRecords(recordsOf(mine)).get('shape:hidden')!])
    recordsOf(mine).delete(0, recordsOf(mine).length)
    expect(note(store, 'hidden')?.x).toBe(9)
    privateMode = false
    store.put([makeNote({ id: 'open', x: 0, y: 0, text: 'öppen' }) as never])
    expect(readRecords(recordsOf(doc)).has('shape:open')).toBe(true)
  })
})
