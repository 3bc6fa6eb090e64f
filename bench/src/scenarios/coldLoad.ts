// Cold load: a board with 2,000 notes is written through the websocket, the server is restarted,
// and a fresh client's first sync is timed (connect → step 2 arrived). Repeated over restarts.
import * as Y from 'yjs'
import { BenchClient, noteRecord, now } from '../client/BenchClient.ts'
import { updateMessage, type Room } from '../client/wire.ts'
import { memory } from '../proc.ts'
import type { Target } from '../servers/targets.ts'
import { median, sleep, withTimeout } from '../stats.ts'

export interface ColdLoadParams {
  notes: number
  restarts: number
}

export interface ColdLoadResult {
  kind: 'cold-load'
  server: string
  notes: number
  /** encoded size of the board's state as the fresh client received it */
  docBytes: number
  /** connect → step 2 arrived, first client after each restart (ms) */
  firstSyncMs: number[]
  firstSyncMedianMs: number
  /** the same for a second client while the board is loaded (ms) */
  warmSyncMs: number
  rssMiBAfterLoad: number
  error?: string
  skipped?: string
}

function countNotes(update: Uint8Array | undefined): number {
  if (!update) return 0
  const doc = new Y.Doc()
  Y.applyUpdate(doc, update)
  return doc.getArray('records').length
}

async function syncOnce(room: Room): Promise<BenchClient> {
  const c = new BenchClient(room)
  await withTimeout(c.synced, 60_000, 'first sync')
  return c
}

export async function runColdLoad(target: Target, p: ColdLoadParams): Promise<ColdLoadResult> {
  if (!target.persists) {
    return {
      kind: 'cold-load',
      server: target.id,
      notes: p.notes,
      docBytes: 0,
      firstSyncMs: [],
      firstSyncMedianMs: Number.NaN,
      warmSyncMs: Number.NaN,
      rssMiBAfterLoad: Number.NaN,
      skipped: 'no persistence by default',
    }
  }
  const running = await target.start()
  try {
    const [room] = await running.createRooms(1)
    // Seed in batches of 100 notes, as a busy workshop would, so storage sees many updates.
    const seeder = await syncOnce(room)
    const doc = new Y.Doc()
    doc.on('update', (u: Uint8Array) => seeder.send(updateMessage(room.dialect, u)))
    const records = doc.getArray('records')
    for (let i = 0; i < p.notes; i += 100) {
      doc.transact(() => {
        const batch = []
        for (let j = i; j < Math.min(p.notes, i + 100); j++) {
          const val = noteRecord(`seed${j}`, (j % 50) * 220, Math.floor(j / 50) * 220, `idea number ${j}: ${'lorem ipsum '.repeat(3)}`, now())
          batch.push({ key: val.id as string, val })
        }
        records.push(batch)
      })
    }
    // Wait until the server holds everything (a second client sees all notes), at most 30 s.
    const deadline = Date.now() + 30_000
    for (;;) {
      const check = await syncOnce(room)
      const n = countNotes(check.syncUpdate)
      check.close()
      if (n >= p.notes) break
      if (Date.now() > deadline) throw new Error(`the server holds ${n} of ${p.notes} notes after 30 s`)
      await sleep(200)
    }
    seeder.close()
    await sleep(500) // let the room unload and write (tavla [W7], Hocuspocus' store on last disconnect)

    const firstSyncMs: number[] = []
    let docBytes = 0
    let warmSyncMs = Number.NaN
    let rssMiBAfterLoad = Number.NaN
    for (let r = 0; r < p.restarts; r++) {
      await running.restart()
      const c = await syncOnce(room)
      firstSyncMs.push(c.syncedAt - c.startedAt)
      docBytes = c.syncUpdate?.length ?? 0
      const n = countNotes(c.syncUpdate)
      if (n < p.notes) throw new Error(`after a restart the first client got ${n} of ${p.notes} notes`)
      const warm = await syncOnce(room)
      warmSyncMs = warm.syncedAt - warm.startedAt
      rssMiBAfterLoad = memory(running.proc.pid).rssBytes / 2 ** 20
      warm.close()
      c.close()
      await sleep(300)
    }
    return { kind: 'cold-load', server: target.id, notes: p.notes, docBytes, firstSyncMs, firstSyncMedianMs: median(firstSyncMs), warmSyncMs, rssMiBAfterLoad }
  } catch (err) {
    return {
      kind: 'cold-load',
      server: target.id,
      notes: p.notes,
      docBytes: 0,
      firstSyncMs: [],
      firstSyncMedianMs: Number.NaN,
      warmSyncMs: Number.NaN,
      rssMiBAfterLoad: Number.NaN,
      error: (err as Error).message,
    }
  } finally {
    await running.stop()
  }
}
