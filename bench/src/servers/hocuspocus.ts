// Hocuspocus 4 as a user would run it: the stock Server with its defaults (flushDelay 0 merging,
// 2 s / 10 s debounced store) and, when DATA_DIR is set, the whole document stored in SQLite the way
// @hocuspocus/extension-sqlite does (fetch the state on load, store the full state on change).
// Env: PORT, HOST, DATA_DIR (optional). Any token is accepted.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { Server } from '@hocuspocus/server'
import * as Y from 'yjs'

const port = Number(process.env.PORT ?? 1234)
const host = process.env.HOST ?? '127.0.0.1'
const dataDir = process.env.DATA_DIR

let db: DatabaseSync | undefined
if (dataDir) {
  mkdirSync(dataDir, { recursive: true })
  db = new DatabaseSync(join(dataDir, 'hocuspocus.db'))
  db.exec('PRAGMA journal_mode = WAL; CREATE TABLE IF NOT EXISTS documents (name TEXT PRIMARY KEY, data BLOB NOT NULL)')
}
const select = db?.prepare('SELECT data FROM documents WHERE name = ?')
const upsert = db?.prepare('INSERT INTO documents (name, data) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET data = excluded.data')

const server = new Server({
  port,
  address: host,
  quiet: true,
  // Idle bench clients send nothing for minutes; the default 60 s would close them.
  timeout: 30 * 60_000,
  async onAuthenticate() {},
  async onLoadDocument({ documentName, document }) {
    const row = select?.get(documentName) as { data: Uint8Array } | undefined
    if (row) Y.applyUpdate(document, row.data)
    return document
  },
  async onStoreDocument({ documentName, document }) {
    upsert?.run(documentName, Y.encodeStateAsUpdate(document))
  },
  async afterStoreDocument({ documentName }) {
    if (process.env.BENCH_LOG_STORES) console.log(`stored ${documentName}`)
  },
})

await server.listen()
console.log(`hocuspocus listening on ${host}:${port}${dataDir ? ` (SQLite in ${dataDir})` : ''}`)
