// SPEC "Limits" [L1]–[L11]: every limit refuses with its close code or HTTP status and a message,
// against the real server process, while the server stays up and other boards go on.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { metric, startServer, type RunningServer } from '../support/server.ts'

type Board = Awaited<ReturnType<typeof createBoard>>

let s: RunningServer // the socket's address counts (no TRUST_PROXY)
let p: RunningServer // behind a trusted proxy on 127.0.0.1, with CREATE_TOKEN and METRICS_TOKEN
const CREATE_TOKEN = 'skapa-tavlor-med-denna-kod'
const METRICS_TOKEN = 'metrics-token-for-the-operator'
const clients: Client[] = []
const sockets: WebSocket[] = []

beforeAll(async () => {
  ;[s, p] = await Promise.all([
    startServer({
      env: {
        MAX_BUFFERED_BYTES: String(256 * 1024),
        MAX_CONNECTIONS_PER_ADDRESS: '20',
        MAX_BOARDS_PER_MINUTE: '1000',
        MAX_IMPORT_BYTES: String(64 * 1024),
        MAX_SNAPSHOTS_PER_BOARD: '3',
        MAX_SNAPSHOT_BYTES_PER_BOARD: String(200 * 1024),
      },
    }),
    startServer({
      env: { TRUST_PROXY: '127.0.0.1', CREATE_TOKEN, METRICS_TOKEN, MAX_BOARDS_PER_MINUTE: '5', MAX_CONNECTIONS_PER_ADDRESS: '3' },
    }),
  ])
}, 60_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const w of sockets) w.terminate()
  await Promise.all([s?.stop(), p?.stop()])
})

const stock = (server: RunningServer, board: Board, key = board.keys.participant) => {
  const c = connectClient(server.wsUrl, board.id, key)
  clients.push(c)
  return c
}

interface Raw {
  ws: WebSocket
  /** Bytes of sync step 2 replies received. */
  step2Bytes: () => number
  closed: Promise<{ code: number; reason: string }>
  send(...parts: ((e: encoding.Encoder) => void)[]): void
}

/** A raw y-websocket client: resolves once the socket is open. */
function raw(server: RunningServer, board: Board, key: string, headers: Record<string, string> = {}): Promise<Raw> {
  const ws = new WebSocket(`${server.wsUrl}/${board.id}?key=${key}`, { headers })
  sockets.push(ws)
  let step2 = 0
  ws.on('error', () => {})
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(d) === 0 && decoding.readVarUint(d) === 1) step2 += data.byteLength
  })
  const closed = new Promise<{ code: number; reason: string }>((res) => ws.on('close', (code, reason) => res({ code, reason: reason.toString() })))
  return new Promise((resolve, reject) => {
    ws.once('open', () =>
      resolve({
        ws,
        step2Bytes: () => step2,
        closed,
        send: (...parts) => {
          const e = encoding.createEncoder()
          for (const part of parts) part(e)
          ws.send(encoding.toUint8Array(e))
        },
      }),
    )
    ws.once('close', (code, reason) => reject(new Error(`closed before open: ${code} ${reason}`)))
  })
}

/** Resolves with the close, or fails after the timeout. */
const closeOf = (r: Raw, ms = 10_000) =>
  Promise.race([r.closed, new Promise<never>((_, rej) => setTimeout(() => rej(new Error(`no close within ${ms} ms`)), ms).unref())])

const awareness =
  (...states: [id: number, clock: number, state: unknown][]) =>
  (e: encoding.Encoder) => {
    encoding.writeVarUint(e, 1)
    const u = encoding.createEncoder()
    encoding.writeVarUint(u, states.length)
    for (const [id, clock, state] of states) {
      encoding.writeVarUint(u, id)
      encoding.writeVarUint(u, clock)
      encoding.writeVarString(u, JSON.stringify(state))
    }
    encoding.writeVarUint8Array(e, encoding.toUint8Array(u))
  }
const step1 = (sv: Uint8Array) => (e: encoding.Encoder) => {
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint8Array(e, sv)
}

const nameOf = (c: Client, id: number) => (c.provider.awareness.getStates().get(id) as { user?: { name?: string } } | undefined)?.user?.name

let probe = 0
/** The process answers and another board still carries a change from one client to another. */
async function othersCarryOn(server: RunningServer, board: Board): Promise<void> {
  expect(server.process().exitCode).toBeNull()
  expect((await fetch(`${server.url}/healthz`)).status).toBe(200)
  const a = stock(server, board)
  const b = stock(server, board)
  try {
    await Promise.all([a.synced, b.synced])
    const id = `probe-${++probe}`
    writeRecords(recordsOf(a.doc), [makeNote({ id, x: 0, y: 0, text: id })])
    await waitFor(() => readRecords(recordsOf(b.doc)).has(`shape:${id}`), 'another board still syncs')
  } finally {
    a.destroy()
    b.destroy()
  }
}

const post = (server: RunningServer, path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) })

describe('awareness limits', () => {
  let board: Board
  let other: Board
  beforeAll(async () => {
    board = await createBoard(s.url, { title: 'Närvaro' })
    other = await createBoard(s.url, { title: 'Den andra tavlan' })
  })

  it('[L1] an awareness state over MAX_AWARENESS_BYTES closes the sender with 4413', async () => {
    const r = await raw(s, board, board.keys.viewer)
    r.send(awareness([4242, 1, { user: { name: 'x'.repeat(20 * 1024) } }]))
    const { code, reason } = await closeOf(r)
    expect(code).toBe(4413)
    expect(reason).toMatch(/MAX_AWARENESS_BYTES/)
    await othersCarryOn(s, other)
  })

  it('[L2] a connection may announce at most MAX_AWARENESS_CLIENTS_PER_CONNECTION (4) client ids', async () => {
    const watcher = stock(s, board)
    await watcher.synced
    const r = await raw(s, board, board.keys.viewer)
    for (let i = 1; i <= 4; i++) r.send(awareness([9000 + i, 1, { user: { name: `id ${i}` } }]))
    await waitFor(() => nameOf(watcher, 9004) === 'id 4', 'four ids are let through')
    r.send(awareness([9005, 1, { user: { name: 'one too many' } }]))
    const { code, reason } = await closeOf(r)
    expect(code).toBe(4413)
    expect(reason).toMatch(/at most 4 awareness client ids/)
    expect(nameOf(watcher, 9005)).toBeUndefined()
    watcher.destroy()
  })

  it("[L3] a state for someone else's client id (even at clock 2^53−1) is dropped without a close; the owner goes on", async () => {
    const anna = stock(s, board)
    const observer = stock(s, board)
    await Promise.all([anna.synced, observer.synced])
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna' })
    const annaId = anna.doc.clientID
    await waitFor(() => nameOf(observer, annaId) === 'Anna', 'the observer sees Anna')
    const mallory = await raw(s, board, board.keys.viewer)
    mallory.send(awareness([annaId, Number.MAX_SAFE_INTEGER, { user: { name: 'Mallory' } }]))
    mallory.send(awareness([annaId, Number.MAX_SAFE_INTEGER, { user: { name: 'Mallory' } }], [777, 1, { user: { name: 'Mallory själv' } }]))
    // frames go out in order: once Mallory's own state has arrived, a forged one would have too
    await waitFor(() => nameOf(observer, 777) === 'Mallory själv', "Mallory's own state goes through")
    expect(nameOf(observer, annaId)).toBe('Anna')
    anna.provider.awareness.setLocalStateField('user', { name: 'Anna, FK' })
    await waitFor(() => nameOf(observer, annaId) === 'Anna, FK', "Anna's own update still wins")
    expect(mallory.ws.readyState).toBe(WebSocket.OPEN)
    mallory.ws.close()
    anna.destroy()
    observer.destroy()
  })
})

describe('[L4] a big board', () => {
  let board: Board
  let boardBytes = 0
  beforeAll(async () => {
    board = await createBoard(s.url, { title: 'Stor tavla' })
    const writer = stock(s, board)
    await writer.synced
    // ~5 MB: far more than MAX_BUFFERED_BYTES (256 KiB here) and than loopback socket buffers
    for (let batch = 0; batch < 10; batch++) {
      const notes = Array.from({ length: 250 }, (_, i) =>
        makeNote({ id: `n${batch}-${i}`, x: i * 10, y: batch * 10, text: `${batch}/${i} ${'lång text '.repeat(200)}` }),
      )
      writeRecords(recordsOf(writer.doc), notes)
    }
    const mine = Y.encodeStateVector(writer.doc)
    await waitFor(
      async () => {
        const { sv } = (await (await fetch(`${s.url}/api/boards/${board.id}/state-vector?key=${board.keys.viewer}`)).json()) as { sv: string }
        const theirs = Y.decodeStateVector(Buffer.from(sv, 'base64'))
        return [...Y.decodeStateVector(mine)].every(([c, n]) => (theirs.get(c) ?? 0) >= n)
      },
      'the server has the whole board',
      60_000,
    )
    boardBytes = Y.encodeStateAsUpdate(writer.doc).byteLength
    expect(boardBytes).toBeGreaterThan(4 * 1024 * 1024)
  }, 120_000)

  it('[L4] a newcomer to a board larger than MAX_BUFFERED_BYTES gets it all (the sync reply is not counted against it)', async () => {
    const newcomer = stock(s, board, board.keys.viewer)
    const outcome = await Promise.race([newcomer.synced.then(() => 'synced'), newcomer.closed.then((code) => `closed ${code}`)])
    expect(outcome).toBe('synced')
    expect(readRecords(recordsOf(newcomer.doc)).size).toBeGreaterThanOrEqual(2500)
    newcomer.destroy()
  }, 60_000)

  it('[L4] a newcomer that reads slowly is not closed 4408 for the board it asked for', async () => {
    const r = await raw(s, board, board.keys.viewer)
    const socket = (r.ws as unknown as { _socket: import('node:net').Socket })._socket
    const sent = () => metric(s.url, 'tavla_bytes_sent_total')
    const before = await sent()
    socket.pause() // nothing is read while the server writes the reply: it waits in the server's buffer
    r.send(step1(Y.encodeStateVector(new Y.Doc())))
    await waitFor(async () => (await sent()) >= before + boardBytes, 'the server has written the reply', 30_000)
    socket.resume()
    await waitFor(() => r.step2Bytes() >= boardBytes, 'the whole board arrives', 30_000)
    expect(r.ws.readyState).toBe(WebSocket.OPEN)
    r.ws.close()
  }, 60_000)

  it('[L4] 1,000 step-1 messages draw one reply, not a thousand', async () => {
    const r = await raw(s, board, board.keys.viewer)
    const empty = Y.encodeStateVector(new Y.Doc())
    for (let i = 0; i < 1000; i++) r.send(step1(empty))
    const { code } = await closeOf(r, 60_000)
    expect(code).toBe(4429) // over the message rate: each reply also costs tokens for its size
    expect(r.step2Bytes()).toBeGreaterThanOrEqual(boardBytes)
    expect(r.step2Bytes()).toBeLessThan(3 * boardBytes)
    await othersCarryOn(s, await createBoard(s.url, { title: 'Liten' }))
  }, 90_000)
})

describe('[L5] connections per address', () => {
  it('[L5] one address may hold MAX_CONNECTIONS_PER_ADDRESS sockets; X-Forwarded-For does not help without TRUST_PROXY', async () => {
    const board = await createBoard(s.url, { title: 'Många uttag' })
    const open: Raw[] = []
    let refused: { code: number; reason: string } | undefined
    for (let i = 0; i < 25 && !refused; i++) {
      try {
        open.push(await raw(s, board, board.keys.viewer, { 'x-forwarded-for': `198.51.100.${i}` }))
      } catch (err) {
        refused = { code: Number(/closed before open: (\d+)/.exec(String(err))?.[1]), reason: String(err) }
      }
    }
    // the server accepts the upgrade, then closes: the refusal arrives as a close right after open
    if (!refused) {
      const closes = await Promise.race([
        Promise.any(open.map((r) => r.closed)),
        new Promise<undefined>((res) => setTimeout(() => res(undefined), 5000).unref()),
      ])
      refused = closes
    }
    expect(refused?.code).toBe(4429)
    expect(refused?.reason).toMatch(/too many connections from one address/)
    const live = open.filter((r) => r.ws.readyState === WebSocket.OPEN)
    expect(live.length).toBeLessThanOrEqual(20)
    for (const r of open) r.ws.close()
    await Promise.all(open.map((r) => r.closed))
    await othersCarryOn(s, board) // the count goes down again as sockets close
  })

  it('[L5][L10] behind a trusted proxy each forwarded address has its own count', async () => {
    const board = await created(p, '203.0.113.50')
    const a = await Promise.all([1, 2, 3].map(() => raw(p, board, board.keys.viewer, { 'x-forwarded-for': '203.0.113.1' })))
    const fourth = await raw(p, board, board.keys.viewer, { 'x-forwarded-for': '203.0.113.1' })
    const { code, reason } = await closeOf(fourth)
    expect(code).toBe(4429)
    expect(reason).toMatch(/MAX_CONNECTIONS_PER_ADDRESS/)
    const elsewhere = await raw(p, board, board.keys.viewer, { 'x-forwarded-for': '203.0.113.2' })
    await waitFor(() => elsewhere.step2Bytes() >= 0 && elsewhere.ws.readyState === WebSocket.OPEN, 'another address gets in')
    for (const r of [...a, elsewhere]) r.ws.close()
  })
})

/** A board made on the proxied server `p`, as if from `address`. */
async function created(server: RunningServer, address: string, headers: Record<string, string> = {}): Promise<Board> {
  const res = await post(
    server,
    '/api/boards',
    { template: 'blank', title: 'Via proxyn' },
    { authorization: `Bearer ${CREATE_TOKEN}`, 'x-forwarded-for': address, ...headers },
  )
  if (res.status !== 201) throw new Error(`create: ${res.status} ${await res.text()}`)
  return (await res.json()) as Board
}

describe('creating boards', () => {
  it('[L6] an address may create MAX_BOARDS_PER_MINUTE boards a minute (imports included); then 429 too_many_boards', async () => {
    const first = await created(p, '203.0.113.7')
    for (let i = 0; i < 3; i++) await created(p, '203.0.113.7')
    const file = await (await fetch(`${p.url}/api/boards/${first.id}/export?format=json&key=${first.keys.facilitator}`)).text()
    const imported = await post(
      p,
      '/api/boards',
      { title: 'Importerad', file: JSON.parse(file) },
      { authorization: `Bearer ${CREATE_TOKEN}`, 'x-forwarded-for': '203.0.113.7' },
    )
    expect(imported.status).toBe(201) // the fifth
    const sixth = await post(
      p,
      '/api/boards',
      { template: 'blank', title: 'En för mycket' },
      { authorization: `Bearer ${CREATE_TOKEN}`, 'x-forwarded-for': '203.0.113.7' },
    )
    expect(sixth.status).toBe(429)
    expect(Number(sixth.headers.get('retry-after'))).toBeGreaterThan(0)
    const body = (await sixth.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('too_many_boards')
    expect(body.error.message).toMatch(/at most 5 a minute/)
    const importAgain = await post(
      p,
      '/api/boards',
      { title: 'Importerad', file: JSON.parse(file) },
      { authorization: `Bearer ${CREATE_TOKEN}`, 'x-forwarded-for': '203.0.113.7' },
    )
    expect(importAgain.status).toBe(429)
    await created(p, '203.0.113.8') // another address is not held up
  })

  it('[L7] with CREATE_TOKEN set, creating needs Authorization: Bearer <CREATE_TOKEN>', async () => {
    const none = await post(p, '/api/boards', { template: 'blank', title: 'Utan kod' }, { 'x-forwarded-for': '203.0.113.20' })
    expect(none.status).toBe(401)
    expect(((await none.json()) as { error: { code: string } }).error.code).toBe('create_token_required')
    const wrong = await post(p, '/api/boards', { template: 'blank', title: 'Fel kod' }, { authorization: 'Bearer fel', 'x-forwarded-for': '203.0.113.20' })
    expect(wrong.status).toBe(403)
    expect(((await wrong.json()) as { error: { code: string } }).error.code).toBe('invalid_create_token')
    // refusals use up no creations: the address still has its whole minute
    for (let i = 0; i < 5; i++) await created(p, '203.0.113.20')
  })

  it('[L8] an import over MAX_IMPORT_BYTES gets 413 import_too_large', async () => {
    const res = await post(s, '/api/boards', { title: 'För stor', file: { records: [{ pad: 'x'.repeat(100 * 1024) }] } })
    expect(res.status).toBe(413)
    const body = (await res.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('import_too_large')
    expect(body.error.message).toMatch(/MAX_IMPORT_BYTES/)
    await createBoard(s.url, { title: 'Liten nog' })
  })
})

describe('[L9] snapshot quota', () => {
  const snap = (b: Board, key = b.keys.facilitator) => post(s, `/api/boards/${b.id}/snapshots?key=${key}`, {})
  const list = async (b: Board) =>
    ((await (await fetch(`${s.url}/api/boards/${b.id}/snapshots?key=${b.keys.facilitator}`)).json()) as { snapshots: { id: string; auto: boolean }[] })
      .snapshots

  it('[L9] a board keeps at most MAX_SNAPSHOTS_PER_BOARD manual snapshots (409 snapshot_quota); deleting one frees a place; automatic ones do not count', async () => {
    const b = await createBoard(s.url, { title: 'Ögonblick' })
    // an automatic snapshot: someone changes the board and leaves
    const c = stock(s, b)
    await c.synced
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'auto', x: 0, y: 0, text: 'ändrad' })])
    await waitFor(async () => {
      const { sv } = (await (await fetch(`${s.url}/api/boards/${b.id}/state-vector?key=${b.keys.viewer}`)).json()) as { sv: string }
      return (Y.decodeStateVector(Buffer.from(sv, 'base64')).get(c.doc.clientID) ?? 0) > 0
    }, 'the change reached the server')
    c.destroy()
    await waitFor(async () => (await list(b)).some((x) => x.auto), 'an automatic snapshot after everyone left')
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await snap(b)
      expect(res.status).toBe(201)
      ids.push(((await res.json()) as { id: string }).id)
    }
    const fourth = await snap(b)
    expect(fourth.status).toBe(409)
    const body = (await fourth.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('snapshot_quota')
    expect(body.error.message).toMatch(/Delete old snapshots/)
    const del = (sid: string, key = b.keys.facilitator) => fetch(`${s.url}/api/boards/${b.id}/snapshots/${sid}?key=${key}`, { method: 'DELETE' })
    expect((await del(ids[0]!, b.keys.participant)).status).toBe(403)
    expect((await del(ids[0]!)).status).toBe(204)
    expect((await del(ids[0]!)).status).toBe(404)
    expect((await list(b)).map((x) => x.id)).not.toContain(ids[0])
    expect((await snap(b)).status).toBe(201)
  })

  it('[L9] the manual snapshots of a board take at most MAX_SNAPSHOT_BYTES_PER_BOARD (413 snapshot_quota)', async () => {
    const b = await createBoard(s.url, { title: 'Tunga ögonblick' })
    const c = stock(s, b)
    await c.synced
    writeRecords(
      recordsOf(c.doc),
      Array.from({ length: 4 }, (_, i) => makeNote({ id: `tung${i}`, x: i * 100, y: 0, text: 'ord '.repeat(8000) })),
    )
    await waitFor(async () => {
      const { sv } = (await (await fetch(`${s.url}/api/boards/${b.id}/state-vector?key=${b.keys.viewer}`)).json()) as { sv: string }
      return (Y.decodeStateVector(Buffer.from(sv, 'base64')).get(c.doc.clientID) ?? 0) > 0
    }, 'the notes reached the server')
    expect((await snap(b)).status).toBe(201) // ~128 KB of 200 KiB
    const second = await snap(b)
    expect(second.status).toBe(413)
    const body = (await second.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('snapshot_quota')
    expect(body.error.message).toMatch(/MAX_SNAPSHOT_BYTES_PER_BOARD/)
    c.destroy()
  })
})

describe('proxy headers and /metrics', () => {
  it("[L10] without TRUST_PROXY a new board's links ignore X-Forwarded-Host/-Proto; behind a trusted proxy they follow them", async () => {
    const res = await post(s, '/api/boards', { template: 'blank', title: 'Länkar' }, { 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' })
    const b = (await res.json()) as Board
    expect(b.links.participant.startsWith(`${s.url}/b/${b.id}?key=`)).toBe(true)
    const viaProxy = await created(p, '203.0.113.30', { 'x-forwarded-host': 'tavla.example.se', 'x-forwarded-proto': 'https' })
    expect(viaProxy.links.facilitator.startsWith(`https://tavla.example.se/b/${viaProxy.id}?key=`)).toBe(true)
  })

  it('[L11] /metrics answers loopback, or anyone with Authorization: Bearer <METRICS_TOKEN>', async () => {
    const get = (server: RunningServer, headers: Record<string, string> = {}) => fetch(`${server.url}/metrics`, { headers })
    expect((await get(s)).status).toBe(200)
    expect((await get(s, { 'x-forwarded-for': '198.51.100.9' })).status).toBe(200) // not a trusted proxy: still loopback
    expect((await get(p)).status).toBe(200)
    const outside = await get(p, { 'x-forwarded-for': '198.51.100.9' })
    expect(outside.status).toBe(401)
    expect(((await outside.json()) as { error: { code: string } }).error.code).toBe('metrics_token_required')
    expect((await get(p, { 'x-forwarded-for': '198.51.100.9', authorization: 'Bearer fel' })).status).toBe(403)
    const ok = await get(p, { 'x-forwarded-for': '198.51.100.9', authorization: `Bearer ${METRICS_TOKEN}` })
    expect(ok.status).toBe(200)
    expect(await ok.text()).toMatch(/^tavla_connections /m)
  })
})
