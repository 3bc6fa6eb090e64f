import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import type { FastifyBaseLogger } from 'fastify'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import type { Config } from '../config.ts'
import { HttpError } from '../errors.ts'
import { BoardPolicy, type BoardSettings } from './policy.ts'
import type { Role } from './Connection.ts'
import { Outbox } from './Outbox.ts'
import { Room } from './Room.ts'
import { CloseCode } from './protocol.ts'
import { History } from './History.ts'
import { watchTrash } from './Trash.ts'
import type { RedisBus } from '../plugins/bus/RedisBus.ts'
import { KeyIssuer } from '../KeyIssuer.ts'
import { recordAuthors } from './AuthorRecord.ts'
import { MemoryReclaim } from './MemoryReclaim.ts'

export interface RoomRegistryStats {
  rooms: number
  connections: number
  messagesIn: number
  bytesIn: number
  messagesOut: number
  bytesOut: number
  unsavedUpdates: number
  oldestUnsavedMs: number
  storageErrors: number
  /** Rooms whose last write failed, holding their updates in memory until a retry succeeds. */
  retryingRooms: number
  /** [W7] Full garbage collections run after the last room unloaded or in a quiet moment. */
  memoryReclaims: number
}

type Limits = Pick<Config, 'maxBufferedBytes' | 'maxRooms' | 'persistBatchMs' | 'compactUpdates' | 'compactBytes'> &
  Partial<Pick<Config, 'reclaimQuietMs'>> &
  Partial<
    Pick<
      Config,
      | 'maxPrivatePartsPerBoard'
      | 'maxBoardBytes'
      | 'maxUpdateStructs'
      | 'maxAwarenessBytes'
      | 'maxAwarenessClientsPerConnection'
      | 'maxThemesPerBoard'
      | 'maxCommentsPerNote'
    >
  >

/** Issue 12 item 6: the trash and the history of a shared board. */
type KeepingLimits = Pick<Config, 'maxTrashPerBoard' | 'historyIntervalMinutes' | 'historyKeep' | 'bulkDeleteNotes'>

/**
 * The boards open in this process (SPEC.md [W1]–[W15]): one Room per board part, loaded on first
 * use and unloaded when the last connection leaves and all is written; the settings it enforces;
 * what the HTTP routes do to boards (server changes, key replacement, deletion) on every
 * process; shutdown. The websocket endpoint is Transport.ts.
 */
export class RoomRegistry {
  readonly rooms = new Map<string, Room>()
  /** Settings of the boards with open rooms, kept current by the API (lock, anonymity). */
  readonly #settings = new Map<string, BoardSettings>()
  /** [W12] Each open board's row as last read: lets people back in while storage is unreachable. */
  readonly #known = new Map<string, BoardRow>()
  /** The fan-out lever ([W3]): connections and rooms write through it. */
  readonly outbox: Outbox
  /** Counted by the transport, reported by stats(). */
  readonly traffic = { connections: 0, messagesIn: 0, bytesIn: 0 }
  /** Set at shutdown: no new connections, no automatic snapshots. */
  closing = false
  storageErrors = 0
  lastStorageError: unknown

  readonly #storage: BoardStorage
  readonly #limits: Limits
  readonly #log: FastifyBaseLogger

  readonly bus: RedisBus | undefined
  /** Automatic snapshots and their retention ([V1]–[V4]). */
  readonly history: History
  readonly #keeping: KeepingLimits
  /** [K1]–[K3] Derives board keys and signs identities under the server secret. */
  readonly keys: KeyIssuer
  readonly #reclaim = new MemoryReclaim()

  constructor(storage: BoardStorage, limits: Limits & KeepingLimits, log: FastifyBaseLogger, bus?: RedisBus, keys = new KeyIssuer(randomBytes(32))) {
    this.keys = keys
    this.#storage = storage
    this.#limits = limits
    this.#keeping = limits
    this.history = new History(storage, limits, log)
    this.bus = bus
    this.#log = log
    this.outbox = new Outbox(limits.maxBufferedBytes)
    // [W7] a process nobody is sending to gives back what its start and its boards left behind
    if (limits.reclaimQuietMs !== 0) this.#reclaim.watchQuiet(() => this.traffic.messagesIn, limits.reclaimQuietMs)
    // [W13] what the API did through another process holds here too
    bus?.onBoardEvent((e) => {
      if (e.event === 'settings') {
        if (this.isOpen(e.boardId)) this.#applySettings(e.boardId, e.settings as BoardSettings)
      } else if (e.event === 'keys') this.#keysReplaced(e.boardId, e.role)
      else if (e.event === 'deleted') this.#dropBoardHere(e.boardId)
      else if (e.event === 'account-removed') this.#closeAccount(e.boardId, e.accountId)
    })
  }

  stats(): RoomRegistryStats {
    let unsaved = 0
    let oldest = 0
    let retrying = 0
    const now = Date.now()
    for (const r of this.rooms.values()) {
      unsaved += r.unsavedCount
      if (r.persistFailing) retrying++
      if (r.unsavedSince) oldest = Math.max(oldest, now - r.unsavedSince)
    }
    return {
      rooms: this.rooms.size,
      connections: this.traffic.connections,
      messagesIn: this.traffic.messagesIn,
      bytesIn: this.traffic.bytesIn,
      messagesOut: this.outbox.messagesSent,
      bytesOut: this.outbox.bytesSent,
      unsavedUpdates: unsaved,
      oldestUnsavedMs: oldest,
      storageErrors: this.storageErrors,
      retryingRooms: retrying,
      memoryReclaims: this.#reclaim.count,
    }
  }

  /** The settings a joining connection's board row has: enforced from now on. */
  applySettings(boardId: string, settings: BoardSettings): void {
    this.#settings.set(boardId, settings)
  }

  /** [W12] The row a connection got in with, kept while the board is open here. */
  remember(boardId: string, board: BoardRow): void {
    this.#known.set(boardId, board)
  }

  /** The room of a board part, loaded from storage if it is not open ([W1]). */
  async open(boardId: string, part = ''): Promise<Room> {
    const id = part ? `${boardId}/p/${part}` : boardId
    let room = this.rooms.get(id)
    if (!room) {
      if (this.rooms.size >= this.#limits.maxRooms) throw new CapacityError('the server has too many open boards, try again later')
      // [D23] a comment's owner on an anonymous board: a tag under the server secret
      const commentOwner = (identityId: string, key: string) => this.keys.commentOwner(identityId, key)
      const policy = new BoardPolicy(() => this.#settings.get(boardId) ?? {}, part, this.#limits, { commentOwner })
      room = new Room(
        boardId,
        part,
        policy,
        this.#storage,
        this.outbox,
        { ...this.#limits, bus: this.bus },
        {
          idle: (r) => this.#unload(r),
          persistError: (r, err) => {
            this.storageErrors++
            this.lastStorageError = err
            this.#log.error({ err, boardId: r.id }, 'could not write board updates; keeping them in memory and retrying')
            void this.#dropIfDeleted(r)
          },
          persisted: () => {
            this.lastStorageError = undefined
          },
          fault: (r, reason) => this.#reload(r, reason),
        },
      )
      this.rooms.set(id, room)
      room.afterApply = recordAuthors(room.doc, () => !!this.#settings.get(boardId)?.anonymous, commentOwner) // [D11], [D23]
      if (!part) this.#keep(room)
      room.ready.catch(() => {
        if (this.rooms.get(id) === room) this.rooms.delete(id)
        room!.destroy()
      })
    }
    await room.ready // [W1]
    return room
  }

  /**
   * [W12] The board's row from storage; while storage is unreachable, the row as last read for a
   * board that is open here, so someone whose connection dropped during an outage gets back in
   * (with the keys as they were: a rotation forgets the row, so no old key is let in).
   */
  async boardFor(boardId: string): Promise<BoardRow | undefined> {
    try {
      return await this.#storage.getBoard(boardId)
    } catch (err) {
      // rows are kept only while the board is open here (set on join, dropped on unload)
      const known = this.#known.get(boardId)
      if (!known) throw err
      this.#log.warn({ err, boardId }, 'storage unreachable: letting a connection in with the board as last read')
      return known
    }
  }

  /**
   * [W14] Yjs applied something the guard had allowed but should not have (a fault of the guard,
   * never expected): the room's document no longer matches what was stored and relayed. Nothing
   * of that update left the room; everyone is sent away to reconnect (1012) and the room is
   * written (without it) and loaded again from storage.
   */
  #reload(room: Room, reason: string): void {
    this.#log.error({ boardId: room.id, reason }, 'the update guard let through what Yjs then did otherwise; reloading the board')
    if (this.rooms.get(room.id) === room) this.rooms.delete(room.id)
    room.closeAll(CloseCode.ServiceRestart, 'the board is reloading')
    this.outbox.flush()
    void room
      .flush()
      .catch((err) => this.#log.error({ err, boardId: room.id }, 'could not write the board before reloading it'))
      .finally(() => room.destroy())
  }

  /** Whether any part of the board is open in memory. */
  isOpen(boardId: string): boolean {
    for (const r of this.rooms.values()) if (r.boardId === boardId) return true
    return false
  }

  /**
   * [W6][H15] A write failed: when the board's row is gone (deleted where this process did not
   * hear of it, or a server change that landed after the delete), nothing of it can ever be
   * written, so its rooms are dropped (4404) and their updates discarded instead of retried for
   * ever. While storage does not answer, or the row is there, the room keeps retrying.
   */
  async #dropIfDeleted(room: Room): Promise<void> {
    let row: BoardRow | undefined
    try {
      row = await this.#storage.getBoard(room.boardId)
    } catch {
      return // storage unreachable: keep the updates and retry
    }
    if (row || this.rooms.get(room.id) !== room) return
    this.#log.warn({ boardId: room.boardId, unsaved: room.unsavedCount }, 'the board was deleted: dropping its rooms and the updates they could not write')
    this.#dropBoardHere(room.boardId)
  }

  /** Closes and forgets every room of a deleted board, writing nothing more; on every process. */
  dropBoard(boardId: string): void {
    this.#dropBoardHere(boardId)
    this.bus?.publishBoardEvent({ boardId, event: 'deleted' })
  }

  #dropBoardHere(boardId: string): void {
    for (const room of [...this.rooms.values()]) {
      if (room.boardId !== boardId) continue
      room.closeAll(CloseCode.NotFound, 'the facilitator deleted this board')
      this.rooms.delete(room.id)
      room.destroy()
    }
    this.#settings.delete(boardId)
    this.#known.delete(boardId)
    this.outbox.flush()
  }

  /** Keeps the enforced settings of an open board current (after the API changed them), on every process. */
  setSettings(boardId: string, settings: BoardSettings): void {
    this.#applySettings(boardId, settings)
    this.bus?.publishBoardEvent({ boardId, event: 'settings', settings: { ...settings } })
  }

  /** The settings enforced here, and in the row as last read, so a rejoin during an outage keeps a lock. */
  #applySettings(boardId: string, settings: BoardSettings): void {
    this.#settings.set(boardId, settings)
    const known = this.#known.get(boardId)
    if (known) this.#known.set(boardId, { ...known, settings: { ...settings } })
  }

  /**
   * After a role's key was replaced: everyone connected with the old one is closed (4401), on
   * every process, and the board's row as last read is forgotten ([W12]). Returns how many
   * connections this process closed.
   */
  keysReplaced(boardId: string, role: Role): number {
    const n = this.#keysReplaced(boardId, role)
    this.bus?.publishBoardEvent({ boardId, event: 'keys', role })
    return n
  }

  #keysReplaced(boardId: string, role: Role): number {
    this.#known.delete(boardId)
    return this.closeRole(boardId, role, CloseCode.Unauthorized, `the ${role} link was replaced: ask the facilitator for the new one`)
  }

  /**
   * [O13] A co-facilitator taken off a board: the connections their sign-in let in ([O15]) are
   * closed (4401), on every process; those with a key are the key's business. Returns how many
   * this process closed.
   */
  accountRemoved(boardId: string, accountId: string): number {
    const n = this.#closeAccount(boardId, accountId)
    this.bus?.publishBoardEvent({ boardId, event: 'account-removed', accountId })
    return n
  }

  #closeAccount(boardId: string, accountId: string): number {
    let n = 0
    for (const room of this.rooms.values()) {
      if (room.boardId !== boardId) continue
      for (const c of room.conns) if (c.account === accountId) c.close(CloseCode.Unauthorized, 'you were taken off this board by its facilitator'), n++
    }
    this.outbox.flush()
    return n
  }

  /**
   * Closes every connection of a role on a board (and its private parts) that came in with a key,
   * e.g. after a key rotation; one let in on a sign-in ([O15]) held no key and stays.
   */
  closeRole(boardId: string, role: Role, code: number, reason: string): number {
    let n = 0
    for (const room of this.rooms.values()) {
      if (room.boardId !== boardId) continue
      for (const c of room.conns) if (c.role === role && c.account === undefined) c.close(code, reason), n++
    }
    this.outbox.flush()
    return n
  }

  /**
   * Runs `fn` on a board part's room (loading it if nobody is connected), as a server change
   * that is broadcast and stored like any other; unloads again afterwards if nobody is there.
   * A board whose row is gone: 404 `board_not_found`, and no room.
   */
  async withRoom<T>(boardId: string, part: string, fn: (room: Room) => T): Promise<T> {
    // [H15] a change that comes after the board was deleted opens no room: it could never be written
    if (!this.rooms.has(part ? `${boardId}/p/${part}` : boardId) && !(await this.#storage.getBoard(boardId)))
      throw new HttpError(404, 'board_not_found', 'There is no board with this address. Check the link you were given.')
    const room = await this.open(boardId, part)
    try {
      return fn(room)
    } finally {
      room.release()
    }
  }

  /** [L15] A private part that exists, or a new one while the board has fewer than the limit. */
  async partAllowed(boardId: string, part: string): Promise<boolean> {
    if (this.rooms.has(`${boardId}/p/${part}`)) return true
    const max = this.#limits.maxPrivatePartsPerBoard
    if (max === undefined) return true
    const parts = await this.privateParts(boardId)
    return parts.includes(part) || parts.length < max
  }

  /** The private parts of a board that have documents (stored or open). */
  async privateParts(boardId: string): Promise<string[]> {
    const parts = new Set(await this.#storage.listDocParts(boardId))
    for (const r of this.rooms.values()) if (r.boardId === boardId && r.part) parts.add(r.part)
    return [...parts]
  }

  /** [H22] The private parts of a board that someone of this role has open on this process now (people present). */
  presentParts(boardId: string, role: Role): string[] {
    const parts: string[] = []
    for (const r of this.rooms.values()) if (r.boardId === boardId && r.part && [...r.conns].some((c) => c.role === role && !c.closed)) parts.push(r.part)
    return parts
  }

  /** What the server has of a board now, as a state vector (for "all changes saved"). */
  async stateVector(boardId: string): Promise<Uint8Array> {
    const room = this.rooms.get(boardId)
    if (room && !room.destroyed) {
      await room.ready
      return Y.encodeStateVector(room.doc)
    }
    return Y.encodeStateVectorFromUpdate(await this.currentState(boardId))
  }

  /** The board's state now: from memory when it is open (with what is not yet written), else from storage. */
  async currentState(boardId: string, part = ''): Promise<Uint8Array> {
    const room = this.rooms.get(part ? `${boardId}/p/${part}` : boardId)
    if (room && !room.destroyed) {
      await room.ready
      return Y.encodeStateAsUpdate(room.doc)
    }
    const stored = await this.#storage.loadDoc(boardId, part)
    return stored.updates.length === 1 ? stored.updates[0]! : Y.mergeUpdates(stored.updates)
  }

  /** [T1][V1] A shared board's deleted notes go to the trash; while it changes, the history takes snapshots. */
  #keep(room: Room): void {
    const boardId = room.boardId
    watchTrash(room, {
      storage: this.#storage,
      history: this.history,
      options: this.#keeping,
      anonymous: () => !!this.#settings.get(boardId)?.anonymous,
      log: this.#log,
    })
    this.history.watch(room)
  }

  #unload(room: Room): void {
    if (room.conns.size || room.unsavedCount || this.rooms.get(room.id) !== room) return
    this.rooms.delete(room.id)
    if (!this.isOpen(room.boardId)) this.#known.delete(room.boardId)
    // Issue 5: when the last person leaves a board that changed, keep a snapshot of the session.
    if (room.changed && !room.part && !this.closing) void this.history.trySave(room.boardId, Y.encodeStateAsUpdate(room.doc), 'left')
    room.destroy()
    // [W7] the last board here has gone: give back what the closed boards held
    if (!this.rooms.size) this.#reclaim.empty(() => !this.rooms.size && !this.traffic.connections && !this.closing)
  }

  /** Closes every connection (1012) and writes every room. */
  async close(): Promise<void> {
    this.closing = true
    this.#reclaim.cancel()
    const rooms = [...this.rooms.values()]
    for (const r of rooms) r.closeAll(CloseCode.ServiceRestart, 'the server is restarting')
    this.outbox.flush()
    const results = await Promise.allSettled(rooms.map((r) => r.flush(8)))
    for (const [i, res] of results.entries()) {
      if (res.status === 'rejected') this.#log.error({ err: res.reason, boardId: rooms[i]!.id }, 'board not fully written at shutdown')
    }
    for (const r of rooms) {
      this.rooms.delete(r.id)
      r.destroy()
    }
  }
}

export class CapacityError extends Error {}
