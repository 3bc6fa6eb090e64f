import { timingSafeEqual } from 'node:crypto'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { collectDefaultMetrics, Registry } from 'prom-client'
import type { Config } from '../config.ts'
import { HttpError } from '../errors.ts'
import type { RoomRegistry } from '../rooms/RoomRegistry.ts'
import { reportPool } from '../report/ReportPool.ts'

const isLoopback = (addr: string | undefined) => !!addr && (addr === '::1' || addr.startsWith('127.') || addr.startsWith('::ffff:127.'))

/**
 * [L11] /metrics is for the operator: from loopback (the address as TRUST_PROXY reads it, so a
 * local proxy does not make everyone local) or with `Authorization: Bearer <METRICS_TOKEN>`.
 */
function allowMetrics(req: FastifyRequest, token: string | undefined): void {
  const given = req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
  if (token && given) {
    const a = Buffer.from(given)
    const b = Buffer.from(token)
    if (a.length === b.length && timingSafeEqual(a, b)) return
    throw new HttpError(403, 'forbidden', 'This metrics token is not the one the server has (METRICS_TOKEN).')
  }
  if (isLoopback(req.ip)) return
  throw new HttpError(
    401,
    'metrics_token_required',
    token
      ? 'Metrics are for the operator: send Authorization: Bearer <METRICS_TOKEN>.'
      : 'Metrics answer only on this machine (loopback); set METRICS_TOKEN to read them from elsewhere.',
  )
}

/**
 * [OP7] prom-client's standard process metrics (CPU, memory, event loop lag, handles, GC, heap
 * spaces), one registry for the process however many apps it builds (tests build several).
 */
let processMetrics: Registry | undefined
function defaultMetrics(): Registry {
  if (!processMetrics) {
    processMetrics = new Registry()
    collectDefaultMetrics({ register: processMetrics })
  }
  return processMetrics
}

/** Prometheus text format: rooms, connections, messages, bytes, persistence lag, and the process's own. */
export function metricsRoutes(app: FastifyInstance, deps: { rooms: RoomRegistry; config: Pick<Config, 'metricsToken'> }): void {
  app.get('/metrics', async (req, reply) => {
    allowMetrics(req, deps.config.metricsToken)
    const s = deps.rooms.stats()
    const mem = process.memoryUsage()
    const reports = reportPool().stats()
    const lines = [
      ['tavla_rooms', 'gauge', 'Board parts open in memory', s.rooms],
      ['tavla_connections', 'gauge', 'Open websocket connections', s.connections],
      ['tavla_messages_received_total', 'counter', 'Websocket messages received', s.messagesIn],
      ['tavla_bytes_received_total', 'counter', 'Websocket bytes received', s.bytesIn],
      ['tavla_messages_sent_total', 'counter', 'Websocket frames sent', s.messagesOut],
      ['tavla_bytes_sent_total', 'counter', 'Websocket bytes sent', s.bytesOut],
      ['tavla_unsaved_updates', 'gauge', 'Updates applied but not yet written to storage (persistence lag)', s.unsavedUpdates],
      ['tavla_oldest_unsaved_seconds', 'gauge', 'Age of the oldest update not yet written to storage', s.oldestUnsavedMs / 1000],
      ['tavla_storage_errors_total', 'counter', 'Failed storage writes (retried)', s.storageErrors],
      ['tavla_memory_reclaims_total', 'counter', 'Full garbage collections run after the last board unloaded ([W7])', s.memoryReclaims],
      ['tavla_report_renders', 'gauge', 'Reports and board pictures being made now, in worker threads ([L18])', reports.running],
      ['tavla_report_queue', 'gauge', 'Reports waiting for a worker (MAX_REPORT_QUEUE)', reports.queued],
      ['nodejs_heap_used_bytes', 'gauge', 'V8 heap in use', mem.heapUsed],
    ] as const
    const text = `${lines.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`).join('\n')}\n${await defaultMetrics().metrics()}`
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text)
  })
}
