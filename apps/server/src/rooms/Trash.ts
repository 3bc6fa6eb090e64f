// The trash (issue 12, item 6; SPEC [T1]–[T5]): notes that leave the shared board are kept in
// storage so the facilitator can put them back. In the YKeyValue layout a move or an edit is a
// delete of the old entry and a push of a new one for the same key in one transaction, and two
// concurrent edits leave a duplicate that a later transaction deletes: so a note is trash only
// when its key is on the board before the transaction and on it nowhere after.
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import { isNote, recordsOf, writeRecords, type KeyValueEntry, type StoredRecord } from '@tavla/board'
import type { BoardStorage, TrashEntry, TrashPerson } from '@tavla/storage'
import { Connection } from './Connection.ts'
import type { History } from './History.ts'
import type { Room } from './Room.ts'

export interface TrashOptions {
  maxTrashPerBoard: number
  bulkDeleteNotes: number
}

export interface TrashDeps {
  storage: BoardStorage
  history: History
  options: TrashOptions
  /** Whether the board is anonymous now ([W9]): then no one is named. */
  anonymous: () => boolean
  log: FastifyBaseLogger
}

/** The server-written author record (issue 12 item 5), when the board has one: noteId → { id, name, at }. */
const AUTHORS = 'authors'

/**
 * The note's original author: the server's record when there is one (even one without a name:
 * then nobody is named, whatever the note's meta claims), else what the note carries (boards from
 * before the record). The same rule as board SPEC [D11].
 */
export function authorOf(doc: Y.Doc, note: StoredRecord): TrashPerson | undefined {
  const recorded = doc.share.has(AUTHORS) ? (doc.getMap(AUTHORS).get(note.id) as { id?: unknown; name?: unknown } | undefined) : undefined
  const from =
    recorded && typeof recorded === 'object'
      ? { id: recorded.id, name: recorded.name }
      : { id: (note.meta as { authorId?: unknown } | undefined)?.authorId, name: (note.meta as { authorName?: unknown } | undefined)?.authorName }
  const id = typeof from.id === 'string' ? from.id : undefined
  const name = typeof from.name === 'string' ? from.name : undefined
  return id || name ? { ...(id ? { id } : {}), ...(name ? { name } : {}) } : undefined
}

function deleterOf(origin: unknown): TrashPerson {
  if (origin instanceof Connection) {
    const { identity, role } = origin
    return { ...(identity?.id ? { id: identity.id } : {}), ...(identity?.name ? { name: identity.name } : {}), role }
  }
  return { role: 'facilitator' } // a server change: a facilitation action or a restore
}

const BULK_WINDOW_MS = 60_000

/** [T1] Watches the shared board's `records` and writes what leaves it to the trash. */
export function watchTrash(room: Room, deps: TrashDeps): void {
  if (room.part) return
  const records = recordsOf(room.doc)
  // [V3] notes removed within the last minute, for the "before the bulk delete" snapshot
  let window: { since: number; removed: Map<string, StoredRecord>; saved: boolean } | undefined

  const observer = (event: Y.YArrayEvent<KeyValueEntry>, tr: Y.Transaction) => {
    // Loading from storage and another process's updates (that process keeps the trash) are not deletions here.
    if (typeof tr.origin === 'symbol' || !event.changes.deleted.size) return
    const removed = new Map<string, StoredRecord>()
    for (const item of event.changes.deleted) {
      for (const entry of item.content.getContent() as KeyValueEntry<StoredRecord>[]) {
        if (entry && typeof entry.key === 'string' && entry.val && typeof entry.val === 'object') removed.set(entry.key, entry.val)
      }
    }
    // Pushed again in the same transaction (a move, an edit): not gone. This is the common case,
    // a drag sends one per frame, so it is settled without reading the whole array.
    for (const item of event.changes.added) {
      for (const entry of item.content.getContent() as KeyValueEntry[]) if (entry && typeof entry.key === 'string') removed.delete(entry.key)
    }
    if (!removed.size) return
    // Still on the board in another entry (a duplicate of concurrent edits cleaned up): not gone.
    for (const entry of records.toArray()) if (entry && removed.has(entry.key)) removed.delete(entry.key)
    if (!removed.size) return

    const now = Date.now()
    const anonymous = deps.anonymous()
    const deletedBy = anonymous ? undefined : deleterOf(tr.origin)
    const trash: TrashEntry[] = []
    for (const [noteId, record] of removed) {
      if (!isNote(record)) continue
      const author = anonymous ? undefined : authorOf(room.doc, record)
      trash.push({
        boardId: room.boardId,
        noteId,
        deletedAt: now,
        record: record as Record<string, unknown>,
        ...(author ? { author } : {}),
        ...(deletedBy ? { deletedBy } : {}),
      })
    }
    if (trash.length) {
      deps.storage
        .addTrash(trash, deps.options.maxTrashPerBoard)
        .catch((err) => deps.log.error({ err, boardId: room.boardId, notes: trash.length }, 'could not write deleted notes to the trash'))
    }

    // A server change that removes many (a restore in place) saved the board before it already.
    if (!(tr.origin instanceof Connection)) return
    if (!window || now - window.since > BULK_WINDOW_MS) window = { since: now, removed: new Map(), saved: false }
    for (const [k, v] of removed) window.removed.set(k, v)
    let notes = 0
    for (const r of window.removed.values()) if (isNote(r)) notes++
    if (!window.saved && notes >= deps.options.bulkDeleteNotes) {
      window.saved = true
      void deps.history.trySave(room.boardId, stateBefore(room.doc, [...window.removed.values()]), 'bulk-delete')
    }
  }
  records.observe(observer)
  room.doc.once('destroy', () => records.unobserve(observer))
}

/**
 * [V3] The board as it was before a bulk delete: Yjs keeps no old states (gc), so the snapshot is
 * the state after with the removed records written back, in a scratch copy.
 */
function stateBefore(doc: Y.Doc, removed: StoredRecord[]): Uint8Array {
  const copy = new Y.Doc()
  Y.applyUpdate(copy, Y.encodeStateAsUpdate(doc))
  const present = new Set(
    recordsOf(copy)
      .toArray()
      .map((e) => e.key),
  )
  writeRecords(
    recordsOf(copy),
    removed.filter((r) => !present.has(r.id)),
  )
  const state = Y.encodeStateAsUpdate(copy)
  copy.destroy()
  return state
}
