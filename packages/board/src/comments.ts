// Comments on notes (issue 15), SPEC [D22]–[D23]. Two roots of the board Y.Doc: `comments`
// (Y.Map `<noteId>|<commentId>` → `{ text, at }`, written by the pages) and `commentAuthors`
// (Y.Map, same keys → who wrote it, written only by the server, as `authors` is for notes [D11]).
// One key per comment, so comments written at once never overwrite each other; the key names the
// note, so a note's thread is found without a second lookup and survives the note's deletion for
// a restore from the trash. The author lives apart from the text, so nothing a page writes can
// name anyone.
import type * as Y from 'yjs'
import { isNoteId, NOTE_ID_MAX } from './themes.ts'
import { BoardRoots } from './roots.ts'

/** [D22] What a page writes: the text and when (ms). */
export interface CommentValue {
  text: string
  at: number
}

/**
 * [D23] Who wrote a comment, as the server recorded it from the connection's identity: `id` and
 * `name` on a named board; on an anonymous board only `owner`, an opaque tag the server derives
 * from the identity and the comment's key (it tells the server whether a connection wrote it, and
 * no one which comments share a writer). Neither: the writer had no identity.
 */
export interface CommentAuthor {
  id?: string
  name?: string
  /** The writer's organisation, when they gave one ([D11]). */
  org?: string
  owner?: string
  at: number
}

/** A comment as readers see it. */
export interface NoteComment {
  key: string
  noteId: string
  commentId: string
  text: string
  at: number
  /** The identity's id (named boards only). */
  authorId?: string
  authorName?: string
}

export const COMMENT_TEXT_MAX = 500
export const COMMENT_ID = /^[A-Za-z0-9_-]{8,64}$/

export function commentsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.Comments)
}
export function commentAuthorsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.CommentAuthors)
}

export const commentKey = (noteId: string, commentId: string): string => `${noteId}|${commentId}`

/** The parts of a comment key, or undefined when it is not one. */
export function parseCommentKey(key: string): { noteId: string; commentId: string } | undefined {
  const i = key.lastIndexOf('|')
  if (i < 0 || key.length > NOTE_ID_MAX + 65) return undefined
  const noteId = key.slice(0, i)
  const commentId = key.slice(i + 1)
  return isNoteId(noteId) && COMMENT_ID.test(commentId) ? { noteId, commentId } : undefined
}

/** [D22] Why this `comments` entry is not a comment (a short Swedish sentence), or undefined. Exactly `{ text, at }`. */
export function commentProblem(key: string, value: unknown): string | undefined {
  if (!parseCommentKey(key)) return 'en kommentar ska ha nyckeln "<lappens id>|<kommentarens id>"'
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'en kommentar ska vara { text, at }'
  const v = value as Record<string, unknown>
  for (const k of Object.keys(v)) if (k !== 'text' && k !== 'at') return 'en kommentar är bara { text, at }: servern skriver vem som skrev den'
  if (typeof v.text !== 'string' || v.text.trim() === '' || v.text.length > COMMENT_TEXT_MAX) return 'en kommentar ska vara 1–500 tecken'
  if (typeof v.at !== 'number' || !Number.isFinite(v.at)) return 'en kommentar ska ha at (ms)'
  return undefined
}

/** [D23] The recorded author of a comment key, read defensively (undefined: none recorded). */
export function readCommentAuthor(v: unknown): CommentAuthor | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  const { id, name, org, owner, at } = v as Record<string, unknown>
  if (typeof at !== 'number' || !Number.isFinite(at)) return undefined
  return {
    ...(typeof id === 'string' ? { id } : {}),
    ...(typeof name === 'string' ? { name } : {}),
    ...(typeof org === 'string' ? { org } : {}),
    ...(typeof owner === 'string' ? { owner } : {}),
    at,
  }
}

/**
 * [D22] Every well-formed comment by note id, each thread oldest first (then by id); malformed
 * entries are left out. With `notes`, only threads of notes that exist.
 */
export function commentsByNote(doc: Y.Doc, notes?: ReadonlySet<string>): Map<string, NoteComment[]> {
  const authors = doc.share.has(BoardRoots.CommentAuthors) ? commentAuthorsOf(doc) : undefined
  const out = new Map<string, NoteComment[]>()
  for (const [key, value] of commentsOf(doc).entries()) {
    if (commentProblem(key, value)) continue
    const { noteId, commentId } = parseCommentKey(key)!
    if (notes && !notes.has(noteId)) continue
    const { text, at } = value as CommentValue
    const author = readCommentAuthor(authors?.get(key))
    const c: NoteComment = {
      key,
      noteId,
      commentId,
      text,
      at,
      ...(author?.id ? { authorId: author.id } : {}),
      ...(author?.name ? { authorName: author.name } : {}),
    }
    const list = out.get(noteId)
    if (list) list.push(c)
    else out.set(noteId, [c])
  }
  for (const list of out.values()) list.sort((a, b) => a.at - b.at || (a.commentId < b.commentId ? -1 : a.commentId > b.commentId ? 1 : 0))
  return out
}

/** A new comment under a note; `commentId` is the caller's random id (`COMMENT_ID`). Throws on text the format does not allow. */
export function addComment(doc: Y.Doc, noteId: string, commentId: string, text: string, now: number): string {
  const key = commentKey(noteId, commentId)
  const value: CommentValue = { text: text.trim(), at: now }
  const problem = commentProblem(key, value)
  if (problem) throw new Error(problem)
  commentsOf(doc).set(key, value)
  return key
}

/** Takes a comment away (the server lets a participant take only their own, apps/server SPEC [W17]). */
export function deleteComment(doc: Y.Doc, key: string): void {
  commentsOf(doc).delete(key)
}

/** Whether this identity may take the comment away as a participant: the server's record names it ([D23], named boards). */
export function isOwnComment(doc: Y.Doc, key: string, identityId: string | undefined): boolean {
  if (!identityId) return false
  return readCommentAuthor(commentAuthorsOf(doc).get(key))?.id === identityId
}
