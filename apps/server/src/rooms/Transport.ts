// The websocket endpoint `/ws/<boardId>` (SPEC.md): the upgrade, the key and identity of each
// connection, the per-connection and per-address limits, and turning what a room refuses into a
// coded close. The boards themselves (open rooms, their settings, what the HTTP routes do to
// them) live in the RoomRegistry.
import type { IncomingMessage } from 'node:http'
import type { Duplex } from 'node:stream'
import { WebSocketServer, type RawData, type WebSocket } from 'ws'
import type { FastifyBaseLogger } from 'fastify'
import type { BoardRow } from '@tavla/storage'
import type { Config } from '../config.ts'
import { roleForKey, isBoardId, privatePartOf, identityScope } from '../keys.ts'
import { RefusedUpdateError, type BoardSettings } from './policy.ts'
import { Connection } from './Connection.ts'
import { BadMessageError, GuardFaultError, type Room } from './Room.ts'
import { CloseCode } from './protocol.ts'
import { LimitError } from './limits.ts'
import { clientAddress, trustFunction, type Trust } from '../plugins/proxy.ts'
import { CapacityError, type RoomRegistry } from './RoomRegistry.ts'

type Limits = Pick<Config, 'maxMessageBytes' | 'maxMessagesPerSecond' | 'maxConnections'> &
  Partial<Pick<Config, 'maxConnectionsPerAddress' | 'trustProxy' | 'maxPrivatePartsPerBoard'>>

export class Transport {
  readonly #wss: WebSocketServer
  readonly #rooms: RoomRegistry
  readonly #limits: Limits
  readonly #log: FastifyBaseLogger
  /** [L5] open connections per address. */
  readonly #perAddress = new Map<string, number>()
  readonly #trust: Trust
  /** [O15] The account of the upgrade's sign-in (from this server's own page) when it facilitates the board; absent without sign-in configured. */
  readonly #signIn: ((req: IncomingMessage, board: BoardRow) => Promise<string | undefined>) | undefined
  #nextConnId = 1

  constructor(rooms: RoomRegistry, limits: Limits, log: FastifyBaseLogger, signIn?: (req: IncomingMessage, board: BoardRow) => Promise<string | undefined>) {
    this.#signIn = signIn
    this.#rooms = rooms
    this.#limits = limits
    this.#log = log
    this.#trust = trustFunction(limits.trustProxy ?? false)
    this.#wss = new WebSocketServer({ noServer: true, maxPayload: limits.maxMessageBytes, perMessageDeflate: false, clientTracking: false })
  }

  /** For the HTTP server's 'upgrade' event. */
  readonly handleUpgrade = (req: IncomingMessage, socket: Duplex, head: Buffer): void => {
    socket.on('error', (err) => this.#log.debug({ err }, 'socket error during upgrade'))
    const url = new URL(req.url ?? '/', 'http://localhost')
    if (!url.pathname.startsWith('/ws/')) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n')
      return
    }
    this.#wss.handleUpgrade(req, socket, head, (ws) => void this.#accept(ws, req, url))
  }

  async #accept(ws: WebSocket, req: IncomingMessage, url: URL): Promise<void> {
    // Errors on a socket (malformed frames, resets) end that socket only.
    ws.on('error', (err) => this.#log.info({ err: err.message, code: (err as { code?: string }).code }, 'websocket error'))
    const early: RawData[] = []
    const earlyHandler = (data: RawData, isBinary: boolean) => {
      if (!isBinary) return this.#reject(ws, CloseCode.BadMessage, 'text frames are not part of the protocol')
      early.push(data)
      if (early.length > 1000) this.#reject(ws, CloseCode.RateLimited, 'too many messages before the board was ready')
    }
    ws.on('message', earlyHandler)

    // /ws/<boardId> is the shared board; /ws/<boardId>/private a participant's private part,
    // named by the identity the server signed for them ([K3], [W10]).
    const [rawId, sub, ...rest] = url.pathname.slice('/ws/'.length).split('/')
    const boardId = decodeURIComponent(rawId ?? '')
    const token = url.searchParams.get('identity')
    const isPrivate = sub === 'private' && rest.length === 0
    if (sub !== undefined && !isPrivate) return this.#reject(ws, CloseCode.NotFound, 'no such room')
    const key = url.searchParams.get('key') || bearer(req.headers.authorization)
    if (this.#rooms.closing) return this.#reject(ws, CloseCode.ServiceRestart, 'the server is restarting')
    if (!isBoardId(boardId)) return this.#reject(ws, CloseCode.NotFound, 'no such board')
    if (this.#rooms.traffic.connections >= this.#limits.maxConnections) return this.#reject(ws, CloseCode.AtCapacity, 'the server is full, try again later')
    // [L5] before any storage is read: one address may hold only so many sockets
    const address = clientAddress(req, this.#trust)
    const fromAddress = this.#perAddress.get(address) ?? 0
    const perAddress = this.#limits.maxConnectionsPerAddress ?? Infinity
    if (fromAddress >= perAddress) {
      return this.#reject(ws, CloseCode.RateLimited, `too many connections from one address (at most ${perAddress}, MAX_CONNECTIONS_PER_ADDRESS)`)
    }
    this.#perAddress.set(address, fromAddress + 1)

    this.#rooms.traffic.connections++
    let conn: Connection | undefined
    let room: Room | undefined
    ws.once('close', () => {
      this.#rooms.traffic.connections--
      const n = (this.#perAddress.get(address) ?? 1) - 1
      if (n > 0) this.#perAddress.set(address, n)
      else this.#perAddress.delete(address)
      if (conn) conn.closed = true
      if (conn && room) room.leave(conn)
    })
    try {
      const board = await this.#rooms.boardFor(boardId)
      if (!board) return this.#reject(ws, CloseCode.NotFound, 'no such board')
      // a key given always decides; without one, [O15] a sign-in from this server's own page
      const account = key ? undefined : await this.#signIn?.(req, board)
      const role = key ? roleForKey(board.keyHashes, key) : account ? 'facilitator' : undefined
      if (!role) return this.#reject(ws, CloseCode.Unauthorized, key ? 'the key does not open this board' : 'a key is needed')
      if (isPrivate && role === 'viewer') return this.#reject(ws, CloseCode.Forbidden, 'viewers have no private notes')
      // [W15] an identity is one this server signed for this board, or the connection is refused
      const identity = token ? this.#rooms.keys.verifyIdentity(identityScope(board), token) : undefined
      if (token && !identity)
        return this.#reject(ws, CloseCode.Unauthorized, 'the identity was not issued for this board: ask for a new one (POST /api/boards/:id/identity)')
      if (isPrivate && !identity) return this.#reject(ws, CloseCode.Unauthorized, 'a private part needs an identity (POST /api/boards/:id/identity)')
      this.#rooms.applySettings(boardId, board.settings as BoardSettings)
      const part = isPrivate ? privatePartOf(identity!.id) : ''
      if (part && !(await this.#rooms.partAllowed(boardId, part))) {
        return this.#reject(ws, CloseCode.TooLarge, `this board has its ${this.#limits.maxPrivatePartsPerBoard} private parts (MAX_PRIVATE_PARTS_PER_BOARD)`)
      }
      room = await this.#rooms.open(boardId, part)
      this.#rooms.remember(boardId, board)
      if (ws.readyState !== ws.OPEN) return
      conn = new Connection(ws, role, this.#nextConnId++, this.#rooms.outbox, this.#limits)
      conn.address = address
      conn.identity = identity
      conn.account = account
      room.join(conn)
      ws.off('message', earlyHandler)
      const r = room
      const c = conn
      ws.on('message', (data, isBinary) => this.#message(r, c, data, isBinary))
      for (const data of early) this.#message(room, conn, data, true)
    } catch (err) {
      if (err instanceof CapacityError) return this.#reject(ws, CloseCode.AtCapacity, err.message)
      this.#log.error({ err, boardId }, 'could not open board')
      this.#reject(ws, CloseCode.Unavailable, 'the board could not be opened')
    }
  }

  #message(room: Room, conn: Connection, data: RawData, isBinary: boolean): void {
    if (conn.closed) return
    if (!isBinary) return this.#drop(conn, CloseCode.BadMessage, 'text frames are not part of the protocol')
    if (!conn.takeToken()) return this.#drop(conn, CloseCode.RateLimited, 'too many messages, slow down')
    const bytes = data as Buffer
    this.#rooms.traffic.messagesIn++
    this.#rooms.traffic.bytesIn += bytes.byteLength
    try {
      room.receive(conn, new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength))
    } catch (err) {
      // [R1] a refused update: nothing of it applied; the page drops its copy and rejoins
      if (err instanceof RefusedUpdateError) return this.#drop(conn, err.code, err.message)
      if (err instanceof GuardFaultError) return this.#drop(conn, CloseCode.Refused, `not a sound update: ${err.message}`)
      if (err instanceof LimitError) return this.#drop(conn, err.code, err.message)
      const reason = err instanceof BadMessageError ? err.message : `malformed message: ${(err as Error)?.message ?? err}`
      this.#drop(conn, CloseCode.BadMessage, reason)
    }
  }

  #drop(conn: Connection, code: number, reason: string): void {
    this.#log.info({ conn: conn.id, code, reason }, 'closing connection')
    conn.close(code, reason)
  }

  #reject(ws: WebSocket, code: number, reason: string): void {
    this.#log.info({ code, reason }, 'refusing connection')
    if (ws.readyState === ws.OPEN || ws.readyState === ws.CONNECTING) ws.close(code, reason)
  }

  close(): void {
    this.#wss.close()
  }
}

function bearer(header: string | undefined): string | undefined {
  const m = header?.match(/^Bearer\s+(\S+)$/i)
  return m?.[1]
}
