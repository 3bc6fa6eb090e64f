import type { FastifyBaseLogger } from 'fastify'
import type { BoardStorage } from '@tavla/storage'
import type { RoomRegistry } from '../rooms/RoomRegistry.ts'
import { exerciseBoards } from '../routes/sessions/exerciseBoards.ts'

const DAY = 24 * 60 * 60 * 1000

/**
 * Issue 9: boards nobody touched for RETENTION_DAYS are deleted with everything stored about
 * them (snapshots, private parts, audit). Open boards are never deleted.
 */
export class Retention {
  #timer: NodeJS.Timeout | undefined
  readonly #days: number
  readonly #storage: BoardStorage
  readonly #rooms: RoomRegistry
  readonly #log: FastifyBaseLogger
  readonly #now: () => number

  constructor(days: number, storage: BoardStorage, rooms: RoomRegistry, log: FastifyBaseLogger, now: () => number = Date.now) {
    this.#days = days
    this.#storage = storage
    this.#rooms = rooms
    this.#log = log
    this.#now = now
  }

  /** Checks every hour (and once at start) while retention is on. */
  start(): void {
    if (!this.#days) return
    const run = () => void this.sweep().catch((err) => this.#log.error({ err }, 'retention sweep failed'))
    run()
    this.#timer = setInterval(run, 60 * 60 * 1000)
    this.#timer.unref()
  }

  stop(): void {
    if (this.#timer) clearInterval(this.#timer)
  }

  /** Deletes the boards older than the retention period; returns their ids. */
  async sweep(): Promise<string[]> {
    if (!this.#days) return []
    const cutoff = this.#now() - this.#days * DAY
    const deleted: string[] = []
    for (const id of await this.#storage.listBoardsUpdatedBefore(cutoff)) {
      if (this.#rooms.isOpen(id)) continue
      const row = await this.#storage.getBoard(id)
      // [SE6] an exercise board goes with its session, never alone; a session when all of it is old
      if (typeof row?.settings.session === 'string' && (await this.#storage.getBoard(row.settings.session))) continue
      let ids = [id]
      if (row?.settings.kind === 'session') {
        const exercises = await exerciseBoards(this.#rooms, id)
        const rows = await Promise.all(exercises.map((b) => this.#storage.getBoard(b)))
        if (rows.some((r, i) => r && (r.updatedAt >= cutoff || this.#rooms.isOpen(exercises[i]!)))) continue
        ids = [id, ...exercises]
      }
      for (const b of ids) if (await this.#storage.deleteBoard(b)) deleted.push(b)
    }
    if (deleted.length) this.#log.info({ count: deleted.length, days: this.#days }, 'retention: deleted boards nobody touched')
    return deleted
  }
}
