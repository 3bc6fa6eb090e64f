import type * as Y from 'yjs'
import type { KeyValueEntry } from './roots.ts'

/** A tldraw record as stored in the doc: plain JSON with an id and a typeName. */
export interface StoredRecord {
  id: string
  typeName: string
  [field: string]: unknown
}

/**
 * [D1] Reads a YKeyValue array without writing to it: for each key the rightmost entry wins.
 * Servers use this instead of YKeyValue, whose constructor may delete duplicate entries.
 */
export function readRecords<T = StoredRecord>(array: Y.Array<KeyValueEntry>): Map<string, T> {
  const out = new Map<string, T>()
  const items = array.toArray()
  for (let i = items.length - 1; i >= 0; i--) {
    const entry = items[i]
    if (entry && typeof entry === 'object' && typeof entry.key === 'string' && !out.has(entry.key)) {
      out.set(entry.key, entry.val as T)
    }
  }
  return out
}

// An old board may hold items that are not entries (a null, a nested type): they have no key.
const keyOf = (item: unknown): string | undefined =>
  item && typeof item === 'object' && typeof (item as { key?: unknown }).key === 'string' ? (item as { key: string }).key : undefined

/** Appends records to a YKeyValue array and removes older entries of the same keys, in one transaction. */
export function writeRecords(array: Y.Array<KeyValueEntry>, records: readonly StoredRecord[]): void {
  const doc = array.doc
  const apply = () => {
    const ids = new Set(records.map((r) => r.id))
    const items = array.toArray()
    for (let i = items.length - 1; i >= 0; i--) {
      if (ids.has(keyOf(items[i]) as string)) array.delete(i, 1)
    }
    array.push(records.map((r) => ({ key: r.id, val: r })))
  }
  if (doc) doc.transact(apply)
  else apply()
}

/** Removes every entry of the given keys. */
export function deleteRecords(array: Y.Array<KeyValueEntry>, ids: Iterable<string>): void {
  const drop = new Set(ids)
  const apply = () => {
    const items = array.toArray()
    for (let i = items.length - 1; i >= 0; i--) {
      if (drop.has(keyOf(items[i]) as string)) array.delete(i, 1)
    }
  }
  if (array.doc) array.doc.transact(apply)
  else apply()
}
