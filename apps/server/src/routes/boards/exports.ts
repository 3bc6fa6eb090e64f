import { randomBytes } from 'node:crypto'
import type { FastifyInstance, FastifyReply } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import { fromTldrFile, localTime, toCsv, toMarkdown, toTldrFile, type ExportContext } from '@tavla/export'
import type { BoardRow, BoardStorage, SnapshotInfo } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import type { TemplateCatalog } from '../../plugins/templates.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { authorize } from './access.ts'
import { baseUrl, createBoard } from './create.ts'
import { audit } from './audit.ts'
import { checkSnapshotQuota } from './limits.ts'
import { restoreInPlace } from './trash.ts'
import { countParticipants, isReportFormat, renderReport, REPORT_TYPES, type Participants } from './report.ts'
import { BoardIdParams, CreatedBoardSchema } from './schemas.ts'
import { boardArchive, sendArchive } from './archive.ts'

const Formats = ['json', 'md', 'csv', 'yjs', 'pdf', 'docx', 'archive'] as const
type Format = (typeof Formats)[number]
const ExportQuery = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 200 })),
  format: Type.Optional(Type.String({ maxLength: 20 })),
  lang: Type.Optional(Type.Union([Type.Literal('sv'), Type.Literal('en')])),
})
const SnapshotParams = Type.Object({ id: Type.String({ maxLength: 200 }), sid: Type.String({ maxLength: 200 }) })
const SnapshotSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  createdAt: Type.String(),
  auto: Type.Boolean(),
  bytes: Type.Integer(),
  // [H9] [S16] the fingerprint: SHA-256 of the stored Yjs state, hex
  sha256: Type.String({ pattern: '^[0-9a-f]{64}$' }),
})
const KeyOnly = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) })

const snapshotJson = (s: SnapshotInfo) => ({
  id: s.id,
  name: s.name,
  createdAt: new Date(s.createdAt).toISOString(),
  auto: s.auto,
  bytes: s.bytes,
  sha256: s.sha256,
})

/** A file name people recognise: the title, the Swedish local time ([H8]), no characters file systems dislike. */
export function fileName(title: string, when: Date, ext: string): string {
  const safe =
    title
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes from a file name
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .trim()
      .slice(0, 80) || 'tavla'
  return `${safe} ${localTime(when, 'file')}.${ext}`
}

function parseFormat(raw: string | undefined, allowed: readonly Format[]): Format {
  const f = (raw ?? 'json') as Format
  if (!allowed.includes(f)) throw new HttpError(400, 'unknown_format', `Unknown export format "${raw}". Use one of: ${allowed.join(', ')}.`)
  return f
}

async function send(
  reply: FastifyReply,
  doc: Y.Doc,
  state: Uint8Array,
  format: Format,
  ctx: ExportContext,
  who?: { anonymous: boolean; participants: () => Promise<Participants> },
) {
  const name = (ext: string) => fileName(ctx.snapshot ? `${ctx.title} – ${ctx.snapshot.name}` : ctx.title, ctx.takenAt, ext)
  const disposition = (ext: string) => `attachment; filename="${name(ext).replace(/[^\x20-\x7e]/g, '_')}"; filename*=UTF-8''${encodeURIComponent(name(ext))}`
  if (isReportFormat(format)) {
    // issue 15: the decision report, from the same document the other formats are made of
    const body = await renderReport(format, {
      title: ctx.title,
      takenAt: ctx.takenAt,
      lang: ctx.lang ?? 'sv',
      kind: 'board',
      anonymous: who?.anonymous ?? false,
      participants: (await who?.participants()) ?? 0,
      snapshot: ctx.snapshot,
      exercises: [{ doc, ctx }],
    })
    return reply.type(REPORT_TYPES[format]).header('content-disposition', disposition(format)).send(body)
  }
  switch (format) {
    case 'md':
      return reply.type('text/markdown; charset=utf-8').header('content-disposition', disposition('md')).send(toMarkdown(doc, ctx))
    case 'csv':
      return reply.type('text/csv; charset=utf-8').header('content-disposition', disposition('csv')).send(toCsv(doc, ctx))
    case 'yjs':
      return reply.type('application/octet-stream').header('content-disposition', disposition('yjs')).send(Buffer.from(state))
    default:
      return reply
        .type('application/json; charset=utf-8')
        .header('content-disposition', disposition('tldr'))
        .send(JSON.stringify(toTldrFile(doc)))
  }
}

const docOf = (state: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

/** Issue 5: exports of the live board, session snapshots, and restoring one as a new board. */
export function exportRoutes(app: FastifyInstance, deps: { storage: BoardStorage; templates: TemplateCatalog; rooms: RoomRegistry; config: Config }): void {
  const { storage, templates, rooms, config } = deps
  const context = (board: BoardRow, takenAt: Date, lang: 'sv' | 'en', snapshot?: SnapshotInfo): ExportContext => ({
    boardId: board.id,
    title: board.title,
    template: board.template,
    ...templates.exportInfo(board.template, lang),
    takenAt,
    lang,
    snapshot: snapshot && { id: snapshot.id, name: snapshot.name },
  })
  // the report's cover: anonymity, and who took part (the board's private parts now, the document's authors)
  const who = (board: BoardRow, doc: Y.Doc) => ({
    anonymous: board.settings.anonymous === true,
    participants: () => countParticipants(rooms, [board.id], [doc]),
  })

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof ExportQuery> }>(
    '/api/boards/:id/export',
    { schema: { params: BoardIdParams, querystring: ExportQuery } },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const format = parseFormat(req.query.format, ['json', 'md', 'csv', 'pdf', 'docx', 'archive'])
      const state = await rooms.currentState(board.id)
      await audit(storage, req, board.id, 'export', { format })
      const doc = docOf(state)
      if (format === 'archive') {
        const w = who(board, doc)
        const ctx = context(board, new Date(), req.query.lang ?? 'sv')
        return sendArchive(
          reply,
          await boardArchive({ board, doc, state, ctx, anonymous: w.anonymous, participants: await w.participants(), retentionDays: config.retentionDays }),
        )
      }
      return send(reply, doc, state, format, context(board, new Date(), req.query.lang ?? 'sv'), who(board, doc))
    },
  )

  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyOnly>; Body: { name?: string } | undefined }>(
    '/api/boards/:id/snapshots',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyOnly,
        response: { 201: SnapshotSchema },
      },
    },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      // The body is optional (a name), so it is checked here, after the key, not by a schema.
      const given = (req.body as { name?: unknown } | undefined)?.name
      if (given !== undefined && (typeof given !== 'string' || given.length > 200)) {
        throw new HttpError(400, 'invalid_request', 'The snapshot name must be text of at most 200 characters.')
      }
      await checkSnapshotQuota(storage, board.id, config) // [L9] before the state is encoded
      const state = await rooms.currentState(board.id)
      await checkSnapshotQuota(storage, board.id, config, state.byteLength)
      const now = Date.now()
      const name = (given as string | undefined)?.trim() || `Ögonblicksbild ${new Date(now).toLocaleString('sv-SE', { timeZone: 'Europe/Stockholm' })}`
      const info = await storage.saveSnapshot(
        { id: randomBytes(9).toString('base64url'), boardId: board.id, name, createdAt: now, auto: false, bytes: state.byteLength },
        state,
      )
      req.log.info({ boardId: board.id, snapshot: info.id }, 'snapshot saved')
      await audit(storage, req, board.id, 'snapshot', { snapshot: info.id, name })
      return reply.code(201).send(snapshotJson(info))
    },
  )

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyOnly> }>(
    '/api/boards/:id/snapshots',
    { schema: { params: BoardIdParams, querystring: KeyOnly, response: { 200: Type.Object({ snapshots: Type.Array(SnapshotSchema) }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      return { snapshots: (await storage.listSnapshots(board.id)).map(snapshotJson) }
    },
  )

  const findSnapshot = async (boardId: string, sid: string) => {
    const snap = await storage.getSnapshot(boardId, sid)
    if (!snap) throw new HttpError(404, 'snapshot_not_found', 'There is no such snapshot of this board.')
    return snap
  }

  app.get<{ Params: Static<typeof SnapshotParams>; Querystring: Static<typeof ExportQuery> }>(
    '/api/boards/:id/snapshots/:sid/export',
    { schema: { params: SnapshotParams, querystring: ExportQuery } },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const format = parseFormat(req.query.format, Formats)
      const { info, state } = await findSnapshot(board.id, req.params.sid)
      await audit(storage, req, board.id, 'export', { format, snapshot: info.id })
      const doc = docOf(state)
      if (format === 'archive') {
        // [H9] the snapshot's own bytes are in the package: their SHA-256 is its fingerprint
        const w = who(board, doc)
        const ctx = context(board, new Date(info.createdAt), req.query.lang ?? 'sv', info)
        return sendArchive(
          reply,
          await boardArchive({
            board,
            doc,
            state,
            ctx,
            snapshot: info,
            anonymous: w.anonymous,
            participants: await w.participants(),
            retentionDays: config.retentionDays,
          }),
        )
      }
      return send(reply, doc, state, format, context(board, new Date(info.createdAt), req.query.lang ?? 'sv', info), who(board, doc))
    },
  )

  const RestoreQuery = Type.Object({
    key: Type.Optional(Type.String({ maxLength: 200 })),
    mode: Type.Optional(Type.Union([Type.Literal('new'), Type.Literal('in-place')])),
  })
  const InPlaceSchema = Type.Object({
    inPlace: Type.Literal(true),
    before: SnapshotSchema,
    records: Type.Integer(),
    reactions: Type.Integer(),
    themes: Type.Integer(),
    comments: Type.Integer(),
  })
  app.post<{ Params: Static<typeof SnapshotParams>; Querystring: Static<typeof RestoreQuery> }>(
    '/api/boards/:id/snapshots/:sid/restore',
    { schema: { params: SnapshotParams, querystring: RestoreQuery, response: { 200: InPlaceSchema, 201: CreatedBoardSchema } } },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const { info, state } = await findSnapshot(board.id, req.params.sid)
      if (req.query.mode === 'in-place') {
        // [H18] the live board takes the snapshot's notes, reactions, themes and comments; links stay the same
        const done = await restoreInPlace(storage, rooms, board, { info, state })
        req.log.info({ boardId: board.id, snapshot: info.id, before: done.before.id }, 'snapshot restored in place')
        await audit(storage, req, board.id, 'restore', { snapshot: info.id, inPlace: true, before: done.before.id })
        return reply.code(200).send({
          inPlace: true as const,
          before: snapshotJson(done.before),
          records: done.records,
          reactions: done.reactions,
          themes: done.themes,
          comments: done.comments,
        })
      }
      // Through the tldraw file, so the new board is a clean copy (no history of the old one).
      const { seed, records, session } = fromTldrFile(toTldrFile(docOf(state)), board.title, { dropInvalid: true })
      const title = `${board.title} (${info.name})`.slice(0, 200)
      const settings = board.settings.anonymous ? { anonymous: true } : {}
      const created = await createBoard(storage, rooms.keys, baseUrl(req, config), { ...seed, title }, { records, session, settings })
      req.log.info({ boardId: board.id, snapshot: info.id, restored: created.id }, 'snapshot restored as a new board')
      await audit(storage, req, board.id, 'restore', { snapshot: info.id, newBoard: created.id })
      await audit(storage, req, created.id, 'created', { restoredFrom: board.id, snapshot: info.id })
      return reply.code(201).send(created)
    },
  )
}
