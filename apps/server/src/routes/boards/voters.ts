// [H21] How many people have voted in the open (or last) vote: one private part per identity ([K3]).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import { facilitationOf, readFacilitation } from '@tavla/board'
import type { BoardStorage } from '@tavla/storage'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { authorize } from './access.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

export function voterRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  const { storage, rooms } = deps
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/voters',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyQuery,
        response: { 200: Type.Object({ vote: Type.Union([Type.String(), Type.Null()]), voters: Type.Integer(), parts: Type.Integer() }) },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const vote = await rooms.withRoom(board.id, '', (r) => readFacilitation(facilitationOf(r.doc)).vote?.id)
      const parts = await rooms.privateParts(board.id)
      if (typeof vote !== 'string') return { vote: null, voters: 0, parts: parts.length }
      let voters = 0
      for (const part of parts) {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, await rooms.currentState(board.id, part))
        const dots = doc.getMap('votes').get(vote)
        doc.destroy()
        if (Array.isArray(dots) && dots.length) voters++
      }
      return { vote, voters, parts: parts.length }
    },
  )
}
