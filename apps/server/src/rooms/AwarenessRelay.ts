// Awareness (cursors, names, presence) for one room, kept as the clients sent it.
// An awareness update is: varuint count, then per client: varuint clientID, varuint clock,
// varString JSON state ("null" = gone). The server parses each new state once to reject junk,
// keeps the JSON text, forwards the client's own bytes to the others, and encodes stored text
// (never re-stringified) for newcomers and for removals when a connection leaves. An update that
// tells nothing new (an echo) is not forwarded at all (apps/server SPEC [W4]).
//
// Ownership (SPEC [L1]–[L3]): the first connection that announces a client id owns it. A state for
// an id another connection owns is dropped unread (stock providers echo everyone's states), so no
// one can replace or freeze (with a huge clock) someone else's presence. A connection may own at
// most `maxClients` ids and send states of at most `maxStateBytes`; past either, LimitError.
// Removed states stay as tombstones (so a late echo brings no ghost back), at most `maxTombstones`.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import { tooLarge } from './limits.ts'

interface Entry<Owner> {
  clock: number
  json: string
  /** null for a state removed when its connection left (kept, so a late echo stays stale). */
  owner: Owner | null
}

export interface AwarenessLimits {
  /** Largest JSON text of one state, in bytes. */
  maxStateBytes: number
  /** Client ids one owner may announce. */
  maxClients: number
}

const NO_LIMITS: AwarenessLimits = { maxStateBytes: Infinity, maxClients: Infinity }
const textDecoder = new TextDecoder()

export class AwarenessRelay<Owner> {
  readonly #entries = new Map<number, Entry<Owner>>()
  /** How many ids each owner holds (for maxClients). */
  readonly #owned = new Map<Owner, number>()
  /** Ids whose state is null, oldest first: bounded, the oldest forgotten first. */
  readonly #nulls = new Set<number>()
  readonly #maxTombstones: number

  constructor(opts: { maxTombstones?: number } = {}) {
    this.#maxTombstones = opts.maxTombstones ?? 10_000
  }

  get size(): number {
    return this.#entries.size - this.#nulls.size
  }

  /** Removed states kept so late echoes stay stale (bounded by maxTombstones). */
  get tombstones(): number {
    return this.#nulls.size
  }

  /**
   * Checks the whole update first, then records it; throws (recording nothing) on junk. Returns
   * whether it told anything new: false for an echo, an update whose every state is one the room
   * already has (y-websocket's provider sends every awareness update it receives straight back).
   * States older than the room's are skipped unread, so an echo costs no JSON parsing.
   */
  apply(update: Uint8Array, owner: Owner, limits: AwarenessLimits = NO_LIMITS): boolean {
    return this.accept(update, owner, limits) !== undefined
  }

  /**
   * As apply, but returns what to forward: `update` itself when every state in it was news (the
   * sender's bytes go out as received), a re-encoded update of only the news when some of it was
   * stale or someone else's, undefined when nothing was news. Throws LimitError past a limit.
   */
  accept(update: Uint8Array, owner: Owner, limits: AwarenessLimits = NO_LIMITS): Uint8Array | undefined {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    if (count > 10_000) throw new Error(`awareness update claims ${count} clients`)
    let fresh: { id: number; clock: number; json: string }[] | undefined
    let skipped = 0
    let claims: Set<number> | undefined
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const prev = this.#entries.get(id)
      // someone else's (an echo, or a forgery): dropped unread; a removed one only at a newer clock
      if (prev && ((prev.owner !== null && prev.owner !== owner) || prev.clock > clock)) {
        decoding.readVarUint8Array(d)
        skipped++
        continue
      }
      const bytes = decoding.readVarUint8Array(d)
      if (bytes.byteLength > limits.maxStateBytes) {
        throw tooLarge(`an awareness state of ${bytes.byteLength} bytes is over the limit of ${limits.maxStateBytes} (MAX_AWARENESS_BYTES)`)
      }
      const json = textDecoder.decode(bytes)
      if (prev && prev.clock === clock && (prev.json === json || json !== 'null')) {
        skipped++
        continue
      }
      const state: unknown = JSON.parse(json)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null')
      if ((!prev || prev.owner === null) && json !== 'null') (claims ??= new Set()).add(id)
      ;(fresh ??= []).push({ id, clock, json })
    }
    if (claims && (this.#owned.get(owner) ?? 0) + claims.size > limits.maxClients) {
      throw tooLarge(`a connection may announce at most ${limits.maxClients} awareness client ids (MAX_AWARENESS_CLIENTS_PER_CONNECTION)`)
    }
    if (!fresh) return undefined
    for (const p of fresh) {
      const prev = this.#entries.get(p.id)
      const owned = !!prev && prev.owner !== null // then by this owner: others' were skipped
      this.#nulls.delete(p.id)
      if (p.json === 'null') {
        // a removal gives the id up (a person who moved to another process claims it there anew)
        if (owned) this.#release(owner)
        this.#entries.set(p.id, { clock: p.clock, json: p.json, owner: null })
        this.#markNull(p.id)
      } else {
        if (!owned) this.#owned.set(owner, (this.#owned.get(owner) ?? 0) + 1)
        this.#entries.set(p.id, { clock: p.clock, json: p.json, owner })
      }
    }
    if (!skipped) return update
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, fresh.length)
    for (const p of fresh) {
      encoding.writeVarUint(enc, p.id)
      encoding.writeVarUint(enc, p.clock)
      encoding.writeVarString(enc, p.json)
    }
    return encoding.toUint8Array(enc)
  }

  /** Remembers a removed state, forgetting the oldest past maxTombstones. */
  #markNull(id: number): void {
    this.#nulls.add(id)
    while (this.#nulls.size > this.#maxTombstones) {
      const oldest = this.#nulls.values().next().value as number
      this.#nulls.delete(oldest)
      const e = this.#entries.get(oldest)
      this.#entries.delete(oldest)
      if (e && e.owner !== null) this.#release(e.owner)
    }
  }

  #release(owner: Owner): void {
    const n = (this.#owned.get(owner) ?? 0) - 1
    if (n > 0) this.#owned.set(owner, n)
    else this.#owned.delete(owner)
  }

  /** Every present state, as one awareness update; undefined when there is none. */
  encodeAll(): Uint8Array | undefined {
    const live = [...this.#entries].filter(([, e]) => e.json !== 'null')
    if (!live.length) return undefined
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, live.length)
    for (const [id, e] of live) {
      encoding.writeVarUint(enc, id)
      encoding.writeVarUint(enc, e.clock)
      encoding.writeVarString(enc, e.json)
    }
    return encoding.toUint8Array(enc)
  }

  /** Forgets the states this owner sent; returns the update that tells the others they are gone. */
  removeOwner(owner: Owner): Uint8Array | undefined {
    const gone: [number, number][] = []
    if (!this.#owned.has(owner)) return undefined
    this.#owned.delete(owner)
    const removed: number[] = []
    for (const [id, e] of this.#entries) {
      if (e.owner !== owner) continue
      this.#entries.set(id, { clock: e.clock + 1, json: 'null', owner: null })
      removed.push(id)
      if (e.json !== 'null') gone.push([id, e.clock + 1])
    }
    for (const id of removed) {
      this.#nulls.delete(id)
      this.#markNull(id)
    }
    if (!gone.length) return undefined
    const enc = encoding.createEncoder()
    encoding.writeVarUint(enc, gone.length)
    for (const [id, clock] of gone) {
      encoding.writeVarUint(enc, id)
      encoding.writeVarUint(enc, clock)
      encoding.writeVarString(enc, 'null')
    }
    return encoding.toUint8Array(enc)
  }
}
