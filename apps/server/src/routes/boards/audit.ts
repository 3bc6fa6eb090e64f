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

/** Issue 9: the audit trail, and deleting a board with everything stored about it. */
export function auditRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  const { storage, rooms } = deps
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/audit',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyQuery,
        response: {
          200: Type.Object({
            entries: Type.Array(Type.Object({ at: Type.String(), action: Type.String(), detail: Type.Object({}, { additionalProperties: true }) })),
          }),
        },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      return { entries: (await storage.listAudit(board.id)).map((e) => ({ at: new Date(e.at).toISOString(), action: e.action, detail: e.detail })) }
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
