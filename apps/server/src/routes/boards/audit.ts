import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { HttpError } from '../../errors.ts'
import { authorize } from './access.ts'
import { exerciseBoards } from '../sessions/exerciseBoards.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

/** Records a facilitator action in the board's audit trail; a failure is logged, never fatal. */
export async function audit(storage: BoardStorage, req: FastifyRequest, boardId: string, action: string, detail: Record<string, unknown> = {}): Promise<void> {
  try {
    await storage.appendAudit({ boardId, at: Date.now(), action, detail })
  } catch (err) {
    req.log.error({ err, boardId, action }, 'could not write the audit trail')
  }
}

const AuditQuery = Type.Object({
  key: Type.Optional(Type.String({ maxLength: 200 })),
  format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
})

/** [OP8] One CSV cell (RFC 4180): quoted when needed; a leading = + - @ is defused for spreadsheets. */
const cell = (text: string) => {
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe
}

/** Issue 9: the audit trail, and deleting a board with everything stored about it. */
export function auditRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  const { storage, rooms } = deps
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof AuditQuery> }>(
    '/api/boards/:id/audit',
    {
      schema: {
        params: BoardIdParams,
        querystring: AuditQuery,
        response: {
          200: Type.Object({
            entries: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), detail: Type.Object({}, { additionalProperties: true }) })),
          }),
        },
      },
    },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const entries = (await storage.listAudit(board.id)).map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, detail: e.detail }))
      const format = req.query.format
      if (!format) return { entries }
      // [OP8] the trail as a file to keep: JSON as above, or CSV (one row per action, the detail as JSON)
      reply.header('content-disposition', `attachment; filename="tavla-${board.id}-audit.${format}"`)
      if (format === 'json') return reply.type('application/json; charset=utf-8').send({ entries })
      const rows = [['at', 'action', 'detail'], ...entries.map((e) => [e.at, e.action, JSON.stringify(e.detail)])]
      // a byte order mark, so a spreadsheet reads the file as UTF-8 (å, ä, ö in names)
      return reply.type('text/csv; charset=utf-8').send(`\uFEFF${rows.map((r) => r.map(cell).join(',')).join('\r\n')}\r\n`)
    },
  )

  app.delete<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id',
    { schema: { params: BoardIdParams, querystring: KeyQuery } },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      if (typeof board.settings.session === 'string')
        throw new HttpError(
          409,
          'session_board',
          'This board is an exercise of a workshop session: remove the exercise from the session, or delete the session.',
        )
      // [SE6] a session goes with every exercise board
      const exercises = board.settings.kind === 'session' ? await exerciseBoards(rooms, board.id) : []
      for (const id of [board.id, ...exercises]) {
        rooms.dropBoard(id)
        await storage.deleteBoard(id)
      }
      req.log.info({ boardId: board.id }, 'board deleted with everything stored about it')
      return reply.code(204).send()
    },
  )
}
