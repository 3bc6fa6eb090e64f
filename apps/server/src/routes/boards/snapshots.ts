import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import { HttpError } from '../../errors.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'

const SnapshotParams = Type.Object({ id: Type.String({ maxLength: 200 }), sid: Type.String({ maxLength: 200 }) })
const KeyOnly = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) })

/** [H19] Deleting a snapshot (facilitator key), so the manual snapshot quota [L9] can be freed. */
export function snapshotRoutes(app: FastifyInstance, deps: { storage: BoardStorage }): void {
  const { storage } = deps
  app.delete<{ Params: Static<typeof SnapshotParams>; Querystring: Static<typeof KeyOnly> }>(
    '/api/boards/:id/snapshots/:sid',
    { schema: { params: SnapshotParams, querystring: KeyOnly } },
    async (req, reply) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      if (!(await storage.deleteSnapshot(board.id, req.params.sid))) throw new HttpError(404, 'snapshot_not_found', 'There is no such snapshot of this board.')
      req.log.info({ boardId: board.id, snapshot: req.params.sid }, 'snapshot deleted')
      await audit(storage, req, board.id, 'snapshot.delete', { snapshot: req.params.sid })
      return reply.code(204).send()
    },
  )
}
