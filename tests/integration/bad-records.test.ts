// [W11] with board SPEC [D2]/[D8] against the real server: an update that inserts a note whose
// rich text has a mark tldraw does not know, or a session-scope record, is refused with 4400
// naming the record and field, and nothing of it is stored; a note with every kind of formatting
// tldraw's editor writes goes through.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords, type StoredRecord } from '@tavla/board'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
let board: Awaited<ReturnType<typeof createBoard>>

beforeAll(async () => {
  s = await startInProcess()
  board = await createBoard(s.url, { title: 'Trasiga lappar' })
})
afterAll(async () => {
  await s?.close()
})

/** Sends one sync update carrying `records` as a participant; the close code and reason, or 'open' after 1.5 s. */
function send(records: unknown[]): Promise<{ code: number | 'open'; reason: string }> {
  const doc = new Y.Doc()
  const updates: Uint8Array[] = []
  doc.on('update', (u: Uint8Array) => updates.push(u))
  writeRecords(recordsOf(doc), records as StoredRecord[])
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, 0)
  encoding.writeVarUint(e, 2)
  encoding.writeVarUint8Array(e, updates[0]!)
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.wsUrl}/${board.id}?key=${board.keys.participant}`)
    ws.on('error', () => {})
    ws.on('open', () => {
      ws.send(encoding.toUint8Array(e))
      setTimeout(() => {
        resolve({ code: 'open', reason: '' })
        ws.close()
      }, 1500).unref()
    })
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    setTimeout(() => reject(new Error('nothing within 10 s')), 10_000).unref()
  })
}
const stored = async () => {
  const c = connectClient(s.wsUrl, board.id, board.keys.facilitator)
  await c.synced
  const r = readRecords(recordsOf(c.doc))
  c.destroy()
  return r
}
const withRichText = (id: string, richText: unknown) => {
  const n = makeNote({ id, x: 0, y: 0, text: 'x' })
  return { ...n, props: { ...n.props, richText } }
}

describe('[W11][D8] records no canvas can show, sent to the server', () => {
  it('a note whose rich text has an unknown mark → 4400 naming the record and field; nothing stored', async () => {
    const evil = withRichText('evil', { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'evil' }] }] }] })
    const { code, reason } = await send([makeNote({ id: 'alongside', x: 0, y: 0, text: 'ok' }), evil])
    expect(code).toBe(4400)
    expect(reason).toMatch(/shape:evil: props\.richText\.content\.0\.content\.0\.marks\.0\.type: unknown mark type "evil"/)
    const r = await stored()
    expect(r.has('shape:evil')).toBe(false)
    expect(r.has('shape:alongside')).toBe(false)
  })

  it('[D2] a camera or an instance record → 4400 naming its scope; nothing stored', async () => {
    const camera = { id: 'camera:page:page', typeName: 'camera', x: -90000, y: 0, z: 1, meta: {} }
    const first = await send([camera])
    expect(first.code).toBe(4400)
    expect(first.reason).toMatch(/camera:page:page: camera records have session scope/)
    const second = await send([{ id: 'instance:instance', typeName: 'instance', isFocusMode: true }])
    expect(second.code).toBe(4400)
    expect(second.reason).toMatch(/instance:instance: instance records have session scope/)
    const r = await stored()
    expect(r.has('camera:page:page')).toBe(false)
    expect(r.has('instance:instance')).toBe(false)
  })

  it('a note with every node and mark tldraw writes (heading, lists, hard break, bold … link) goes through', async () => {
    const text = (t: string, marks?: unknown[]) => ({ type: 'text', text: t, ...(marks ? { marks } : {}) })
    const rich = {
      type: 'doc',
      attrs: { dir: 'auto' },
      content: [
        { type: 'heading', attrs: { dir: 'auto', level: 2 }, content: [text('Rubrik')] },
        {
          type: 'paragraph',
          attrs: { dir: 'auto' },
          content: [
            text('fet', [{ type: 'bold' }]),
            { type: 'hardBreak', attrs: { dir: 'auto' } },
            text('länk', [
              { type: 'link', attrs: { href: 'https://example.se', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } },
              { type: 'highlight' },
              { type: 'italic' },
              { type: 'underline' },
              { type: 'strike' },
              { type: 'code' },
            ]),
          ],
        },
        {
          type: 'bulletList',
          attrs: { dir: 'auto' },
          content: [{ type: 'listItem', attrs: { dir: 'auto' }, content: [{ type: 'paragraph', attrs: { dir: 'auto' }, content: [text('punkt')] }] }],
        },
        {
          type: 'orderedList',
          attrs: { dir: 'auto', start: 1, type: null },
          content: [{ type: 'listItem', attrs: { dir: 'auto' }, content: [{ type: 'paragraph', attrs: { dir: 'auto' } }] }],
        },
      ],
    }
    const watcher = connectClient(s.wsUrl, board.id, board.keys.facilitator)
    await watcher.synced
    expect((await send([withRichText('formatted', rich)])).code).toBe('open')
    await waitFor(() => readRecords(recordsOf(watcher.doc)).has('shape:formatted'), 'the formatted note reaches others')
    watcher.destroy()
    expect((await stored()).has('shape:formatted')).toBe(true)
  })
})
