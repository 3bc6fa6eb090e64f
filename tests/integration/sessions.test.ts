// Issue 14: sessions, an agenda of exercises with one link per role (apps/server SPEC [SE1]–[SE12],
// board SPEC [D17], [D18]). A real server, raw y-websocket clients with issued identities.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { facilitationOf, makeNote, readFacilitation, readRecords, readSession, recordsOf, sessionOf, writeRecords, type SessionState } from '@tavla/board'
import { connectClient, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ MAX_SESSION_EXERCISES: '30', MAX_BOARDS_PER_MINUTE: '1000' })
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
const call = (method: string, path: string, key?: string, json?: unknown) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })

interface Created {
  id: string
  keys: { facilitator: string; participant: string; viewer: string }
  links: { facilitator: string; participant: string; viewer: string }
  session: SessionState
}

const WORKSHOP = {
  title: 'Samspelet',
  meetings: [
    {
      title: 'Workshop 2',
      date: '2026-12-03',
      exercises: [
        { template: 'vattenfallet' },
        { template: 'golden-circle', minutes: 25, tools: { private: true } },
        { template: 'nulage-onskat-lage', tools: { vote: { dots: 3, perNote: 1 } } },
      ],
    },
  ],
}

async function createSession(body: unknown = WORKSHOP): Promise<Created> {
  const res = await call('POST', '/api/sessions', undefined, body)
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`)
  return (await res.json()) as Created
}
const exercises = (c: { session: SessionState }) => c.session.meetings.flatMap((m) => m.exercises)
const advance = async (c: Created, to?: string) => {
  const res = await call('POST', `/api/sessions/${c.id}/advance`, c.keys.facilitator, to ? { to } : {})
  return { status: res.status, body: (await res.json()) as { session: SessionState; error?: { code: string } } }
}
const agenda = async (c: Created, action: Record<string, unknown>) => {
  const res = await call('POST', `/api/sessions/${c.id}/agenda`, c.keys.facilitator, action)
  return { status: res.status, body: (await res.json()) as { session: SessionState; error?: { code: string; message: string } } }
}
const facilitation = (boardId: string) => s.rooms.withRoom(boardId, '', (r) => readFacilitation(facilitationOf(r.doc)))

/** A participant as the page is: one identity for the session, on one exercise board. */
async function onExercise(c: Created, boardId: string, name: string, key = c.keys.participant) {
  const identity = await issueIdentity(s.url, c.id, key, { name })
  const board = connect(boardId, key, { identity })
  await board.synced
  return { identity, board }
}
const addNote = (client: Client, id: string, x = 0, y = 0) => writeRecords(recordsOf(client.doc), [makeNote({ id, x, y, text: id })])

describe('sessions ([SE])', () => {
  it('[SE1] a session of three exercises: one board each, the session keys open every one, minutes from the guide, links to /s/', async () => {
    const c = await createSession()
    const ex = exercises(c)
    expect(ex.map((e) => e.template)).toEqual(['vattenfallet', 'golden-circle', 'nulage-onskat-lage'])
    expect(new Set(ex.map((e) => e.boardId)).size).toBe(3)
    expect(c.links.participant).toMatch(new RegExp(`/s/${c.id}\\?key=${c.keys.participant}$`))
    expect(c.session.current).toBeNull()
    // minutes: the template guide's sum unless given
    const guide = (await (await call('GET', '/api/templates')).json()) as { templates: { id: string; guide?: { steps: { minutes: number }[] } }[] }
    const sum = (id: string) => guide.templates.find((t) => t.id === id)!.guide!.steps.reduce((n, st) => n + st.minutes, 0)
    expect(ex[0]!.minutes).toBe(sum('vattenfallet'))
    expect(ex[1]!.minutes).toBe(25)
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const res = await call('GET', `/api/boards/${ex[0]!.boardId}`, c.keys[role])
      expect(((await res.json()) as { role: string }).role).toBe(role)
    }
    const got = (await (await call('GET', `/api/sessions/${c.id}`, c.keys.viewer)).json()) as { role: string; session: SessionState }
    expect(got.role).toBe('viewer')
    expect(exercises(got).map((e) => e.id)).toEqual(ex.map((e) => e.id))
  })

  it('[SE1] refusals name what is wrong: unknown template, bad params, too many exercises, no meetings, a bad date', async () => {
    const post = async (body: unknown) => {
      const res = await call('POST', '/api/sessions', undefined, body)
      return { status: res.status, error: ((await res.json()) as { error: { code: string; message: string } }).error }
    }
    let r = await post({ title: 'x', meetings: [{ title: 'm', exercises: [{ template: 'nope' }] }] })
    expect([r.status, r.error.code]).toEqual([400, 'unknown_template'])
    expect(r.error.message).toContain('meetings[0].exercises[0]')
    r = await post({ title: 'x', meetings: [{ title: 'm', exercises: [{ template: 'tre-ar-framat', params: { areas: [] } }] }] })
    expect([r.status, r.error.code]).toEqual([400, 'invalid_params'])
    r = await post({ title: 'x', meetings: [{ title: 'm', exercises: Array.from({ length: 31 }, () => ({ kind: 'plain', title: 'Paus', minutes: 5 })) }] })
    expect([r.status, r.error.code]).toEqual([400, 'too_many_exercises'])
    expect(r.error.message).toContain('MAX_SESSION_EXERCISES')
    r = await post({ title: 'x', meetings: [] })
    expect([r.status, r.error.code]).toEqual([400, 'invalid_session'])
    r = await post({ title: 'x', meetings: [{ title: 'm', date: '2026-13-45', exercises: [] }] })
    expect([r.status, r.error.code]).toEqual([400, 'invalid_session'])
    r = await post({ title: 'x', template: 'no-such-session' })
    expect([r.status, r.error.code]).toEqual([400, 'unknown_template'])
  })

  it('[SE2] the shipped session templates are listed with every default, and one makes a session', async () => {
    const list = (await (await call('GET', '/api/session-templates')).json()) as {
      templates: { id: string; meetings: { exercises: { template: string; minutes: number; title: { sv: string } }[] }[] }[]
    }
    const ids = list.templates.map((t) => t.id)
    expect(ids).toEqual(expect.arrayContaining(['samspelet', 'samverkansdag']))
    const samspelet = list.templates.find((t) => t.id === 'samspelet')!
    expect(samspelet.meetings.length).toBe(5)
    for (const t of list.templates) for (const m of t.meetings) for (const e of m.exercises) expect(e.title.sv.length).toBeGreaterThan(0)
    const c = await createSession({ title: 'Samverkansdag', template: 'samverkansdag' })
    const want = list.templates.find((t) => t.id === 'samverkansdag')!.meetings.flatMap((m) => m.exercises.map((e) => [e.template, e.minutes]))
    expect(exercises(c).map((e) => [e.template, e.minutes])).toEqual(want)
    expect(c.session.template).toBe('samverkansdag')
  })

  it('[SE5] [D18] advancing opens the exercise, starts its timer and tools, closes the one left (participants 4423, facilitator still writes), snapshots it', async () => {
    const c = await createSession()
    const [e1, e2, e3] = exercises(c)
    // before the start every exercise is closed to participants
    const early = await onExercise(c, e1!.boardId, 'Ada')
    addNote(early.board, 'shape:early')
    expect(await early.board.closed).toBe(4423)

    let r = await advance(c)
    expect(r.status).toBe(200)
    expect(r.body.session.current?.exerciseId).toBe(e1!.id)
    const f1 = await facilitation(e1!.boardId)
    expect(f1.closed).toBe(false)
    expect(f1.timer?.status).toBe('running')
    expect(f1.timer?.durationMs).toBe(e1!.minutes * 60_000)
    const ada = await onExercise(c, e1!.boardId, 'Ada')
    addNote(ada.board, 'shape:a1')
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:a1'), 'note on exercise 1')

    r = await advance(c)
    expect(r.body.session.current?.exerciseId).toBe(e2!.id)
    // exercise 2 writes in private: private mode is on
    expect((await facilitation(e2!.boardId)).private?.active).toBe(true)
    expect((await facilitation(e2!.boardId)).timer?.durationMs).toBe(25 * 60_000)
    // exercise 1 is closed: timer stopped, snapshot taken, participants refused, facilitator not
    expect((await facilitation(e1!.boardId)).closed).toBe(true)
    expect((await facilitation(e1!.boardId)).timer?.status).toBe('stopped')
    const snaps = (await (await call('GET', `/api/boards/${e1!.boardId}/snapshots`, c.keys.facilitator)).json()) as { snapshots: { name: string }[] }
    expect(snaps.snapshots.map((x) => x.name).join('\n')).toContain(`Övningen avslutad: ${e1!.title}`)
    addNote(ada.board, 'shape:late')
    expect(await ada.board.closed).toBe(4423)
    const fac = connect(e1!.boardId, c.keys.facilitator)
    await fac.synced
    addNote(fac, 'shape:tidy')
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:tidy'), 'the facilitator still writes on a closed exercise')

    // a private note written during exercise 2 is revealed when it ends; exercise 3 opens its vote
    const bo = await onExercise(c, e2!.boardId, 'Bo')
    const part = connect(`${e2!.boardId}/private`, c.keys.participant, { identity: bo.identity })
    await part.synced
    addNote(part, 'shape:private1')
    await waitFor(async () => {
      const parts = await s.rooms.privateParts(e2!.boardId)
      return parts.length === 1 && (await s.rooms.withRoom(e2!.boardId, parts[0]!, (r) => readRecords(recordsOf(r.doc)).has('shape:private1')))
    }, 'the private note reached the server')
    // exercise 3's board holds a note the facilitator prepared: its vote opens at once
    const prep = connect(e3!.boardId, c.keys.facilitator)
    await prep.synced
    addNote(prep, 'shape:prepared')
    await waitFor(() => s.rooms.withRoom(e3!.boardId, '', (r) => readRecords(recordsOf(r.doc)).has('shape:prepared')), 'prepared note')
    r = await advance(c)
    expect(r.body.session.current?.exerciseId).toBe(e3!.id)
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e2!.boardId)!.doc)).has('shape:private1'), 'the private note revealed when exercise 2 ended')
    expect((await facilitation(e2!.boardId)).private?.active).toBe(false)
    const v = (await facilitation(e3!.boardId)).vote
    expect([v?.status, v?.dots, v?.perNote]).toEqual(['open', 3, 1])

    r = await advance(c)
    expect([r.status, r.body.error?.code]).toEqual([409, 'session_at_end'])
    // going back: exercise 1 becomes current (open again), 3 closes with its vote counted
    r = await advance(c, e1!.id)
    expect(r.body.session.current?.exerciseId).toBe(e1!.id)
    expect((await facilitation(e1!.boardId)).closed).toBe(false)
    expect((await facilitation(e3!.boardId)).vote?.status).toBe('closed')
    expect((await advance(c, 'nope')).status).toBe(404)
  })

  it('[SE5] an exercise whose vote has nothing to vote on yet opens no vote: people write first', async () => {
    const c = await createSession({
      title: 'x',
      meetings: [{ title: 'm', exercises: [{ kind: 'plain', title: 'Områden', minutes: 5, tools: { vote: { dots: 3 } } }] }],
    })
    await advance(c)
    const f = await facilitation(exercises(c)[0]!.boardId)
    expect(f.vote).toBeUndefined()
    expect(f.timer?.durationMs).toBe(5 * 60_000)
  })

  it('[SE6] one identity for the session holds on every exercise; another board’s identity is refused', async () => {
    const c = await createSession()
    const [e1, e2] = exercises(c)
    const identity = await issueIdentity(s.url, c.id, c.keys.participant, { name: 'Cilla' })
    for (const e of [e1!, e2!]) {
      const board = connect(e.boardId, c.keys.participant, { identity })
      await board.synced
      const part = connect(`${e.boardId}/private`, c.keys.participant, { identity })
      await part.synced
    }
    const other = await createSession()
    const foreign = await issueIdentity(s.url, other.id, other.keys.participant, { name: 'Cilla' })
    const refused = connect(e1!.boardId, c.keys.participant, { identity: foreign })
    expect(await refused.closed).toBe(4401)
    // an identity asked for on an exercise board is the session's
    const viaBoard = await issueIdentity(s.url, e2!.boardId, c.keys.participant, { name: 'Dan' })
    const onOther = connect(e1!.boardId, c.keys.participant, { identity: viaBoard })
    await onOther.synced
  })

  it('[SE6] replacing a session key replaces it on every exercise (old connections 4401); an exercise board’s own keys and deletion are the session’s', async () => {
    const c = await createSession()
    const [e1, e2] = exercises(c)
    const old = connect(e2!.boardId, c.keys.participant)
    await old.synced
    const res = await call('POST', `/api/boards/${c.id}/keys/participant`, c.keys.facilitator)
    expect(res.status).toBe(200)
    const { key, link, disconnected } = (await res.json()) as { key: string; link: string; disconnected: number }
    expect(link).toContain(`/s/${c.id}?key=`)
    expect(disconnected).toBeGreaterThanOrEqual(1)
    expect(await old.closed).toBe(4401)
    expect(((await (await call('GET', `/api/boards/${e1!.boardId}`, key)).json()) as { role: string }).role).toBe('participant')
    expect((await call('GET', `/api/boards/${e1!.boardId}`, c.keys.participant)).status).toBe(401)
    const links = (await (await call('GET', `/api/boards/${e1!.boardId}/links`, c.keys.facilitator)).json()) as { links: { participant: string } }
    expect(links.links.participant).toBe(link)
    const own = await call('POST', `/api/boards/${e1!.boardId}/keys/viewer`, c.keys.facilitator)
    expect([own.status, ((await own.json()) as { error: { code: string } }).error.code]).toEqual([409, 'session_board'])
    const del = await call('DELETE', `/api/boards/${e1!.boardId}`, c.keys.facilitator)
    expect(del.status).toBe(409)
    // deleting the session deletes every exercise board
    expect((await call('DELETE', `/api/boards/${c.id}`, c.keys.facilitator)).status).toBe(204)
    for (const e of exercises(c)) expect((await call('GET', `/api/boards/${e.boardId}`)).status).toBe(404)
    expect((await call('GET', `/api/sessions/${c.id}`, c.keys.facilitator)).status).toBe(404)
  })

  it('[SE11] nobody writes the session document over the websocket, not even the facilitator (4403); everyone reads it live', async () => {
    const c = await createSession()
    const reader = connect(c.id, c.keys.participant)
    await reader.synced
    expect(readSession(sessionOf(reader.doc)).meetings[0]!.exercises.length).toBe(3)
    for (const key of [c.keys.participant, c.keys.facilitator]) {
      const writer = connect(c.id, key)
      await writer.synced
      sessionOf(writer.doc).set('current', { exerciseId: exercises(c)[2]!.id, startedAt: 1 })
      expect(await writer.closed).toBe(4403)
    }
    // nor through the board routes: the session is not a board to facilitate
    const res = await call('POST', `/api/boards/${c.id}/facilitation`, c.keys.facilitator, { action: 'board.lock' })
    expect([res.status, ((await res.json()) as { error: { code: string } }).error.code]).toEqual([409, 'session_board'])
    await advance(c)
    await waitFor(() => readSession(sessionOf(reader.doc)).current?.exerciseId === exercises(c)[0]!.id, 'the move reaches the reader')
  })

  it('[SE4] agenda: add (a board is made), move, update, open an earlier exercise, remove (its board goes); the current one cannot be removed', async () => {
    const c = await createSession()
    const [e1, e2] = exercises(c)
    const meetingId = c.session.meetings[0]!.id
    let r = await agenda(c, { action: 'exercise.add', meetingId, index: 1, exercise: { kind: 'plain', title: 'Paus', minutes: 10 } })
    expect(r.status).toBe(200)
    const ex = r.body.session.meetings[0]!.exercises
    expect(ex.map((e) => e.title)[1]).toBe('Paus')
    const pause = ex[1]!
    expect(pause.template).toBe('blank')
    expect((await call('GET', `/api/boards/${pause.boardId}`, c.keys.participant)).status).toBe(200)
    r = await agenda(c, { action: 'exercise.move', exerciseId: pause.id, index: 3 })
    expect(r.body.session.meetings[0]!.exercises.map((e) => e.id)).toEqual([e1!.id, e2!.id, exercises(c)[2]!.id, pause.id])
    r = await agenda(c, { action: 'exercise.update', exerciseId: e2!.id, minutes: 7, title: 'Varför?', tools: { vote: { dots: 2 } } })
    const e2now = r.body.session.meetings[0]!.exercises.find((e) => e.id === e2!.id)!
    expect([e2now.minutes, e2now.title, e2now.tools.vote?.dots, e2now.tools.private]).toEqual([7, 'Varför?', 2, true])
    await advance(c)
    await advance(c)
    // exercise 1 is done: reopened, participants write on it again; closed, refused again
    r = await agenda(c, { action: 'exercise.open', exerciseId: e1!.id })
    expect(r.body.session.open).toEqual([e1!.id])
    expect((await facilitation(e1!.boardId)).closed).toBe(false)
    const p = await onExercise(c, e1!.boardId, 'Eva')
    addNote(p.board, 'shape:reopened')
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:reopened'), 'a note on the reopened exercise')
    await agenda(c, { action: 'exercise.close', exerciseId: e1!.id })
    addNote(p.board, 'shape:after-close')
    expect(await p.board.closed).toBe(4423)
    r = await agenda(c, { action: 'exercise.remove', exerciseId: e2!.id })
    expect([r.status, r.body.error?.code]).toEqual([409, 'exercise_current'])
    r = await agenda(c, { action: 'exercise.remove', exerciseId: pause.id })
    expect(r.status).toBe(200)
    expect((await call('GET', `/api/boards/${pause.boardId}`)).status).toBe(404)
    expect((await agenda(c, { action: 'exercise.update', exerciseId: 'nope', minutes: 1 })).status).toBe(404)
    expect((await agenda(c, { action: 'meeting.remove', meetingId })).body.error?.code).toBe('meeting_not_empty')
    // a participant's key cannot change the agenda
    const res = await call('POST', `/api/sessions/${c.id}/agenda`, c.keys.participant, { action: 'title.set', title: 'x' })
    expect(res.status).toBe(403)
  })

  it('[SE9] the session export lists the exercises in agenda order with their notes under their zones; one exercise alone', async () => {
    const c = await createSession()
    const [e1, e2, e3] = exercises(c)
    const fac1 = connect(e1!.boardId, c.keys.facilitator)
    const fac3 = connect(e3!.boardId, c.keys.facilitator)
    await Promise.all([fac1.synced, fac3.synced])
    writeRecords(recordsOf(fac1.doc), [makeNote({ id: 'shape:n1', x: -5000, y: -5000, text: 'Simma lugnt' })])
    writeRecords(recordsOf(fac3.doc), [makeNote({ id: 'shape:n3', x: -5000, y: -5000, text: 'Vägen dit' })])
    await waitFor(
      () =>
        readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:n1') &&
        readRecords(recordsOf(s.rooms.rooms.get(e3!.boardId)!.doc)).has('shape:n3'),
      'notes stored',
    )
    const md = await (await call('GET', `/api/sessions/${c.id}/export?format=md`, c.keys.facilitator)).text()
    const at = (text: string) => md.indexOf(text)
    expect(at(`### 1. ${e1!.title}`)).toBeGreaterThan(0)
    expect(at(`### 1. ${e1!.title}`)).toBeLessThan(at(`### 2. ${e2!.title}`))
    expect(at(`### 2. ${e2!.title}`)).toBeLessThan(at(`### 3. ${e3!.title}`))
    expect(at('Simma lugnt')).toBeGreaterThan(at(`### 1. ${e1!.title}`))
    expect(at('Simma lugnt')).toBeLessThan(at(`### 2. ${e2!.title}`))
    expect(at('Vägen dit')).toBeGreaterThan(at(`### 3. ${e3!.title}`))
    const csv = await (await call('GET', `/api/sessions/${c.id}/export?format=csv`, c.keys.facilitator)).text()
    // (fetch's text() drops the byte-order mark)
    expect(csv.split('\r\n')[0]).toMatch(/^"?möte"?,"?datum"?,"?övning"?,"?tavla"?/)
    expect(csv).toContain('"Simma lugnt"')
    const json = (await (await call('GET', `/api/sessions/${c.id}/export?format=json`, c.keys.facilitator)).json()) as {
      tavla: string
      boards: Record<string, unknown>
    }
    expect(json.tavla).toBe('session')
    expect(Object.keys(json.boards)).toEqual([e1!.id, e2!.id, e3!.id])
    const one = await (await call('GET', `/api/sessions/${c.id}/export?format=md&exercise=${e3!.id}`, c.keys.facilitator)).text()
    expect(one).toContain('Vägen dit')
    expect(one).not.toContain('Simma lugnt')
    expect((await call('GET', `/api/sessions/${c.id}/export?format=odt`, c.keys.facilitator)).status).toBe(400)
    expect((await call('GET', `/api/sessions/${c.id}/export?format=md`, c.keys.participant)).status).toBe(403)
  })

  it('[SE10] restoring the whole session makes a new one with every exercise’s notes, as of a time', async () => {
    const c = await createSession()
    const [e1] = exercises(c)
    const fac = connect(e1!.boardId, c.keys.facilitator)
    await fac.synced
    writeRecords(recordsOf(fac.doc), [makeNote({ id: 'shape:keep', x: 0, y: 0, text: 'Kvar' })])
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:keep'), 'stored')
    await advance(c)
    await advance(c) // exercise 1 ends: snapshot with the note
    const at = Date.now()
    await new Promise((res) => setTimeout(res, 5))
    writeRecords(recordsOf(fac.doc), [makeNote({ id: 'shape:later', x: 0, y: 300, text: 'Senare' })])
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(e1!.boardId)!.doc)).has('shape:later'), 'stored')
    const res = await call('POST', `/api/sessions/${c.id}/restore`, c.keys.facilitator, { at })
    expect(res.status).toBe(201)
    const copy = (await res.json()) as Created
    expect(copy.id).not.toBe(c.id)
    expect(exercises(copy).map((e) => e.title)).toEqual(exercises(c).map((e) => e.title))
    const state = await s.rooms.currentState(exercises(copy)[0]!.boardId)
    const doc = new Y.Doc()
    Y.applyUpdate(doc, state)
    const ids = [...readRecords(recordsOf(doc)).keys()]
    expect(ids).toContain('shape:keep')
    expect(ids).not.toContain('shape:later')
    // the old session is untouched and its links still open it
    expect((await call('GET', `/api/sessions/${c.id}`, c.keys.participant)).status).toBe(200)
  })
})
