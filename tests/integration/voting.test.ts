// Issue 13 item 8: the server's side of voting by clicking notes (apps/server SPEC [H22]): the
// per-note limit holds whatever a client writes, and "N av M har röstat" counts the people present.
// Real server, raw y-websocket clients with issued identities, as the page connects.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
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
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const api = (path: string, key: string, json?: unknown) =>
  fetch(`${s.url}${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
type Board = Awaited<ReturnType<typeof createBoard>>
const act = (b: Board, body: Record<string, unknown>) => api(`/api/boards/${b.id}/facilitation`, b.keys.facilitator, body)
const voters = async (b: Board) =>
  (await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()) as { vote: string; voters: number; present: number }

/** A person on the board as the page is: the shared board and their private part, under one identity. */
async function person(b: Board, name: string, key = b.keys.participant) {
  const identity = await issueIdentity(s.url, b.id, key, { name })
  const board = connect(b.id, key, { identity })
  const part = connect(`${b.id}/private`, key, { identity })
  await Promise.all([board.synced, part.synced])
  return { board, part, vote: (voteId: string, dots: string[]) => part.doc.getMap('votes').set(voteId, dots) }
}

async function boardWithNotes() {
  const b = await createBoard(s.url)
  const writer = connect(b.id, b.keys.facilitator)
  await writer.synced
  writeRecords(recordsOf(writer.doc), [makeNote({ id: 'a', x: 0, y: 0, text: 'A' }), makeNote({ id: 'b', x: 300, y: 0, text: 'B' })])
  await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).size === 2, 'notes stored')
  return b
}

describe('voting by clicking notes: the server side ([H22])', () => {
  it('[H22] perNote outside 1..dots is refused with 400 invalid_action', async () => {
    const b = await createBoard(s.url)
    for (const perNote of [0, 4, 21, 'two']) {
      const res = await act(b, { action: 'vote.start', dots: 3, perNote })
      expect(res.status).toBe(400)
    }
    const res = await act(b, { action: 'vote.start', dots: 3, perNote: 1 })
    expect(res.status).toBe(200)
    expect((await res.json()).facilitation.vote).toMatchObject({ status: 'open', dots: 3, perNote: 1 })
  })

  it('[H22] a client that writes more dots on one note than perNote allows gets only perNote counted', async () => {
    const b = await boardWithNotes()
    const vote = (await (await act(b, { action: 'vote.start', dots: 3, perNote: 1 })).json()).facilitation.vote.id as string
    const greedy = await person(b, 'Greta')
    const honest = await person(b, 'Hugo')
    greedy.vote(vote, ['shape:a', 'shape:a', 'shape:a']) // a modified page: three on one note
    honest.vote(vote, ['shape:a', 'shape:b'])
    await waitFor(async () => (await voters(b)).voters === 2, 'two voters')
    const closed = (await (await act(b, { action: 'vote.close' })).json()).facilitation
    expect(closed.results).toEqual({ 'shape:a': 2, 'shape:b': 1 })
    expect(closed.vote.voters).toBe(2)
  })

  it('[H22] without perNote a person may stack dots, never more than dots in all', async () => {
    const b = await boardWithNotes()
    const vote = (await (await act(b, { action: 'vote.start', dots: 2 })).json()).facilitation.vote.id as string
    const p = await person(b, 'Pia')
    p.vote(vote, ['shape:a', 'shape:a', 'shape:b', 'shape:b'])
    await waitFor(async () => (await voters(b)).voters === 1, 'one voter')
    expect((await (await act(b, { action: 'vote.close' })).json()).facilitation.results).toEqual({ 'shape:a': 2 })
  })

  it('[H22] M counts the participants present and anyone who voted; N ≤ M; a participant who leaves without voting drops out', async () => {
    const b = await boardWithNotes()
    const vote = (await (await act(b, { action: 'vote.start', dots: 3 })).json()).facilitation.vote.id as string
    const facilitator = await person(b, 'Petra', b.keys.facilitator) // present, but not one of M until they vote
    const anna = await person(b, 'Anna')
    await person(b, 'Bo')
    const cia = await person(b, 'Cia')
    await waitFor(async () => (await voters(b)).present === 3, 'three present')
    expect(await voters(b)).toMatchObject({ vote, voters: 0, present: 3 })
    anna.vote(vote, ['shape:a'])
    await waitFor(async () => (await voters(b)).voters === 1, 'Anna voted')
    expect((await voters(b)).present).toBe(3)
    facilitator.vote(vote, ['shape:b'])
    await waitFor(async () => (await voters(b)).voters === 2, 'the facilitator voted')
    expect((await voters(b)).present).toBe(4)
    cia.part.destroy()
    cia.board.destroy()
    await waitFor(async () => (await voters(b)).present === 3, 'Cia left')
    anna.part.destroy() // voted, then left: still one of M
    await new Promise((r) => setTimeout(r, 200))
    expect(await voters(b)).toMatchObject({ voters: 2, present: 3 })
  })
})
