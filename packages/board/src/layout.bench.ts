// Why `records` is a YKeyValue array and not a Y.Map (SPEC "Layout choice"): a board of notes,
// each moved many times, measured both ways. Run: node packages/board/src/layout.bench.ts
// Prints the encoded document size before and after the moves, and the time the moves took.
import * as Y from 'yjs'
import { YKeyValue } from 'y-utility/y-keyvalue'
import { makeNote, type NoteRecord } from './notes.ts'

export interface LayoutFigures {
  layout: 'Y.Map' | 'YKeyValue'
  notes: number
  moves: number
  bytesBefore: number
  bytesAfter: number
  ms: number
}

/** `notes` notes, then `moves` single-note moves, each its own transaction as a drag frame is. */
export function measureLayout(layout: LayoutFigures['layout'], notes: number, moves: number): LayoutFigures {
  const doc = new Y.Doc()
  const all: NoteRecord[] = Array.from({ length: notes }, (_, i) => makeNote({ id: `n${i}`, x: i * 10, y: 0, text: `Idé ${i}`, now: 0 }))
  const map = doc.getMap<NoteRecord>('records')
  const kv = layout === 'YKeyValue' ? new YKeyValue<NoteRecord>(doc.getArray('records-kv')) : undefined
  const put = (r: NoteRecord) => (kv ? kv.set(r.id, r) : map.set(r.id, r))
  doc.transact(() => all.forEach(put))
  const bytesBefore = Y.encodeStateAsUpdate(doc).byteLength
  const start = performance.now()
  for (let m = 0; m < moves; m++) {
    const r = all[m % notes]!
    r.x += 1
    doc.transact(() => put({ ...r }))
  }
  const ms = performance.now() - start
  return { layout, notes, moves, bytesBefore, bytesAfter: Y.encodeStateAsUpdate(doc).byteLength, ms }
}

if (import.meta.main) {
  const rows = (['Y.Map', 'YKeyValue'] as const).map((l) => measureLayout(l, 500, 20_000))
  console.log('| layout | notes | moves | doc before | doc after | time |')
  console.log('|---|---:|---:|---:|---:|---:|')
  for (const r of rows)
    console.log(
      `| ${r.layout} | ${r.notes} | ${r.moves} | ${(r.bytesBefore / 1024).toFixed(1)} KiB | ${(r.bytesAfter / 1024).toFixed(1)} KiB | ${Math.round(r.ms)} ms |`,
    )
}
