// [L18] The decision report is made in worker threads: while a big board's PDF is being made,
// the rooms of other boards still answer; past MAX_REPORT_RENDERS running and MAX_REPORT_QUEUE
// waiting, a report is refused with 429 `report_busy`. The real server (its own process), a
// board of 3,000 notes written over a real socket, raw sync round trips on another board.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as decoding from 'lib0/decoding'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { encodeSyncMessage, MessageType, SyncStep } from '@tavla/protocol'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { metric, startServer, type RunningServer } from '../support/server.ts'

const NOTES = 3000
let s: RunningServer
let big: Awaited<ReturnType<typeof createBoard>>
const clients: Client[] = []
const sockets: WebSocket[] = []

beforeAll(async () => {
  s = await startServer({ env: { MAX_REPORT_RENDERS: '1', MAX_REPORT_QUEUE: '1', MAX_BOARDS_PER_MINUTE: '1000' } })
  big = await createBoard(s.url, { title: 'Stor tavla' })
  const writer = connectClient(s.wsUrl, big.id, big.keys.facilitator)
  clients.push(writer)
  await writer.synced
  const text = 'En lapp med så mycket text att rapporten får radbryta den några gånger, som en riktig lapp från en workshop'
  for (let i = 0; i < NOTES; i += 500) {
    const notes = []
    for (let j = i; j < i + 500; j++) notes.push(makeNote({ id: `n${j}`, x: (j % 60) * 220, y: Math.floor(j / 60) * 220, text: `${j}: ${text}` }))
    writeRecords(recordsOf(writer.doc), notes)
  }
  // a second reader has them all: the server holds the board
  const reader = connectClient(s.wsUrl, big.id, big.keys.facilitator)
  clients.push(reader)
  await waitFor(() => readRecords(recordsOf(reader.doc)).size >= NOTES, `the server has the ${NOTES} notes`, 30_000)
}, 120_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  for (const w of sockets) w.terminate()
  await s?.stop()
})

const report = (id: string, key: string) => fetch(`${s.url}/api/boards/${id}/export?format=pdf`, { headers: { authorization: `Bearer ${key}` } })
const gauge = (name: string) => metric(s.url, name)

/** A raw socket to a board; `roundTrip()` sends a sync step 1 and resolves on the server's step 2. */
async function rawSync(id: string, key: string) {
  const ws = new WebSocket(`${s.wsUrl}/${id}?key=${key}`)
  sockets.push(ws)
  let waiting: (() => void) | undefined
  ws.on('message', (data: Buffer) => {
    const d = decoding.createDecoder(new Uint8Array(data))
    if (decoding.readVarUint(d) === MessageType.Sync && decoding.readVarUint(d) === SyncStep.Step2) waiting?.()
  })
  await new Promise((res, rej) => {
    ws.once('open', res)
    ws.once('error', rej)
  })
  const empty = Y.encodeStateVector(new Y.Doc())
  return {
    roundTrip: () =>
      new Promise<void>((res, rej) => {
        const t = setTimeout(() => rej(new Error('no sync answer within 10 s')), 10_000)
        waiting = () => {
          clearTimeout(t)
          waiting = undefined
          res()
        }
        ws.send(encodeSyncMessage(SyncStep.Step1, empty))
      }),
  }
}

describe('reports in worker threads [L18]', () => {
  it('while a 3,000-note board becomes a PDF, another board answers every sync round trip before the PDF arrives', async () => {
    const other = await createBoard(s.url, { title: 'En annan tavla' })
    const peer = await rawSync(other.id, other.keys.participant)
    await peer.roundTrip() // connected and answered once before the report starts

    let arrived = false
    const pdf = report(big.id, big.keys.facilitator).then((res) => {
      arrived = true
      return res
    })
    // the PDF is being made now (the server itself says so, which it could not while rendering on its event loop)
    await waitFor(async () => (await gauge('tavla_report_renders')) === 1, 'the report is being made')
    expect(arrived).toBe(false)
    const ROUND_TRIPS = 20
    let answered = 0
    for (let i = 0; i < ROUND_TRIPS; i++) {
      await peer.roundTrip()
      if (!arrived) answered++
    }
    expect(answered, 'sync answers that came before the report').toBe(ROUND_TRIPS)
    // and it is still being made: the answers came during the rendering, not before it began
    expect(await gauge('tavla_report_renders')).toBe(1)
    expect(arrived).toBe(false)
    const res = await pdf
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    const bytes = Buffer.from(await res.arrayBuffer())
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-')
    expect(bytes.byteLength).toBeGreaterThan(200_000) // 3,000 notes are in it
  })

  it('past MAX_REPORT_RENDERS running and MAX_REPORT_QUEUE waiting: 429 report_busy, in words; the others are made', async () => {
    const first = report(big.id, big.keys.facilitator)
    await waitFor(async () => (await gauge('tavla_report_renders')) === 1, 'the first report is being made')
    const second = report(big.id, big.keys.facilitator)
    await waitFor(async () => (await gauge('tavla_report_queue')) === 1, 'the second report waits')
    const third = await report(big.id, big.keys.facilitator)
    expect(third.status).toBe(429)
    const body = (await third.json()) as { error: { code: string; message: string } }
    expect(body.error.code).toBe('report_busy')
    expect(body.error.message).toMatch(
      /already making as many reports as it makes at once \(1, MAX_REPORT_RENDERS\) and 1 more are waiting \(MAX_REPORT_QUEUE\)\. Try again in a moment\./,
    )
    const done = await Promise.all([first, second])
    expect(done.map((r) => r.status)).toEqual([200, 200])
    expect(await gauge('tavla_report_renders')).toBe(0)
    // and room again afterwards
    const docx = await fetch(`${s.url}/api/boards/${big.id}/export?format=docx`, { headers: { authorization: `Bearer ${big.keys.facilitator}` } })
    expect(docx.status).toBe(200)
  })
})
