// Which parts of the board an incoming Yjs update touches, decided before it is applied.
//
// A decoded update is a list of structs (new items) and a delete set (ranges of existing items).
// Every item belongs to one root type of the doc (packages/board SPEC "Root types"): a new item
// names its parent (a root name, or the id of the nested type's item) only when it has no
// neighbours; otherwise it inherits parent and map key from its left (origin) or right neighbour,
// which we look up in the doc or in the same update. Deleted ranges are looked up in the doc.
import * as Y from 'yjs'

export interface Touch {
  root: string
  /** The map key at the top level (Y.Map roots), or null for arrays. */
  key: string | null
  kind: 'insert' | 'delete'
  /** The JSON values an insert carries (ContentAny), for content rules. */
  values: unknown[]
}

type AnyItem = Y.Item & { parent: unknown; parentSub: string | null; origin: Y.ID | null; rightOrigin: Y.ID | null }

export class UnverifiableUpdateError extends Error {}

export function touches(doc: Y.Doc, update: Uint8Array): Touch[] {
  const { structs, ds } = Y.decodeUpdate(update)
  const byClient = new Map<number, AnyItem[]>()
  for (const s of structs) {
    if (!(s instanceof Y.Item)) continue
    const list = byClient.get(s.id.client) ?? []
    list.push(s as AnyItem)
    byClient.set(s.id.client, list)
  }
  const rootNames = new Map<unknown, string>()
  for (const [name, type] of doc.share) rootNames.set(type, name)

  const find = (id: Y.ID): AnyItem | undefined => {
    const own = byClient.get(id.client)?.find((s) => s.id.clock <= id.clock && id.clock < s.id.clock + s.length)
    if (own) return own
    const structsOfClient = doc.store.clients.get(id.client)
    if (!structsOfClient) return undefined
    const last = structsOfClient[structsOfClient.length - 1]!
    if (id.clock >= last.id.clock + last.length) return undefined
    const s = structsOfClient[Y.findIndexSS(structsOfClient, id.clock)]
    return s instanceof Y.Item ? (s as AnyItem) : undefined
  }

  const rootOf = (item: AnyItem, depth = 0): { root: string; key: string | null } => {
    if (depth > 10_000) throw new UnverifiableUpdateError('item chain too long')
    const p = item.parent
    if (typeof p === 'string') return { root: p, key: item.parentSub }
    if (p instanceof Y.ID) {
      const parentItem = find(p)
      if (!parentItem) throw new UnverifiableUpdateError('parent item unknown')
      return rootOf(parentItem, depth + 1)
    }
    if (p && typeof p === 'object') {
      // an integrated item: its parent is a type, either a root or nested in another item
      const name = rootNames.get(p)
      if (name !== undefined) return { root: name, key: item.parentSub }
      const typeItem = (p as { _item: AnyItem | null })._item
      if (typeItem) return rootOf(typeItem, depth + 1)
      throw new UnverifiableUpdateError('detached type')
    }
    const ref = item.origin ?? item.rightOrigin
    const neighbour = ref && find(ref)
    if (!neighbour) throw new UnverifiableUpdateError('neighbour item unknown')
    return rootOf(neighbour, depth + 1)
  }

  const out: Touch[] = []
  for (const [client, list] of byClient) {
    const known = Y.getState(doc.store, client)
    for (const item of list) {
      if (item.id.clock + item.length <= known) continue // already in the doc: applying it changes nothing
      const { root, key } = rootOf(item)
      const content = item.content as unknown as { arr?: unknown[] }
      out.push({ root, key, kind: 'insert', values: Array.isArray(content.arr) ? content.arr : [] })
    }
  }
  for (const [client, ranges] of ds.clients) {
    const structsOfClient = doc.store.clients.get(client)
    for (const { clock, len } of ranges) {
      if (!structsOfClient) {
        // deleting items of this very update (or unknown ones): attribute through the update
        const own = byClient.get(client)?.filter((s) => s.id.clock < clock + len && clock < s.id.clock + s.length) ?? []
        for (const s of own) out.push({ ...rootOf(s), kind: 'delete', values: [] })
        continue
      }
      const last = structsOfClient[structsOfClient.length - 1]!
      const end = Math.min(clock + len, last.id.clock + last.length)
      if (clock >= end) continue
      for (let i = Y.findIndexSS(structsOfClient, clock); i < structsOfClient.length; i++) {
        const s = structsOfClient[i]!
        if (s.id.clock >= end) break
        if (s instanceof Y.Item && !s.deleted) out.push({ ...rootOf(s as AnyItem), kind: 'delete', values: [] })
      }
    }
  }
  return out
}
