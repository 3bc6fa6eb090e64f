// Fan-out scenarios: rooms full of clients, a few writers each dragging a note at a fixed rate.
// Warm-up is excluded; the window measures server CPU, arrivals at every client, and the
// write→arrival latency seen by probe clients.
import { BenchClient, now, Writer } from '../client/BenchClient.ts'
import { ProbeThread } from '../client/ProbeThread.ts'
import { TlsyncClient, TlsyncWriter } from '../client/tlsync.ts'
import type { Room } from '../client/wire.ts'
import { CpuMeter, MachineCpuMeter, memory, SelfCpuMeter } from '../proc.ts'
import type { Target } from '../servers/targets.ts'
import { mapLimit, percentile, sleep, withTimeout } from '../stats.ts'

export interface FanoutParams {
  rooms: number
  clientsPerRoom: number
  writersPerRoom: number
  /** updates per second per writer */
  rate: number
  probesPerRoom: number
  warmupS: number
  durationS: number
}

export interface FanoutResult {
  kind: 'fanout'
  server: string
  clients: number
  connected: number
  writers: number
  /** updates the writers sent per second during the window */
  sentPerSec: number
  p50Ms: number
  p99Ms: number
  maxMs: number
  samples: number
  /** probe arrivals / (writes in the window × probes that should see them) */
  deliveredPct: number
  cpuPct: number
  rssMiB: number
  peakRssMiB: number
  /** websocket messages arriving at all clients per second */
  fanoutMsgsPerSec: number
  fanoutMiBPerSec: number
  /** the load generator's own CPU (one process): near 100 means it, not the server, limits */
  generatorCpuPct: number
  /** CPU the rest of the machine used meanwhile (all cores − server − generator): other work disturbing the run */
  otherCpuPct: number
  /** close codes seen by clients during the run (code → count) */
  closes: Record<string, number>
  connectSeconds: number
  error?: string
}

const DRAIN_MS = 1500

export async function runFanout(target: Target, p: FanoutParams): Promise<FanoutResult> {
  const running = await target.start()
  const clients: (BenchClient | TlsyncClient)[] = []
  const timers: NodeJS.Timeout[] = []
  const probes = new ProbeThread()
  try {
    const rooms = await running.createRooms(p.rooms)
    const writers: { w: Writer | TlsyncWriter; room: Room; sent: number[] }[] = []

    const t0 = performance.now()
    // Probes live on their own thread (see probeWorker.ts); writers and counters on this one.
    await probes.start(rooms.map((room) => ({ url: room.url, dialect: room.dialect, probes: p.probesPerRoom })))
    const plan: { room: Room; role: 'writer' | 'counter'; id: string }[] = []
    rooms.forEach((room, r) => {
      for (let c = 0; c < p.clientsPerRoom - p.probesPerRoom; c++) {
        plan.push({ room, role: c < p.writersPerRoom ? 'writer' : 'counter', id: `r${r}c${c}` })
      }
    })
    await mapLimit(plan, 50, async ({ room, role, id }) => {
      // tldraw's sync server speaks its own protocol: the same participants, in its JSON messages.
      const c = room.dialect.kind === 'tldraw' ? new TlsyncClient(room) : new BenchClient(room)
      clients.push(c)
      await withTimeout(c.synced, 30_000, `client ${id} to sync`)
      if (role === 'writer') writers.push({ w: c instanceof TlsyncClient ? new TlsyncWriter(c, id) : new Writer(c, id), room, sent: [] })
    })
    const connectSeconds = (performance.now() - t0) / 1000

    // Writers start at spread, uncorrelated phases (golden-ratio sequence): even load, and writers
    // of one room do not fire in the same tick by construction (which would favour merging servers).
    const period = 1000 / p.rate
    const deadline = now() + (p.warmupS + p.durationS) * 1000 + 5000
    writers.forEach((entry, i) => {
      const start = setTimeout(
        () => {
          const tick = (): void => {
            if (now() > deadline || !entry.w.client.open) return
            entry.sent.push(entry.w.write())
          }
          tick()
          timers.push(setInterval(tick, period))
        },
        ((i * 0.6180339887) % 1) * period,
      )
      timers.push(start)
    })

    await sleep(p.warmupS * 1000)
    const cpu = new CpuMeter(running.proc.pid)
    const gen = new SelfCpuMeter()
    const machineCpu = new MachineCpuMeter()
    const sum = (f: (c: BenchClient | TlsyncClient) => number): number => clients.reduce((a, c) => a + f(c), 0)
    const mark0 = await probes.mark()
    const msgs0 = sum((c) => c.msgs) + mark0.msgs
    const bytes0 = sum((c) => c.bytes) + mark0.bytes
    const wStart = now()
    cpu.start()
    gen.start()
    machineCpu.start()
    await sleep(p.durationS * 1000)
    const cpuPct = cpu.stop()
    const generatorCpuPct = gen.stop()
    const machinePct = machineCpu.stop()
    const wEnd = now()
    const mark1 = await probes.mark()
    const msgs1 = sum((c) => c.msgs) + mark1.msgs
    const bytes1 = sum((c) => c.bytes) + mark1.bytes
    const mem = memory(running.proc.pid)
    for (const t of timers) clearInterval(t)
    await sleep(DRAIN_MS)
    const probed = await probes.stop()
    // Arrival samples: [sentAt, latency] pairs, flat.
    const lat: number[] = []

    const seconds = (wEnd - wStart) / 1000
    const inWindow = (t: number): boolean => t >= wStart && t < wEnd
    for (let i = 0; i < probed.samples.length; i += 2) if (inWindow(probed.samples[i])) lat.push(probed.samples[i + 1])
    let sentInWindow = 0
    for (const { sent } of writers) sentInWindow += sent.filter(inWindow).length
    const expected = sentInWindow * p.probesPerRoom
    const closes: Record<string, number> = { ...probed.closes }
    for (const c of clients) if (c.closeCode !== undefined) closes[c.closeCode] = (closes[c.closeCode] ?? 0) + 1
    return {
      kind: 'fanout',
      server: target.id,
      clients: plan.length + p.rooms * p.probesPerRoom,
      connected: clients.filter((c) => c.open).length + probed.open,
      writers: writers.length,
      sentPerSec: sentInWindow / seconds,
      p50Ms: percentile(lat, 50),
      p99Ms: percentile(lat, 99),
      maxMs: percentile(lat, 100),
      samples: lat.length,
      deliveredPct: expected > 0 ? (lat.length / expected) * 100 : Number.NaN,
      cpuPct,
      rssMiB: mem.rssBytes / 2 ** 20,
      peakRssMiB: mem.peakRssBytes / 2 ** 20,
      fanoutMsgsPerSec: (msgs1 - msgs0) / seconds,
      fanoutMiBPerSec: (bytes1 - bytes0) / seconds / 2 ** 20,
      generatorCpuPct,
      otherCpuPct: Math.max(0, machinePct - cpuPct - generatorCpuPct),
      closes,
      connectSeconds,
      error: running.proc.alive ? undefined : `server exited with ${running.proc.exitCode}: ${running.proc.log.slice(-1500)}`,
    }
  } catch (err) {
    if (running.proc.alive) throw err
    throw new Error(`${(err as Error).message}; the server exited with ${running.proc.exitCode}: ${running.proc.log.slice(-1500)}`)
  } finally {
    for (const t of timers) clearInterval(t)
    for (const c of clients) c.close()
    await probes.terminate()
    await running.stop()
  }
}
