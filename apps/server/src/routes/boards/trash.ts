// Issue 12 item 6: the trash of deleted notes ([T2]–[T4]) and restoring a snapshot in place ([H18]).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import {
  BoardRoots,
  commentProblem,
  isNoteId,
  parseCommentKey,
  plainText,
  reactionsOf,
  readCommentAuthor,
  readRecords,
  recordProblem,
  recordsOf,
  THEME_ID,
  themeProblem,
  writeRecords,
  type StoredRecord,
} from '@tavla/board'
import { fromTldrFile, toTldrFile } from '@tavla/export'
import type { BoardRow, BoardStorage, SnapshotInfo, TrashEntry } from '@tavla/storage'
import { HttpError } from '../../errors.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'
import { KeyQuery } from './schemas.ts'

const Person = Type.Object({ id: Type.Optional(Type.String()), name: Type.Optional(Type.String()), role: Type.Optional(Type.String()) })
const TrashEntrySchema = Type.Object({
  noteId: Type.String(),
  text: Type.String(),
  color: Type.Optional(Type.String()),
  author: Type.Optional(Person),
  deletedBy: Type.Optional(Person),
  deletedAt: Type.String(),
  createdAt: Type.Optional(Type.String()),
})
const TrashParams = Type.Object({ id: Type.String({ maxLength: 200 }), noteId: Type.String({ maxLength: 300 }) })
const BoardParams = Type.Object({ id: Type.String({ maxLength: 200 }) })

function entryJson(e: TrashEntry): Static<typeof TrashEntrySchema> {
  const r = e.record as { props?: { richText?: unknown; color?: unknown }; meta?: { createdAt?: unknown } }
  const createdAt = typeof r.meta?.createdAt === 'number' ? new Date(r.meta.createdAt).toISOString() : undefined
  return {
    noteId: e.noteId,
    text: plainText(r.props?.richText),
    ...(typeof r.props?.color === 'string' ? { color: r.props.color } : {}),
    ...(e.author ? { author: e.author } : {}),
    ...(e.deletedBy ? { deletedBy: e.deletedBy } : {}),
    deletedAt: new Date(e.deletedAt).toISOString(),
    ...(createdAt ? { createdAt } : {}),
  }
}

/** The record ids on the live board now (from memory when it is open). */
async function liveIds(rooms: RoomRegistry, boardId: string): Promise<Set<string>> {
  const room = rooms.rooms.get(boardId)
  if (room && !room.destroyed) {
    await room.ready
    return new Set(readRecords(recordsOf(room.doc)).keys())
  }
  const doc = new Y.Doc()
  Y.applyUpdate(doc, await rooms.currentState(boardId))
  const ids = new Set(readRecords(recordsOf(doc)).keys())
  doc.destroy()
  return ids
}

export function trashRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  const { storage, rooms } = deps

  // [T2] newest first; a note that is on the board again (someone undid its deletion) is no
  // longer trash: its entry is left out and dropped
  app.get<{ Params: Static<typeof BoardParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/trash',
    { schema: { params: BoardParams, querystring: KeyQuery, response: { 200: Type.Object({ entries: Type.Array(TrashEntrySchema) }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const [entries, live] = await Promise.all([storage.listTrash(board.id), liveIds(rooms, board.id)])
      const back = entries.filter((e) => live.has(e.noteId))
      for (const e of back) await storage.removeTrash(board.id, e.noteId)
      return { entries: entries.filter((e) => !live.has(e.noteId)).map(entryJson) }
    },
  )

  // [T3] the note back on the board as it left it: same id, author and times
  app.post<{ Params: Static<typeof TrashParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/trash/:noteId/restore',
    { schema: { params: TrashParams, querystring: KeyQuery, response: { 200: Type.Object({ restored: Type.Boolean(), note: TrashEntrySchema }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      if (board.settings.locked) throw new HttpError(409, 'board_locked', 'The board is locked. Unlock it first.')
      const entry = await storage.getTrash(board.id, req.params.noteId)
      if (!entry) throw new HttpError(404, 'trash_not_found', 'This note is not in the trash (it may have been restored already).')
      const record = entry.record as StoredRecord
      const problem = recordProblem(record)
      if (problem) throw new HttpError(409, 'invalid_record', `This note cannot be put back: ${problem}.`)
      const restored = await rooms.withRoom(board.id, '', (room) => {
        // Someone undid the deletion meanwhile: the note is there, nothing to write.
        if (readRecords(recordsOf(room.doc)).has(record.id)) return false
        room.change((d) => writeRecords(recordsOf(d), [record]))
        return true
      })
      await storage.removeTrash(board.id, entry.noteId)
      req.log.info({ boardId: board.id, noteId: entry.noteId, restored }, 'note restored from the trash')
      await audit(storage, req, board.id, 'trash.restore', { noteId: entry.noteId })
      return { restored, note: entryJson(entry) }
    },
  )
}

/**
 * [H18] The themes, memberships, comments and comment authors (board SPEC [D19]–[D23]) a snapshot
 * holds, each root as key → value; entries its own readers would skip (malformed) are left out.
 * A snapshot from before issue 15 has none.
 */
function groupsAndComments(doc: Y.Doc): Map<string, Map<string, unknown>> {
  const entries = (root: string, keep: (key: string, value: unknown) => unknown) => {
    const out = new Map<string, unknown>()
    if (!doc.share.has(root)) return out
    for (const [k, v] of doc.getMap(root).entries()) {
      const kept = keep(k, v)
      if (kept !== undefined) out.set(k, kept)
    }
    return out
  }
  return new Map([
    [BoardRoots.Themes, entries(BoardRoots.Themes, (k, v) => (themeProblem(k, v) ? undefined : v))],
    [BoardRoots.ThemeOf, entries(BoardRoots.ThemeOf, (k, v) => (isNoteId(k) && typeof v === 'string' && THEME_ID.test(v) ? v : undefined))],
    [BoardRoots.Comments, entries(BoardRoots.Comments, (k, v) => (commentProblem(k, v) ? undefined : v))],
    // the server's record as it was, owner tags of an anonymous board included (they are this board's)
    [BoardRoots.CommentAuthors, entries(BoardRoots.CommentAuthors, (k, v) => (parseCommentKey(k) ? readCommentAuthor(v) : undefined))],
  ])
}

/** One value as JSON with its keys sorted, to tell an unchanged entry from a changed one. */
const canonical = (v: unknown): string =>
  JSON.stringify(v, (_k, x) =>
    x && typeof x === 'object' && !Array.isArray(x) ? Object.fromEntries(Object.entries(x as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1))) : x,
  )

/**
 * [H18] Puts a snapshot's notes, reactions, themes and comments back on the live board (same id
 * and links), as one server change: entries the snapshot has unchanged stay as they are, every
 * other entry is deleted and the snapshot's are inserted (records) or set (the maps). These are
 * new Yjs operations, so a page that comes back with an older copy cannot bring deleted items
 * back (SPEC [H18]). An automatic snapshot of the board as it was is taken first ([V3]).
 */
export async function restoreInPlace(
  _storage: BoardStorage,
  rooms: RoomRegistry,
  board: BoardRow,
  snap: { info: SnapshotInfo; state: Uint8Array },
): Promise<{ before: SnapshotInfo; records: number; reactions: number; themes: number; comments: number }> {
  if (board.settings.locked) throw new HttpError(409, 'board_locked', 'The board is locked. Unlock it first.')
  const doc = new Y.Doc()
  Y.applyUpdate(doc, snap.state)
  // Through the tldraw file, as a restore as a new board: migrated to this tldraw, invalid records left out.
  const { records, session } = fromTldrFile(toTldrFile(doc), board.title, { dropInvalid: true })
  // not through the file: that cleans them for a new board (no owner tags); this is the same board
  const maps = groupsAndComments(doc)
  doc.destroy()
  const before = await rooms.history.save(board.id, await rooms.currentState(board.id), 'restore')
  await rooms.withRoom(board.id, '', (room) =>
    room.change((d) => {
      const array = recordsOf(d)
      const want = new Map(records.map((r) => [r.id, JSON.stringify(r)]))
      const kept = new Set<string>()
      const items = array.toArray()
      for (let i = items.length - 1; i >= 0; i--) {
        const e = items[i]!
        if (!kept.has(e?.key) && want.get(e?.key) === JSON.stringify(e?.val)) kept.add(e.key)
        else array.delete(i, 1)
      }
      array.push(records.filter((r) => !kept.has(r.id)).map((r) => ({ key: r.id, val: r })))
      const reactions = reactionsOf(d)
      const wanted = new Set(session.reactions)
      for (const k of [...reactions.keys()]) if (!wanted.has(k)) reactions.delete(k)
      for (const k of wanted) if (!reactions.has(k)) reactions.set(k, true)
      // themes, memberships, comments, who wrote them: the snapshot's, the ones made since gone
      for (const [root, want] of maps) {
        const map = d.getMap(root)
        for (const k of [...map.keys()]) if (!want.has(k)) map.delete(k)
        for (const [k, v] of want) if (!map.has(k) || canonical(map.get(k)) !== canonical(v)) map.set(k, v)
      }
    }),
  )
  return {
    before,
    records: records.length,
    reactions: session.reactions.length,
    themes: maps.get(BoardRoots.Themes)!.size,
    comments: maps.get(BoardRoots.Comments)!.size,
  }
}
