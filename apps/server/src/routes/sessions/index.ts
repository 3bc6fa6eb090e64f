// Sessions: an agenda of exercises over meetings, one link per role (apps/server SPEC [SE1]–[SE12]).
// The agenda lives in the session's own document (root `session`), which only this code writes;
// every exercise is a board of its own, and moving between them is done here, on both boards.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import {
  advanceSession,
  applyAgenda,
  exerciseOpen,
  exercisesInOrder,
  facilitationOf,
  findExercise,
  listNotes,
  readFacilitation,
  readSession,
  sessionOf,
  writeSession,
  type AgendaAction,
  type Exercise,
  type SessionState,
} from '@tavla/board'
import { localTime, sessionCsv, sessionMarkdown, toTldrFile, type SessionPart } from '@tavla/export'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import type { TemplateCatalog } from '../../plugins/templates.ts'
import type { Role } from '../../rooms/Connection.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { roleOf } from '../boards/access.ts'
import { audit } from '../boards/audit.ts'
import { baseUrl } from '../boards/create.ts'
import { facilitationService, type ActionBody } from '../boards/facilitation.ts'
import { fileName } from '../boards/exports.ts'
import { sendArchive, sessionArchive } from '../boards/archive.ts'
import { countParticipants, isReportFormat, renderReport, REPORT_TYPES } from '../boards/report.ts'
import { creationGate } from '../boards/limits.ts'
import { recordOwner } from '../../plugins/auth.ts'
import { BoardIdParams, KeyQuery, RoleLinks } from '../boards/schemas.ts'
import {
  createSession,
  resolveExercise,
  resolveMeetings,
  shortId,
  storeExerciseBoard,
  templateMeetings,
  type BoardSource,
  type Lang,
  type MeetingSpec,
} from './build.ts'
import { catalogReply } from '../catalog.ts'

const Tools = Type.Object(
  {
    private: Type.Optional(Type.Boolean()),
    vote: Type.Optional(
      Type.Union([
        Type.Null(),
        Type.Object(
          { dots: Type.Integer({ minimum: 1, maximum: 20 }), perNote: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) },
          { additionalProperties: false },
        ),
      ]),
    ),
    edit: Type.Optional(Type.Union([Type.Literal('participants'), Type.Literal('facilitator')])),
  },
  { additionalProperties: false },
)
const ExerciseBody = Type.Object(
  {
    kind: Type.Optional(Type.Union([Type.Literal('template'), Type.Literal('plain')])),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.Optional(Type.String({ maxLength: 200 })),
    params: Type.Optional(Type.Record(Type.String({ maxLength: 64 }), Type.Array(Type.String({ maxLength: 200 }), { maxItems: 50 }))),
    minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
    prompt: Type.Optional(Type.String({ maxLength: 2000 })),
    tools: Type.Optional(Tools),
  },
  { additionalProperties: false },
)
const DateText = Type.Union([Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }), Type.Null()])
const MeetingBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    date: Type.Optional(DateText),
    exercises: Type.Array(ExerciseBody, { maxItems: 1000 }),
  },
  { additionalProperties: false },
)
const CreateSessionBody = Type.Object(
  {
    title: Type.String({ minLength: 1, maxLength: 200 }),
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    meetings: Type.Optional(Type.Array(MeetingBody, { maxItems: 100 })),
    lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
    anonymous: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
)
const Id = Type.String({ minLength: 1, maxLength: 64 })
const Index = Type.Integer({ minimum: 0, maximum: 10_000 })
const AgendaBody = Type.Union([
  Type.Object({ action: Type.Literal('exercise.add'), meetingId: Id, index: Type.Optional(Index), exercise: ExerciseBody }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('exercise.update'),
      exerciseId: Id,
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      prompt: Type.Optional(Type.Union([Type.String({ maxLength: 2000 }), Type.Null()])),
      minutes: Type.Optional(Type.Integer({ minimum: 0, maximum: 600 })),
      tools: Type.Optional(Tools),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('exercise.move'), exerciseId: Id, meetingId: Type.Optional(Id), index: Index }, { additionalProperties: false }),
  Type.Object(
    { action: Type.Union([Type.Literal('exercise.remove'), Type.Literal('exercise.open'), Type.Literal('exercise.close')]), exerciseId: Id },
    { additionalProperties: false },
  ),
  Type.Object(
    { action: Type.Literal('meeting.add'), title: Type.String({ minLength: 1, maxLength: 200 }), date: Type.Optional(DateText), index: Type.Optional(Index) },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      action: Type.Literal('meeting.update'),
      meetingId: Id,
      title: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
      date: Type.Optional(DateText),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('meeting.remove'), meetingId: Id }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('title.set'), title: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
])
type AgendaBodyT = Static<typeof AgendaBody>
const AdvanceBody = Type.Object({ to: Type.Optional(Id) }, { additionalProperties: false })
const RestoreBody = Type.Object({ at: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false })
const ExportQuery = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 200 })),
  format: Type.Optional(Type.String({ maxLength: 20 })),
  exercise: Type.Optional(Id),
  lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
})
const SessionOut = Type.Object({}, { additionalProperties: true })
const CreatedSessionSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  createdAt: Type.String(),
  keys: RoleLinks,
  links: RoleLinks,
  session: SessionOut,
})

const notFound = () => new HttpError(404, 'session_not_found', 'There is no workshop session at this address. Check the link you were given.')

/** The session, if the request's key opens it with one of the roles: 404, then 401, then 403 ([H10]). */
export async function authorizeSession(storage: BoardStorage, req: FastifyRequest, id: string, roles: readonly Role[]): Promise<{ row: BoardRow; role: Role }> {
  const row = await storage.getBoard(id)
  if (!row || row.settings.kind !== 'session') throw notFound()
  // [O15] a key decides; with none, a signed-in owner or co-facilitator is its facilitator
  const role = await roleOf(storage, req, row, 'session')
  if (!role) throw new HttpError(401, 'key_required', 'This needs the key from your link (as ?key=… or an Authorization: Bearer header).')
  if (!roles.includes(role)) throw new HttpError(403, 'forbidden', `Only the ${roles.join(' or ')} may do this; your link is a ${role} link.`)
  return { row, role }
}

const docOf = (state: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

export function sessionRoutes(app: FastifyInstance, deps: { storage: BoardStorage; templates: TemplateCatalog; rooms: RoomRegistry; config: Config }): void {
  const { storage, templates, rooms, config } = deps
  const build = { storage, templates, keys: rooms.keys, config }
  const facilitation = facilitationService(deps)

  const readState = (id: string) => rooms.withRoom(id, '', (r) => readSession(sessionOf(r.doc)))

  /**
   * One change of a session at a time on this process (a move, an agenda action): each runs on
   * the state the one before left, so two moves are two moves and an exercise cannot be removed
   * while the session is moving to it. A session deleted meanwhile keeps no room this change
   * opened again: those rooms are dropped (their writes would fail forever), and the answer is 404.
   */
  const queues = new Map<string, Promise<unknown>>()
  const serial = <T>(id: string, fn: (touched: Set<string>) => Promise<T>): Promise<T> => {
    const run = (queues.get(id) ?? Promise.resolve()).then(async () => {
      const touched = new Set<string>()
      let out: T
      try {
        out = await fn(touched)
      } catch (err) {
        if (await gone(id, touched)) throw notFound()
        throw err
      }
      if (await gone(id, touched)) throw notFound()
      return out
    })
    const tail = run.catch(() => {})
    queues.set(id, tail)
    void tail.then(() => queues.get(id) === tail && queues.delete(id))
    return run
  }
  const gone = async (id: string, touched: Set<string>) => {
    if (await storage.getBoard(id)) return false
    for (const b of [id, ...touched]) {
      rooms.dropBoard(b)
      await storage.deleteBoard(b).catch(() => false) // an exercise board made meanwhile goes with its session
    }
    return true
  }
  /** Applies a change to the session document as one server change, from the state as it is then. */
  const changeState = <T extends { state: SessionState; changed: readonly string[] }>(
    id: string,
    fn: (s: SessionState) => T | { error: { status: number; code: string; message: string } },
  ) =>
    rooms.withRoom(id, '', (r) => {
      const out = fn(readSession(sessionOf(r.doc)))
      if ('error' in out) throw new HttpError(out.error.status, out.error.code as never, out.error.message)
      r.change((d) => writeSession(sessionOf(d), out.state, out.changed as never))
      return out
    })

  /** [D18] The exercise board's `closed` setting (enforced) and its mirror in the facilitation map (for the pages). */
  const setClosed = async (boardId: string, closed: boolean) => {
    const row = await storage.getBoard(boardId)
    if (!row) return
    if ((row.settings.closed === true) !== closed) await facilitation.setSettings(boardId, row.settings, { closed })
    await rooms.withRoom(boardId, '', (r) => {
      if (readFacilitation(facilitationOf(r.doc)).closed !== closed) r.change((d) => facilitationOf(d).set('closed', closed))
    })
  }
  const syncOpen = async (state: SessionState, ids: Iterable<string>) => {
    for (const id of new Set(ids)) {
      const place = findExercise(state, id)
      if (place) await setClosed(place.exercise.boardId, !exerciseOpen(state, id))
    }
  }

  /** One facilitation action on an exercise board, as the facilitator would take it ([H12]). */
  const act = async (boardId: string, body: ActionBody) => {
    const row = await storage.getBoard(boardId)
    if (row) await facilitation.act(row, body)
  }

  /** [SE5] What leaving an exercise does to its board: votes counted, notes revealed, timer stopped, a snapshot. */
  const endExercise = async (e: Exercise, lang: Lang) => {
    const f = await rooms.withRoom(e.boardId, '', (r) => readFacilitation(facilitationOf(r.doc)))
    if (f.locked !== true) {
      if (f.vote?.status === 'open') await act(e.boardId, { action: 'vote.close' })
      if (f.private?.active) await act(e.boardId, { action: 'private.reveal' })
      if (f.timer && f.timer.status !== 'stopped') await act(e.boardId, { action: 'timer.stop' })
    }
    await rooms.history.trySave(e.boardId, await rooms.currentState(e.boardId), 'exercise.end', lang === 'en' ? `Exercise ended: ${e.title}` : e.title)
  }

  /** [SE5] What entering an exercise does: open to participants, its timer, private mode or its vote. */
  const startExercise = async (e: Exercise, state: SessionState) => {
    await setClosed(e.boardId, !exerciseOpen(state, e.id))
    const f = await rooms.withRoom(e.boardId, '', (r) => readFacilitation(facilitationOf(r.doc)))
    if (f.locked === true) return
    if (e.minutes > 0) await act(e.boardId, { action: 'timer.start', seconds: e.minutes * 60 })
    if (e.tools.private) {
      if (!f.private?.active) await act(e.boardId, { action: 'private.start' })
    } else if (e.tools.vote && f.vote?.status !== 'open' && (await rooms.withRoom(e.boardId, '', (r) => listNotes(r.doc).length > 0))) {
      // a vote on what the board holds; on an empty board people write first, and the
      // facilitator's page opens the exercise's vote with one click when it is time
      await act(e.boardId, { action: 'vote.start', dots: e.tools.vote.dots, ...(e.tools.vote.perNote ? { perNote: e.tools.vote.perNote } : {}) })
    }
  }

  const sessionJson = (row: BoardRow, role: Role, session: SessionState) => ({
    id: row.id,
    title: session.title || row.title,
    createdAt: new Date(row.createdAt).toISOString(),
    role,
    session,
  })

  // [SE2]
  app.get('/api/session-templates', catalogReply({ templates: templates.sessions.map((t) => templates.sessionSummary(t)) }))

  // [SE1]
  app.post<{ Body: Static<typeof CreateSessionBody> }>(
    '/api/sessions',
    { onRequest: creationGate(config), schema: { body: CreateSessionBody, response: { 201: CreatedSessionSchema } } },
    async (req, reply) => {
      const body = req.body
      const title = body.title.trim()
      if (!title) throw new HttpError(400, 'invalid_session', 'The session needs a title.')
      const lang: Lang = body.lang ?? 'sv'
      let meetings: MeetingSpec[] | undefined = body.meetings
      if (body.template) {
        const t = templates.sessions.find((s) => s.id === body.template)
        if (!t)
          throw new HttpError(
            400,
            'unknown_template',
            `There is no session template "${body.template}". Choose one of: ${templates.sessions.map((s) => s.id).join(', ') || '(none)'}.`,
          )
        meetings ??= templateMeetings(t, (id) => templates.get(id), lang)
      }
      if (!meetings) throw new HttpError(400, 'invalid_session', 'Give a session template ("template") or the meetings and their exercises ("meetings").')
      const resolved = resolveMeetings(meetings, build, lang)
      const created = await createSession(build, baseUrl(req, config), {
        title,
        lang,
        anonymous: body.anonymous ?? false,
        ...(body.template ? { template: body.template } : {}),
        meetings: resolved,
      })
      req.log.info({ sessionId: created.id, exercises: exercisesInOrder(created.session).length }, 'session created')
      await audit(storage, req, created.id, 'created', { kind: 'session', template: body.template ?? null })
      await recordOwner(storage, req, created.id)
      return reply.code(201).send(created)
    },
  )

  // [SE3]
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/sessions/:id',
    { schema: { params: BoardIdParams, querystring: KeyQuery } },
    async (req) => {
      const { row, role } = await authorizeSession(storage, req, req.params.id, ['facilitator', 'participant', 'viewer'])
      return sessionJson(row, role, await readState(row.id))
    },
  )

  // [SE4]
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: AgendaBodyT }>(
    '/api/sessions/:id/agenda',
    { schema: { params: BoardIdParams, querystring: KeyQuery, body: AgendaBody } },
    async (req) => {
      const { row, role } = await authorizeSession(storage, req, req.params.id, ['facilitator'])
      return serial(row.id, async (touched) => {
        const body = req.body
        let action: AgendaAction
        if (body.action === 'exercise.add') {
          const before = await readState(row.id)
          const init = resolveExercise(body.exercise, templates, before.lang, 'exercise')
          // refused before its board is made (an unknown meeting, too many exercises)
          const dry = applyAgenda(before, { ...body, exercise: { id: 'x', boardId: 'x', ...init } }, { maxExercises: config.maxSessionExercises })
          if ('error' in dry) throw new HttpError(dry.error.status, dry.error.code, dry.error.message)
          const exerciseId = shortId()
          const boardId = await storeExerciseBoard(build, { id: row.id, keyHashes: row.keyHashes, anonymous: before.anonymous }, exerciseId, init)
          touched.add(boardId)
          action = { ...body, exercise: { id: exerciseId, boardId, ...init } }
        } else if (body.action === 'meeting.add') {
          action = { ...body, id: shortId() }
        } else {
          action = body as AgendaAction
        }
        const removed = body.action === 'exercise.remove' ? findExercise(await readState(row.id), body.exerciseId)?.exercise : undefined
        let out: { state: SessionState }
        try {
          out = await changeState(row.id, (s) => applyAgenda(s, action, { maxExercises: config.maxSessionExercises }))
        } catch (err) {
          if (action.action === 'exercise.add') await storage.deleteBoard(action.exercise.boardId).catch(() => {})
          throw err
        }
        if (removed) {
          rooms.dropBoard(removed.boardId)
          await storage.deleteBoard(removed.boardId)
        }
        if (action.action === 'exercise.add') {
          // [SE6] a key replaced while the board was made: it takes the session's keys as they are now
          const now = (await storage.getBoard(row.id))?.keyHashes
          if (now && JSON.stringify(now) !== JSON.stringify(row.keyHashes)) {
            const { generations: _, ...shared } = now
            await storage.updateBoard(action.exercise.boardId, { keyHashes: shared })
            for (const r of ['facilitator', 'participant', 'viewer'] as const) if (now[r] !== row.keyHashes[r]) rooms.keysReplaced(action.exercise.boardId, r)
          }
        }
        if ('exerciseId' in body) {
          const place = findExercise(out.state, body.exerciseId)
          if (place) touched.add(place.exercise.boardId)
          await syncOpen(out.state, [body.exerciseId])
        }
        const { action: name, ...detail } = body
        await audit(storage, req, row.id, `agenda.${name}`, detail as Record<string, unknown>)
        return sessionJson(row, role, out.state)
      })
    },
  )

  // [SE5]
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: Static<typeof AdvanceBody> | undefined }>(
    '/api/sessions/:id/advance',
    { schema: { params: BoardIdParams, querystring: KeyQuery, body: Type.Optional(AdvanceBody) } },
    async (req) => {
      const { row, role } = await authorizeSession(storage, req, req.params.id, ['facilitator'])
      return serial(row.id, async (touched) => {
        const before = await readState(row.id)
        for (const p of exercisesInOrder(before)) touched.add(p.exercise.boardId)
        const planned = advanceSession(before, req.body?.to, Date.now())
        if ('error' in planned) throw new HttpError(planned.error.status, planned.error.code, planned.error.message)
        // the exercise left first: closed to participants before it is counted, revealed and
        // snapshotted (nothing sent meanwhile is left out of its record), then the one entered
        // is made ready, and only then does `current` change: a page that arrives finds it open
        if (planned.from && planned.from.id !== planned.to.id) {
          await setClosed(planned.from.boardId, !exerciseOpen(planned.state, planned.from.id))
          await endExercise(planned.from, before.lang)
        }
        await startExercise(planned.to, planned.state)
        const out = await changeState(row.id, (s) => advanceSession(s, planned.to.id, Date.now()))
        req.log.info({ sessionId: row.id, from: planned.from?.id, to: planned.to.id }, 'session advanced')
        await audit(storage, req, row.id, 'advance', { from: planned.from?.id ?? null, to: planned.to.id })
        return sessionJson(row, role, out.state)
      })
    },
  )

  // [SE9]
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof ExportQuery> }>(
    '/api/sessions/:id/export',
    { schema: { params: BoardIdParams, querystring: ExportQuery } },
    async (req, reply) => {
      const { row } = await authorizeSession(storage, req, req.params.id, ['facilitator'])
      const format = req.query.format ?? 'md'
      if (format !== 'md' && format !== 'csv' && format !== 'json' && format !== 'archive' && !isReportFormat(format))
        throw new HttpError(400, 'unknown_format', `Unknown export format "${format}". Use one of: md, csv, json, pdf, docx, archive.`)
      const lang = req.query.lang ?? 'sv'
      const state = await readState(row.id)
      let places = exercisesInOrder(state)
      if (req.query.exercise) {
        places = places.filter((p) => p.exercise.id === req.query.exercise)
        if (!places.length) throw new HttpError(404, 'exercise_not_found', 'The session has no such exercise.')
      }
      const takenAt = new Date()
      const parts: SessionPart[] = []
      for (const p of places) {
        const board = await storage.getBoard(p.exercise.boardId)
        if (!board) continue
        parts.push({
          meeting: p.meeting,
          exercise: p.exercise,
          doc: docOf(await rooms.currentState(board.id)),
          ctx: { boardId: board.id, title: p.exercise.title, template: board.template, ...templates.exportInfo(board.template, lang), takenAt, lang },
        })
      }
      await audit(storage, req, row.id, 'export', { format, exercise: req.query.exercise ?? null })
      const title = req.query.exercise && places[0] ? `${state.title} – ${places[0].exercise.title}` : state.title
      const send = (type: string, ext: string, body: string) => attachment(reply, type, fileName(title, takenAt, ext)).send(body)
      if (format === 'md') return send('text/markdown; charset=utf-8', 'md', sessionMarkdown(state, parts, takenAt, lang))
      if (format === 'csv') return send('text/csv; charset=utf-8', 'csv', sessionCsv(parts, lang))
      const sessionJsonText = () =>
        JSON.stringify({ tavla: 'session', version: 1, session: state, boards: Object.fromEntries(parts.map((p) => [p.exercise.id, toTldrFile(p.doc)])) })
      if (isReportFormat(format) || format === 'archive') {
        // issue 15: the decision report, exercise by exercise in agenda order
        const participants = await countParticipants(
          rooms,
          parts.map((p) => p.ctx.boardId),
          parts.map((p) => p.doc),
        )
        const body = await renderReport(format === 'archive' ? 'pdf' : format, {
          title,
          takenAt,
          lang,
          kind: req.query.exercise ? 'board' : 'session',
          anonymous: state.anonymous,
          participants,
          exercises: parts.map((p) => ({ doc: p.doc, ctx: p.ctx, meeting: p.meeting, prompt: p.exercise.prompt })),
        })
        if (format === 'archive') {
          // [SE9] the session's archive package (packages/export SPEC [A1]–[A7])
          const pkg = await sessionArchive({
            session: { id: row.id, title, createdAt: row.createdAt, anonymous: state.anonymous, template: state.template },
            exercises: parts.map((p) => ({
              id: p.exercise.id,
              title: p.exercise.title,
              meeting: p.meeting.title,
              boardId: p.ctx.boardId,
              doc: p.doc,
              ctx: p.ctx,
            })),
            csv: sessionCsv(parts, lang),
            json: sessionJsonText(),
            pdf: body,
            lang,
            participants,
            retentionDays: config.retentionDays,
            exerciseId: req.query.exercise,
            madeAt: takenAt,
          })
          return sendArchive(reply, pkg)
        }
        return attachment(reply, REPORT_TYPES[format], fileName(title, takenAt, format)).send(body)
      }
      return send('application/json; charset=utf-8', 'json', sessionJsonText())
    },
  )

  // [SE10]
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: Static<typeof RestoreBody> | undefined }>(
    '/api/sessions/:id/restore',
    {
      onRequest: creationGate(config),
      schema: { params: BoardIdParams, querystring: KeyQuery, body: Type.Optional(RestoreBody), response: { 201: CreatedSessionSchema } },
    },
    async (req, reply) => {
      const { row } = await authorizeSession(storage, req, req.params.id, ['facilitator'])
      const at = req.body?.at
      const state = await readState(row.id)
      const sources: BoardSource[] = []
      for (const p of exercisesInOrder(state)) {
        let source: BoardSource
        if (at !== undefined) {
          const snap = (await storage.listSnapshots(p.exercise.boardId)).find((s) => s.createdAt <= at)
          const got = snap && (await storage.getSnapshot(p.exercise.boardId, snap.id))
          if (got) source = { state: got.state }
        }
        if (!source && (await storage.getBoard(p.exercise.boardId))) source = { state: await rooms.currentState(p.exercise.boardId) }
        sources.push(source)
      }
      const meetings = state.meetings.map((m) => ({
        meeting: { id: m.id, title: m.title, date: m.date },
        exercises: m.exercises.map(({ id: _i, boardId: _b, startedAt: _s, endedAt: _e, ...init }) => init),
      }))
      const stamp = localTime(new Date(at ?? Date.now()), 'long', state.lang)
      const title = `${state.title} (${state.lang === 'en' ? 'restored from' : 'återställd från'} ${stamp})`.slice(0, 200)
      const created = await createSession(
        build,
        baseUrl(req, config),
        { title, lang: state.lang, anonymous: state.anonymous, ...(state.template ? { template: state.template } : {}), meetings },
        sources,
      )
      await audit(storage, req, row.id, 'restore', { newSession: created.id, at: at ?? null })
      await audit(storage, req, created.id, 'created', { restoredFrom: row.id, at: at ?? null })
      await recordOwner(storage, req, created.id)
      return reply.code(201).send(created)
    },
  )
}

function attachment(reply: FastifyReply, type: string, name: string): FastifyReply {
  return reply
    .type(type)
    .header('content-disposition', `attachment; filename="${name.replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name)}`)
}
