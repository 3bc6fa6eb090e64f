// [D11] The author of each note, recorded by the server at the note's first insert, from the
// connection's signed identity (apps/server SPEC [K3], [W15]); nothing on anonymous boards.
import type * as Y from 'yjs'
import { authorsOf, commentAuthorsOf, commentsOf, recordsOf, type CommentAuthor, type NoteAuthor } from '@tavla/board'
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
export function recordAuthors(doc: Y.Doc, anonymous: () => boolean, commentOwner?: (identityId: string, key: string) => string): (conn: Connection) => void {
  let seen: Seen[] = []
  // [D23] comment keys a connection set: their author is recorded as a note's is
  let commented: string[] = []
  if (doc.share.has('comments'))
    commentsOf(doc).observe((event, tr) => {
      if (!(tr.origin instanceof Connection)) return
      for (const [key, change] of event.changes.keys) if (change.action !== 'delete') commented.push(key)
    })
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
    if (commented.length) {
      const keys = commented
      commented = []
      recordCommentAuthors(doc, keys, conn, anonymous(), commentOwner)
    }
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
  return id ? { id: id.id, ...(id.name ? { name: id.name } : {}), ...(id.org ? { org: id.org } : {}), at } : { at }
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

/**
 * [D23] Who wrote each new comment, once per key, in a transaction of its own: the identity's id,
 * name and organisation on a named board, an unlinkable owner tag on an anonymous one, nobody without identity.
 */
function recordCommentAuthors(doc: Y.Doc, keys: string[], conn: Connection, anonymous: boolean, commentOwner?: (identityId: string, key: string) => string) {
  const authors = commentAuthorsOf(doc)
  const comments = commentsOf(doc)
  const todo = keys.filter((k) => !authors.has(k) && comments.has(k))
  if (!todo.length) return
  const at = Date.now()
  const id = conn.identity
  doc.transact(() => {
    for (const key of todo) {
      if (authors.has(key)) continue
      let entry: CommentAuthor
      if (!id) entry = { at }
      else if (anonymous) entry = commentOwner ? { owner: commentOwner(id.id, key), at } : { at }
      else entry = { id: id.id, ...(id.name ? { name: id.name } : {}), ...(id.org ? { org: id.org } : {}), at }
      authors.set(key, entry)
    }
  }, AUTHOR_ORIGIN)
}
