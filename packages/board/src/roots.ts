import type * as Y from 'yjs'

/** Root type names of the board Y.Doc (SPEC.md, "Root types"). */
export const BoardRoots = {
  Meta: 'meta',
  Background: 'background',
  Records: 'records',
  Facilitation: 'facilitation',
  Reactions: 'reactions',
  /** [D11] noteId → the author the server recorded; only the server writes it. */
  Authors: 'authors',
  /** [D19] themeId → Theme (affinity grouping). */
  Themes: 'themes',
  /** [D20] noteId → themeId: the one theme a note is in. */
  ThemeOf: 'themeOf',
  /** [D22] `<noteId>|<commentId>` → `{ text, at }`: comments under notes. */
  Comments: 'comments',
  /** [D23] comment key → who wrote it, recorded by the server; only the server writes it. */
  CommentAuthors: 'commentAuthors',
} as const

export const BOARD_FORMAT_VERSION = 1

/** One entry of a YKeyValue array: a tldraw record id and the whole record. */
export interface KeyValueEntry<T = unknown> {
  key: string
  val: T
}

export function metaOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.Meta)
}
export function backgroundOf(doc: Y.Doc): Y.Array<KeyValueEntry> {
  return doc.getArray(BoardRoots.Background)
}
export function recordsOf(doc: Y.Doc): Y.Array<KeyValueEntry> {
  return doc.getArray(BoardRoots.Records)
}
export function facilitationOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.Facilitation)
}
