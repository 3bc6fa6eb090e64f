// The parent's side of probeWorker.ts: start probes on their own thread, mark counters, collect samples.
import { Worker } from 'node:worker_threads'
import { withTimeout } from '../stats.ts'
import type { ProbeRoom } from './probeWorker.ts'

type Reply =
  | { type: 'ready' }
  | { type: 'failed'; error: string }
  | { type: 'mark'; msgs: number; bytes: number }
  | { type: 'stopped'; samples: number[]; closes: Record<string, number>; open: number }

export class ProbeThread {
  private readonly worker = new Worker(new URL('./probeWorker.ts', import.meta.url))
  private waiting: ((r: Reply) => void) | undefined

  constructor() {
    this.worker.on('message', (r: Reply) => {
      const w = this.waiting
      this.waiting = undefined
      w?.(r)
    })
    this.worker.on('error', (err) => {
      const w = this.waiting
      this.waiting = undefined
      w?.({ type: 'failed', error: err.message })
    })
  }

  private ask(message: object, what: string): Promise<Reply> {
    const reply = new Promise<Reply>((resolve) => {
      this.waiting = resolve
    })
    this.worker.postMessage(message)
    return withTimeout(reply, 60_000, what)
  }

  async start(rooms: ProbeRoom[]): Promise<void> {
    const r = await this.ask({ type: 'start', rooms }, 'the probes to sync')
    if (r.type === 'failed') throw new Error(`probes: ${r.error}`)
  }

  async mark(): Promise<{ msgs: number; bytes: number }> {
    const r = await this.ask({ type: 'mark' }, 'the probes to report')
    return r.type === 'mark' ? r : { msgs: 0, bytes: 0 }
  }

  async stop(): Promise<{ samples: number[]; closes: Record<string, number>; open: number }> {
    const r = await this.ask({ type: 'stop' }, 'the probes to stop')
    await this.worker.terminate()
    return r.type === 'stopped' ? r : { samples: [], closes: {}, open: 0 }
  }

  async terminate(): Promise<void> {
    await this.worker.terminate()
  }
}
