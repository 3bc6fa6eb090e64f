// What an incoming Yjs update would do to the room's document, decided before it is applied
// (apps/server SPEC [W9], [W14]).
//
// A v1 update is a list of structs per client (Item, GC, Skip) and a delete set. Yjs integrates a
// new Item next to its neighbours: when the item names an `origin` (left) or `rightOrigin`, its
// parent and map key are *not* in the update; Yjs copies them from the neighbour it finds in its
// own store at integration time. The guard therefore never believes what an update says about
// items the server holds: every id below the server's state for its client is looked up in the
// server's document, whose items carry the parent Yjs itself computed when it integrated them;
// only ids the server does not hold are looked up earlier in the same update, which is exactly
// where Yjs would find them. The rules mirror Item.getMissing / Item.integrate and
// readAndApplyDeleteSet of yjs 13.6:
//   - the part of a struct the server has is skipped; a struct that starts inside what the server
//     has is integrated from its unknown tail, to the right of the server's item at the clock
//     before it, so that item's parent must be the one the struct resolves to;
//   - a neighbour that is a GC struct would make the item a GC struct: refused, as is a GC or
//     Skip struct over clocks the server lacks (it would swallow later items), so no client can
//     put a GC struct into a board at all;
//   - an update whose structs or deletes would wait for something the server does not have
//     (Yjs keeps them "pending" and integrates them later, into whatever arrives then) is refused,
//     as is anything that makes Yjs throw half-way (a reference to a clock not yet written).
// Each struct is resolved once (an explicit stack, memoised), each reference with one binary
// search: the cost is linear in the update (times log of the document), plus the items a delete
// range covers, which Yjs would visit anyway.
import * as Y from 'yjs'

/** What an item inserts: the root it lands in, the top-level map key, its content. */
export interface Insert {
  root: string
  /** The map key at the top level (Y.Map roots), or null for arrays. */
  key: string | null
  /** Yjs content class: 'any', 'json', 'deleted', 'string', 'embed', 'format', 'type', 'binary', 'doc'. */
  content: ContentKind
  /** The values of JSON content (ContentAny, ContentJSON), only the part the server lacks. */
  values: unknown[]
}

export interface Removal {
  root: string
  key: string | null
  /** The JSON values of the server's item that the delete removes (its part in the range); absent for the update's own new structs. */
  values?: unknown[]
}

export type ContentKind = 'any' | 'json' | 'deleted' | 'string' | 'embed' | 'format' | 'type' | 'binary' | 'doc'

export interface Inspection {
  inserts: Insert[]
  /** Live items the delete set removes (items already deleted are not listed). */
  deletes: Removal[]
  /** Clients that get new clocks (items or GC structs), with the first new clock. */
  clients: Map<number, number>
  /** Whether applying the update changes the document at all. */
  changes: boolean
}

/** The update is not one the server can apply soundly. */
export class UnsoundUpdateError extends Error {}
/**
 * The update needs changes the server does not have yet. An honest page sends such an update
 * when it edits while its reconnect sync is still on the way; the room holds it aside until
 * the rest arrives ([W14]), instead of letting Yjs keep it pending in the document.
 */
export class MissingChangesError extends UnsoundUpdateError {
  /** The Yjs client whose clocks are missing. */
  readonly client: number
  constructor(client: number, message: string) {
    super(message)
    this.client = client
  }
}
/** The update writes into a root type the board does not have (Yjs would create it). */
export class UnknownRootError extends UnsoundUpdateError {}

/** Clocks beyond this are refused: no honest client gets near it, and it keeps arithmetic exact. */
const MAX_CLOCK = 2 ** 31

type Struct = Y.Item | Y.GC | Y.Skip
// biome-ignore lint/suspicious/noExplicitAny: Yjs's own parent type is AbstractType<any>
type Parent = Y.AbstractType<any>
/** Where a struct ends up: a GC struct (null) or an item in this parent under this map key. */
type Place = { parent: Parent; sub: string | null } | null

interface NewStruct {
  s: Struct
  /** The first clock the server lacks (s.id.clock + offset). */
  from: number
  /** Index of this client's previous new struct in `news`, or -1. */
  prev: number
  place?: Place
}

const CONTENT: [unknown, ContentKind][] = [
  [Y.ContentAny, 'any'],
  [Y.ContentJSON, 'json'],
  [Y.ContentDeleted, 'deleted'],
  [Y.ContentString, 'string'],
  [Y.ContentEmbed, 'embed'],
  [Y.ContentFormat, 'format'],
  [Y.ContentType, 'type'],
  [Y.ContentBinary, 'binary'],
  [Y.ContentDoc, 'doc'],
]
const contentKind = (c: unknown): ContentKind => {
  for (const [cls, kind] of CONTENT) if ((c as object).constructor === cls) return kind
  throw new UnsoundUpdateError('unknown content')
}

/** [L13] Yjs integrates each struct on its own, and some shapes cost it far more than linear time. */
export class TooManyStructsError extends Error {}

export function inspectUpdate(doc: Y.Doc, update: Uint8Array, maxStructs = Infinity): Inspection {
  const { structs, ds } = Y.decodeUpdate(update) as { structs: Struct[]; ds: { clients: Map<number, { clock: number; len: number }[]> } }
  if (structs.length > maxStructs) throw new TooManyStructsError(`an update of ${structs.length} structs (at most ${maxStructs})`)
  const store = doc.store
  const docState = (client: number) => Y.getState(store, client)

  // ---- the structs the server lacks, per client, in clock order ----
  const news: NewStruct[] = []
  /** client → indices into `news`, ascending clocks */
  const newsOf = new Map<number, number[]>()
  /** client → the clock after the last struct of the update (for the delete set) */
  const reach = new Map<number, number>()
  const known: Y.Item[] = []
  const lastEnd = new Map<number, number>()
  for (const s of structs) {
    const client = s.id.client
    const start = s.id.clock
    const end = start + s.length
    if (!(s.length > 0) || end > MAX_CLOCK) throw new UnsoundUpdateError('a struct with an impossible clock range')
    const prevEnd = lastEnd.get(client)
    if (prevEnd !== undefined && start < prevEnd) throw new UnsoundUpdateError('structs of one client overlap or are out of order')
    lastEnd.set(client, end)
    const have = Math.max(docState(client), prevEnd ?? 0)
    if (start > have) throw new MissingChangesError(client, `depends on changes the server does not have (client ${client} from clock ${have})`)
    reach.set(client, end)
    if (end <= docState(client)) {
      if (s instanceof Y.Item) known.push(s)
      // Yjs creates the root a struct names while decoding, even one it then skips
      if (s instanceof Y.Item && typeof s.parent === 'string' && !doc.share.has(s.parent))
        throw new UnknownRootError(`there is no part "${s.parent}" on this board`)
      continue
    }
    if (s instanceof Y.Skip) throw new UnsoundUpdateError('a skip over clocks the server does not have')
    // A GC struct claims clocks without content: the server would then skip the real items a
    // client writes there later. Boards have no nested types, so no honest client sends one.
    if (s instanceof Y.GC) throw new UnsoundUpdateError('a GC struct over clocks the server does not have')
    const list = newsOf.get(client) ?? []
    news.push({ s, from: Math.max(start, docState(client)), prev: list.length ? list[list.length - 1]! : -1 })
    list.push(news.length - 1)
    newsOf.set(client, list)
  }

  /** The new struct of the update that holds `id`, or -1. */
  const newAt = (id: Y.ID): number => {
    const list = newsOf.get(id.client)
    if (!list) return -1
    let lo = 0
    let hi = list.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >> 1
      const n = news[list[mid]!]!
      if (id.clock < n.from) hi = mid - 1
      else if (id.clock >= n.s.id.clock + n.s.length) lo = mid + 1
      else return list[mid]!
    }
    return -1
  }
  const docStruct = (id: Y.ID): Y.Item | Y.GC => {
    const list = store.clients.get(id.client)!
    return list[Y.findIndexSS(list, id.clock)] as Y.Item | Y.GC
  }

  /**
   * A reference (origin, right origin, parent id) of `s`: the server's struct when it holds the
   * id, else the index of the new struct that holds it. Yjs would leave the struct pending (or
   * throw) otherwise, and so the update is refused.
   */
  const ref = (s: Struct, id: Y.ID): Y.Item | Y.GC | number => {
    if (id.clock < docState(id.client)) return docStruct(id)
    const i = newAt(id)
    if (i < 0) throw new MissingChangesError(id.client, `depends on changes the server does not have (${id.client}:${id.clock})`)
    if (id.client === s.id.client && id.clock >= s.id.clock) throw new UnsoundUpdateError('a struct refers to its own future')
    return i
  }
  const refsOf = (s: Struct): Y.ID[] => {
    if (!(s instanceof Y.Item)) return []
    const out: Y.ID[] = []
    if (s.origin) out.push(s.origin)
    if (s.rightOrigin) out.push(s.rightOrigin)
    if (s.parent instanceof Y.ID) out.push(s.parent)
    return out
  }
  // known structs are not integrated, but Yjs still looks up what they refer to
  for (const s of known) for (const id of refsOf(s)) ref(s, id)

  /** Where the struct or reference target ends up (after its own resolution, for new ones). */
  const placeOf = (target: Y.Item | Y.GC | number): Place | 'gc' => {
    if (typeof target === 'number') {
      const n = news[target]!
      return n.s instanceof Y.GC || n.place === null ? 'gc' : n.place!
    }
    if (target instanceof Y.GC) return 'gc'
    return { parent: target.parent as Parent, sub: target.parentSub }
  }

  const resolve = (n: NewStruct): Place => {
    const s = n.s
    if (!(s instanceof Y.Item)) return null
    let left: Place | 'gc' | undefined
    let right: Place | 'gc' | undefined
    if (s.origin) left = placeOf(ref(s, s.origin))
    if (s.rightOrigin) right = placeOf(ref(s, s.rightOrigin))
    let place: Place
    // Yjs would turn the item into a GC struct, and its bookkeeping then goes astray (the fuzz
    // suite found updates left pending that way); boards have no GC structs a client could honestly point at
    if (left === 'gc' || right === 'gc') throw new UnsoundUpdateError('an item next to one that is gone')
    else if (s.origin || s.rightOrigin) place = left ?? right ?? null
    else if (typeof s.parent === 'string') {
      const root = doc.share.get(s.parent)
      if (!root) throw new UnknownRootError(`there is no part "${s.parent}" on this board`)
      place = { parent: root, sub: s.parentSub }
    } else if (s.parent instanceof Y.ID) {
      const target = ref(s, s.parent)
      if (typeof target === 'number') throw new UnsoundUpdateError('nested types are not part of a board')
      if (!(target instanceof Y.Item && target.content instanceof Y.ContentType)) throw new UnsoundUpdateError('a parent that is not a type')
      place = { parent: target.content.type as Parent, sub: s.parentSub }
    } else throw new UnsoundUpdateError('an item without a place')
    if (place && n.from > s.id.clock) {
      // integrated from its unknown tail, right of the server's item at the clock before
      const before = docStruct(Y.createID(s.id.client, n.from - 1))
      if (!(before instanceof Y.Item) || before.parent !== place.parent || before.parentSub !== place.sub) {
        throw new UnsoundUpdateError('a struct that overlaps what the server has does not continue it')
      }
    }
    return place
  }

  // ---- resolve every new struct once: an explicit stack over its dependencies ----
  // A struct depends on the new structs its references point into and on its client's previous
  // new struct (Yjs integrates a client's structs in clock order); a cycle would stay pending.
  const stateOf = new Uint8Array(news.length) // 0 new, 1 on the stack, 2 resolved
  const depsOf = (i: number): number[] => {
    const n = news[i]!
    const out: number[] = n.prev >= 0 ? [n.prev] : []
    for (const id of refsOf(n.s)) {
      const t = ref(n.s, id)
      if (typeof t === 'number') out.push(t)
    }
    return out
  }
  for (let i = 0; i < news.length; i++) {
    if (stateOf[i] === 2) continue
    const stack = [i]
    while (stack.length) {
      const top = stack[stack.length - 1]!
      stateOf[top] = 1
      const next = depsOf(top).find((d) => stateOf[d] !== 2)
      if (next !== undefined) {
        if (stateOf[next] === 1) throw new UnsoundUpdateError('structs that depend on each other in a cycle')
        stack.push(next)
        continue
      }
      news[top]!.place = resolve(news[top]!)
      stateOf[top] = 2
      stack.pop()
    }
  }

  // ---- roots ----
  const rootNames = new Map<unknown, string>()
  for (const [name, type] of doc.share) rootNames.set(type, name)
  const rootOf = (place: { parent: Parent; sub: string | null }): Removal => {
    let type = place.parent
    let sub = place.sub
    for (let depth = 0; type._item; depth++) {
      if (depth > 64) throw new UnsoundUpdateError('nesting too deep')
      sub = type._item.parentSub
      type = type._item.parent as Parent
    }
    const root = rootNames.get(type)
    if (root === undefined) throw new UnsoundUpdateError('an item outside the board')
    return { root, key: sub }
  }

  const inserts: Insert[] = []
  const clients = new Map<number, number>()
  for (const n of news) {
    const c = n.s.id.client
    if (!clients.has(c)) clients.set(c, n.from)
    if (!n.place || !(n.s instanceof Y.Item)) continue
    const content = contentKind(n.s.content)
    const arr = (n.s.content as { arr?: unknown[] }).arr
    const values = (content === 'any' || content === 'json') && arr ? arr.slice(n.from - n.s.id.clock) : []
    inserts.push({ ...rootOf(n.place), content, values })
  }

  // ---- the delete set: ranges over what the server has, or over this update's new structs ----
  const deletes: Removal[] = []
  for (const [client, ranges] of ds.clients) {
    const have = docState(client)
    const upto = Math.max(have, reach.get(client) ?? 0)
    const list = store.clients.get(client)
    for (const { clock, len } of ranges) {
      const end = clock + len
      if (!(len > 0)) throw new UnsoundUpdateError('an empty delete range')
      if (end > upto) throw new MissingChangesError(client, `deletes what the server does not have (client ${client} to clock ${end})`)
      if (clock < have && list) {
        const stop = Math.min(end, have)
        for (let i = Y.findIndexSS(list, clock); i < list.length; i++) {
          const s = list[i]!
          if (s.id.clock >= stop) break
          if (s instanceof Y.Item && !s.deleted) {
            const arr = (s.content as { arr?: unknown[] }).arr
            const values = arr ? arr.slice(Math.max(0, clock - s.id.clock), Math.min(s.length, stop - s.id.clock)) : undefined
            deletes.push({ ...rootOf({ parent: s.parent as Parent, sub: s.parentSub }), ...(values ? { values } : {}) })
          }
        }
      }
      if (end > have) {
        // the update's own new structs (contiguous from `have`, so every clock up to `upto` is one)
        for (const i of newsOf.get(client) ?? []) {
          const n = news[i]!
          if (n.from >= end) break
          if (n.s.id.clock + n.s.length > clock && n.place) deletes.push(rootOf(n.place))
        }
      }
    }
  }
  return { inserts, deletes, clients, changes: inserts.length > 0 || deletes.length > 0 || clients.size > 0 }
}

/**
 * After the update was applied inside the caller's transaction: what Yjs itself did. Returns why
 * it is not what the guard allowed (a root outside `allowed`, a new root, structs or deletes left
 * pending), or undefined. The room treats a mismatch as a fault of the guard ([W14]).
 */
export interface DocBefore {
  roots: number
  /** Something was pending already: with several processes, bus updates can arrive out of order. */
  pending: boolean
}

/** What the audit compares with: taken just before the update is applied. */
export const docBefore = (doc: Y.Doc): DocBefore => ({ roots: doc.share.size, pending: !!(doc.store.pendingStructs || doc.store.pendingDs) })

export function auditTransaction(doc: Y.Doc, tr: Y.Transaction, allowed: ReadonlySet<string> | null, before: DocBefore): string | undefined {
  if (!before.pending && (doc.store.pendingStructs || doc.store.pendingDs)) return 'the update left changes pending'
  if (doc.share.size !== before.roots) return 'the update made a new root type'
  if (!allowed) return undefined
  const names = new Map<unknown, string>()
  for (const [name, type] of doc.share) names.set(type, name)
  for (const type of tr.changed.keys()) {
    let t = type as Parent
    while (t._item) t = t._item.parent as Parent
    const name = names.get(t)
    if (name === undefined || !allowed.has(name)) return `the update changed "${name ?? '?'}"`
  }
  return undefined
}
