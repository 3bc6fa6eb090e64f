// Churn (issue 16): many boards opened and closed, over and over. Each cycle makes new boards
// (so every cycle does the same work: a board's content does not grow from one to the next, and
// a server that keeps anything per board it once had shows it); one client per board joins, writes a few notes (as idle-memory's do) and stays a moment; then every client
// goes and the server is given time to unload every room (tavla: until /metrics reports 0 rooms
// and 0 connections; the reference servers: a fixed wait past their unload delay). RSS is read
// after each cycle: a server that gives back what closed boards held stays flat.
import * as Y from 'yjs'
import { BenchClient, noteRecord, now } from '../client/BenchClient.ts'
import { updateMessage, type Room } from '../client/wire.ts'
import { memory } from '../proc.ts'
import type { Running, Target } from '../servers/targets.ts'
import { mapLimit, sleep, withTimeout } from '../stats.ts'

export interface ChurnParams {
  boards: number
  cycles: number
  notesPerBoard: number
  /** Seconds every board stays open (all its clients connected) in each cycle. */
  openS: number
}

export interface ChurnResult {
  kind: 'churn'
  server: string
  boards: number
  cycles: number
  /** RSS right after start, before any board (MiB). */
  startRssMiB: number
  /** RSS after each cycle, every room unloaded (MiB). */
  rssMiB: number[]
  /** RSS while the boards of the last cycle were open (MiB). */
  openRssMiB: number
  /** tavla only (/metrics): the V8 heap in use after each cycle (MiB). */
  heapMiB: number[]
  /** The most rooms still loaded when a cycle's RSS was read (0 for a server that unloads all). */
  roomsLeft: number
  error?: string
}

/** Seconds a reference server gets to unload its rooms: Hocuspocus stores on the last disconnect, then unloads. */
const REFERENCE_UNLOAD_S = 3

async function openBoard(room: Room, notes: number, tag: string): Promise<BenchClient> {
  const client = new BenchClient(room)
  await withTimeout(client.synced, 30_000, `board ${tag} to sync`)
  const doc = new Y.Doc()
  doc.getArray('records').push(
    Array.from({ length: notes }, (_, i) => {
      const val = noteRecord(`${tag}n${i}`, i * 220, 0, `note ${i} on ${tag}`, now())
      return { key: val.id as string, val }
    }),
  )
  client.send(updateMessage(room.dialect, Y.encodeStateAsUpdate(doc)))
  return client
}

async function steadyRss(pid: number): Promise<number> {
  const xs: number[] = []
  for (let i = 0; i < 3; i++) {
    xs.push(memory(pid).rssBytes)
    await sleep(300)
  }
  return xs.reduce((a, b) => a + b, 0) / xs.length / 2 ** 20
}

/** Waits until the server has unloaded everything; returns the rooms still open (and the heap, where known). */
async function unloaded(running: Running): Promise<{ rooms: number; heapMiB: number }> {
  if (!running.stats) {
    await sleep(REFERENCE_UNLOAD_S * 1000)
    return { rooms: 0, heapMiB: Number.NaN }
  }
  const deadline = performance.now() + 30_000
  for (;;) {
    const s = await running.stats()
    if ((s.rooms === 0 && s.connections === 0) || performance.now() > deadline) return { rooms: s.rooms, heapMiB: s.heapBytes / 2 ** 20 }
    await sleep(100)
  }
}

export async function runChurn(target: Target, p: ChurnParams): Promise<ChurnResult> {
  const out: ChurnResult = {
    kind: 'churn',
    server: target.id,
    boards: p.boards,
    cycles: p.cycles,
    startRssMiB: Number.NaN,
    rssMiB: [],
    openRssMiB: Number.NaN,
    heapMiB: [],
    roomsLeft: 0,
  }
  // The notes are Yjs updates: tldraw's sync server speaks another protocol (issue 16 compares the Yjs servers here).
  if (target.id === 'tldraw-sync') return { ...out, error: 'n/a (not a Yjs server)' }
  const running = await target.start()
  let clients: BenchClient[] = []
  try {
    out.startRssMiB = await steadyRss(running.proc.pid)
    for (let cycle = 1; cycle <= p.cycles; cycle++) {
      const rooms = await running.createRooms(p.boards)
      clients = await mapLimit(rooms, 50, (room, i) => openBoard(room, p.notesPerBoard, `c${cycle}b${i}`))
      await sleep(p.openS * 1000)
      out.openRssMiB = memory(running.proc.pid).rssBytes / 2 ** 20
      for (const c of clients) c.close()
      clients = []
      const left = await unloaded(running)
      await sleep(500) // what unloading leaves behind (tavla: the snapshot of a board left) is written
      out.rssMiB.push(await steadyRss(running.proc.pid))
      out.heapMiB.push(left.heapMiB)
      out.roomsLeft = Math.max(out.roomsLeft, left.rooms)
      if (!running.proc.alive) throw new Error(`server exited with ${running.proc.exitCode}`)
    }
  } catch (err) {
    out.error = (err as Error).message
  } finally {
    for (const c of clients) c.close()
    await running.stop()
  }
  return out
}
