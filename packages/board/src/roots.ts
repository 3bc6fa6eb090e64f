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

/**
 * Writes the changed keys of a state object into a map of one plain value per key, in one
 * transaction (a key whose value is undefined is deleted); the other keys stay as they are.
 */
export function writeKeys<S extends object>(map: Y.Map<unknown>, state: S, changed: readonly (keyof S & string)[]): void {
  const write = () => {
    for (const key of new Set(changed)) {
      const value = state[key]
      if (value === undefined) map.delete(key)
      else map.set(key, value)
    }
  }
  if (map.doc) map.doc.transact(write)
  else write()
}
