// y-utility's YKeyValue over a `records` array ([D1]: for one key the rightmost `{ key, val }`
// entry wins, writers delete the older ones), made safe for what a board may hold from before the
// server checked: an entry that is not a plain `{ key: string, val }` object (a `null`, a nested
// Y.Map, a binary, an embed of something else) is not an entry. It is never read and never
// deleted here. YKeyValue reads `entry.key` of every item, in its constructor and in its array
// observer, so one such item throws on every page, the page stays blank, and the throw inside
// Yjs' observer breaks the provider's message handling too.
import type * as Y from 'yjs'

export interface KVEntry<T> {
  key: string
  val: T
}
export type KVChange<T> = { action: 'add'; newValue: T } | { action: 'update'; oldValue: T; newValue: T } | { action: 'delete'; oldValue: T }
export type KVListener<T> = (changes: Map<string, KVChange<T>>, tr: Y.Transaction) => void

/** Plain JSON with a string key: what ContentAny/ContentJSON/ContentEmbed decode to. */
export function isEntry(v: unknown): v is KVEntry<unknown> {
  if (!v || typeof v !== 'object') return false
  const proto = Object.getPrototypeOf(v)
  return (proto === Object.prototype || proto === null) && typeof (v as { key?: unknown }).key === 'string'
}

export class RecordsKV<T> {
  /** key → the winning entry (kept by identity, as YKeyValue does). */
  readonly map = new Map<string, KVEntry<T>>()
  readonly #array: Y.Array<unknown>
  readonly #listeners = new Set<KVListener<T>>()
  readonly #observer: (event: Y.YArrayEvent<unknown>, tr: Y.Transaction) => void

  constructor(array: Y.Array<unknown>) {
    this.#array = array
    const doc = array.doc!
    const items = array.toArray()
    doc.transact(() => {
      for (let i = items.length - 1; i >= 0; i--) {
        const v = items[i]
        if (!isEntry(v)) continue
        if (this.map.has(v.key)) array.delete(i, 1)
        else this.map.set(v.key, v as KVEntry<T>)
      }
    })
    this.#observer = (event, tr) => this.#observe(event, tr)
    array.observe(this.#observer)
  }

  #observe(event: Y.YArrayEvent<unknown>, tr: Y.Transaction) {
    const changes = new Map<string, KVChange<T>>()
    event.changes.deleted.forEach((item) => {
      for (const c of item.content.getContent()) {
        if (isEntry(c) && this.map.get(c.key) === c) {
          this.map.delete(c.key)
          changes.set(c.key, { action: 'delete', oldValue: (c as KVEntry<T>).val })
        }
      }
    })
    const added = new Map<string, KVEntry<T>>()
    event.changes.added.forEach((item) => {
      for (const c of item.content.getContent()) if (isEntry(c)) added.set(c.key, c as KVEntry<T>)
    })
    if (added.size > 0) {
      const toRemove = new Set<string>()
      const vals = this.#array.toArray()
      this.#array.doc!.transact(() => {
        // right to left: the rightmost entry of a key wins, older ones of an added key go
        for (let i = vals.length - 1; i >= 0 && (added.size > 0 || toRemove.size > 0); i--) {
          const cur = vals[i]
          if (!isEntry(cur)) continue
          if (toRemove.has(cur.key)) {
            toRemove.delete(cur.key)
            this.#array.delete(i, 1)
          } else if (added.get(cur.key) === cur) {
            const prev = this.map.get(cur.key)
            const val = (cur as KVEntry<T>).val
            if (prev) {
              toRemove.add(cur.key)
              changes.set(cur.key, { action: 'update', oldValue: prev.val, newValue: val })
            } else {
              const del = changes.get(cur.key)
              changes.set(cur.key, del?.action === 'delete' ? { action: 'update', oldValue: del.oldValue, newValue: val } : { action: 'add', newValue: val })
            }
            added.delete(cur.key)
            this.map.set(cur.key, cur as KVEntry<T>)
          } else if (added.has(cur.key)) {
            // an added entry that an older one further right outranks
            toRemove.add(cur.key)
            added.delete(cur.key)
          }
        }
      })
    }
    if (changes.size > 0) for (const l of this.#listeners) l(changes, tr)
  }

  get(key: string): T | undefined {
    return this.map.get(key)?.val
  }
  has(key: string): boolean {
    return this.map.has(key)
  }
  set(key: string, val: T): void {
    this.#array.doc!.transact(() => {
      if (this.map.has(key)) this.delete(key)
      this.#array.push([{ key, val }])
    })
  }
  delete(key: string): void {
    let i = 0
    for (const v of this.#array) {
      if (isEntry(v) && v.key === key) {
        this.#array.delete(i, 1)
        return
      }
      i++
    }
  }
  on(_event: 'change', listener: KVListener<T>): void {
    this.#listeners.add(listener)
  }
  off(_event: 'change', listener: KVListener<T>): void {
    this.#listeners.delete(listener)
  }
  destroy(): void {
    this.#listeners.clear()
    this.#array.unobserve(this.#observer)
  }
}
