// The binding between a tldraw store and the board's Y.Doc (packages/board/SPEC.md).
//
// - Document records live in the doc: the template layer in `background` (read here without
//   writing, so a participant never produces a change there), everything else in `records`
//   (a YKeyValue: moves replace one entry instead of growing a map's history).
// - Local user changes go out as one Yjs transaction per store flush (tldraw flushes once per
//   animation frame, so a drag is one update per frame, not per pointer event).
// - Remote changes come in through store.mergeRemoteChanges, so they never echo back: the store
//   listener only hears `source: 'user'`, and our own transactions carry the LOCAL origin.
import type * as Y from 'yjs'
import type { TLRecord, TLStore } from 'tldraw'
import { backgroundOf, deleteRecords, metaOf, readRecords, recordProblem, recordsOf, writeRecords, type StoredRecord } from '@tavla/board'
import { RecordsKV } from './RecordsKV.ts'
import { isPlaceholder, placeholderShape } from './placeholder.ts'

export const LOCAL_ORIGIN = Symbol('tavla-local')

/** Records that never enter the doc [D2]; `user` records too: people are in awareness. */
const NOT_SHARED = new Set(['instance', 'instance_page_state', 'camera', 'pointer', 'instance_presence', 'user'])

export interface BindOptions {
  /** False for viewers and for a client too old for the board's schema. */
  writable: () => boolean
  /** Facilitators may change the template layer; for others such changes stay local. */
  canWriteBackground: () => boolean
  onError?: (err: unknown) => void
  /**
   * [D8] A record in the doc that tldraw cannot validate (written before the server checked):
   * a shape is shown as a placeholder, anything else is left out, and the rest of the board
   * shows. Defaults to a console warning.
   */
  onInvalid?: (id: string, problem: string) => void
  /** [D8] The text of the placeholder drawn for a shape that cannot be shown. */
  placeholderText?: string
  /**
   * Private mode (issue 6): this person's private part of the board. While `isPrivate()` holds,
   * new notes go there, visible to no one else until the facilitator reveals them.
   */
  privateDoc?: Y.Doc
  isPrivate?: () => boolean
}

export type SchemaStatus = 'ok' | 'client-too-old'

/** [D4] Whether this client's tldraw schema is at least as new as the board's. */
export function schemaStatus(store: TLStore, doc: Y.Doc): SchemaStatus {
  const board = metaOf(doc).get('schema') as { sequences?: Record<string, number> } | undefined
  const ours = store.schema.serialize().sequences as Record<string, number>
  for (const [seq, version] of Object.entries(board?.sequences ?? {})) {
    if (ours[seq] === undefined || ours[seq]! < version) return 'client-too-old'
  }
  return 'ok'
}

export interface Binding {
  destroy(): void
}

export function bindStore(store: TLStore, doc: Y.Doc, opts: BindOptions): Binding {
  const records = new RecordsKV<TLRecord>(recordsOf(doc) as unknown as Y.Array<unknown>)
  const bgArray = backgroundOf(doc)
  let background = readRecords<TLRecord>(bgArray)
  const invalid = opts.onInvalid ?? ((id: string, problem: string) => console.warn(`tavla: record ${id} left out: ${problem}`))
  const placeholderText = opts.placeholderText ?? 'This item cannot be shown.'
  const readable = (key: string, val: unknown): val is TLRecord =>
    !!val &&
    typeof val === 'object' &&
    (val as { id?: unknown }).id === key &&
    typeof (val as { typeName?: unknown }).typeName === 'string' &&
    Object.hasOwn(store.schema.types, (val as { typeName: string }).typeName)
  const firstPage = (among: Iterable<TLRecord>) => {
    let page: TLRecord | undefined
    for (const r of among) if (r.typeName === 'page' && (!page || (r as { index: string }).index < (page as { index: string }).index)) page = r
    return page?.id ?? 'page:page'
  }
  /**
   * [D8] What the page shows for the entry `key`: its record when tldraw can show it; for a
   * shape it cannot (or a value that is not a record with this id), a placeholder under the
   * same id; for anything else nothing (the record is left out).
   */
  const usable = (key: string, val: unknown, problem: string | undefined, hasParent: (id: string) => boolean, page: () => string): TLRecord | undefined => {
    if (!problem) return val as TLRecord
    invalid(key, problem)
    if (!key.startsWith('shape:')) return undefined
    return placeholderShape(key, val, placeholderText, problem, page(), hasParent)
  }
  const problemOf = (key: string, val: unknown) => (readable(key, val) ? recordProblem(val) : `${key}: this entry's value is not a record with this id`)

  // 1. Load what the doc holds, migrated to this client's schema, before anything listens.
  //    [D3] a key in both arrays is the template layer's: `records` cannot override it.
  const all: Record<string, TLRecord> = {}
  const unreadable = new Map<string, unknown>()
  for (const [id, r] of background) readable(id, r) ? (all[id] = r) : unreadable.set(id, r)
  for (const [id, { val }] of records.map) {
    if (background.has(id)) continue
    readable(id, val) ? (all[id] = val) : unreadable.set(id, val)
  }
  const docSchema = (metaOf(doc).get('schema') as ReturnType<TLStore['schema']['serialize']> | undefined) ?? store.schema.serialize()
  const bad: [string, unknown, string][] = [...unreadable].map(([id, v]) => [id, v, problemOf(id, v)!])
  let migrated = store.schema.migrateStoreSnapshot({ store: all as never, schema: docSchema })
  if (migrated.type === 'error' && store.schema.getMigrationsSince(docSchema).ok) {
    // the migrations exist, so one of them threw on some record (an old board's bad record):
    // migrate one record at a time, and the ones that fail are bad records like the others
    const value: Record<string, TLRecord> = {}
    for (const [id, r] of Object.entries(all)) {
      const one = store.schema.migrateStoreSnapshot({ store: { [id]: r } as never, schema: docSchema })
      if (one.type === 'success') Object.assign(value, one.value)
      else bad.push([id, r, `${id}: tldraw cannot bring this record to its version (${one.reason})`])
    }
    migrated = { type: 'success', value: value as never }
  }
  if (migrated.type === 'error') throw new Error(`the board cannot be read by this version: ${migrated.reason}`)
  const good: TLRecord[] = []
  for (const [id, r] of Object.entries(migrated.value as Record<string, TLRecord>)) {
    const problem = problemOf(id, r)
    problem ? bad.push([id, r, problem]) : good.push(r)
  }
  const goodIds = new Set(good.map((r) => r.id as string))
  const loadPage = () => firstPage(good)
  const loaded = [...good, ...bad.map(([id, v, p]) => usable(id, v, p, (pid) => goodIds.has(pid), loadPage)).filter((r): r is TLRecord => !!r)]
  const loadedIds = new Set(loaded.map((r) => r.id as string))
  store.mergeRemoteChanges(() => {
    const stale = store.allRecords().filter((r) => !NOT_SHARED.has(r.typeName) && !loadedIds.has(r.id))
    if (stale.length) store.remove(stale.map((r) => r.id))
    if (loaded.length) store.put(loaded)
  })
  const inStore = (id: string) => store.has(id as TLRecord['id'])
  const storePage = () => firstPage(store.allRecords())
  const show = (key: string, val: unknown) => usable(key, val, problemOf(key, val), inStore, storePage)

  // The private part, when there is one: its notes show here too, and stay apart.
  const priv = opts.privateDoc ? new RecordsKV<TLRecord>(recordsOf(opts.privateDoc) as unknown as Y.Array<unknown>) : undefined
  if (priv?.map.size) {
    const mine = [...priv.map].map(([key, e]) => show(key, e.val)).filter((r): r is TLRecord => !!r)
    if (mine.length) store.mergeRemoteChanges(() => store.put(mine))
  }

  // 2. Local → doc. A placeholder is never written: the bad entry stays until someone deletes it.
  const put = (r: TLRecord, isNew = false) => {
    if (NOT_SHARED.has(r.typeName) || isPlaceholder(r)) return
    if (priv && (priv.has(r.id) || (isNew && r.typeName === 'shape' && (r as { type?: string }).type === 'note' && opts.isPrivate?.()))) {
      opts.privateDoc!.transact(() => priv.set(r.id, r), LOCAL_ORIGIN)
      return
    }
    if (background.has(r.id)) {
      if (opts.canWriteBackground()) writeRecords(bgArray, [r as unknown as StoredRecord])
      return
    }
    records.set(r.id, r)
  }
  const remove = (id: string) => {
    if (priv?.has(id)) {
      opts.privateDoc!.transact(() => priv.delete(id), LOCAL_ORIGIN)
      return
    }
    if (background.has(id)) {
      if (opts.canWriteBackground()) deleteRecords(bgArray, [id])
      return
    }
    records.delete(id)
  }
  const unlisten = store.listen(
    ({ changes }) => {
      if (!opts.writable()) return
      doc.transact(() => {
        for (const r of Object.values(changes.added)) put(r, true)
        for (const [, r] of Object.values(changes.updated)) put(r)
        for (const r of Object.values(changes.removed)) remove(r.id)
      }, LOCAL_ORIGIN)
    },
    { source: 'user', scope: 'document' },
  )

  // 3. Doc → local, never echoed.
  const merge = (incoming: [string, unknown][], removes: string[]) => {
    const puts = incoming.map(([key, val]) => show(key, val)).filter((r): r is TLRecord => !!r)
    if (!puts.length && !removes.length) return
    try {
      store.mergeRemoteChanges(() => {
        const gone = removes.filter((id) => store.has(id as TLRecord['id']))
        if (gone.length) store.remove(gone as TLRecord['id'][])
        if (puts.length) store.put(puts)
      })
    } catch (err) {
      // A record this client cannot validate (a newer schema): keep going, tell the page.
      opts.onError?.(err)
    }
  }
  const onRecords = (changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: TLRecord }>, tr: Y.Transaction) => {
    if (tr.origin === LOCAL_ORIGIN) return
    const puts: [string, unknown][] = []
    const removes: string[] = []
    changes.forEach((c, id) => {
      if (background.has(id)) return // [D3] the template layer's record stands
      c.action === 'delete' ? removes.push(id) : puts.push([id, c.newValue])
    })
    merge(puts, removes)
  }
  records.on('change', onRecords)
  const onPrivate = (changes: Map<string, { action: 'add' | 'update' | 'delete'; newValue?: TLRecord }>, tr: Y.Transaction) => {
    if (tr.origin === LOCAL_ORIGIN) return
    const puts: [string, unknown][] = []
    const removes: string[] = []
    // At reveal a note leaves the private part and enters the shared one: keep it if it is there.
    changes.forEach((c, id) => (c.action === 'delete' ? !records.has(id) && removes.push(id) : puts.push([id, c.newValue])))
    merge(puts, removes)
  }
  priv?.on('change', onPrivate)
  const onBackground = (_e: unknown, tr: Y.Transaction) => {
    const next = readRecords<TLRecord>(bgArray)
    const prev = background
    background = next
    if (tr.origin === LOCAL_ORIGIN) return
    const puts: [string, unknown][] = []
    for (const [id, r] of next) if (prev.get(id) !== r) puts.push([id, r])
    const removes = [...prev.keys()].filter((id) => !next.has(id))
    merge(puts, removes)
  }
  bgArray.observe(onBackground)

  return {
    destroy() {
      unlisten()
      records.destroy()
      priv?.destroy()
      bgArray.unobserve(onBackground)
    },
  }
}
