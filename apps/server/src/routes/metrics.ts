import type { FastifyInstance } from 'fastify'
import type { RoomServer } from '../rooms/RoomServer.ts'

/** Prometheus text format: rooms, connections, messages, bytes, persistence lag. */
export function metricsRoutes(app: FastifyInstance, deps: { rooms: RoomServer }): void {
  app.get('/metrics', async (_req, reply) => {
    const s = deps.rooms.stats()
    const mem = process.memoryUsage()
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
      ['process_resident_memory_bytes', 'gauge', 'Resident memory', mem.rss],
      ['nodejs_heap_used_bytes', 'gauge', 'V8 heap in use', mem.heapUsed],
    ] as const
    const text = lines.map(([name, type, help, value]) => `# HELP ${name} ${help}\n# TYPE ${name} ${type}\n${name} ${value}`).join('\n') + '\n'
    return reply.type('text/plain; version=0.0.4; charset=utf-8').send(text)
  })
}
