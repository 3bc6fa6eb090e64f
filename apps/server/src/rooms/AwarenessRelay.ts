// Awareness (cursors, names, presence) for one room, kept as the clients sent it.
// An awareness update is: varuint count, then per client: varuint clientID, varuint clock,
// varString JSON state ("null" = gone). The server parses each new state once to reject junk,
// keeps the JSON text, forwards the client's own bytes to the others, and encodes stored text
// (never re-stringified) for newcomers and for removals when a connection leaves. An update that
// tells nothing new (an echo) is not forwarded at all (apps/server SPEC [W4]).
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

interface Entry<Owner> {
  clock: number
  json: string
  /** null for a state removed when its connection left (kept, so a late echo stays stale). */
  owner: Owner | null
}

export class AwarenessRelay<Owner> {
  readonly #entries = new Map<number, Entry<Owner>>()

  get size(): number {
    let n = 0
    for (const e of this.#entries.values()) if (e.json !== 'null') n++
    return n
  }

  /**
   * Checks the whole update first, then records it; throws (recording nothing) on junk. Returns
   * whether it told anything new: false for an echo, an update whose every state is one the room
   * already has (y-websocket's provider sends every awareness update it receives straight back).
   * States older than the room's are skipped unread, so an echo costs no JSON parsing.
   */
  apply(update: Uint8Array, owner: Owner): boolean {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    if (count > 10_000) throw new Error(`awareness update claims ${count} clients`)
    const fresh: { id: number; clock: number; json: string }[] = []
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const prev = this.#entries.get(id)
      if (prev && prev.clock > clock) {
        decoding.readVarUint8Array(d) // an older state: skipped, not parsed
        continue
      }
      const json = decoding.readVarString(d)
      if (prev && prev.clock === clock && (prev.json === json || json !== 'null')) continue
      const state: unknown = JSON.parse(json)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null')
      fresh.push({ id, clock, json })
    }
    for (const p of fresh) this.#entries.set(p.id, { clock: p.clock, json: p.json, owner })
    return fresh.length > 0
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
    for (const [id, e] of this.#entries) {
      if (e.owner !== owner) continue
      this.#entries.set(id, { clock: e.clock + 1, json: 'null', owner: null })
      if (e.json !== 'null') gone.push([id, e.clock + 1])
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
