// tldraw's sync protocol (@tldraw/sync-core 5.4.2, protocol version 8) as the bench speaks it:
// JSON text frames over one websocket per client, `ws://…/connect/<room>?sessionId=<id>`.
//   client → { type: 'connect', connectRequestId, lastServerClock: -1, protocolVersion, schema }
//   server → { type: 'connect', hydrationType, schema, diff, serverClock, … } (the room's records)
//   client → { type: 'push', clientClock, diff: { [recordId]: RecordOp } }   (RecordOp: ['put', record]
//            | ['patch', ObjectDiff] | ['remove']; ObjectDiff: { key: ['put', v] | ['patch', ObjectDiff] … })
//   server → { type: 'data', data: [{ type: 'patch', diff, serverClock } | { type: 'push_result', … }] }
//            (TLSyncRoom sends a session's first data message at once, then batches for 1000/60 ms)
//   client → { type: 'ping' } every 5 s (TLSyncClient's PING_INTERVAL; the room drops a session
//            silent for 20 s), server → { type: 'pong' }
// No TLStore per client: counting clients only count frames and bytes, a Writer keeps its one note
// and sends the diff tldraw's client would (diffRecord), probes read `meta.benchSentAt` out of the
// patches that arrive.
// @ts-expect-error -- bench's dependencies have no @types/ws; the few calls used are typed below
import WsModule from 'ws'
import * as syncCore from '@tldraw/sync-core'
import { createTLSchema } from '@tldraw/tlschema'
import { noteRecord, now } from './BenchClient.ts'
import type { Room } from './wire.ts'

// Exported at run time but marked internal in the package's types: the same functions TLSyncClient uses.
const { diffRecord, getTlsyncProtocolVersion } = syncCore as unknown as {
  diffRecord(prev: object, next: object): object | null
  getTlsyncProtocolVersion(): number
}

interface Socket {
  readyState: number
  on(event: 'open', cb: () => void): void
  on(event: 'message', cb: (data: Buffer) => void): void
  on(event: 'error', cb: (err: Error) => void): void
  on(event: 'close', cb: (code: number) => void): void
  send(data: string): void
  terminate(): void
}
const WebSocket = WsModule as { new (url: string, options: { perMessageDeflate: boolean; maxPayload: number }): Socket; OPEN: number; CONNECTING: number }

/** The schema a tldraw 5.4.2 client announces (the server's own: no migrations either way). */
const schema = createTLSchema().serialize()
const PING_INTERVAL_MS = 5000

type Op = [string, unknown]
type ServerEvent = { type: string; diff?: Record<string, Op>; data?: ServerEvent[] }

/** The writers' send times in one server frame: every record op that sets meta.benchSentAt. */
export function tlsyncSentTimes(event: ServerEvent): number[] {
  const out: number[] = []
  const visit = (e: ServerEvent): void => {
    if (e.type === 'data') for (const d of e.data ?? []) visit(d)
    if (e.type !== 'patch' || !e.diff) return
    for (const op of Object.values(e.diff)) {
      let t: unknown
      if (op[0] === 'put') t = (op[1] as { meta?: { benchSentAt?: unknown } }).meta?.benchSentAt
      else if (op[0] === 'patch') {
        const meta = (op[1] as { meta?: Op }).meta
        if (meta?.[0] === 'patch') t = (meta[1] as { benchSentAt?: Op }).benchSentAt?.[1]
        else if (meta?.[0] === 'put') t = (meta[1] as { benchSentAt?: unknown }).benchSentAt
      }
      if (typeof t === 'number') out.push(t)
    }
  }
  visit(event)
  return out
}

let sessionSeq = 0

/** One simulated tldraw participant; the same surface as BenchClient for the fan-out scenarios. */
export class TlsyncClient {
  readonly room: Room
  readonly ws: Socket
  readonly startedAt = now()
  openedAt = 0
  syncedAt = 0
  msgs = 0
  bytes = 0
  closeCode: number | undefined
  error: string | undefined
  readonly synced: Promise<void>
  private readonly onSentTimes: ((times: number[], arrivedAt: number) => void) | undefined
  private isSynced = false
  private ping: NodeJS.Timeout | undefined
  private clientClock = 0

  constructor(room: Room, onSentTimes?: (times: number[], arrivedAt: number) => void) {
    this.room = room
    this.onSentTimes = onSentTimes
    let resolve!: () => void
    let reject!: (e: Error) => void
    this.synced = new Promise<void>((res, rej) => {
      resolve = res
      reject = rej
    })
    this.synced.catch(() => {})
    const sessionId = `bench-${process.pid}-${Math.random().toString(36).slice(2, 8)}-${++sessionSeq}`
    const ws = new WebSocket(`${room.url}?sessionId=${sessionId}`, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 })
    this.ws = ws
    ws.on('open', () => {
      this.openedAt = now()
      this.sendJson({ type: 'connect', connectRequestId: sessionId, lastServerClock: -1, protocolVersion: getTlsyncProtocolVersion(), schema })
    })
    ws.on('message', (data: Buffer) => {
      this.msgs++
      this.bytes += data.length
      if (this.isSynced && !this.onSentTimes) return
      const at = now()
      const event = JSON.parse(data.toString()) as ServerEvent
      if (!this.isSynced) {
        if (event.type === 'connect') {
          this.isSynced = true
          this.syncedAt = at
          this.ping = setInterval(() => this.sendJson({ type: 'ping' }), PING_INTERVAL_MS)
          resolve()
        } else if (event.type === 'incompatibility_error') reject(new Error(`tldraw sync refused the connect: ${JSON.stringify(event)}`))
        return
      }
      const times = tlsyncSentTimes(event)
      if (times.length > 0) this.onSentTimes?.(times, at)
    })
    ws.on('error', (err) => {
      this.error ??= err.message
      reject(err)
    })
    ws.on('close', (code) => {
      this.closeCode = code
      clearInterval(this.ping)
      if (!this.isSynced) reject(new Error(`closed with ${code} before the connect reply`))
    })
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  sendJson(message: object): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(JSON.stringify(message))
  }

  /** A push of a document diff, numbered as TLSyncClient numbers them. */
  push(diff: Record<string, unknown>): void {
    this.sendJson({ type: 'push', clientClock: this.clientClock++, diff })
  }

  close(): void {
    clearInterval(this.ping)
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate()
  }
}

/**
 * A tldraw participant dragging one note: the first write puts the record, every later one pushes
 * the patch tldraw's client computes from the previous record (x, y and the meta times).
 */
export class TlsyncWriter {
  readonly client: TlsyncClient
  private readonly id: string
  private prev: Record<string, unknown> | undefined
  writes = 0

  constructor(client: TlsyncClient, id: string) {
    this.client = client
    this.id = id
  }

  write(): number {
    const sentAt = now()
    const n = this.writes++
    const next = noteRecord(this.id, 100 + (n % 500), 100 + ((n * 7) % 300), `note ${this.id}`, sentAt)
    const prev = this.prev
    if (prev) next.meta = { ...(next.meta as object), createdAt: (prev.meta as { createdAt: number }).createdAt }
    this.prev = next
    const id = next.id as string
    const patch = prev ? diffRecord(prev, next) : null
    if (!prev) this.client.push({ [id]: ['put', next] })
    else if (patch) this.client.push({ [id]: ['patch', patch] })
    return sentAt
  }
}
