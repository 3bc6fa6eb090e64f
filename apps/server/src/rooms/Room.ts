import * as Y from 'yjs'
import * as decoding from 'lib0/decoding'
import type { BoardStorage } from '@tavla/storage'
import { AwarenessRelay, type AwarenessLimits } from './AwarenessRelay.ts'
import type { RedisBus, RoomBus } from '../plugins/bus/RedisBus.ts'
import { Connection } from './Connection.ts'
import { RoomPersistence } from './RoomPersistence.ts'
import type { Flushable, Outbox } from './Outbox.ts'
import { RefusedUpdateError, ensureRoots } from './policy.ts'
import { docBefore, type DocBefore, type Inspection } from './UpdateGuard.ts'
import { CloseCode, MessageType, SyncStep, encodeAwarenessMessage, encodeSyncMessage, frameBinary } from './protocol.ts'

export interface RoomOptions {
  persistBatchMs: number
  compactUpdates: number
  compactBytes: number
  /** With several server processes: the Redis bus (issue 7). */
  bus?: RedisBus
  /** [L12] a board part may not grow past this (bytes of its Yjs state). */
  maxBoardBytes?: number
  /** SPEC [L1]/[L2]: awareness state size and client ids per connection. */
  maxAwarenessBytes?: number
  maxAwarenessClientsPerConnection?: number
}

export interface RoomEvents {
  /** The room has no connections and nothing left to write. */
  idle(room: Room): void
  persistError(room: Room, err: unknown): void
  /** [W14] Yjs applied what the guard did not allow; the room must be reloaded from storage. */
  fault?(room: Room, reason: string): void
  persisted(room: Room): void
}

export class BadMessageError extends Error {}

/** Decides whether a connection may apply an update (policy.ts BoardPolicy). */
export interface UpdatePolicy {
  reserve(client: number): void
  release(conn: Connection): void
  /** Throws RefusedUpdateError; what it returns is the guard's inspection. */
  check(doc: Y.Doc, update: Uint8Array, conn: Connection): Inspection
  audit(doc: Y.Doc, tr: Y.Transaction, conn: Connection, before: DocBefore): string | undefined
}

/** Updates one connection may have waiting for changes it has not sent yet ([W14]). */
const MAX_WAITING_UPDATES = 1000
const MAX_WAITING_BYTES = 8 * 1024 * 1024

/** Yjs applied something the guard did not allow ([W14]): the room is reloaded from storage. */
export class GuardFaultError extends Error {}

const LOADED_FROM_STORAGE = Symbol('storage')
const FROM_BUS = Symbol('bus')

/**
 * One board in memory: its Y.Doc, the awareness relay, its connections, the updates of the
 * current turn (merged and sent once), and the updates not yet written to storage.
 */
export class Room implements Flushable {
  readonly doc = new Y.Doc({ gc: true })
  readonly awareness = new AwarenessRelay<Connection | string>()
  readonly conns = new Set<Connection>()
  readonly ready: Promise<void>
  destroyed = false
  /** Whether anyone changed the board since it was loaded (for the automatic snapshot). */
  changed = false

  // updates of this turn, merged and framed once in flushTick
  #tick: Uint8Array[] = []
  #tickOrigin: Connection | null | undefined = undefined
  /** This turn's updates that did not come from the bus: what other processes need. */
  #tickLocal: Uint8Array[] = []
  readonly #bus: RoomBus | undefined

  /** [W6] batching, retry and compaction of what this room applied */
  readonly #persistence: RoomPersistence

  readonly id: string
  readonly boardId: string
  /** '' for the shared board, a voter id for a participant's private part (issue 6). */
  readonly part: string
  readonly #policy: UpdatePolicy
  readonly #storage: BoardStorage
  readonly #outbox: Outbox
  readonly #options: RoomOptions
  readonly #events: RoomEvents
  readonly #awarenessLimits: AwarenessLimits

  constructor(boardId: string, part: string, policy: UpdatePolicy, storage: BoardStorage, outbox: Outbox, options: RoomOptions, events: RoomEvents) {
    this.id = part ? `${boardId}/p/${part}` : boardId
    this.boardId = boardId
    this.part = part
    this.#policy = policy
    ensureRoots(this.doc, part)
    policy.reserve(this.doc.clientID)
    this.#storage = storage
    this.#outbox = outbox
    this.#options = options
    this.#events = events
    this.#persistence = new RoomPersistence(
      storage,
      boardId,
      part,
      { ...options, shared: !!options.bus },
      {
        state: () => Y.encodeStateAsUpdate(this.doc),
        written: (compacted) => {
          if (compacted !== undefined) this.#docBytes = compacted
          events.persisted(this)
        },
        failed: (err) => events.persistError(this, err),
        drained: () => {
          if (this.conns.size === 0) events.idle(this)
        },
      },
    )
    this.#awarenessLimits = { maxStateBytes: options.maxAwarenessBytes ?? Infinity, maxClients: options.maxAwarenessClientsPerConnection ?? Infinity }
    this.doc.on('update', this.#onUpdate)
    // Subscribe before loading, so nothing published meanwhile is missed; then ask for the rest.
    this.#bus = options.bus?.join(this.id, {
      update: (u) => Y.applyUpdate(this.doc, u, FROM_BUS),
      awareness: (u, from) => {
        // another process's connections are limited there; here only the state size is
        const out = this.awareness.accept(u, `bus:${from}`, { maxStateBytes: this.#awarenessLimits.maxStateBytes, maxClients: Infinity })
        if (out) this.#broadcast(frameBinary(encodeAwarenessMessage(out)))
      },
      syncRequest: (sv) => {
        if (!this.#loaded) return undefined
        // The asker may hold what this process missed: after Redis restarts, the process whose
        // subscriber came back first asks while the others are not listening yet, and only their
        // later requests reach it. Its state vector tells; then it is asked back, after the reply.
        if (holdsMore(Y.decodeStateVector(sv), Y.decodeStateVector(Y.encodeStateVector(this.doc)))) {
          queueMicrotask(() => this.#bus?.requestSync(Y.encodeStateVector(this.doc)))
        }
        return Y.encodeStateAsUpdate(this.doc, sv)
      },
      resync: () => this.#bus?.requestSync(Y.encodeStateVector(this.doc)),
    })
    this.ready = this.#load().then(() => {
      this.#loaded = true
      this.#bus?.requestSync(Y.encodeStateVector(this.doc))
    })
  }

  #loaded = false

  /** Updates not yet written, the write in progress included (health, metrics and unloading count on it). */
  get unsavedCount(): number {
    return this.#persistence.unsavedCount
  }

  /** Whether the last write failed and is being retried (storage unreachable): for /healthz. */
  get persistFailing(): boolean {
    return this.#persistence.failing
  }

  /** When the oldest update not yet written arrived (ms), or 0. */
  get unsavedSince(): number {
    return this.#persistence.unsavedSince
  }

  async #load(): Promise<void> {
    const stored = await this.#storage.loadDoc(this.boardId, this.part)
    if (stored.updates.length) {
      // One merged apply is much cheaper than many for a long update log.
      const update = stored.updates.length === 1 ? stored.updates[0]! : Y.mergeUpdates(stored.updates)
      Y.applyUpdate(this.doc, update, LOADED_FROM_STORAGE)
    }
    this.#persistence.loaded(stored)
    this.#docBytes = stored.updates.reduce((n, u) => n + u.byteLength, 0)
  }

  /** An upper bound of the doc's encoded size: the stored bytes plus every update since ([L12]). */
  #docBytes = 0
  #docBytesMeasuredAt = 0
  /** Set while a transaction the audit found wrong ends: it is neither relayed nor stored. */
  #faulty = false

  readonly #onUpdate = (update: Uint8Array, origin: unknown): void => {
    if (origin === LOADED_FROM_STORAGE) return
    if (this.#faulty) return
    this.#docBytes += update.byteLength
    this.changed = true
    this.#tick.push(update)
    if (origin !== FROM_BUS) this.#tickLocal.push(update)
    const from = origin instanceof Connection ? origin : null
    this.#tickOrigin = this.#tickOrigin === undefined ? from : this.#tickOrigin === from ? from : null
    this.#outbox.room(this)
    this.#persistence.add(update)
  }

  /** [W3] The updates of this turn, merged and framed once, to everyone but a lone sender. */
  flushTick(): void {
    if (!this.#tick.length) return
    if (this.#bus && this.#tickLocal.length) {
      this.#bus.publishUpdate(this.#tickLocal.length === 1 ? this.#tickLocal[0]! : Y.mergeUpdates(this.#tickLocal))
    }
    this.#tickLocal = []
    const merged = this.#tick.length === 1 ? this.#tick[0]! : Y.mergeUpdates(this.#tick)
    const skip = this.#tickOrigin
    this.#tick = []
    this.#tickOrigin = undefined
    const frame = frameBinary(encodeSyncMessage(SyncStep.Update, merged))
    for (const c of this.conns) if (c !== skip) c.send(frame)
  }

  /** [W2] A new connection gets our state vector (so it sends what we lack) and who is here. */
  join(conn: Connection): void {
    this.conns.add(conn)
    conn.send(frameBinary(encodeSyncMessage(SyncStep.Step1, Y.encodeStateVector(this.doc))))
    const everyone = this.awareness.encodeAll()
    if (everyone) conn.send(frameBinary(encodeAwarenessMessage(everyone)))
  }

  leave(conn: Connection): void {
    if (!this.conns.delete(conn)) return
    this.#policy.release(conn)
    this.#waiting.delete(conn)
    const gone = this.awareness.removeOwner(conn)
    if (gone) {
      this.#broadcast(frameBinary(encodeAwarenessMessage(gone)), conn)
      this.#bus?.publishAwareness(gone)
    }
    if (this.conns.size === 0) void this.#persistence.settle()
  }

  #broadcast(frame: Buffer, except?: Connection): void {
    for (const c of this.conns) if (c !== except) c.send(frame)
  }

  /** Handles one binary message; throws BadMessageError (or a decoding error) for junk. */
  receive(conn: Connection, message: Uint8Array): void {
    const d = decoding.createDecoder(message)
    const type = decoding.readVarUint(d)
    switch (type) {
      case MessageType.Sync: {
        const step = decoding.readVarUint(d)
        const payload = decoding.readVarUint8Array(d)
        if (step === SyncStep.Step1) {
          // [L4] one reply at a time: a step 1 while the last reply is still buffered is ignored
          if (conn.replyPending()) return
          const diff = Y.encodeStateAsUpdate(this.doc, payload)
          conn.sendReply(frameBinary(encodeSyncMessage(SyncStep.Step2, diff)))
        } else if (step === SyncStep.Step2 || step === SyncStep.Update) {
          if (conn.role === 'viewer') return // [W5]
          this.#applyUpdate(payload, conn)
        } else {
          throw new BadMessageError(`unknown sync step ${step}`)
        }
        return
      }
      case MessageType.Awareness: {
        const update = decoding.readVarUint8Array(d)
        // [W4] an echo (nothing newer than the room has) goes no further and costs a tenth of a
        // message against the rate limit: stock y-websocket clients echo all they receive.
        // [L1]-[L3] states of ids other connections own are dropped; past a limit, LimitError.
        const out = this.awareness.accept(update, conn, this.#awarenessLimits)
        if (!out) return conn.refundToken(0.9)
        // [W4] forwarded as received: the same bytes, framed once (only the news if some was not)
        const frame = frameBinary(out === update ? message : encodeAwarenessMessage(out))
        for (const c of this.conns) if (c !== conn) c.send(frame)
        this.#bus?.publishAwareness(out)
        return
      }
      case MessageType.QueryAwareness: {
        const everyone = this.awareness.encodeAll()
        if (everyone) conn.send(frameBinary(encodeAwarenessMessage(everyone)))
        return
      }
      case MessageType.Auth:
        return // y-websocket's auth message carries nothing we use; keys come with the URL
      default:
        throw new BadMessageError(`unknown message type ${type}`)
    }
  }

  /** [W14] Updates that wait for changes their sender has not sent yet, per connection, in order. */
  readonly #waiting = new Map<Connection, { updates: Uint8Array[]; bytes: number }>()

  #applyUpdate(update: Uint8Array, conn: Connection): void {
    // Yjs merges in any order, so an update that can go in goes in now (it may be the very sync
    // that the waiting ones need); one that cannot yet waits behind the sender's earlier ones.
    const q = this.#waiting.get(conn)
    try {
      this.#applyNow(update, conn)
    } catch (err) {
      if (!(err instanceof RefusedUpdateError && err.waiting)) throw err
      const queue = q ?? { updates: [], bytes: 0 }
      if (!q) this.#waiting.set(conn, queue)
      return this.#hold(conn, queue, update)
    }
    if (q) this.#retryWaiting(conn, q)
  }

  /**
   * [W14] A page that edits while its reconnect sync is on the way sends updates that need what
   * that sync carries. They wait here (bounded), never as Yjs's pending structs in the doc. What
   * they wait for is under client ids only their sender writes (BoardPolicy), so they are checked
   * again, oldest first, only after an update of that same sender went in: waiting costs nobody
   * else anything.
   */
  #hold(conn: Connection, q: { updates: Uint8Array[]; bytes: number }, update: Uint8Array): void {
    q.updates.push(update)
    q.bytes += update.byteLength
    if (q.updates.length > MAX_WAITING_UPDATES || q.bytes > MAX_WAITING_BYTES) {
      this.#waiting.delete(conn)
      throw new RefusedUpdateError({ code: CloseCode.Refused, reason: 'not a sound update: too many changes that depend on changes the server does not have' })
    }
  }

  #retryWaiting(conn: Connection, q: { updates: Uint8Array[]; bytes: number }): void {
    while (q.updates.length) {
      try {
        this.#applyNow(q.updates[0]!, conn)
      } catch (err) {
        if (err instanceof RefusedUpdateError && err.waiting) return
        this.#waiting.delete(conn)
        throw err // the sender is closed with the refusal's code, like any other
      }
      q.bytes -= q.updates.shift()!.byteLength
    }
    this.#waiting.delete(conn)
  }

  #applyNow(update: Uint8Array, conn: Connection): void {
    // [W14] decided from what the update would do to this doc, before any of it is applied
    const seen = this.#policy.check(this.doc, update, conn)
    if (seen.inserts.length) this.#checkSize(update.byteLength)
    // and checked again against what Yjs itself did, inside the same transaction
    const before = docBefore(this.doc)
    let fault: string | undefined
    this.doc.transact((tr) => {
      Y.applyUpdate(this.doc, update, conn)
      fault = this.#policy.audit(this.doc, tr, conn, before)
      if (fault) this.#faulty = true
    }, conn)
    if (fault) {
      this.#faulty = false
      this.#events.fault?.(this, fault)
      throw new GuardFaultError(fault)
    }
    this.afterApply?.(conn)
  }

  /** [D11] Called right after a connection's update was applied (the server's author record). */
  afterApply: ((conn: Connection) => void) | undefined

  /** [L12] Refuses an update that would make the board larger than the limit (413). */
  #checkSize(incoming: number): void {
    const max = this.#options.maxBoardBytes
    if (!max || this.#docBytes + incoming <= max) return
    // the running sum only grows; measure the real size, at most once a second
    const now = performance.now()
    if (now - this.#docBytesMeasuredAt > 1000) {
      this.#docBytesMeasuredAt = now
      this.#docBytes = Y.encodeStateAsUpdate(this.doc).byteLength
    }
    if (this.#docBytes + incoming > max) {
      throw new RefusedUpdateError({
        code: CloseCode.TooLarge,
        reason: `the board is full (${Math.round(max / 1048576)} MiB): delete notes or start a new board`,
      })
    }
  }

  /** Changes made by the server itself (facilitation actions), applied and broadcast like any update. */
  change(fn: (doc: Y.Doc) => void): void {
    this.doc.transact(() => fn(this.doc), 'server')
  }

  /** For work done while nobody is connected: write and unload when it is done. */
  release(): void {
    if (this.conns.size === 0) void this.#persistence.settle()
  }

  /** [W6] Writes what is unsaved now (one merged row), compacting past the thresholds. */
  persist(): Promise<void> {
    return this.#persistence.persist()
  }

  /** Writes until nothing is unsaved, or throws after the given number of failed tries. */
  flush(tries = 5): Promise<void> {
    return this.#persistence.flush(tries)
  }

  closeAll(code: number, reason: string): void {
    for (const c of this.conns) c.close(code, reason)
  }

  destroy(): void {
    this.destroyed = true
    this.#bus?.leave()
    this.#persistence.stop()
    this.doc.off('update', this.#onUpdate)
    this.doc.destroy()
  }
}

/** Whether a state vector has a change beyond another's (a client's clock the other has not reached). */
function holdsMore(theirs: Map<number, number>, ours: Map<number, number>): boolean {
  for (const [client, clock] of theirs) if ((ours.get(client) ?? 0) < clock) return true
  return false
}

export { CloseCode }
