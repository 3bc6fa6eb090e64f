import { afterEach, describe, expect, it, vi } from 'vitest'
import * as Y from 'yjs'
import type { BoardStorage, SnapshotInfo } from '@tavla/storage'
import { History } from './History.ts'
import type { Room } from './Room.ts'

function fakeStorage() {
  const saved: SnapshotInfo[] = []
  const pruned: number[] = []
  const storage = {
    saveSnapshot: async (info: SnapshotInfo) => void saved.push(info),
    pruneAutoSnapshots: async (_id: string, keep: number) => (pruned.push(keep), 0),
  } as unknown as BoardStorage
  return { storage, saved, pruned }
}
const log = { warn() {}, error() {} } as never

describe('History', () => {
  afterEach(() => vi.useRealTimers())

  it('[V1] a snapshot at most every HISTORY_INTERVAL_MINUTES while the board changes, none while it does not', async () => {
    vi.useFakeTimers()
    const { storage, saved, pruned } = fakeStorage()
    const history = new History(storage, { historyIntervalMinutes: 10, historyKeep: 50 }, log)
    const doc = new Y.Doc()
    const room = { part: '', boardId: 'b1', doc, destroyed: false } as unknown as Room
    history.watch(room)
    await vi.advanceTimersByTimeAsync(30 * 60_000)
    expect(saved).toHaveLength(0) // nobody changed anything

    doc.transact(() => doc.getMap('m').set('a', 1), 'server')
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    doc.transact(() => doc.getMap('m').set('a', 2), 'server') // within the same interval: no second clock
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(saved.map((s) => [s.boardId, s.auto])).toEqual([['b1', true]])
    expect(saved[0]!.name).toMatch(/^Automatisk \d{4}-/)
    expect(pruned).toEqual([50])

    // what the room loads or another process applied (symbol origins) starts no clock
    doc.transact(() => doc.getMap('m').set('a', 3), Symbol('storage'))
    await vi.advanceTimersByTimeAsync(20 * 60_000)
    expect(saved).toHaveLength(1)

    doc.transact(() => doc.getMap('m').set('a', 4), 'server')
    doc.destroy() // the room unloaded: its clock stops
    await vi.advanceTimersByTimeAsync(20 * 60_000)
    expect(saved).toHaveLength(1)
  })

  it('[V1] HISTORY_INTERVAL_MINUTES=0 takes none by interval; private parts have no history', async () => {
    vi.useFakeTimers()
    const { storage, saved } = fakeStorage()
    const doc = new Y.Doc()
    new History(storage, { historyIntervalMinutes: 0, historyKeep: 50 }, log).watch({ part: '', boardId: 'b', doc } as unknown as Room)
    new History(storage, { historyIntervalMinutes: 1, historyKeep: 50 }, log).watch({ part: 'voter', boardId: 'b', doc } as unknown as Room)
    doc.transact(() => doc.getMap('m').set('a', 1), 'server')
    await vi.advanceTimersByTimeAsync(5 * 60_000)
    expect(saved).toHaveLength(0)
  })
})
