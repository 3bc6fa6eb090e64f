// [W6] How one board part's updates reach storage: appended in batches over PERSIST_BATCH_MS (one
// merged row per batch), compacted into one snapshot row past COMPACT_UPDATES rows or
// COMPACT_BYTES, retried with backoff while storage fails (the updates stay in memory, in order).
// The room hands over every update it applied and asks whether everything is written.
import * as Y from 'yjs'
import type { BoardStorage, StoredDoc } from '@tavla/storage'

export interface PersistenceOptions {
  persistBatchMs: number
  compactUpdates: number
  compactBytes: number
  /** With several processes: other processes append rows too, so compaction folds in what is stored. */
  shared: boolean
}

export interface PersistenceEvents {
  /** The doc's state, for a compaction. */
  state(): Uint8Array
  /** A batch was written (and maybe compacted into a snapshot of this many bytes). */
  written(compactedBytes: number | undefined): void
  failed(err: unknown): void
  /** Everything is written: the room may unload if nobody is connected. */
  drained(): void
}

export class RoomPersistence {
  #unsaved: Uint8Array[] = []
  #saving: Promise<void> | undefined
  /** Updates of the write in progress: not written until it commits. */
  #inFlight = 0
  #timer: NodeJS.Timeout | undefined
  #failures = 0
  #rows = 0
  #bytes = 0
  #lastSeq = 0
  #stopped = false
  /** When the oldest update not yet written arrived (ms), or 0. */
  unsavedSince = 0

  readonly #storage: BoardStorage
  readonly #boardId: string
  readonly #part: string
  readonly #options: PersistenceOptions
  readonly #events: PersistenceEvents

  constructor(storage: BoardStorage, boardId: string, part: string, options: PersistenceOptions, events: PersistenceEvents) {
    this.#storage = storage
    this.#boardId = boardId
    this.#part = part
    this.#options = options
    this.#events = events
  }

  /** What was stored when the room loaded: where compaction counts from. */
  loaded(stored: StoredDoc): void {
    this.#rows = stored.rows
    this.#bytes = stored.bytes
    this.#lastSeq = stored.lastSeq
  }

  /** Updates not yet written, the write in progress included (health, metrics and unloading count on it). */
  get unsavedCount(): number {
    return this.#unsaved.length + this.#inFlight
  }

  /** Whether the last write failed and is being retried (storage unreachable): for /healthz. */
  get failing(): boolean {
    return this.#failures > 0
  }

  /** An update the room applied: written with the next batch. */
  add(update: Uint8Array): void {
    if (!this.unsavedCount) this.unsavedSince = Date.now()
    this.#unsaved.push(update)
    this.#schedule()
  }

  /** The next batch goes with every other room's in the next flush window; a retry after a failure waits `retryMs`. */
  #schedule(retryMs?: number): void {
    if (this.#timer || this.#waiting || this.#stopped) return
    if (retryMs === undefined) {
      this.#waiting = true
      FlushWindow.of(this.#options.persistBatchMs).add(this.#due)
      return
    }
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      void this.persist()
    }, retryMs)
  }

  /** Whether this room waits in the flush window. */
  #waiting = false
  readonly #due = (): void => {
    this.#waiting = false
    void this.persist()
  }

  /** Writes what is unsaved (one merged row), compacting past the thresholds. */
  persist(): Promise<void> {
    if (this.#saving) return this.#saving
    if (this.#stopped || !this.#unsaved.length) return Promise.resolve()
    const batch = this.#unsaved
    this.#unsaved = []
    this.#inFlight = batch.length
    this.#saving = (async () => {
      try {
        const merged = batch.length === 1 ? batch[0]! : Y.mergeUpdates(batch)
        this.#lastSeq = await this.#storage.appendUpdates(this.#boardId, [merged], this.#part)
        this.#rows += 1
        this.#bytes += merged.byteLength
        let compacted: number | undefined
        if (this.#rows >= this.#options.compactUpdates || this.#bytes >= this.#options.compactBytes) {
          let state = this.#events.state()
          let through = this.#lastSeq
          if (this.#options.shared) {
            // Other processes append too, and their rows may hold what has not reached us yet:
            // fold every stored row into the snapshot instead of trusting our memory alone.
            const stored = await this.#storage.loadDoc(this.#boardId, this.#part)
            state = Y.mergeUpdates([state, ...stored.updates])
            through = stored.lastSeq
          }
          await this.#storage.compact(this.#boardId, state, through, this.#part)
          compacted = state.byteLength
          this.#rows = 0
          this.#bytes = 0
        }
        this.#failures = 0
        if (!this.#unsaved.length) this.unsavedSince = 0
        this.#events.written(compacted)
      } catch (err) {
        // Keep the updates in memory, in order, and try again later (unless the room is gone).
        if (!this.#stopped) this.#unsaved = batch.concat(this.#unsaved)
        this.#failures++
        this.#events.failed(err)
        this.#schedule(Math.min(5000, 100 * 2 ** Math.min(this.#failures, 6)))
      } finally {
        this.#saving = undefined
        this.#inFlight = 0
      }
      if (this.#unsaved.length) this.#schedule(this.#failures ? 0 : undefined)
      else this.#events.drained()
    })()
    return this.#saving
  }

  /** Writes until nothing is unsaved, or throws after the given number of failed tries. */
  async flush(tries = 5): Promise<void> {
    for (let i = 0; i < tries; i++) {
      this.#cancelTimer()
      await this.persist()
      if (!this.#unsaved.length && !this.#saving) return
      if (this.#failures) await new Promise((r) => setTimeout(r, 50 * 2 ** i))
    }
    throw new Error(`board ${this.#boardId}${this.#part ? `/p/${this.#part}` : ''}: ${this.#unsaved.length} updates could not be written`)
  }

  /** Writes now what is waiting (nobody is connected any more); reports drained when done. */
  async settle(): Promise<void> {
    if (this.#unsaved.length || this.#saving) {
      this.#cancelTimer()
      await this.persist() // on success, persist() reports drained
    } else {
      this.#events.drained()
    }
  }

  #cancelTimer(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#waiting) FlushWindow.of(this.#options.persistBatchMs).delete(this.#due)
    this.#waiting = false
  }

  /** The room is gone (unloaded, or its board deleted, [H15]): nothing more is written, what is unsaved is discarded. */
  stop(): void {
    this.#stopped = true
    this.#cancelTimer()
    this.#unsaved = []
    this.unsavedSince = 0
  }
}

/**
 * [W6] One timer for every room of the process: the rooms with a batch waiting are written
 * together when the window closes, in one turn of the event loop, so SQLite commits all of them
 * in one transaction ([S4]'s group commit) instead of a hundred rooms each arming a timer of its
 * own. The window closes on the next multiple of `ms` on the clock; a write waits at most `ms`.
 */
class FlushWindow {
  static readonly #windows = new Map<number, FlushWindow>()
  static of(ms: number): FlushWindow {
    let w = FlushWindow.#windows.get(ms)
    if (!w) FlushWindow.#windows.set(ms, (w = new FlushWindow(ms)))
    return w
  }

  readonly #ms: number
  #due = new Set<() => void>()
  #timer: NodeJS.Timeout | undefined

  private constructor(ms: number) {
    this.#ms = ms
  }

  add(write: () => void): void {
    this.#due.add(write)
    this.#timer ??= setTimeout(() => this.#close(), this.#ms > 0 ? this.#ms - (Date.now() % this.#ms) : 0)
  }

  delete(write: () => void): void {
    this.#due.delete(write)
    if (this.#due.size || !this.#timer) return
    clearTimeout(this.#timer)
    this.#timer = undefined
  }

  #close(): void {
    this.#timer = undefined
    const due = this.#due
    this.#due = new Set()
    for (const write of due) write()
  }
}
