// [W7] Gives back the memory of unloaded boards (issue 16). V8 collects its old generation only
// when that fills up, and never while the process is idle: what a hundred closed boards left
// behind stayed resident, and each burst of boards raised the heap's high-water mark further
// (bench churn: 100 boards opened and closed 12 times, RSS 227 → 347 MiB). It is the heap's own
// pages: V8's 256 KiB page mappings went 95 → 210 MiB while malloc's heap peaked at 36 MiB
// (heaptrack) and `gc()` every 2 s kept RSS flat. When the last room has unloaded and nobody is
// connected, so that the pause (50–500 ms on 2 busy cores) delays no one, one full collection runs (V8's thorough one, which also shrinks the young
// generation and returns freed pages) — when there is something to give back: the heap holds
// RECLAIM_MIN_BYTES more pages than were live after the last one (a lone export of a closed
// board does not cost a collection each).
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

export class MemoryReclaim {
  #timer: NodeJS.Timeout | undefined
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
      if (!stillEmpty() || getHeapStatistics().total_physical_size - this.#live < RECLAIM_MIN_BYTES) return
      const gc = collector()
      if (!gc) return
      gc({ type: 'major', flavor: 'last-resort' })
      this.#live = getHeapStatistics().used_heap_size
      this.count++
    }, this.#delayMs)
    this.#timer.unref()
  }

  cancel(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
  }
}
