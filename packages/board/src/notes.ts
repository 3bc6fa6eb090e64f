import type * as Y from 'yjs'
import { backgroundOf, metaOf, recordsOf } from './roots.ts'
import { readRecords, type StoredRecord } from './records.ts'
import { plainText, richTextOf } from './richText.ts'
import { zoneAt, type Point, type Zone } from './zones.ts'
import { authorOf } from './authors.ts'

/** A note shape as stored (the fields tavla reads; the rest of tldraw's props ride along). */
export interface NoteRecord extends StoredRecord {
  typeName: 'shape'
  type: 'note'
  x: number
  y: number
  parentId: string
  props: { color: string; richText: unknown; scale: number; growY: number; [k: string]: unknown }
  meta: { authorId?: string; authorName?: string; createdAt?: number; updatedAt?: number; [k: string]: unknown }
}

export const NOTE_SIZE = 200

export interface NoteInit {
  id: string
  x: number
  y: number
  text?: string
  color?: string
  parentId?: string
  index?: string
  authorId?: string
  authorName?: string
  now?: number
}

/** A complete tldraw 5 note record (valid against @tldraw/tlschema's validators). */
export function makeNote(init: NoteInit): NoteRecord {
  const now = init.now ?? Date.now()
  const meta: NoteRecord['meta'] = { createdAt: now, updatedAt: now }
  if (init.authorId) meta.authorId = init.authorId
  if (init.authorName) meta.authorName = init.authorName
  return {
    id: init.id.startsWith('shape:') ? init.id : `shape:${init.id}`,
    typeName: 'shape',
    type: 'note',
    x: init.x,
    y: init.y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    parentId: init.parentId ?? 'page:page',
    index: init.index ?? 'a1',
    props: {
      color: init.color ?? 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      // a ratio of the base size (1: as is; null: tldraw works it out). 0 drew the text at size 0 until edited
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: richTextOf(init.text ?? ''),
      scale: 1,
      textLastEditedBy: null,
    },
    meta,
  }
}

/** [D6] The center of a note in page coordinates (notes on the page itself, as tavla makes them). */
export function noteCenter(note: Pick<NoteRecord, 'x' | 'y' | 'props'>): Point {
  const scale = typeof note.props.scale === 'number' ? note.props.scale : 1
  const growY = typeof note.props.growY === 'number' ? note.props.growY : 0
  return { x: note.x + (NOTE_SIZE / 2) * scale, y: note.y + (NOTE_SIZE / 2 + growY / 2) * scale }
}

export function isNote(r: unknown): r is NoteRecord {
  return !!r && typeof r === 'object' && (r as StoredRecord).typeName === 'shape' && (r as { type?: unknown }).type === 'note'
}

export interface BoardNote {
  id: string
  text: string
  color: string
  zone: Zone | undefined
  authorId?: string
  authorName?: string
  createdAt?: number
  updatedAt?: number
  record: NoteRecord
}

export function zonesOf(doc: Y.Doc): Zone[] {
  const zones = metaOf(doc).get('zones')
  return Array.isArray(zones) ? (zones as Zone[]) : []
}

/**
 * One note record read as the export and the list view show it: text, zone, author, times. The
 * author comes from the doc's server-written record ([D11]) when the doc is given and has one.
 */
export function toBoardNote(r: NoteRecord, zones: readonly Zone[], doc?: Y.Doc): BoardNote {
  const { authorId, authorName } = authorOf(doc, r)
  return {
    id: r.id,
    text: plainText(r.props.richText),
    color: r.props.color,
    zone: zoneAt(zones as Zone[], noteCenter(r)),
    authorId,
    authorName,
    createdAt: r.meta?.createdAt,
    updatedAt: r.meta?.updatedAt,
    record: r,
  }
}

/** Every note on the board (participants' and the template's), with its text and its zone. */
export function listNotes(doc: Y.Doc): BoardNote[] {
  const zones = zonesOf(doc)
  const out: BoardNote[] = []
  for (const source of [backgroundOf(doc), recordsOf(doc)]) {
    for (const r of readRecords(source).values()) if (isNote(r)) out.push(toBoardNote(r, zones, doc))
  }
  return out
}
