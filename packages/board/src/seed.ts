import * as Y from 'yjs'
import { BOARD_FORMAT_VERSION, backgroundOf, metaOf } from './roots.ts'
import { writeRecords, type StoredRecord } from './records.ts'
import type { Zone } from './zones.ts'

export interface BoardSeed {
  title: string
  template: string
  /** tldraw's serialized schema (`createTLSchema().serialize()`). */
  schema: unknown
  /** Template layer: document, page(s), decoration and zone shapes. */
  background: readonly StoredRecord[]
  zones: readonly Zone[]
  createdAt?: number
}

/** Writes a new board's first state into an empty doc, in one transaction (SPEC.md). */
export function seedBoardDoc(doc: Y.Doc, seed: BoardSeed): void {
  doc.transact(() => {
    const meta = metaOf(doc)
    meta.set('formatVersion', BOARD_FORMAT_VERSION)
    meta.set('schema', seed.schema)
    meta.set('title', seed.title)
    meta.set('template', seed.template)
    meta.set(
      'zones',
      seed.zones.map((z) => ({ ...z })),
    )
    meta.set('createdAt', seed.createdAt ?? Date.now())
    writeRecords(backgroundOf(doc), seed.background)
  })
}

/** The whole first state of a board as one Yjs update, ready for storage. */
export function encodeSeed(seed: BoardSeed): Uint8Array {
  const doc = new Y.Doc()
  seedBoardDoc(doc, seed)
  const update = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return update
}
