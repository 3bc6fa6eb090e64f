import type { Socket } from 'node:net'
import type { WebSocket } from 'ws'
import type { Outbox, Sink } from './Outbox.ts'
import { CloseCode } from './protocol.ts'

export type Role = 'facilitator' | 'participant' | 'viewer'

/** Who is behind a connection, as the server issued it (issue 12, keys and identity). */
export interface ConnectionIdentity {
  /** Opaque id the server issued for this board and device. */
  id: string
  /** The name the person gave when the identity was issued (absent on anonymous boards). */
  name?: string
  /** The organisation the person gave, if any (optional when joining; absent on anonymous boards). */
  org?: string
}

export interface ConnectionLimits {
  maxMessagesPerSecond: number
}

/** One websocket of one person in one room. Frames go out through the shared Outbox. */
export class Connection implements Sink {
  queue: Buffer[] = []
  closed = false
  /** Token bucket for the message rate limit: a burst of two seconds' worth, refilled continuously. */
  #tokens: number
  #refilledAt = performance.now()

  readonly ws: WebSocket
  readonly role: Role
  readonly id: number
  /** Set by the transport when the connection presented an identity the server signed. */
  identity: ConnectionIdentity | undefined
  /** The remote address (the forwarded one only when TRUST_PROXY names the proxy). */
  address = ''
  /** [O15] The account whose sign-in let this connection in (no key given); undefined for a key. */
  account: string | undefined
  readonly #outbox: Outbox
  readonly #limits: ConnectionLimits

  constructor(ws: WebSocket, role: Role, id: number, outbox: Outbox, limits: ConnectionLimits) {
    this.ws = ws
    this.role = role
    this.id = id
    this.#outbox = outbox
    this.#limits = limits
    this.#tokens = limits.maxMessagesPerSecond * 2
  }

  socket(): Socket | undefined {
    return this.closed ? undefined : ((this.ws as unknown as { _socket?: Socket })._socket ?? undefined)
  }

  send(frame: Buffer): void {
    if (!this.closed) this.#outbox.push(this, frame)
  }

  /** False when the sender has gone over its rate. */
  takeToken(): boolean {
    const now = performance.now()
    const rate = this.#limits.maxMessagesPerSecond
    this.#tokens = Math.min(rate * 2, this.#tokens + ((now - this.#refilledAt) / 1000) * rate)
    this.#refilledAt = now
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** Gives back part of a token, for a message that turned out to cost almost nothing (an echo). */
  refundToken(part: number): void {
    this.#tokens = Math.min(this.#limits.maxMessagesPerSecond * 2, this.#tokens + part)
  }

  // [L4] sync replies (the board a newcomer asked for) are the server's doing, not the reader's:
  // while one is in flight its bytes do not count against MAX_BUFFERED_BYTES, and a further
  // step 1 is not answered. `#replyQueued` is not written yet; `#replyBuffered` is in the socket.
  #replyQueued = 0
  #replyBuffered = 0
  #drainHooked = false

  /** Bytes of sync replies still waiting to go out: exempt from the buffered-bytes limit. */
  get allowance(): number {
    return this.#replyQueued + this.#replyBuffered
  }

  /** Whether a sync reply of this connection is still queued or buffered. */
  replyPending(): boolean {
    if (!this.#replyQueued && !this.#replyBuffered) return false
    const s = this.socket()
    if (this.#replyQueued || (s && s.writableLength > 0)) return true
    this.#replyBuffered = 0
    return false
  }

  /** Sends a sync reply; it costs tokens in proportion to its size (one per 64 KiB, at most a second's worth). */
  sendReply(frame: Buffer): void {
    if (this.closed) return
    this.#replyQueued += frame.byteLength
    this.#tokens -= Math.min(this.#limits.maxMessagesPerSecond, Math.floor(frame.byteLength / 65536))
    this.send(frame)
  }

  /** Called by the Outbox after it wrote this turn's frames to the socket. */
  written(socket: Socket): void {
    if (!this.#replyQueued) return
    this.#replyBuffered += this.#replyQueued
    this.#replyQueued = 0
    if (socket.writableLength === 0) this.#replyBuffered = 0
    else if (!this.#drainHooked) {
      this.#drainHooked = true
      socket.once('drain', () => {
        this.#drainHooked = false
        this.#replyBuffered = 0
      })
    }
  }

  overflow(): void {
    this.close(CloseCode.SlowConsumer, 'reading too slowly')
    // The close frame waits behind megabytes of queued data; do not wait for it forever.
    setTimeout(() => this.ws.terminate(), 2000).unref()
  }

  close(code: number, reason: string): void {
    if (this.closed) return
    this.closed = true
    this.queue = []
    try {
      this.ws.close(code, closeReason(reason))
    } catch {
      this.ws.terminate()
    }
  }
}

/** A close frame's reason holds at most 123 bytes of UTF-8: Swedish reasons are cut by bytes, never inside a character. */
export function closeReason(reason: string): string {
  const bytes = new TextEncoder().encode(reason)
  if (bytes.length <= 123) return reason
  let end = 120
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--
  return new TextDecoder().decode(bytes.subarray(0, end))
}
