// [H24] While private mode is on, how many notes wait in the participants' private parts: the
// facilitator's page shows the count ("12 lappar dolda för andra"), never whose or what they say.
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import { facilitationOf, readFacilitation, readRecords, recordsOf } from '@tavla/board'
import type { BoardStorage } from '@tavla/storage'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { authorize } from './access.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

export function privateNoteRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  const { storage, rooms } = deps
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/private',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyQuery,
        response: { 200: Type.Object({ active: Type.Boolean(), hidden: Type.Integer(), people: Type.Integer() }) },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const active = await rooms.withRoom(board.id, '', (r) => readFacilitation(facilitationOf(r.doc)).private?.active === true)
      if (!active) return { active: false, hidden: 0, people: 0 }
      let hidden = 0
      let people = 0
      for (const part of await rooms.privateParts(board.id)) {
        const doc = new Y.Doc()
        Y.applyUpdate(doc, await rooms.currentState(board.id, part))
        const notes = [...readRecords<{ typeName?: string; type?: string }>(recordsOf(doc)).values()].filter(
          (r) => r.typeName === 'shape' && r.type === 'note',
        ).length
        doc.destroy()
        hidden += notes
        if (notes) people++
      }
      return { active: true, hidden, people }
    },
  )
}
