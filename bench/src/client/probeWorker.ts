// Probe clients on their own thread: their arrival times then do not wait behind the main
// thread's hundreds of counting sockets (with 1,000 clients the generator's read loop, not the
// server, would otherwise set the p99). Protocol with the parent (all messages are objects):
//   parent → { type: 'start', rooms: [{ url, dialect, probes }] }   worker → { type: 'ready' } | { type: 'failed', error }
//   parent → { type: 'mark' }                                      worker → { type: 'mark', msgs, bytes }
//   parent → { type: 'stop' }                                      worker → { type: 'stopped', samples, closes, open }
import { parentPort } from 'node:worker_threads'
import { BenchClient, sentTimesIn } from './BenchClient.ts'
import { TlsyncClient } from './tlsync.ts'
import type { Dialect } from './wire.ts'

export interface ProbeRoom {
  url: string
  dialect: Dialect
  probes: number
}

const port = parentPort
if (!port) throw new Error('probeWorker.ts runs as a worker thread')

const clients: (BenchClient | TlsyncClient)[] = []
// [sentAt, latency] pairs, flat
const samples: number[] = []

port.on('message', async (m: { type: string; rooms?: ProbeRoom[] }) => {
  if (m.type === 'start') {
    try {
      const waits: Promise<void>[] = []
      for (const r of m.rooms ?? []) {
        for (let i = 0; i < r.probes; i++) {
          const room = { url: r.url, dialect: r.dialect }
          const c =
            r.dialect.kind === 'tldraw'
              ? new TlsyncClient(room, (times, at) => {
                  for (const t of times) samples.push(t, at - t)
                })
              : new BenchClient(room, (update, at) => {
                  for (const t of sentTimesIn(update)) samples.push(t, at - t)
                })
          clients.push(c)
          waits.push(c.synced)
        }
      }
      await Promise.all(waits)
      port.postMessage({ type: 'ready' })
    } catch (err) {
      port.postMessage({ type: 'failed', error: (err as Error).message })
    }
  } else if (m.type === 'mark') {
    port.postMessage({ type: 'mark', msgs: clients.reduce((a, c) => a + c.msgs, 0), bytes: clients.reduce((a, c) => a + c.bytes, 0) })
  } else if (m.type === 'stop') {
    const closes: Record<string, number> = {}
    for (const c of clients) if (c.closeCode !== undefined) closes[c.closeCode] = (closes[c.closeCode] ?? 0) + 1
    const open = clients.filter((c) => c.open).length
    for (const c of clients) c.close()
    port.postMessage({ type: 'stopped', samples, closes, open })
    port.close()
  }
})
