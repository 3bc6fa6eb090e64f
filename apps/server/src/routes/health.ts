import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import type { RoomServer } from '../rooms/RoomServer.ts'

/** [H1] Health: the process answers, and so do the storage backend and (when configured) Redis. */
export function healthRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomServer }): void {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: Type.Object({ status: Type.Literal('ok'), storage: Type.String(), redis: Type.Optional(Type.String()), rooms: Type.Integer(), connections: Type.Integer() }),
          503: Type.Object({ status: Type.Literal('degraded'), storage: Type.String(), redis: Type.Optional(Type.String()), rooms: Type.Integer(), connections: Type.Integer() }),
        },
      },
    },
    async (_req, reply) => {
      const { rooms, connections, unsavedUpdates } = deps.rooms.stats()
      let storage = 'ok'
      try {
        await deps.storage.ping()
        if (deps.rooms.lastStorageError) storage = `retrying (${unsavedUpdates} updates waiting)`
      } catch (err) {
        storage = `unreachable: ${(err as Error).message}`
      }
      const redis = deps.rooms.bus?.status
      const ok = storage === 'ok' && (redis === undefined || redis === 'ok')
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', storage, ...(redis ? { redis } : {}), rooms, connections })
    },
  )
}
