// Memory of idle loaded boards: one client per board keeps it loaded after writing a few notes.
// RSS after loading N boards minus RSS with one board loaded, divided by N.
import * as Y from 'yjs'
import { BenchClient, noteRecord, now } from '../client/BenchClient.ts'
import { updateMessage, type Room } from '../client/wire.ts'
import { CpuMeter, memory } from '../proc.ts'
import type { Target } from '../servers/targets.ts'
import { mapLimit, sleep, withTimeout } from '../stats.ts'

export interface IdleMemoryParams {
  boards: number
  notesPerBoard: number
  settleS: number
}

export interface IdleMemoryResult {
  kind: 'idle-memory'
  server: string
  boards: number
  loaded: number
  /** encoded size of what each client wrote */
  writtenBytesPerBoard: number
  /** encoded size of a whole board as a newly joining client receives it (template + notes): its data */
  dataBytesPerBoard: number
  baselineRssMiB: number
  rssMiB: number
  perBoardKiB: number
  /** server CPU while everything sits idle */
  idleCpuPct: number
  error?: string
}

async function loadBoard(room: Room, notes: number, tag: string): Promise<{ client: BenchClient; bytes: number }> {
  const client = new BenchClient(room)
  await withTimeout(client.synced, 30_000, `board ${tag} to sync`)
  const doc = new Y.Doc()
  const records = doc.getArray('records')
  records.push(
    Array.from({ length: notes }, (_, i) => {
      const val = noteRecord(`${tag}n${i}`, i * 220, 0, `note ${i} on ${tag}`, now())
      return { key: val.id as string, val }
    }),
  )
  const update = Y.encodeStateAsUpdate(doc)
  client.send(updateMessage(room.dialect, update))
  return { client, bytes: update.length }
}

async function steadyRss(pid: number): Promise<number> {
  const xs: number[] = []
  for (let i = 0; i < 3; i++) {
    xs.push(memory(pid).rssBytes)
    await sleep(500)
  }
  return xs.reduce((a, b) => a + b, 0) / xs.length
}

export async function runIdleMemory(target: Target, p: IdleMemoryParams): Promise<IdleMemoryResult> {
  const running = await target.start()
  const clients: BenchClient[] = []
  try {
    const rooms = await running.createRooms(p.boards + 1)
    const first = await loadBoard(rooms[0], p.notesPerBoard, 'b0')
    clients.push(first.client)
    await sleep(p.settleS * 1000)
    const baseline = await steadyRss(running.proc.pid)
    let bytes = 0
    await mapLimit(rooms.slice(1), 50, async (room, i) => {
      const b = await loadBoard(room, p.notesPerBoard, `b${i + 1}`)
      clients.push(b.client)
      bytes = b.bytes
    })
    await sleep(p.settleS * 1000)
    const cpu = new CpuMeter(running.proc.pid)
    cpu.start()
    const rss = await steadyRss(running.proc.pid)
    const idleCpuPct = cpu.stop()
    // What one board holds, measured as a joining client receives it.
    const probe = new BenchClient(rooms[rooms.length - 1])
    await withTimeout(probe.synced, 30_000, 'a probe of the last board to sync')
    const dataBytes = probe.syncUpdate?.length ?? 0
    probe.close()
    return {
      kind: 'idle-memory',
      server: target.id,
      boards: p.boards,
      loaded: clients.filter((c) => c.open).length - 1,
      writtenBytesPerBoard: bytes,
      dataBytesPerBoard: dataBytes,
      baselineRssMiB: baseline / 2 ** 20,
      rssMiB: rss / 2 ** 20,
      perBoardKiB: (rss - baseline) / p.boards / 1024,
      idleCpuPct,
      error: running.proc.alive ? undefined : `server exited with ${running.proc.exitCode}`,
    }
  } catch (err) {
    return {
      kind: 'idle-memory',
      server: target.id,
      boards: p.boards,
      loaded: 0,
      writtenBytesPerBoard: 0,
      dataBytesPerBoard: 0,
      baselineRssMiB: Number.NaN,
      rssMiB: Number.NaN,
      perBoardKiB: Number.NaN,
      idleCpuPct: Number.NaN,
      error: (err as Error).message,
    }
  } finally {
    for (const c of clients) c.close()
    await running.stop()
  }
}
