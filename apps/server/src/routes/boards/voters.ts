// [H21][H22] Who has voted in the open (or last) vote, as counts: one private part per identity ([K3]).
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
        response: {
          200: Type.Object({
            vote: Type.Union([Type.String(), Type.Null()]),
            voters: Type.Integer(),
            present: Type.Integer(),
            parts: Type.Integer(),
          }),
        },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const vote = await rooms.withRoom(board.id, '', (r) => readFacilitation(facilitationOf(r.doc)).vote?.id)
      const parts = await rooms.privateParts(board.id)
      // [H22] M: the participants here now (each with their private part open), and whoever voted
      const present = new Set(rooms.presentParts(board.id, 'participant'))
      if (typeof vote !== 'string') return { vote: null, voters: 0, present: present.size, parts: parts.length }
      let voters = 0
      for (const part of parts) {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, await rooms.currentState(board.id, part))
        const dots = doc.getMap('votes').get(vote)
        doc.destroy()
        if (Array.isArray(dots) && dots.length) {
          voters++
          present.add(part)
        }
      }
      return { vote, voters, present: present.size, parts: parts.length }
    },
  )
}
