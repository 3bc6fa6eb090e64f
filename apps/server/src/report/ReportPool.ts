// The decision report and the board picture are made in worker threads, so a big board's PDF does
// not hold up every room's websocket traffic (SPEC [L18]). At most `maxRenders` tasks run at once,
// each in a worker of its own; up to `maxQueue` more wait their turn; one more is refused at once
// (429 `report_busy`). A worker that throws or dies fails its own task (500 `report_failed`) and
// is replaced; the server goes on. Idle workers are kept (loading pdfkit, docx and resvg costs
// time) but unref'd: only a running task keeps the process alive, and close() ends them all.
import { Worker } from 'node:worker_threads'
import { HttpError } from '../errors.ts'
import type { RenderResult, RenderTask } from './tasks.ts'

export interface ReportLimits {
  /** MAX_REPORT_RENDERS: tasks running at once (one worker each). */
  maxRenders: number
  /** MAX_REPORT_QUEUE: tasks waiting for a worker. */
  maxQueue: number
}

interface Job {
  task: RenderTask
  resolve: (body: Buffer) => void
  reject: (err: Error) => void
}

interface Slot {
  worker: Worker
  job?: Job
  gone?: boolean
}

const failed = (why: string) =>
  new HttpError(
    500,
    'report_failed',
    `The report could not be made: ${why}. The server is still running; try again, and if it keeps failing tell the administrator.`,
  )

export class ReportPool {
  private readonly idle: Slot[] = []
  private readonly busy = new Set<Slot>()
  private readonly queue: Job[] = []
  private closed = false
  private readonly script: URL
  limits: ReportLimits
  /** Told what went wrong in a worker (the HTTP answer says only that it failed). */
  onError: (err: unknown, what: string) => void

  constructor(script: URL, limits: ReportLimits, onError: (err: unknown, what: string) => void = () => {}) {
    this.script = script
    this.limits = limits
    this.onError = onError
  }

  stats(): { running: number; queued: number; workers: number } {
    return { running: this.busy.size, queued: this.queue.length, workers: this.busy.size + this.idle.length }
  }

  /** Runs one task in a worker: its bytes, or 429 `report_busy` when the queue is full too. */
  run(task: RenderTask): Promise<Buffer> {
    if (this.closed)
      return Promise.reject(new HttpError(503, 'report_busy', 'The server is shutting down; no more reports are made now. Try again in a moment.'))
    return new Promise<Buffer>((resolve, reject) => {
      const job: Job = { task, resolve, reject }
      if (this.busy.size < this.limits.maxRenders) this.start(job)
      else if (this.queue.length < this.limits.maxQueue) this.queue.push(job)
      else
        reject(
          new HttpError(
            429,
            'report_busy',
            `The server is already making as many reports as it makes at once (${this.busy.size}, MAX_REPORT_RENDERS) and ${this.queue.length} more are waiting (MAX_REPORT_QUEUE). Try again in a moment.`,
          ),
        )
    })
  }

  private start(job: Job): void {
    let slot = this.idle.pop()
    if (!slot) {
      try {
        slot = this.spawn()
      } catch (err) {
        this.onError(err, 'report worker did not start')
        job.reject(failed('the report worker did not start'))
        return
      }
    }
    slot.job = job
    this.busy.add(slot)
    slot.worker.ref()
    slot.worker.postMessage(job.task)
  }

  private spawn(): Slot {
    const worker = new Worker(this.script)
    const slot: Slot = { worker }
    worker.unref()
    worker.on('message', (msg: RenderResult) => this.finish(slot, msg))
    worker.on('error', (err) => this.lose(slot, err))
    worker.on('exit', (code) => this.lose(slot, new Error(`the report worker exited with code ${code}`)))
    return slot
  }

  private finish(slot: Slot, msg: RenderResult): void {
    const job = slot.job
    if (!job || slot.gone) return
    slot.job = undefined
    this.busy.delete(slot)
    slot.worker.unref()
    this.idle.push(slot)
    if (msg.ok) job.resolve(Buffer.from(msg.body.buffer, msg.body.byteOffset, msg.body.byteLength))
    else {
      this.onError(new Error(msg.message), 'report failed')
      job.reject(failed(msg.message))
    }
    this.next()
  }

  /** A worker that died (an uncaught error, out of memory, terminated): its task fails, the others go on. */
  private lose(slot: Slot, err: Error): void {
    if (slot.gone) return
    slot.gone = true
    this.busy.delete(slot)
    const i = this.idle.indexOf(slot)
    if (i >= 0) this.idle.splice(i, 1)
    if (slot.job) {
      if (this.closed) slot.job.reject(new HttpError(503, 'report_busy', 'The server is shutting down; the report was not finished. Try again in a moment.'))
      else {
        this.onError(err, 'report worker died')
        slot.job.reject(failed('the report worker stopped'))
      }
      slot.job = undefined
    }
    void slot.worker.terminate()
    this.next()
  }

  private next(): void {
    while (!this.closed && this.busy.size < this.limits.maxRenders && this.queue.length) this.start(this.queue.shift()!)
  }

  /** Ends every worker; waiting and running tasks are refused (503). */
  async close(): Promise<void> {
    this.closed = true
    for (const job of this.queue.splice(0))
      job.reject(new HttpError(503, 'report_busy', 'The server is shutting down; no more reports are made now. Try again in a moment.'))
    const all = [...this.busy, ...this.idle]
    await Promise.all(all.map((s) => s.worker.terminate()))
  }
}

const WORKER = new URL('./reportWorker.ts', import.meta.url)
const DEFAULTS: ReportLimits = { maxRenders: 2, maxQueue: 8 }
let shared: { pool: ReportPool; users: number } | undefined

/**
 * The process's report pool (the limits are per process): an app opens it with its config and
 * closes it with itself; the last one to close ends the workers. Several apps in one process
 * (tests) share it, with the limits of the one that opened it last.
 */
export function openReportPool(limits: ReportLimits, onError?: ReportPool['onError']): { close(): Promise<void> } {
  const s = shared ?? { pool: new ReportPool(WORKER, limits), users: 0 }
  shared = s
  s.users++
  s.pool.limits = limits
  if (onError) s.pool.onError = onError
  let open = true
  return {
    async close() {
      if (!open) return
      open = false
      if (--s.users > 0) return
      if (shared === s) shared = undefined
      await s.pool.close()
    },
  }
}

/** The pool renders go to (one with the default limits if no app opened it: its workers are unref'd). */
export function reportPool(): ReportPool {
  shared ??= { pool: new ReportPool(WORKER, DEFAULTS), users: 0 }
  return shared.pool
}
