// [W7] Gives back the memory of unloaded boards and of the server's own start (issue 16). V8
// collects its old generation only when that fills up, and never while the process is idle: what
// a hundred closed boards left behind stayed resident, and each burst of boards raised the heap's
// high-water mark further (bench churn: 100 boards opened and closed 12 times, RSS 227 → 347 MiB).
// It is the heap's own pages: V8's 256 KiB page mappings went 95 → 210 MiB while malloc's heap
// peaked at 36 MiB (heaptrack) and `gc()` every 2 s kept RSS flat. Likewise loading the server's
// modules leaves ~70 MiB of heap committed that nothing uses (heap 109 MiB, 41 in use; one
// collection: RSS 177 → 124 MiB). One full collection (V8's thorough one, which also shrinks the
// young generation and returns freed pages) runs at moments when its pause (50–500 ms on 2 busy
// cores) delays no one: when the last room has unloaded and nobody is connected, and when no
// client has sent anything for a while (QUIET_MS) — each only when there is something to give
// back: the heap holds RECLAIM_MIN_BYTES more pages than were live after the last one (a lone
// export of a closed board, or an idle server, does not cost a collection each time).
import { getHeapStatistics, setFlagsFromString } from 'node:v8'
import { runInNewContext } from 'node:vm'

type Gc = (options?: { type?: 'major' | 'minor'; execution?: 'sync' | 'async'; flavor?: 'regular' | 'last-resort' }) => void | Promise<void>

let gcFn: Gc | null | undefined
/** V8's collector: `gc` when node runs with --expose-gc, else taken from a context made after exposing it. */
function collector(): Gc | undefined {
  if (gcFn !== undefined) return gcFn ?? undefined
  const exposed = (globalThis as { gc?: Gc }).gc
  if (exposed) gcFn = exposed
  else {
    try {
      setFlagsFromString('--expose-gc')
      gcFn = runInNewContext('gc') as Gc
    } catch {
      gcFn = null // not possible here: V8 collects as it always does
    }
  }
  return gcFn ?? undefined
}

/** Heap pages beyond what was live that are worth a full collection: less is left to V8's own schedule. */
export const RECLAIM_MIN_BYTES = 16 * 2 ** 20

/** No message from any client for between one and two of these: the process is quiet (RECLAIM_QUIET_MS). */
export const QUIET_MS = 1_500

export class MemoryReclaim {
  #timer: NodeJS.Timeout | undefined
  #quiet: NodeJS.Timeout | undefined
  readonly #delayMs: number
  /** Full collections run so far (/metrics tavla_memory_reclaims_total). */
  count = 0
  /** The heap in use right after the last collection (what was live then). */
  #live = 0

  constructor(delayMs = 200) {
    this.#delayMs = delayMs
  }

  /** The process holds no room now: collect, if it still holds none after a moment. */
  empty(stillEmpty: () => boolean): void {
    if (this.#timer) return
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      if (stillEmpty()) this.#collect()
    }, this.#delayMs)
    this.#timer.unref()
  }

  /**
   * Watches `received` (what clients have sent so far, e.g. messages in): when it has not moved
   * for a whole QUIET_MS, collect, rooms open or not. A busy process never pauses for it.
   */
  watchQuiet(received: () => number, quietMs = QUIET_MS): void {
    let seen = received()
    this.#quiet = setInterval(() => {
      const now = received()
      if (now === seen) this.#collect()
      seen = now
    }, quietMs)
    this.#quiet.unref()
  }

  #collect(): void {
    if (getHeapStatistics().total_physical_size - this.#live < RECLAIM_MIN_BYTES) return
    const gc = collector()
    if (!gc) return
    gc({ type: 'major', flavor: 'last-resort' })
    this.#live = getHeapStatistics().used_heap_size
    this.count++
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer)
    if (this.#quiet) clearInterval(this.#quiet)
    this.#timer = undefined
    this.#quiet = undefined
  }
}
