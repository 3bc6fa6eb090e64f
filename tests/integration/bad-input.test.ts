// [W8] Whatever a client sends, the process stays up, other rooms go on, and the sender gets a
// coded close. The server runs as its own process here, so "still up" means the real process.
import { connect as tcpConnect } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startServer, type RunningServer } from '../support/server.ts'

let s: RunningServer
let good: { board: Awaited<ReturnType<typeof createBoard>>; client: Client }
let target: Awaited<ReturnType<typeof createBoard>>

beforeAll(async () => {
  s = await startServer({ env: { MAX_MESSAGE_BYTES: String(64 * 1024), MAX_MESSAGES_PER_SECOND: '50' } })
  const board = await createBoard(s.url, { title: 'Det goda rummet' })
  const client = connectClient(s.wsUrl, board.id, board.keys.participant)
  await client.synced
  good = { board, client }
  target = await createBoard(s.url, { title: 'Målet' })
})
afterAll(async () => {
  good?.client.destroy()
  await s?.stop()
})

/** Opens a raw socket to the target board, sends what `send` sends, and returns the close code. */
function closeCodeAfter(send: (ws: WebSocket) => void, path = `/ws/${target.id}?key=${target.keys.participant}`): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${s.port}${path}`)
    ws.on('error', () => {}) // the close event carries what we assert
    ws.on('open', () => send(ws))
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    setTimeout(() => reject(new Error('no close within 10 s')), 10_000).unref()
  })
}

let probe = 0
/** The process is alive and a good client in another room still gets a fresh change through. */
async function othersCarryOn(): Promise<void> {
  expect(s.process().exitCode).toBeNull()
  expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  const id = `probe-${++probe}`
  const other = connectClient(s.wsUrl, good.board.id, good.board.keys.participant)
  try {
    await other.synced
    writeRecords(recordsOf(other.doc), [makeNote({ id, x: 0, y: 0, text: id })])
    await waitFor(() => readRecords(recordsOf(good.client.doc)).has(`shape:${id}`), 'the good room still syncs')
  } finally {
    other.destroy()
  }
}

const msg = (...parts: ((e: encoding.Encoder) => void)[]) => {
  const e = encoding.createEncoder()
  for (const p of parts) p(e)
  return encoding.toUint8Array(e)
}

describe('bad input ends one connection, never the process', () => {
  it('[W8] unknown board → 4404, bad board id → 4404', async () => {
    expect((await closeCodeAfter(() => {}, `/ws/AAAAAAAAAAAAAAAAAAAAAA?key=x`)).code).toBe(4404)
    expect((await closeCodeAfter(() => {}, `/ws/..%2F..%2Fetc?key=x`)).code).toBe(4404)
    expect((await closeCodeAfter(() => {}, `/ws/${'a'.repeat(500)}?key=x`)).code).toBe(4404)
    await othersCarryOn()
  })

  it('[W8] missing or wrong key → 4401', async () => {
    expect((await closeCodeAfter(() => {}, `/ws/${target.id}`)).code).toBe(4401)
    expect((await closeCodeAfter(() => {}, `/ws/${target.id}?key=wrong`)).code).toBe(4401)
    await othersCarryOn()
  })

  it('[W8] a text frame → 4400', async () => {
    const { code, reason } = await closeCodeAfter((ws) => ws.send('hello'))
    expect(code).toBe(4400)
    expect(reason).toMatch(/text/)
    await othersCarryOn()
  })

  it('[W8] a truncated varint → 4400', async () => {
    expect((await closeCodeAfter((ws) => ws.send(new Uint8Array([0x80, 0x80])))).code).toBe(4400)
    expect((await closeCodeAfter((ws) => ws.send(new Uint8Array([0, 2, 0xff, 0xff])))).code).toBe(4400)
    await othersCarryOn()
  })

  it('[W8] garbage where a Yjs update should be → 4400, and the board is unchanged', async () => {
    const garbage = new Uint8Array(64).map((_, i) => (i * 37 + 11) & 0xff)
    const { code } = await closeCodeAfter((ws) =>
      ws.send(
        msg(
          (e) => encoding.writeVarUint(e, 0),
          (e) => encoding.writeVarUint(e, 2),
          (e) => encoding.writeVarUint8Array(e, garbage),
        ),
      ),
    )
    expect(code).toBe(4400)
    const check = connectClient(s.wsUrl, target.id, target.keys.participant)
    await check.synced
    expect(check.doc.getMap('meta').get('title')).toBe('Målet')
    check.destroy()
    await othersCarryOn()
  })

  it('[W11] a record tldraw cannot validate → 4400 naming it, and none of the update is applied', async () => {
    const doc = new Y.Doc()
    const good = makeNote({ id: 'fine', x: 0, y: 0, text: 'en riktig lapp' })
    const bad = { ...makeNote({ id: 'broken', x: 0, y: 0, text: 'trasig' }), index: 'a990' }
    const updates: Uint8Array[] = []
    doc.on('update', (u: Uint8Array) => updates.push(u))
    writeRecords(recordsOf(doc), [good, bad])
    expect(updates).toHaveLength(1)
    const { code, reason } = await closeCodeAfter((ws) =>
      ws.send(
        msg(
          (e) => encoding.writeVarUint(e, 0),
          (e) => encoding.writeVarUint(e, 2),
          (e) => encoding.writeVarUint8Array(e, updates[0]!),
        ),
      ),
    )
    expect(code).toBe(4400)
    expect(reason).toMatch(/shape:broken.*index/)
    const check = connectClient(s.wsUrl, target.id, target.keys.participant)
    await check.synced
    const stored = readRecords(recordsOf(check.doc))
    expect(stored.has('shape:fine')).toBe(false)
    expect(stored.has('shape:broken')).toBe(false)
    check.destroy()
    await othersCarryOn()
  })

  it('[W8] junk awareness → 4400', async () => {
    const junk = msg(
      (e) => encoding.writeVarUint(e, 1),
      (e) =>
        encoding.writeVarUint8Array(
          e,
          msg(
            (x) => encoding.writeVarUint(x, 1),
            (x) => encoding.writeVarUint(x, 7),
            (x) => encoding.writeVarUint(x, 1),
            (x) => encoding.writeVarString(x, '{not json'),
          ),
        ),
    )
    expect((await closeCodeAfter((ws) => ws.send(junk))).code).toBe(4400)
    await othersCarryOn()
  })

  it('[W8] an unknown message type → 4400', async () => {
    expect((await closeCodeAfter((ws) => ws.send(new Uint8Array([9, 1, 2])))).code).toBe(4400)
    await othersCarryOn()
  })

  it('[W8] a message over MAX_MESSAGE_BYTES → 1009', async () => {
    expect((await closeCodeAfter((ws) => ws.send(new Uint8Array(100 * 1024)))).code).toBe(1009)
    await othersCarryOn()
  })

  it('[W8] a flood past the message rate → 4429', async () => {
    const query = new Uint8Array([3])
    const { code } = await closeCodeAfter((ws) => {
      for (let i = 0; i < 500; i++) ws.send(query)
    })
    expect(code).toBe(4429)
    await othersCarryOn()
  })

  it('[W8] a malformed websocket frame (RSV2 set) ends that socket only', async () => {
    // The y-websocket reference server died on exactly this (no socket error listener).
    const sock = tcpConnect(s.port, '127.0.0.1')
    await new Promise<void>((r) => sock.once('connect', () => r()))
    sock.write(
      `GET /ws/${target.id}?key=${target.keys.participant} HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
    await new Promise<void>((r) => sock.once('data', () => r()))
    sock.write(Buffer.from([0xa2, 0x80, 1, 2, 3, 4])) // FIN + RSV2 + binary, masked, empty
    sock.write(Buffer.from([0x82, 0x02, 0, 0])) // an unmasked client frame, too
    await new Promise<void>((r) => {
      sock.on('close', () => r())
      sock.on('error', () => r())
    })
    await othersCarryOn()
  })

  it('[W8] a socket that vanishes mid-handshake and mid-message does no harm', async () => {
    const sock = tcpConnect(s.port, '127.0.0.1')
    await new Promise<void>((r) => sock.once('connect', () => r()))
    sock.write(
      `GET /ws/${target.id}?key=${target.keys.participant} HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    )
    await new Promise<void>((r) => sock.once('data', () => r()))
    sock.write(Buffer.from([0x82, 0xfe, 0x10, 0x00, 1, 2, 3, 4, 5])) // announces 4096 bytes, sends 1
    sock.destroy()
    await othersCarryOn()
  })
})
