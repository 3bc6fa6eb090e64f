// Attacks on sessions (apps/server SPEC [SE], threat model): someone holding a leaked
// participant or viewer link of a session, or the facilitator link of another session or board,
// with raw clients and hand-made Yjs updates. Each attack is refused with its code or status; the
// session's agenda, the other rooms and the process go on as before.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import WebSocket from 'ws'
import * as encoding from 'lib0/encoding'
import * as Y from 'yjs'
import {
  exerciseOpen,
  facilitationOf,
  makeNote,
  readFacilitation,
  readRecords,
  readSession,
  recordsOf,
  sessionOf,
  toggleReaction,
  writeRecords,
  type SessionState,
} from '@tavla/board'
import { MessageType, SyncStep } from '@tavla/protocol'
import { craftUpdate } from '@tavla/server'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ MAX_BOARDS_PER_MINUTE: '1000', MAX_IDENTITIES_PER_MINUTE: '1000' })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})

interface Created {
  id: string
  keys: { facilitator: string; participant: string; viewer: string }
  session: SessionState
}
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const call = (method: string, path: string, key?: string, json?: unknown, server = s) =>
  fetch(`${server.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
const THREE = {
  title: 'Samspelet',
  meetings: [
    { title: 'Workshop', exercises: [{ template: 'vattenfallet' }, { template: 'golden-circle', tools: { private: true } }, { kind: 'plain', title: 'Paus' }] },
  ],
}
async function newSession(body: unknown = THREE, server = s): Promise<Created> {
  const res = await call('POST', '/api/sessions', undefined, body, server)
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`)
  return (await res.json()) as Created
}
const exercises = (c: { session: SessionState }) => c.session.meetings.flatMap((m) => m.exercises)
const advance = (c: Created, to?: string) => call('POST', `/api/sessions/${c.id}/advance`, c.keys.facilitator, to ? { to } : {})
const sessionNow = (id: string) => s.rooms.withRoom(id, '', (r) => readSession(sessionOf(r.doc)))
const errorOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code })

/**
 * Holds the server's next call of `obj[method]` for `boardId` (its first argument) until released:
 * a window inside a move between exercises, opened on purpose instead of hoped for.
 */
function pause<T extends object>(obj: T, method: keyof T & string, boardId: string) {
  const own = obj as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  const original = own[method]!
  const wasOwn = Object.hasOwn(obj, method)
  let release!: () => void
  let reached!: () => void
  const open = new Promise<void>((r) => (release = r))
  const at = new Promise<void>((r) => (reached = r))
  own[method] = async function (this: unknown, ...args: unknown[]) {
    if (args[0] === boardId) {
      if (wasOwn) own[method] = original
      else delete own[method] // the class's own method again
      reached()
      await open
    }
    return original.apply(this, args)
  }
  return { reached: at, release }
}

/** A raw socket that sends one update and reports how the server closed it. */
function send(room: string, key: string, update: Uint8Array, params = ''): Promise<{ code: number; reason: string }> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${s.wsUrl}/${room}?key=${key}${params}`)
    ws.on('error', () => {})
    ws.on('open', () => {
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, MessageType.Sync)
      encoding.writeVarUint(e, SyncStep.Update)
      encoding.writeVarUint8Array(e, update)
      ws.send(encoding.toUint8Array(e))
      setTimeout(() => ws.close(1000), 1500).unref() // a viewer's update is dropped without a close
    })
    ws.on('close', (code, reason) => resolve({ code, reason: reason.toString() }))
    setTimeout(() => reject(new Error('no close within 10 s')), 10_000).unref()
  })
}

/** The invariant every move keeps ([D18]): an exercise's board is closed exactly when the agenda says so. */
async function agendaMatchesBoards(id: string) {
  const state = await sessionNow(id)
  for (const e of state.meetings.flatMap((m) => m.exercises)) {
    const row = await s.storage.getBoard(e.boardId)
    expect(row, `the board of exercise ${e.title}`).toBeDefined()
    expect(row!.settings.closed === true, `exercise ${e.title} closed`).toBe(!exerciseOpen(state, e.id))
    const f = await s.rooms.withRoom(e.boardId, '', (r) => readFacilitation(facilitationOf(r.doc)))
    expect(f.closed === true, `exercise ${e.title}'s map says closed`).toBe(!exerciseOpen(state, e.id))
  }
  return state
}

describe('session attacks', () => {
  it('[SE11] no crafted update changes the session document: a fake current, a nested type, a delete of the server’s items, the root on a board', async () => {
    const c = await newSession()
    const [e1] = exercises(c)
    const reader = connect(c.id, c.keys.viewer)
    await reader.synced
    const before = JSON.stringify(sessionOf(reader.doc).toJSON())
    const map = sessionOf(reader.doc) as unknown as { _map: Map<string, Y.Item> }
    const meetings = map._map.get('meetings')!
    const fakeCurrent = craftUpdate([
      { client: 424242, clock: 0, structs: [{ item: { any: [{ exerciseId: exercises(c)[2]!.id, startedAt: 1 }] }, parent: 'session', sub: 'current' }] },
    ])
    const nested = craftUpdate([{ client: 424243, clock: 0, structs: [{ item: { type: 1 }, parent: 'session', sub: 'meetings' }] }])
    const deleteMeetings = craftUpdate([], [[meetings.id.client, meetings.id.clock, 1]])
    for (const key of [c.keys.participant, c.keys.facilitator]) {
      expect((await send(c.id, key, fakeCurrent)).code).toBe(4403)
      expect((await send(c.id, key, deleteMeetings)).code).toBe(4403)
      expect((await send(c.id, key, nested)).code).toBeOneOf([4400, 4403])
    }
    // the session has no private part to write either
    const identity = await issueIdentity(s.url, c.id, c.keys.participant, { name: 'M' })
    const privateNote = connect(`${c.id}/private`, c.keys.participant, { identity })
    await privateNote.synced
    writeRecords(recordsOf(privateNote.doc), [makeNote({ id: 'shape:x', x: 0, y: 0, text: 'x' })])
    expect(await privateNote.closed).toBe(4403)
    // a viewer's is dropped
    expect((await send(c.id, c.keys.viewer, fakeCurrent)).code).toBe(1000)
    // the `session` root on an exercise board or a plain board: not even their facilitator
    const plain = await createBoard(s.url)
    expect((await send(e1!.boardId, c.keys.facilitator, fakeCurrent)).code).toBe(4403)
    expect((await send(plain.id, plain.keys.facilitator, fakeCurrent)).code).toBe(4403)
    await new Promise((r) => setTimeout(r, 200))
    expect(JSON.stringify(sessionOf(reader.doc).toJSON())).toBe(before)
    expect(JSON.stringify((await sessionNow(c.id)).current)).toBe('null')
  })

  it('[SE5] on a closed exercise a participant changes nothing: notes, reactions, private notes, votes (4423)', async () => {
    const c = await newSession()
    const [e1, e2] = exercises(c)
    expect((await advance(c, e2!.id)).status).toBe(200)
    // e1 is closed (never started); the facilitator put a note there to react to
    const fac = connect(e1!.boardId, c.keys.facilitator)
    await fac.synced
    writeRecords(recordsOf(fac.doc), [makeNote({ id: 'shape:f', x: 0, y: 0, text: 'f' })])
    await waitFor(() => s.rooms.withRoom(e1!.boardId, '', (r) => readRecords(recordsOf(r.doc)).has('shape:f')), 'the facilitator’s note')
    const identity = await issueIdentity(s.url, c.id, c.keys.participant, { name: 'Mallory' })
    const tries: [string, (cl: Client) => void][] = [
      [e1!.boardId, (cl) => writeRecords(recordsOf(cl.doc), [makeNote({ id: 'shape:m', x: 0, y: 0, text: 'm' })])],
      [e1!.boardId, (cl) => toggleReaction(cl.doc, 'shape:f', '👍', 'r1234567')],
      [`${e1!.boardId}/private`, (cl) => writeRecords(recordsOf(cl.doc), [makeNote({ id: 'shape:p', x: 0, y: 0, text: 'p' })])],
      [`${e1!.boardId}/private`, (cl) => cl.doc.getMap('votes').set('shape:f', 1)],
    ]
    for (const [room, write] of tries) {
      const cl = connect(room, c.keys.participant, { identity })
      await cl.synced
      write(cl)
      expect(await cl.closed).toBe(4423)
      cl.destroy()
    }
    const records = await s.rooms.withRoom(e1!.boardId, '', (r) => [...readRecords(recordsOf(r.doc)).keys()])
    expect(records).not.toContain('shape:m')
    const reactions = await s.rooms.withRoom(e1!.boardId, '', (r) => r.doc.getMap('reactions').size)
    expect(reactions).toBe(0)
    for (const part of await s.rooms.privateParts(e1!.boardId)) {
      const held = await s.rooms.withRoom(e1!.boardId, part, (r) => readRecords(recordsOf(r.doc)).size + r.doc.getMap('votes').size)
      expect(held).toBe(0)
    }
  })

  it('[SE6] another session’s or board’s keys and identities open nothing of this session', async () => {
    const c = await newSession()
    const other = await newSession()
    const plain = await createBoard(s.url)
    const [e1] = exercises(c)
    const [o1] = exercises(other)
    for (const key of [other.keys.facilitator, other.keys.participant, plain.keys.facilitator]) {
      expect((await call('GET', `/api/sessions/${c.id}`, key)).status).toBe(401)
      expect((await call('POST', `/api/sessions/${c.id}/advance`, key, {})).status).toBe(401)
      expect((await call('GET', `/api/boards/${e1!.boardId}`, key)).status).toBe(401)
      expect(await connect(e1!.boardId, key).closed).toBe(4401)
    }
    // this session's facilitator moves only its own exercises
    expect(await errorOf(await call('POST', `/api/sessions/${c.id}/advance`, c.keys.facilitator, { to: o1!.id }))).toEqual({
      status: 404,
      code: 'exercise_not_found',
    })
    expect((await call('POST', `/api/sessions/${c.id}/agenda`, c.keys.facilitator, { action: 'exercise.remove', exerciseId: o1!.id })).status).toBe(404)
    // identities: another session's (asked through one of its exercises too) and a plain board's are refused here
    const foreign = [
      await issueIdentity(s.url, other.id, other.keys.participant, { name: 'M' }),
      await issueIdentity(s.url, o1!.boardId, other.keys.participant, { name: 'M' }),
      await issueIdentity(s.url, plain.id, plain.keys.participant, { name: 'M' }),
    ]
    for (const identity of foreign) {
      expect(await connect(e1!.boardId, c.keys.participant, { identity }).closed).toBe(4401)
      expect(await connect(`${e1!.boardId}/private`, c.keys.participant, { identity }).closed).toBe(4401)
      expect((await call('POST', `/api/boards/${e1!.boardId}/identity`, c.keys.participant, { identity })).status).toBe(401)
    }
    // and this session's identity holds nowhere else
    const mine = await issueIdentity(s.url, c.id, c.keys.participant, { name: 'M' })
    expect(await connect(o1!.boardId, other.keys.participant, { identity: mine }).closed).toBe(4401)
    expect(await connect(plain.id, plain.keys.participant, { identity: mine }).closed).toBe(4401)
  })

  it('[SE6] ids mixed up: an exercise board or a plain board is no session; an exercise board’s keys and deletion stay the session’s', async () => {
    const c = await newSession()
    const [e1] = exercises(c)
    const plain = await createBoard(s.url)
    // the exercise board has the session's very key hashes: still no session
    for (const path of ['', '/advance', '/agenda', '/export', '/restore']) {
      const method = path === '' || path === '/export' ? 'GET' : 'POST'
      const body = path === '/agenda' ? { action: 'title.set', title: 'x' } : method === 'POST' ? {} : undefined
      expect(await errorOf(await call(method, `/api/sessions/${e1!.boardId}${path}`, c.keys.facilitator, body))).toEqual({
        status: 404,
        code: 'session_not_found',
      })
      expect(await errorOf(await call(method, `/api/sessions/${plain.id}${path}`, plain.keys.facilitator, body))).toEqual({
        status: 404,
        code: 'session_not_found',
      })
    }
    for (const role of ['participant', 'viewer', 'facilitator'] as const)
      expect(await errorOf(await call('POST', `/api/boards/${e1!.boardId}/keys/${role}`, c.keys.facilitator))).toEqual({ status: 409, code: 'session_board' })
    expect((await call('DELETE', `/api/boards/${e1!.boardId}`, c.keys.facilitator)).status).toBe(409)
    // a participant or viewer cannot replace the session's keys or delete it
    for (const key of [c.keys.participant, c.keys.viewer]) {
      expect((await call('POST', `/api/boards/${c.id}/keys/facilitator`, key)).status).toBe(403)
      expect((await call('DELETE', `/api/boards/${c.id}`, key)).status).toBe(403)
    }
    expect((await call('GET', `/api/boards/${e1!.boardId}`, c.keys.facilitator)).status).toBe(200)
  })

  it('[L16] identities asked for through the exercise boards count against the session’s MAX_IDENTITIES_PER_MINUTE', async () => {
    const t = await startInProcess({ MAX_IDENTITIES_PER_MINUTE: '3', MAX_BOARDS_PER_MINUTE: '1000' })
    try {
      const c = await newSession(THREE, t)
      const mint = (boardId: string) => call('POST', `/api/boards/${boardId}/identity`, c.keys.participant, { name: 'x' }, t)
      for (let i = 0; i < 3; i++) expect((await mint(c.id)).status).toBe(200)
      expect((await mint(c.id)).status).toBe(429)
      // each exercise board issues the session's identities: the same count, not one more each
      for (const e of exercises(c)) expect(await errorOf(await mint(e.boardId))).toEqual({ status: 429, code: 'too_many_identities' })
    } finally {
      await t.close()
    }
  })

  it('[SE1] [SE10] [L6] sessions and their restores draw from the one MAX_BOARDS_PER_MINUTE of the address, as boards do', async () => {
    const t = await startInProcess({ MAX_BOARDS_PER_MINUTE: '2' })
    try {
      const c = await newSession(THREE, t)
      expect((await call('POST', '/api/boards', undefined, { template: 'blank', title: 'x' }, t)).status).toBe(201)
      // the address has used its two creations: neither a session, a board nor a restore is made
      expect(await errorOf(await call('POST', '/api/sessions', undefined, THREE, t))).toEqual({ status: 429, code: 'too_many_boards' })
      expect(await errorOf(await call('POST', '/api/boards', undefined, { template: 'blank', title: 'x' }, t))).toEqual({
        status: 429,
        code: 'too_many_boards',
      })
      expect(await errorOf(await call('POST', `/api/sessions/${c.id}/restore`, c.keys.facilitator, {}, t))).toEqual({ status: 429, code: 'too_many_boards' })
    } finally {
      await t.close()
    }
  })

  it('[SE1] a huge or oversized session is refused before any board is made', async () => {
    const count = async () => (await s.storage.listBoardsUpdatedBefore(Date.now() + 60_000)).length
    const before = await count()
    const many = { title: 'x', meetings: [{ title: 'm', exercises: Array.from({ length: 1000 }, () => ({ kind: 'plain', title: 'p' })) }] }
    expect(await errorOf(await call('POST', '/api/sessions', undefined, many))).toEqual({ status: 400, code: 'too_many_exercises' })
    const meetings = { title: 'x', meetings: Array.from({ length: 100 }, () => ({ title: 'm', exercises: [] })) }
    expect(await errorOf(await call('POST', '/api/sessions', undefined, meetings))).toEqual({ status: 400, code: 'invalid_session' })
    // the 41st exercise is refused after 40 valid ones: none of their boards is kept
    const late = {
      title: 'x',
      meetings: [{ title: 'm', exercises: [...Array.from({ length: 39 }, () => ({ template: 'vattenfallet' })), { template: 'nope' }] }],
    }
    expect(await errorOf(await call('POST', '/api/sessions', undefined, late))).toEqual({ status: 400, code: 'unknown_template' })
    const big = { title: 'x', meetings: [{ title: 'm', exercises: [{ kind: 'plain', title: 'p', prompt: 'x'.repeat(2_000_000) }] }] }
    expect((await call('POST', '/api/sessions', undefined, big)).status).toBe(413)
    expect(await count()).toBe(before)
    // exercise.add past the limit makes no board either
    const c = await newSession({ title: 'x', meetings: [{ title: 'm', exercises: Array.from({ length: 40 }, () => ({ kind: 'plain', title: 'p' })) }] })
    const after = await count()
    const add = await call('POST', `/api/sessions/${c.id}/agenda`, c.keys.facilitator, {
      action: 'exercise.add',
      meetingId: c.session.meetings[0]!.id,
      exercise: { kind: 'plain', title: 'one more' },
    })
    expect(await errorOf(add)).toEqual({ status: 400, code: 'too_many_exercises' })
    expect(await count()).toBe(after)
  })

  it('[SE5] two advances at once are two moves: the agenda and the boards agree afterwards', async () => {
    const c = await newSession()
    const [e1, e2, e3] = exercises(c)
    expect((await advance(c)).status).toBe(200)
    // the first move waits at its snapshot of exercise 1 while the second arrives
    const gate = pause(s.rooms.history, 'trySave', e1!.boardId)
    const first = advance(c)
    await gate.reached
    const second = advance(c)
    await new Promise((r) => setTimeout(r, 100))
    gate.release()
    expect([(await first).status, (await second).status]).toEqual([200, 200])
    const state = await agendaMatchesBoards(c.id)
    expect(state.current?.exerciseId).toBe(e3!.id)
    // exercise 2 was entered and left: its private notes revealed, its timer stopped, its snapshot taken
    const f2 = await s.rooms.withRoom(e2!.boardId, '', (r) => readFacilitation(facilitationOf(r.doc)))
    expect(f2.private?.active).toBe(false)
    expect(f2.timer?.status).toBe('stopped')
    for (const e of [e1!, e2!]) expect((await s.storage.listSnapshots(e.boardId)).filter((x) => x.name.startsWith('Övningen avslutad')).length).toBe(1)
  })

  it('[SE4] [SE5] removing the exercise being advanced to: the move and the removal happen one after the other', async () => {
    const c = await newSession()
    const [e1, e2] = exercises(c)
    await advance(c, e1!.id)
    const gate = pause(s.rooms.history, 'trySave', e1!.boardId)
    const moved = advance(c, e2!.id)
    await gate.reached
    const removed = call('POST', `/api/sessions/${c.id}/agenda`, c.keys.facilitator, { action: 'exercise.remove', exerciseId: e2!.id })
    await new Promise((r) => setTimeout(r, 100))
    gate.release()
    // the move came first: exercise 2 is current, so it cannot be removed
    expect((await moved).status).toBe(200)
    expect(await errorOf(await removed)).toEqual({ status: 409, code: 'exercise_current' })
    const state = await agendaMatchesBoards(c.id)
    expect(state.current?.exerciseId).toBe(e2!.id)
  })

  it('[SE5] deleting the session while it advances leaves no room behind that cannot be written (healthz stays ok)', async () => {
    const c = await newSession()
    const [e1] = exercises(c)
    const ids = [c.id, ...exercises(c).map((e) => e.boardId)]
    await advance(c)
    // the move waits as it closes exercise 1 (its settings written) while the session is deleted
    const gate = pause(s.storage, 'updateBoard', e1!.boardId)
    const moved = advance(c)
    await gate.reached
    expect((await call('DELETE', `/api/boards/${c.id}`, c.keys.facilitator)).status).toBe(204)
    gate.release()
    await moved
    for (const id of ids) expect(await s.storage.getBoard(id)).toBeUndefined()
    await waitFor(() => ids.every((id) => !s.rooms.isOpen(id)), 'every room of the deleted session is gone', 5000)
    expect((await fetch(`${s.url}/healthz`)).status).toBe(200)
  })

  it('[SE5] a note written while the exercise ends is refused, not left out of its "ended" snapshot', async () => {
    const c = await newSession()
    const [e1] = exercises(c)
    await advance(c, e1!.id)
    const identity = await issueIdentity(s.url, c.id, c.keys.participant, { name: 'Sen' })
    const p = connect(e1!.boardId, c.keys.participant, { identity })
    await p.synced
    const gate = pause(s.rooms.history, 'trySave', e1!.boardId)
    const moved = advance(c)
    await gate.reached
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'shape:late', x: 0, y: 0, text: 'sent as the exercise ends' })])
    const code = await Promise.race([p.closed, new Promise((r) => setTimeout(() => r('open'), 10_000))])
    gate.release()
    expect((await moved).status).toBe(200)
    const live = await s.rooms.withRoom(e1!.boardId, '', (r) => readRecords(recordsOf(r.doc)).has('shape:late'))
    const snap = (await s.storage.listSnapshots(e1!.boardId)).find((x) => x.name.startsWith('Övningen avslutad'))!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, (await s.storage.getSnapshot(e1!.boardId, snap.id))!.state)
    expect({ code, live }).toEqual({ code: 4423, live: false })
  })
})
