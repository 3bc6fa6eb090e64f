import type * as Y from 'yjs'
import { BoardRoots } from './roots.ts'

/**
 * [D11] Who wrote a note, as the server recorded it at the note's first insert (from the
 * connection's signed identity, apps/server SPEC [K3]); no name on anonymous boards. Only the
 * server writes this root.
 */
export interface NoteAuthor {
  /** The identity's id; absent when the writer had none (the entry then says: nobody known). */
  id?: string
  name?: string
  /** The organisation the writer gave when joining (optional), as their identity carried it. */
  org?: string
  /** When the server first saw the note (ms). */
  at: number
}

export function authorsOf(doc: Y.Doc): Y.Map<NoteAuthor> {
  return doc.getMap(BoardRoots.Authors)
}

/**
 * [D11] A note's author: the server's record when there is one (even one without a name: then
 * nobody is named, whatever the note's meta claims), else the note's own `meta.authorId` /
 * `meta.authorName` (boards from before the record).
 */
export function authorOf(
  doc: Y.Doc | undefined,
  note: { id: string; meta?: { authorId?: unknown; authorName?: unknown } },
): { authorId?: string; authorName?: string } {
  const recorded = doc?.share.has(BoardRoots.Authors) ? authorsOf(doc).get(note.id) : undefined
  if (recorded && typeof recorded === 'object') {
    return {
      ...(typeof recorded.id === 'string' ? { authorId: recorded.id } : {}),
      ...(typeof recorded.name === 'string' ? { authorName: recorded.name } : {}),
    }
  }
  const meta = note.meta ?? {}
  return {
    ...(typeof meta.authorId === 'string' ? { authorId: meta.authorId } : {}),
    ...(typeof meta.authorName === 'string' ? { authorName: meta.authorName } : {}),
  }
}
