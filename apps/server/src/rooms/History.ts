// The board's history (issue 12, item 6; SPEC [V1]–[V4]): automatic snapshots while a board
// changes and before every destructive step, kept under a retention rule of their own (the newest
// `historyKeep` automatic snapshots; manual snapshots are counted and limited apart).
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import type { BoardStorage, SnapshotInfo } from '@tavla/storage'
import type { Room } from './Room.ts'

export interface HistoryOptions {
  /** 0 = no snapshots by interval. */
  historyIntervalMinutes: number
  historyKeep: number
}

/** Why the server took an automatic snapshot; the snapshot's name says it in Swedish. */
export type HistoryReason = 'interval' | 'left' | 'private.reveal' | 'board.lock' | 'restore' | 'bulk-delete' | 'exercise.end'

const NAMES: Record<HistoryReason, string> = {
  interval: 'Automatisk',
  left: 'Automatisk: alla har lämnat',
  'private.reveal': 'Automatisk: före avslöjandet',
  'board.lock': 'Automatisk: före låsningen',
  restore: 'Automatisk: före återställningen',
  'bulk-delete': 'Automatisk: före borttagningen',
  'exercise.end': 'Övningen avslutad',
}

const stamp = (at: number) => new Date(at).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })

export class History {
  readonly #storage: BoardStorage
  readonly #options: HistoryOptions
  readonly #log: FastifyBaseLogger

  constructor(storage: BoardStorage, options: HistoryOptions, log: FastifyBaseLogger) {
    this.#storage = storage
    this.#options = options
    this.#log = log
  }

  /** [V2] Saves an automatic snapshot of `state` now and drops the oldest past `historyKeep`. */
  async save(boardId: string, state: Uint8Array, reason: HistoryReason, label?: string): Promise<SnapshotInfo> {
    const now = Date.now()
    const info = await this.#storage.saveSnapshot(
      {
        id: randomBytes(9).toString('base64url'),
        boardId,
        name: `${NAMES[reason]}${label ? `: ${label}` : ''} ${stamp(now)}`,
        createdAt: now,
        auto: true,
        bytes: state.byteLength,
      },
      state,
    )
    try {
      await this.#storage.pruneAutoSnapshots(boardId, this.#options.historyKeep)
    } catch (err) {
      this.#log.warn({ err, boardId }, 'could not prune automatic snapshots')
    }
    return info
  }

  /** Like save, for work that must go on when it fails: logs instead of throwing. */
  trySave(boardId: string, state: Uint8Array, reason: HistoryReason, label?: string): Promise<SnapshotInfo | undefined> {
    return this.save(boardId, state, reason, label).catch((err) => {
      this.#log.error({ err, boardId, reason }, 'could not save the automatic snapshot')
      return undefined
    })
  }

  /**
   * [V1] While the shared board changes, a snapshot at most every `historyIntervalMinutes`: the
   * first change after the last one starts the clock, so a board nobody touches gets none.
   */
  watch(room: Room): void {
    const ms = this.#options.historyIntervalMinutes * 60_000
    if (!ms || room.part) return
    let timer: NodeJS.Timeout | undefined
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      // what the room loaded, or what another process applied (it keeps its own history), starts nothing
      if (timer || typeof origin === 'symbol') return
      timer = setTimeout(() => {
        timer = undefined
        if (!room.destroyed) void this.trySave(room.boardId, Y.encodeStateAsUpdate(room.doc), 'interval')
      }, ms)
      timer.unref()
    }
    room.doc.on('update', onUpdate)
    room.doc.once('destroy', () => {
      if (timer) clearTimeout(timer)
      room.doc.off('update', onUpdate)
    })
  }
}
