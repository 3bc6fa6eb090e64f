// Issue 13 item 5: each role gets the tools a workshop needs, and the server refuses what the role
// may not make (apps/server SPEC [W16], board SPEC [D16]). A raw y-websocket client with a
// participant key (a modified page) writes records the page no longer offers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { backgroundOf, deleteRecords, facilitationOf, makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'
import { drawShape, embedShape, frameShape, geoShape, imageAsset, imageShape, pageRecord } from '../support/records.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})
type Board = Awaited<ReturnType<typeof createBoard>>
const connect = (boardId: string, key: string, opts: { identity?: string } = {}) => {
  const c = opts.identity ? connectClient(s.wsUrl, `${boardId}/private`, key, { params: { identity: opts.identity } }) : connectClient(s.wsUrl, boardId, key)
  clients.push(c)
  return c
}
const act = (b: Board, body: Record<string, unknown>, key = b.keys.facilitator) =>
  fetch(`${s.url}/api/boards/${b.id}/facilitation?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const serverDoc = (id: string) => s.rooms.rooms.get(id)!.doc
/** The server's doc of the board, or of its one private part. */
const partDoc = (b: Board, priv: boolean) => (priv ? [...s.rooms.rooms.values()].find((r) => r.boardId === b.id && r.part)!.doc : serverDoc(b.id))
const keysOf = (doc: Y.Doc) => [...readRecords(recordsOf(doc)).keys()].sort()
/** The close code and reason the server gave this client. */
const closeOf = (c: Client) =>
  new Promise<{ code: number; reason: string }>((res) =>
    c.provider.on('connection-close', (ev) => res({ code: (ev as CloseEvent | null)?.code ?? 0, reason: (ev as CloseEvent | null)?.reason ?? '' })),
  )

/**
 * A participant's modified client writes `records`; it must be closed with 4403 and a Swedish
 * reason, and nothing of it may enter: not the server's doc, not another client's, not a reload.
 */
async function refused(b: Board, write: (doc: Y.Doc) => void, reason: RegExp, part?: { identity: string }) {
  const watcher = connect(b.id, b.keys.facilitator)
  await watcher.synced
  const evil = connect(b.id, b.keys.participant, part)
  await evil.synced
  const before = keysOf(partDoc(b, !!part))
  const closed = closeOf(evil)
  write(evil.doc)
  const close = await closed
  evil.destroy()
  expect(close.code).toBe(4403)
  expect(close.reason).toMatch(reason)
  expect(Buffer.byteLength(close.reason)).toBeLessThanOrEqual(123)
  expect(keysOf(partDoc(b, !!part))).toEqual(before)
  if (!part) expect(keysOf(watcher.doc)).toEqual(before)
  // a reload: a new page gets the server's board, without it
  const reload = connect(b.id, b.keys.facilitator)
  await reload.synced
  expect(keysOf(reload.doc)).toEqual(keysOf(serverDoc(b.id)))
  reload.destroy()
  watcher.destroy()
}

/** A client with `key` writes `recs`; everyone (the server, another client) has them. */
async function accepted(b: Board, key: string, recs: { id: string }[]) {
  const watcher = connect(b.id, b.keys.participant)
  const c = connect(b.id, key)
  await Promise.all([watcher.synced, c.synced])
  let code = 0
  void c.closed.then((x) => (code = x))
  writeRecords(recordsOf(c.doc), recs as never)
  await waitFor(() => recs.every((r) => readRecords(recordsOf(watcher.doc)).has(r.id)), `${recs.map((r) => r.id)} reach another client`)
  expect(code).toBe(0)
  for (const r of recs) expect(readRecords(recordsOf(serverDoc(b.id))).has(r.id)).toBe(true)
  return { c, watcher }
}

describe('[W16] the server refuses what a participant may not make', () => {
  it('a page, an image (asset and shape), a drawing, an embed, a frame: each refused with 4403, nothing enters', async () => {
    const b = await createBoard(s.url)
    await refused(b, (d) => writeRecords(recordsOf(d), [pageRecord('sida1') as never]), /deltagare får inte skapa, byta namn på eller ta bort sidor/)
    await refused(b, (d) => writeRecords(recordsOf(d), [imageAsset('bild') as never]), /får inte ladda upp bilder/)
    await refused(b, (d) => writeRecords(recordsOf(d), [imageShape('bild', 'bild') as never]), /får inte skapa bilder/)
    await refused(b, (d) => writeRecords(recordsOf(d), [drawShape('penna') as never]), /får inte skapa frihandsteckningar/)
    await refused(b, (d) => writeRecords(recordsOf(d), [embedShape('film') as never]), /får inte skapa inbäddningar/)
    await refused(b, (d) => writeRecords(recordsOf(d), [frameShape('ram') as never]), /får inte skapa ramar/)
    // one forbidden record among allowed ones refuses the whole update ([R1])
    await refused(b, (d) => writeRecords(recordsOf(d), [makeNote({ id: 'ok', x: 0, y: 0, text: 'lapp' }), drawShape('gömd') as never]), /frihandsteckningar/)
    expect(readRecords(recordsOf(serverDoc(b.id))).has('shape:ok')).toBe(false)
  })

  it('notes, text, arrows and geo shapes go in; the same forbidden records from the facilitator go in', async () => {
    const b = await createBoard(s.url)
    await accepted(b, b.keys.participant, [makeNote({ id: 'lapp', x: 0, y: 0, text: 'hej' }), geoShape('ruta')])
    const { c } = await accepted(b, b.keys.facilitator, [
      pageRecord('sida2'),
      imageAsset('a1'),
      imageShape('i1', 'a1'),
      drawShape('f1'),
      embedShape('e1'),
      frameShape('r1'),
    ])
    // and the facilitator may delete a page
    deleteRecords(recordsOf(c.doc), ['page:sida2'])
    await waitFor(() => !readRecords(recordsOf(serverDoc(b.id))).has('page:sida2'), 'the facilitator deletes the page')
  })

  it('a participant may change a drawing that exists (move it) and delete it, but not rename or delete a page', async () => {
    const b = await createBoard(s.url)
    await accepted(b, b.keys.facilitator, [drawShape('fac'), pageRecord('sida2', 'Extra')])
    const c = connect(b.id, b.keys.participant)
    await c.synced
    let code = 0
    void c.closed.then((x) => (code = x))
    writeRecords(recordsOf(c.doc), [{ ...drawShape('fac'), x: 400 } as never])
    await waitFor(() => (readRecords(recordsOf(serverDoc(b.id))).get('shape:fac') as unknown as { x: number }).x === 400, 'the moved drawing goes in')
    expect(code).toBe(0)
    // but not turn it into another forbidden type (a change of type is making one)
    c.destroy()
    await refused(b, (d) => writeRecords(recordsOf(d), [{ ...embedShape('fac') }] as never), /inbäddningar/)
    await refused(b, (d) => writeRecords(recordsOf(d), [pageRecord('sida2', 'Omdöpt')] as never), /sidor/)
    await refused(b, (d) => deleteRecords(recordsOf(d), ['page:sida2']), /sidor/)
    expect(readRecords(recordsOf(serverDoc(b.id))).get('page:sida2')).toMatchObject({ name: 'Extra' })
    const p = connect(b.id, b.keys.participant)
    await p.synced
    deleteRecords(recordsOf(p.doc), ['shape:fac'])
    await waitFor(() => !readRecords(recordsOf(serverDoc(b.id))).has('shape:fac'), 'a participant deletes the drawing')
  })

  it("after the facilitator opens free drawing, a participant's drawing goes in; frames only when opened too; closing it refuses again", async () => {
    const b = await createBoard(s.url)
    const res = await act(b, { action: 'tools.set', draw: true })
    expect(res.status).toBe(200)
    expect(((await res.json()) as { facilitation: { tools: unknown } }).facilitation.tools).toEqual({ draw: true, frames: false })
    const { watcher } = await accepted(b, b.keys.participant, [drawShape('min')])
    await waitFor(() => JSON.stringify(facilitationOf(watcher.doc).get('tools')) === '{"draw":true,"frames":false}', 'pages see the policy')
    await refused(b, (d) => writeRecords(recordsOf(d), [frameShape('ram') as never]), /ramar/)
    expect((await act(b, { action: 'tools.set', frames: true })).status).toBe(200)
    await accepted(b, b.keys.participant, [frameShape('ram2')])
    // the policy is the board's: kept with it when nobody is connected and the room is unloaded
    expect((await act(b, { action: 'tools.set', draw: false })).status).toBe(200)
    for (const c of clients) c.destroy()
    await waitFor(() => !s.rooms.rooms.has(b.id), 'the room is unloaded')
    await refused(b, (d) => writeRecords(recordsOf(d), [drawShape('igen') as never]), /frihandsteckningar/)
    await accepted(b, b.keys.participant, [frameShape('ram3')])
    // media, pages and embeds are never opened to participants
    await refused(b, (d) => writeRecords(recordsOf(d), [embedShape('e') as never]), /inbäddningar/)
  })

  it("tools.set is the facilitator's: a participant key gets 403, a bad value 400", async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'tools.set', draw: true }, b.keys.participant)).status).toBe(403)
    expect((await act(b, { action: 'tools.set', draw: 'ja' })).status).toBe(400)
    expect((await act(b, { action: 'tools.set', pages: true })).status).toBe(400)
  })

  it('the private part is held to the same rule (a reveal would bring it into the board)', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'private.start' })).status).toBe(200)
    const identity = await issueIdentity(s.url, b.id, b.keys.participant)
    const first = connect(b.id, b.keys.participant, { identity })
    await first.synced
    writeRecords(recordsOf(first.doc), [makeNote({ id: 'hemlig', x: 0, y: 0, text: 'privat' })])
    await waitFor(() => readRecords(recordsOf(partDoc(b, true))).has('shape:hemlig'), 'a private note goes in')
    first.destroy()
    await refused(b, (d) => writeRecords(recordsOf(d), [drawShape('privat') as never]), /frihandsteckningar/, { identity })
    await refused(b, (d) => writeRecords(recordsOf(d), [imageAsset('privat') as never]), /bilder/, { identity })
  })

  it("the template layer stays the facilitator's (unchanged by the tool policy)", async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'tools.set', draw: true, frames: true })).status).toBe(200)
    const evil = connect(b.id, b.keys.participant)
    await evil.synced
    const closed = evil.closed
    writeRecords(backgroundOf(evil.doc), [drawShape('bg') as never])
    expect(await closed).toBe(4403)
    evil.destroy()
  })
})
