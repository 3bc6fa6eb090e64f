// Awareness (cursors, names, presence) for one room, kept as the clients sent it.
// An awareness update is: varuint count, then per client: varuint clientID, varuint clock,
// varString JSON state ("null" = gone). The server parses each state once to reject junk,
// keeps the JSON text, forwards the client's own bytes to the others, and encodes stored text
// (never re-stringified) for newcomers and for removals when a connection leaves.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

interface Entry<Owner> {
  clock: number
  json: string
  owner: Owner
}

export class AwarenessRelay<Owner> {
  readonly #entries = new Map<number, Entry<Owner>>()

  get size(): number {
    let n = 0
    for (const e of this.#entries.values()) if (e.json !== 'null') n++
    return n
  }

  /** Checks the whole update first, then records it; throws (recording nothing) on junk. */
  apply(update: Uint8Array, owner: Owner): void {
    const d = decoding.createDecoder(update)
    const count = decoding.readVarUint(d)
    if (count > 10_000) throw new Error(`awareness update claims ${count} clients`)
    const parsed: { id: number; clock: number; json: string }[] = []
    for (let i = 0; i < count; i++) {
      const id = decoding.readVarUint(d)
      const clock = decoding.readVarUint(d)
      const json = decoding.readVarString(d)
      const state: unknown = JSON.parse(json)
      if (state !== null && (typeof state !== 'object' || Array.isArray(state))) throw new Error('awareness state must be an object or null')
      parsed.push({ id, clock, json })
    }
    for (const p of parsed) {
      const prev = this.#entries.get(p.id)
      if (!prev || prev.clock < p.clock || (prev.clock === p.clock && p.json === 'null')) {
        this.#entries.set(p.id, { clock: p.clock, json: p.json, owner })
      }
    }
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
      this.#entries.delete(id)
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
