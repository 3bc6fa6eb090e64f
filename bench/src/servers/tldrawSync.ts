// tldraw's own sync server as a tldraw user would run it on Node, after tldraw's
// templates/simple-server-example (server.node.ts + rooms.ts, tldraw 5.4.2): Fastify with
// @fastify/websocket, `GET /connect/:roomId?sessionId=…`, one TLSocketRoom per room with its records
// in SQLite (SQLiteSyncStorage over NodeSqliteWrapper, one database file per room, SQLite's default
// pragmas as the template leaves them), the room closed when its last session leaves. The template
// opens the file with better-sqlite3; this uses Node's built-in node:sqlite (NodeSqliteWrapper takes
// either: both are synchronous SQLite in the process, and it needs no native build).
// Env: PORT, HOST, DATA_DIR (required), SQLITE_PRAGMAS (optional, `;`-separated: a what-if, not the template).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import websocketPlugin from '@fastify/websocket'
import { NodeSqliteWrapper, SQLiteSyncStorage, TLSocketRoom } from '@tldraw/sync-core'
import fastify from 'fastify'

const port = Number(process.env.PORT ?? 5858)
const host = process.env.HOST ?? '127.0.0.1'
const dataDir = process.env.DATA_DIR
if (!dataDir) throw new Error('DATA_DIR is required')
mkdirSync(dataDir, { recursive: true })

const rooms = new Map<string, { room: TLSocketRoom; db: DatabaseSync }>()

function makeOrLoadRoom(rawId: string): TLSocketRoom {
  // The template sanitizes the id before it names a file.
  const roomId = rawId.replace(/[^a-zA-Z0-9_-]/g, '_')
  const existing = rooms.get(roomId)
  if (existing && !existing.room.isClosed()) return existing.room
  const db = new DatabaseSync(join(dataDir as string, `${roomId}.db`))
  // Not the template's: only for the bench's what-if rows (e.g. `journal_mode = WAL; synchronous = NORMAL`).
  if (process.env.SQLITE_PRAGMAS) for (const p of process.env.SQLITE_PRAGMAS.split(';')) if (p.trim()) db.exec(`PRAGMA ${p.trim()}`)
  const storage = new SQLiteSyncStorage({ sql: new NodeSqliteWrapper(db) })
  const room = new TLSocketRoom({
    storage,
    onSessionRemoved(r, { numSessionsRemaining }) {
      if (numSessionsRemaining > 0) return
      r.close()
      db.close()
      rooms.delete(roomId)
    },
  })
  rooms.set(roomId, { room, db })
  return room
}

const app = fastify()
await app.register(websocketPlugin)
app.register(async (scope) => {
  scope.get('/connect/:roomId', { websocket: true }, (socket, req) => {
    const { roomId } = req.params as { roomId: string }
    const { sessionId } = req.query as { sessionId?: string }
    if (!sessionId) {
      socket.close(4400, 'sessionId is required')
      return
    }
    makeOrLoadRoom(roomId).handleSocketConnect({ sessionId, socket })
  })
})

await app.listen({ port, host })
console.log(`tldraw sync (TLSocketRoom, SQLite in ${dataDir}) listening on ${host}:${port}`)

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    for (const { room, db } of rooms.values()) {
      room.close()
      db.close()
    }
    void app.close().then(() => process.exit(0))
  })
}
