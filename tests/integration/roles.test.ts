// Issue 6: the server, not the page, guards the board. A raw y-websocket client with a
// participant key (a "modified client") tries what the page does not offer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { backgroundOf, facilitationOf, makeNote, metaOf, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess()
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})
const connect = (boardId: string, key: string, opts: { identity?: string } = {}) => {
  // a private part is the room `<board>/private`, named by the identity the server signed ([K3])
  const c = opts.identity ? connectClient(s.wsUrl, `${boardId}/private`, key, { params: { identity: opts.identity } }) : connectClient(s.wsUrl, boardId, key)
  clients.push(c)
  return c
}
const act = (b: { id: string; keys: { facilitator: string } }, body: Record<string, unknown>, key = b.keys.facilitator) =>
  fetch(`${s.url}/api/boards/${b.id}/facilitation?key=${key}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
const serverDoc = (id: string) => s.rooms.rooms.get(id)!.doc
const snapshotOf = (doc: Y.Doc) =>
  JSON.stringify({ bg: [...readRecords(backgroundOf(doc))], rec: [...readRecords(recordsOf(doc))], f: facilitationOf(doc).toJSON(), m: metaOf(doc).toJSON() })

/** A participant's modified client does `attack`; it must be closed with `code` (4403, or 4423 on a locked board) and change nothing. */
async function refused(b: Awaited<ReturnType<typeof createBoard>>, key: string, attack: (doc: Y.Doc) => void, code = 4403) {
  const watcher = connect(b.id, b.keys.facilitator)
  await watcher.synced
  const before = snapshotOf(serverDoc(b.id))
  const evil = connect(b.id, key)
  await evil.synced
  const closed = evil.closed
  attack(evil.doc)
  expect(await closed).toBe(code)
  evil.destroy()
  expect(snapshotOf(serverDoc(b.id))).toBe(before)
  expect(snapshotOf(watcher.doc)).toBe(before)
}

describe('roles enforced by the server (W9)', () => {
  it('a participant cannot change the template background', async () => {
    const b = await createBoard(s.url, { template: 'blank' })
    await refused(b, b.keys.participant, (doc) =>
      writeRecords(backgroundOf(doc), [{ id: 'page:page', typeName: 'page', name: 'Hackad', index: 'a1', meta: {} }]),
    )
  })

  it('a participant cannot delete background records', async () => {
    const b = await createBoard(s.url, { template: 'blank' })
    await refused(b, b.keys.participant, (doc) => backgroundOf(doc).delete(0, 1))
  })

  it('a participant cannot touch the timer, the vote or the board meta', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'timer.start', seconds: 300 })).status).toBe(200)
    await refused(b, b.keys.participant, (doc) => facilitationOf(doc).set('timer', { status: 'stopped', durationMs: 0, endsAt: null, remainingMs: null }))
    await refused(b, b.keys.participant, (doc) => facilitationOf(doc).set('results', { 'shape:x': 99 }))
    await refused(b, b.keys.participant, (doc) => metaOf(doc).set('title', 'Kapad'))
  })

  it('a participant cannot write votes into the shared board (votes live in their private part)', async () => {
    const b = await createBoard(s.url)
    await refused(b, b.keys.participant, (doc) => doc.getMap('votes').set('v1', ['shape:x', 'shape:x', 'shape:x']))
  })

  it('the facilitator API refuses other keys', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'timer.start', seconds: 60 }, b.keys.participant)).status).toBe(403)
    expect((await act(b, { action: 'timer.start', seconds: 60 }, 'nope')).status).toBe(401)
    const bad = await act(b, { action: 'timer.start', seconds: -5 })
    expect(bad.status).toBe(400)
    expect((await bad.json()).error.message).toBeTruthy()
  })

  it('a viewer changes nothing: its updates are dropped', async () => {
    const b = await createBoard(s.url)
    const v = connect(b.id, b.keys.viewer)
    const p = connect(b.id, b.keys.participant)
    await Promise.all([v.synced, p.synced])
    const before = snapshotOf(serverDoc(b.id))
    writeRecords(backgroundOf(v.doc), [{ id: 'page:page', typeName: 'page', name: 'x', index: 'a1', meta: {} }])
    writeRecords(recordsOf(v.doc), [makeNote({ id: 'v', x: 0, y: 0, text: 'tittare' })])
    facilitationOf(v.doc).set('timer', null)
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'p', x: 0, y: 0, text: 'deltagare' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:p'), 'participant note arrives')
    const after = JSON.parse(snapshotOf(serverDoc(b.id)))
    expect(after.rec.map((e: [string]) => e[0])).toEqual(['shape:p'])
    expect(JSON.stringify({ ...after, rec: [] })).toBe(JSON.stringify({ ...JSON.parse(before), rec: [] }))
  })

  it('participants may add, move and delete notes', async () => {
    const b = await createBoard(s.url)
    const p = connect(b.id, b.keys.participant)
    await p.synced
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'n', x: 0, y: 0, text: 'ok' })])
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'n', x: 50, y: 0, text: 'flyttad' })])
    await waitFor(() => (readRecords(recordsOf(serverDoc(b.id))).get('shape:n') as { x: number } | undefined)?.x === 50, 'move arrives')
    recordsOf(p.doc).delete(0, recordsOf(p.doc).length)
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).size === 0, 'delete arrives')
  })

  it('a locked board refuses everyone; unlocking lets work go on', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'board.lock' })).status).toBe(200)
    await refused(b, b.keys.participant, (doc) => writeRecords(recordsOf(doc), [makeNote({ id: 'late', x: 0, y: 0, text: 'för sent' })]), 4423)
    expect((await act(b, { action: 'timer.start', seconds: 5 })).status).toBe(409)
    expect((await act(b, { action: 'board.unlock' })).status).toBe(200)
    const p = connect(b.id, b.keys.participant)
    await p.synced
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'again', x: 0, y: 0, text: 'igen' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:again'), 'accepted after unlock')
  })

  it('an anonymous board stores no author: a note with one is refused', async () => {
    const res = await fetch(`${s.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'blank', title: 'Anonym', anonymous: true }),
    })
    const b = await res.json()
    await refused(b, b.keys.participant, (doc) =>
      writeRecords(recordsOf(doc), [makeNote({ id: 'named', x: 0, y: 0, text: 'hej', authorName: 'Anna', authorId: 'u1' })]),
    )
    const p = connect(b.id, b.keys.participant)
    await p.synced
    expect(metaOf(p.doc).get('anonymous')).toBe(true)
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'nameless', x: 0, y: 0, text: 'hej' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:nameless'), 'anonymous note accepted')
  })
})

describe('private mode and dot voting', () => {
  it('hidden notes never reach another participant until the reveal', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'private.start' })).status).toBe(200)
    const annaPrivate = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant) })
    const bertil = connect(b.id, b.keys.participant)
    const bertilPeek = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant) })
    await Promise.all([annaPrivate.synced, bertil.synced, bertilPeek.synced])
    writeRecords(recordsOf(annaPrivate.doc), [makeNote({ id: 'secret', x: 0, y: 0, text: 'min hemliga tanke' })])
    await waitFor(
      () =>
        readRecords(
          recordsOf(
            s.rooms.rooms.get(`${b.id}/p/${[...s.rooms.rooms.values()].find((r) => r.boardId === b.id && r.part && readRecords(recordsOf(r.doc)).size)?.part}`)
              ?.doc ?? new Y.Doc(),
          ),
        ).size === 1,
      'private part has the note',
    )
    // neither in the shared doc, nor in another participant's private part
    expect(JSON.stringify(Y.encodeStateAsUpdate(bertil.doc))).not.toContain('hemliga')
    expect(Buffer.from(Y.encodeStateAsUpdate(bertil.doc)).toString('utf8')).not.toContain('hemliga')
    expect(Buffer.from(Y.encodeStateAsUpdate(bertilPeek.doc)).toString('utf8')).not.toContain('hemliga')
    expect(Buffer.from(Y.encodeStateAsUpdate(serverDoc(b.id))).toString('utf8')).not.toContain('hemliga')

    expect((await act(b, { action: 'private.reveal' })).status).toBe(200)
    await waitFor(() => readRecords(recordsOf(bertil.doc)).has('shape:secret'), 'revealed note reaches everyone')
    await waitFor(() => readRecords(recordsOf(annaPrivate.doc)).size === 0, 'private part emptied')
    expect(facilitationOf(bertil.doc).get('private')).toMatchObject({ active: false, revealed: 1 })
  })

  it('votes are counted per voter (first N dots, notes in the allowed zones) and shown only at close', async () => {
    const b = await createBoard(s.url)
    const shared = connect(b.id, b.keys.participant)
    await shared.synced
    writeRecords(
      recordsOf(shared.doc),
      ['a', 'b', 'c'].map((id, i) => makeNote({ id, x: i * 300, y: 0, text: id })),
    )
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).size === 3, 'notes stored')
    expect((await act(b, { action: 'vote.start', dots: 3 })).status).toBe(200)
    await waitFor(() => (facilitationOf(shared.doc).get('vote') as { status?: string } | undefined)?.status === 'open', 'vote open')
    const voteId = (facilitationOf(shared.doc).get('vote') as { id: string }).id
    const anna = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant) })
    const bo = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant) })
    await Promise.all([anna.synced, bo.synced])
    anna.doc.getMap('votes').set(voteId, ['shape:a', 'shape:a', 'shape:b', 'shape:c', 'shape:c']) // 5 dots: only 3 count
    bo.doc.getMap('votes').set(voteId, ['shape:c', 'shape:nope'])
    // both voters' dots are in their private parts on the server, and not in the shared doc while the vote is open
    const parts = () => [...s.rooms.rooms.entries()].filter(([id]) => id.startsWith(`${b.id}/p/`)).map(([, r]) => r.doc)
    await waitFor(() => parts().filter((d) => d.getMap('votes').has(voteId)).length === 2, 'the dots reach the server')
    expect(facilitationOf(shared.doc).get('results')).toBeUndefined()
    expect(facilitationOf(serverDoc(b.id)).get('results')).toBeUndefined()
    const res = await act(b, { action: 'vote.close' })
    expect(res.status).toBe(200)
    expect((await res.json()).facilitation.results).toEqual({ 'shape:a': 2, 'shape:b': 1, 'shape:c': 1 })
    // compared without regard to key order: the voters' parts are counted in no fixed order
    const sorted = (o: unknown) => JSON.stringify(Object.entries((o ?? {}) as Record<string, number>).sort(([a], [b]) => a.localeCompare(b)))
    await waitFor(
      () => sorted(facilitationOf(shared.doc).get('results')) === sorted({ 'shape:a': 2, 'shape:b': 1, 'shape:c': 1 }),
      'results reach participants',
    )
    const md = await (await fetch(`${s.url}/api/boards/${b.id}/export?format=md&key=${b.keys.facilitator}`)).text()
    expect(md).toContain('2 röster')
  })

  it('rotating the participant key disconnects participants and the old link stops working', async () => {
    const b = await createBoard(s.url)
    const p = connect(b.id, b.keys.participant)
    await p.synced
    const closed = p.closed
    const res = await fetch(`${s.url}/api/boards/${b.id}/keys/participant?key=${b.keys.facilitator}`, { method: 'POST' })
    expect(res.status).toBe(200)
    const { key, link } = await res.json()
    expect(link).toContain(key)
    expect(await closed).toBe(4401)
    p.destroy()
    const old = connect(b.id, b.keys.participant)
    expect(await old.closed).toBe(4401)
    old.destroy()
    const fresh = connect(b.id, key)
    await fresh.synced
  })
})
