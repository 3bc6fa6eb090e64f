// Scale-out over Redis (issue 7; design in apps/server/SCALE-OUT.md).
//
// One pub/sub channel per open board part: `tavla:room:<roomId>`. A message is
//   [type u8][sender process id, 8 bytes][target process id, 8 bytes; zeros = everyone][payload]
// Types: 0 update (a Yjs update merged over one event-loop turn), 1 awareness (as the client sent
// it), 2 sync request (a state vector; every process holding the room answers with what it has
// beyond it), 3 sync reply (a Yjs update, for the target only). Requests are sent when a process
// opens a room and after every reconnect to Redis, never per change.
// One more channel, `tavla:boards`, that every process subscribes to: 4 board event (JSON: a
// board's settings changed, a key was replaced, the board was deleted), so what the API does
// through one process holds for the connections every other process has (SCALE-OUT.md).
import { randomBytes } from 'node:crypto'
import { Redis } from 'ioredis'
import type { FastifyBaseLogger } from 'fastify'

export const BusMessage = { Update: 0, Awareness: 1, SyncRequest: 2, SyncReply: 3, BoardEvent: 4 } as const
const BOARDS = 'tavla:boards'

/** What the HTTP API changed about a board, for the processes that did not handle the request. */
export type BoardEvent = { boardId: string } & (
  | { event: 'settings'; settings: Record<string, unknown> }
  | { event: 'keys'; role: 'facilitator' | 'participant' | 'viewer' }
  | { event: 'deleted' }
  | { event: 'account-removed'; accountId: string }
)
const HEADER = 17
const EVERYONE = Buffer.alloc(8)

/** What a room does with what other processes send. */
export interface BusHandler {
  update(update: Uint8Array): void
  awareness(update: Uint8Array, from: string): void
  /** Returns what this process has beyond the state vector, or undefined when nothing is open yet. */
  syncRequest(stateVector: Uint8Array): Uint8Array | undefined
  /** Called after Redis came back: ask the others for what was missed. */
  resync(): void
}

/** One room's side of the bus. */
export interface RoomBus {
  publishUpdate(update: Uint8Array): void
  publishAwareness(update: Uint8Array): void
  requestSync(stateVector: Uint8Array): void
  leave(): void
}

export class RedisBus {
  readonly processId = randomBytes(8)
  readonly #pub: Redis
  readonly #sub: Redis
  readonly #rooms = new Map<string, BusHandler>()
  readonly #log: FastifyBaseLogger
  #onBoardEvent: (e: BoardEvent) => void = () => {}
  #everConnected = false
  published = 0
  received = 0

  constructor(url: string, log: FastifyBaseLogger) {
    this.#log = log
    const opts = { lazyConnect: false, maxRetriesPerRequest: null, enableOfflineQueue: true, retryStrategy: (n: number) => Math.min(50 * n, 1000) }
    this.#pub = new Redis(url, opts)
    this.#sub = new Redis(url, opts)
    for (const [name, c] of [
      ['publisher', this.#pub],
      ['subscriber', this.#sub],
    ] as const) {
      c.on('error', (err) => this.#log.warn({ err: err.message }, `redis ${name}: ${err.message}`))
    }
    this.#sub.on('messageBuffer', (channel: Buffer, message: Buffer) => this.#receive(channel.toString(), message))
    void this.#sub.subscribe(BOARDS).catch((err) => this.#log.warn({ err: err.message }, 'redis subscribe to board events failed'))
    this.#sub.on('ready', () => {
      // ioredis subscribes again by itself; what was published meanwhile is gone, so ask for it.
      if (this.#everConnected) {
        this.#log.info({ rooms: this.#rooms.size }, 'redis is back: catching up every open board')
        for (const h of this.#rooms.values()) h.resync()
      }
      this.#everConnected = true
    })
  }

  get status(): 'ok' | 'reconnecting' {
    return this.#pub.status === 'ready' && this.#sub.status === 'ready' ? 'ok' : 'reconnecting'
  }

  async ready(): Promise<void> {
    const wait = (c: Redis) => (c.status === 'ready' ? Promise.resolve() : new Promise<void>((res) => c.once('ready', () => res())))
    await Promise.all([wait(this.#pub), wait(this.#sub)])
  }

  join(roomId: string, handler: BusHandler): RoomBus {
    const channel = `tavla:room:${roomId}`
    this.#rooms.set(channel, handler)
    void this.#sub.subscribe(channel).catch((err) => this.#log.warn({ err: err.message, roomId }, 'redis subscribe failed'))
    const send = (type: number, payload: Uint8Array, target: Buffer = EVERYONE) => {
      this.published++
      void this.#pub.publish(channel, this.#frame(type, payload, target)).catch((err) => this.#log.warn({ err: err.message, roomId }, 'redis publish failed'))
    }
    this.#pending.set(channel, send)
    return {
      publishUpdate: (u) => send(BusMessage.Update, u),
      publishAwareness: (u) => send(BusMessage.Awareness, u),
      requestSync: (sv) => send(BusMessage.SyncRequest, sv),
      leave: () => {
        this.#rooms.delete(channel)
        this.#pending.delete(channel)
        void this.#sub.unsubscribe(channel).catch(() => {})
      },
    }
  }

  readonly #pending = new Map<string, (type: number, payload: Uint8Array, target?: Buffer) => void>()

  /** [type][this process][target][payload], the layout every bus message has. */
  #frame(type: number, payload: Uint8Array, target: Buffer): Buffer {
    const msg = Buffer.allocUnsafe(HEADER + payload.byteLength)
    msg[0] = type
    this.processId.copy(msg, 1)
    target.copy(msg, 9)
    msg.set(payload, HEADER)
    return msg
  }

  /** Tells every other process what the API changed about a board. */
  publishBoardEvent(e: BoardEvent): void {
    this.published++
    void this.#pub
      .publish(BOARDS, this.#frame(BusMessage.BoardEvent, Buffer.from(JSON.stringify(e)), EVERYONE))
      .catch((err) => this.#log.warn({ err: err.message, boardId: e.boardId }, 'redis publish of a board event failed'))
  }

  onBoardEvent(handler: (e: BoardEvent) => void): void {
    this.#onBoardEvent = handler
  }

  #receive(channel: string, message: Buffer): void {
    if (channel === BOARDS) return this.#receiveBoardEvent(message)
    const handler = this.#rooms.get(channel)
    if (!handler || message.length < HEADER) return
    const from = message.subarray(1, 9)
    if (from.equals(this.processId)) return
    const target = message.subarray(9, 17)
    if (!target.equals(EVERYONE) && !target.equals(this.processId)) return
    this.received++
    const payload = new Uint8Array(message.buffer, message.byteOffset + HEADER, message.length - HEADER)
    try {
      switch (message[0]) {
        case BusMessage.Update:
        case BusMessage.SyncReply:
          handler.update(payload)
          return
        case BusMessage.Awareness:
          handler.awareness(payload, from.toString('hex'))
          return
        case BusMessage.SyncRequest: {
          const diff = handler.syncRequest(payload)
          if (diff) this.#pending.get(channel)?.(BusMessage.SyncReply, diff, Buffer.from(from))
          return
        }
      }
    } catch (err) {
      this.#log.error({ err, channel }, 'bad message on the redis bus; ignored')
    }
  }

  #receiveBoardEvent(message: Buffer): void {
    if (message.length < HEADER || message[0] !== BusMessage.BoardEvent || message.subarray(1, 9).equals(this.processId)) return
    this.received++
    try {
      this.#onBoardEvent(JSON.parse(message.subarray(HEADER).toString()) as BoardEvent)
    } catch (err) {
      this.#log.error({ err }, 'bad board event on the redis bus; ignored')
    }
  }

  async close(): Promise<void> {
    this.#rooms.clear()
    await Promise.allSettled([this.#pub.quit(), this.#sub.quit()])
  }
}
