// [D11] The author of each note, recorded by the server at the note's first insert, from the
// connection's signed identity (apps/server SPEC [K3], [W15]); nothing on anonymous boards.
import type * as Y from 'yjs'
import { authorsOf, recordsOf, type NoteAuthor } from '@tavla/board'
import { Connection } from './Connection.ts'

/** The transaction origin of the server's author writes. */
export const AUTHOR_ORIGIN = 'server:authors'

interface Seen {
  key: string
  /** The entry this insert replaced in the same transaction (an edit or a move of the note). */
  previous: unknown
}

/**
 * Watches a board part's `records` for shapes a connection inserts, and returns the hook the room
 * calls right after it applied that connection's update: it writes, in a transaction of its own,
 * an `authors` entry for every shape id not yet there. A shape first seen as an edit of an entry
 * the doc already had (a board from before this record) keeps the author that entry carried, so
 * B rewriting A's note never makes B its author.
 */
export function recordAuthors(doc: Y.Doc, anonymous: () => boolean): (conn: Connection) => void {
  let seen: Seen[] = []
  recordsOf(doc).observe((event, tr) => {
    if (!(tr.origin instanceof Connection)) return
    const replaced = new Map<string, unknown>()
    for (const item of event.changes.deleted) {
      for (const e of item.content.getContent() as { key?: unknown; val?: unknown }[]) if (e && typeof e.key === 'string') replaced.set(e.key, e.val)
    }
    for (const item of event.changes.added) {
      for (const e of item.content.getContent() as { key?: unknown }[]) {
        if (e && typeof e.key === 'string' && e.key.startsWith('shape:')) seen.push({ key: e.key, previous: replaced.get(e.key) })
      }
    }
  })
  return (conn) => {
    const list = seen
    seen = []
    if (!list.length || anonymous()) return
    const authors = authorsOf(doc)
    const todo = list.filter((s) => !authors.has(s.key))
    if (!todo.length) return
    const at = Date.now()
    doc.transact(() => {
      for (const { key, previous } of todo) {
        if (authors.has(key)) continue
        const entry = previous === undefined ? fromIdentity(conn, at) : fromRecord(previous, at)
        if (entry) authors.set(key, entry)
      }
    }, AUTHOR_ORIGIN)
  }
}

function fromIdentity(conn: Connection, at: number): NoteAuthor {
  // no identity (an old page): the entry says nobody is known, so no name the note claims counts
  const id = conn.identity
  return id ? { id: id.id, ...(id.name ? { name: id.name } : {}), at } : { at }
}

/** The author an existing note (from before the record) carried; none when it carried none. */
function fromRecord(previous: unknown, at: number): NoteAuthor | undefined {
  const meta = (previous as { meta?: { authorId?: unknown; authorName?: unknown; createdAt?: unknown } } | null)?.meta
  if (!meta || (typeof meta.authorId !== 'string' && typeof meta.authorName !== 'string')) return undefined
  return {
    ...(typeof meta.authorId === 'string' ? { id: meta.authorId.slice(0, 64) } : {}),
    ...(typeof meta.authorName === 'string' ? { name: meta.authorName.slice(0, 100) } : {}),
    at: typeof meta.createdAt === 'number' ? meta.createdAt : at,
  }
}
