// [H13] Every link of a board, shown again at any time, and replacing any role's key;
// [H18] identities the server signs for one board and device (issue 12 item 5).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import { ROLES } from '../../KeyIssuer.ts'
import type { Role } from '../../rooms/Connection.ts'
import type { RoomServer } from '../../rooms/RoomServer.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'
import { baseUrl } from './create.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

const NullableLinks = Type.Object({ facilitator: Type.Union([Type.String(), Type.Null()]), participant: Type.Union([Type.String(), Type.Null()]), viewer: Type.Union([Type.String(), Type.Null()]) })
const RoleParams = Type.Object({ id: Type.String({ maxLength: 200 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))) })

export function keyRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomServer; config: Config }): void {
  const { storage, rooms, config } = deps
  const link = (base: string, boardId: string, key: string) => `${base}/b/${boardId}?key=${key}`

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/links',
    { schema: { params: BoardIdParams, querystring: KeyQuery, response: { 200: Type.Object({ links: NullableLinks, missing: Type.Array(Type.String()), message: Type.Optional(Type.String()) }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const keys = rooms.keys.currentKeys(board)
      const base = baseUrl(req, config)
      const links = { facilitator: null, participant: null, viewer: null } as Record<Role, string | null>
      const missing: Role[] = []
      for (const role of ROLES) {
        const key = keys[role]
        if (key) links[role] = link(base, board.id, key)
        else missing.push(role)
      }
      // an old board (keys made before [K1]) has only hashes: its links cannot be shown, only replaced
      const message = missing.length
        ? `The ${missing.join(', ')} link of this board was made before the server could show links again; it still works, but to see it here, replace it (the old link then stops working).`
        : undefined
      return { links, missing, ...(message ? { message } : {}) }
    },
  )

  app.post<{ Params: Static<typeof RoleParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/keys/:role',
    { schema: { params: RoleParams, querystring: KeyQuery, response: { 200: Type.Object({ role: Type.String(), key: Type.String(), link: Type.String(), disconnected: Type.Integer() }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const role = req.params.role
      const { key, hashes } = rooms.keys.replace(board, role)
      if (!(await storage.updateBoard(board.id, { keyHashes: hashes, updatedAt: Date.now() }))) throw new HttpError(404, 'board_not_found', 'There is no board with this address.')
      const disconnected = rooms.keysReplaced(board.id, role)
      req.log.info({ boardId: board.id, role, disconnected }, 'key replaced')
      await audit(storage, req, board.id, 'key.rotate', { role, disconnected })
      return { role, key, link: link(baseUrl(req, config), board.id, key), disconnected }
    },
  )
}
