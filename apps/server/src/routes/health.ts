import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import type { RoomRegistry } from '../rooms/RoomRegistry.ts'

/** How long /healthz waits for the storage backend before calling it down. */
const PING_TIMEOUT_MS = 2000

const Health = {
  /** ok; retrying = it answers again but rooms still hold updates whose write failed; down = it does not answer. */
  storage: Type.Union([Type.Literal('ok'), Type.Literal('retrying'), Type.Literal('down')]),
  /** Only with REDIS_URL: ok, or reconnecting. */
  redis: Type.Optional(Type.String()),
  /** Updates applied in memory and not yet written to storage. */
  unsavedUpdates: Type.Integer(),
  rooms: Type.Integer(),
  connections: Type.Integer(),
}

/** Resolves with undefined when the backend answers in time, else with why not. */
function ping(storage: BoardStorage): Promise<string | undefined> {
  return new Promise((res) => {
    const timer = setTimeout(() => res(`no answer within ${PING_TIMEOUT_MS} ms`), PING_TIMEOUT_MS)
    storage.ping().then(
      () => (clearTimeout(timer), res(undefined)),
      (err: Error) => (clearTimeout(timer), res(err?.message ?? String(err))),
    )
  })
}

/**
 * [H1] Health: 200 when the process, the storage backend and (when configured) Redis all answer;
 * 503 `degraded` with each backend's state otherwise. The reason of a failure is logged, not sent:
 * this route needs no key.
 */
export function healthRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry }): void {
  app.get(
    '/healthz',
    {
      schema: {
        response: {
          200: Type.Object({ status: Type.Literal('ok'), ...Health }),
          503: Type.Object({ status: Type.Literal('degraded'), ...Health }),
        },
      },
    },
    async (req, reply) => {
      const failure = await ping(deps.storage)
      if (failure) req.log.warn({ storage: deps.storage.kind, failure }, 'health: storage does not answer')
      const { rooms, connections, unsavedUpdates, retryingRooms } = deps.rooms.stats()
      const storage = failure ? 'down' : retryingRooms > 0 ? 'retrying' : 'ok'
      const redis = deps.rooms.bus?.status
      const ok = storage === 'ok' && (redis === undefined || redis === 'ok')
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', storage, ...(redis ? { redis } : {}), unsavedUpdates, rooms, connections })
    },
  )
}
