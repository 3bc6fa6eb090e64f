// One simulated participant: a raw ws connection that speaks the y-websocket protocol. Most
// clients only count what arrives; a probe also decodes updates to read the writers' send
// times; a Writer (below) holds a Y.Doc and writes notes.
// @ts-expect-error -- bench's dependencies have no @types/ws (adding it would change the shared lockfile); the few calls used are typed below
import WsModule from 'ws'
import * as Y from 'yjs'
import { emptyStep2, MessageType, openingMessages, parse, SyncType, updateMessage, type Room } from './wire.ts'

interface Socket {
  readyState: number
  binaryType: string
  on(event: 'open', cb: () => void): void
  on(event: 'message', cb: (data: Buffer) => void): void
  on(event: 'error', cb: (err: Error) => void): void
  on(event: 'close', cb: (code: number) => void): void
  send(data: Uint8Array): void
  terminate(): void
}
const WebSocket = WsModule as { new (url: string, options: { perMessageDeflate: boolean; maxPayload: number }): Socket; OPEN: number; CONNECTING: number }

/** Wall-clock milliseconds with sub-ms precision, comparable across threads. */
export const now = (): number => performance.timeOrigin + performance.now()

export type UpdateListener = (update: Uint8Array, arrivedAt: number) => void

export class BenchClient {
  readonly room: Room
  readonly ws: Socket
  readonly startedAt = now()
  openedAt = 0
  syncedAt = 0
  /** The update of the server's step 2 (the room's state when this client joined). */
  syncUpdate: Uint8Array | undefined
  msgs = 0
  bytes = 0
  closeCode: number | undefined
  error: string | undefined
  readonly synced: Promise<void>
  private onUpdate: UpdateListener | undefined
  private isSynced = false

  constructor(room: Room, onUpdate?: UpdateListener) {
    this.room = room
    this.onUpdate = onUpdate
    let resolve!: () => void
    let reject!: (e: Error) => void
    this.synced = new Promise<void>((res, rej) => {
      resolve = res
      reject = rej
    })
    this.synced.catch(() => {}) // callers that never await it must not crash the process
    const ws = new WebSocket(room.url, { perMessageDeflate: false, maxPayload: 512 * 1024 * 1024 })
    this.ws = ws
    ws.binaryType = 'nodebuffer'
    ws.on('open', () => {
      this.openedAt = now()
      for (const m of openingMessages(room.dialect)) ws.send(m)
    })
    ws.on('message', (data: Buffer) => {
      this.msgs++
      this.bytes += data.length
      if (this.isSynced && !this.onUpdate) return
      const at = now()
      const p = parse(room.dialect, data)
      if (p.type !== MessageType.Sync && p.type !== MessageType.SyncReply) return
      if (!this.isSynced) {
        if (p.syncType === SyncType.Step1) ws.send(emptyStep2(room.dialect))
        else if (p.syncType === SyncType.Step2) {
          this.isSynced = true
          this.syncedAt = at
          this.syncUpdate = p.update
          resolve()
        }
        return
      }
      if (p.update && this.onUpdate) this.onUpdate(p.update, at)
    })
    ws.on('error', (err) => {
      this.error ??= err.message
      reject(err)
    })
    ws.on('close', (code) => {
      this.closeCode = code
      if (!this.isSynced) reject(new Error(`closed with ${code} before the first sync`))
    })
  }

  get open(): boolean {
    return this.ws.readyState === WebSocket.OPEN
  }

  send(data: Uint8Array): void {
    if (this.ws.readyState === WebSocket.OPEN) this.ws.send(data)
  }

  close(): void {
    if (this.ws.readyState === WebSocket.OPEN || this.ws.readyState === WebSocket.CONNECTING) this.ws.terminate()
  }
}

/** A tldraw-like note record as tavla stores it (packages/board SPEC [D5]), with the bench's send time in meta. */
export function noteRecord(id: string, x: number, y: number, text: string, sentAt: number): Record<string, unknown> {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'note',
    x,
    y,
    rotation: 0,
    isLocked: false,
    opacity: 1,
    parentId: 'page:page',
    index: 'a1',
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 0,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] },
      scale: 1,
      textLastEditedBy: null,
    },
    meta: { createdAt: Math.floor(sentAt), updatedAt: Math.floor(sentAt), benchSentAt: sentAt },
  }
}

/**
 * A participant dragging one note: each write replaces its entry in the `records` YKeyValue array
 * (delete the old entry, push the new one), as tavla's binding does on every move.
 */
export class Writer {
  readonly client: BenchClient
  readonly doc = new Y.Doc()
  private readonly records = this.doc.getArray<{ key: string; val: unknown }>('records')
  private readonly id: string
  writes = 0

  constructor(client: BenchClient, id: string) {
    this.client = client
    this.id = id
    this.doc.on('update', (update: Uint8Array) => client.send(updateMessage(client.room.dialect, update)))
  }

  write(): number {
    const sentAt = now()
    const n = this.writes++
    const val = noteRecord(this.id, 100 + (n % 500), 100 + ((n * 7) % 300), `note ${this.id}`, sentAt)
    this.doc.transact(() => {
      if (this.records.length > 0) this.records.delete(0, this.records.length)
      this.records.push([{ key: val.id as string, val }])
    })
    return sentAt
  }
}

/** The writers' send times carried by an update (every note value with meta.benchSentAt). */
export function sentTimesIn(update: Uint8Array): number[] {
  const out: number[] = []
  const { structs } = Y.decodeUpdate(update)
  for (const s of structs) {
    const arr = (s as { content?: { arr?: unknown[] } }).content?.arr
    if (!arr) continue
    for (const v of arr) {
      const t = (v as { val?: { meta?: { benchSentAt?: unknown } } } | null)?.val?.meta?.benchSentAt
      if (typeof t === 'number') out.push(t)
    }
  }
  return out
}
