// The storage contract against a real PostgreSQL server (Debian's package, started here on a free
// loopback port), plus what only Postgres has: migrations under concurrent starts, and outages.
import { createHash } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import pg from 'pg'
import { startPostgres, type RunningPostgres } from '../../../tests/support/postgres.ts'
import { MIGRATIONS, PostgresStorage } from './PostgresStorage.ts'
import { storageContract } from './contract.ts'

let server: RunningPostgres
let url = ''

// Installing the package on a fresh machine takes a while; starting takes a few seconds.
beforeAll(async () => {
  server = await startPostgres()
  url = await server.createDatabase('contract')
}, 300_000)
afterAll(async () => {
  await server?.close()
}, 60_000)

/** One statement on the same database, past the store (as psql would). */
const raw = async (sql: string, params: unknown[] = []) => {
  const c = new pg.Client({ connectionString: url })
  await c.connect()
  try {
    await c.query(sql, params)
  } finally {
    await c.end()
  }
}
storageContract('postgres', () => PostgresStorage.connect(url), { reopen: () => PostgresStorage.connect(url), raw })

const board = (id: string) => ({
  id,
  title: 'Postgres',
  template: 'blank',
  createdAt: Date.now(),
  updatedAt: Date.now(),
  keyHashes: { facilitator: 'f'.repeat(64), participant: 'p'.repeat(64), viewer: 'v'.repeat(64) },
  settings: {},
})

describe('PostgresStorage', () => {
  it('[P1][P2] creates the schema once when several processes start at the same time, and migrates idempotently', async () => {
    const fresh = await server.createDatabase('migrate')
    const stores = await Promise.all(Array.from({ length: 5 }, () => PostgresStorage.connect(fresh, { max: 2 })))
    await Promise.all(stores.map((s) => s.close()))
    const again = await PostgresStorage.connect(fresh)
    await again.close()
    const c = new pg.Client({ connectionString: fresh })
    await c.connect()
    try {
      const { rows } = await c.query('SELECT version FROM schema_version')
      expect(rows).toEqual([{ version: MIGRATIONS.length }])
    } finally {
      await c.end()
    }
  })

  it('[P1][S16] migrates a version-2 database: the fingerprint column and the triggers; an old snapshot gets its SHA-256 when read', async () => {
    const fresh = await server.createDatabase('v2')
    const c = new pg.Client({ connectionString: fresh })
    await c.connect()
    try {
      await c.query(MIGRATIONS[0]!)
      await c.query(MIGRATIONS[1]!)
      await c.query('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (2)')
      await c.query(`INSERT INTO boards (id, title, template, created_at, updated_at, key_hashes) VALUES ('b1', 'Gammal', 'blank', 1, 1, '{}')`)
      await c.query(`INSERT INTO session_snapshots (board_id, id, name, created_at, auto, data) VALUES ('b1', 's1', 'Före', 10, false, '\\x0506')`)
      const store = await PostgresStorage.connect(fresh)
      try {
        const [info] = await store.listSnapshots('b1')
        expect(info!.sha256).toBe(
          createHash('sha256')
            .update(Buffer.from([5, 6]))
            .digest('hex'),
        )
        expect((await c.query('SELECT sha256 FROM session_snapshots')).rows).toEqual([{ sha256: info!.sha256 }])
        await expect(c.query(`UPDATE session_snapshots SET name = 'x'`)).rejects.toThrow(/cannot change/)
        expect((await c.query('SELECT version FROM schema_version')).rows).toEqual([{ version: MIGRATIONS.length }])
      } finally {
        await store.close()
      }
    } finally {
      await c.end()
    }
  })

  it('[P1] refuses a database whose schema is newer than it knows', async () => {
    const fresh = await server.createDatabase('newer')
    await (await PostgresStorage.connect(fresh)).close()
    const c = new pg.Client({ connectionString: fresh })
    await c.connect()
    await c.query('UPDATE schema_version SET version = version + 1')
    await c.end()
    await expect(PostgresStorage.connect(fresh)).rejects.toThrow(/newer than this server knows/)
  })

  it('[S7][P5] rejects while Postgres is down, loses nothing written before, and works again when it is back', async () => {
    const store = await PostgresStorage.connect(url, { connectTimeoutMs: 2000 })
    try {
      const doc = new Y.Doc()
      await store.createBoard(board('outage'), Y.encodeStateAsUpdate(doc))
      doc.getText('t').insert(0, 'före ')
      await store.appendUpdates('outage', [Y.encodeStateAsUpdate(doc)])
      // Postgres goes away with transactions in flight: each call settles, nothing is thrown at the process.
      const inFlight = Promise.allSettled(Array.from({ length: 40 }, () => store.appendUpdates('outage', [new Uint8Array([0, 0])])))
      await server.stop()
      await inFlight
      const started = Date.now()
      await expect(store.ping()).rejects.toThrow()
      await expect(store.appendUpdates('outage', [new Uint8Array([0, 0])])).rejects.toThrow()
      expect(Date.now() - started).toBeLessThan(10_000) // callers are not left hanging
      await server.start()
      await store.ping() // the pool reconnects by itself
      doc.getText('t').insert(5, 'efter')
      await store.appendUpdates('outage', [Y.encodeStateAsUpdate(doc)])
      const d = new Y.Doc()
      for (const u of (await store.loadDoc('outage')).updates) Y.applyUpdate(d, u)
      expect(d.getText('t').toString()).toBe('före efter')
    } finally {
      await store.close()
    }
  }, 60_000)

  it('[S5][P4] a compaction racing appends from other connections never drops a row', async () => {
    const a = await PostgresStorage.connect(url)
    const b = await PostgresStorage.connect(url)
    try {
      const doc = new Y.Doc()
      await a.createBoard(board('race'), Y.encodeStateAsUpdate(doc))
      const writes: Promise<number>[] = []
      for (let i = 0; i < 40; i++) {
        const w = new Y.Doc()
        w.getArray<number>('a').push([i])
        writes.push((i % 2 ? a : b).appendUpdates('race', [Y.encodeStateAsUpdate(w)]))
        if (i % 10 === 5) {
          // compacts what it has read so far, as Room does with the bus: the stored rows folded in
          const stored = await a.loadDoc('race')
          writes.push(a.compact('race', Y.mergeUpdates(stored.updates), stored.lastSeq).then(() => 0))
        }
      }
      await Promise.all(writes)
      const d = new Y.Doc()
      for (const u of (await b.loadDoc('race')).updates) Y.applyUpdate(d, u)
      expect(
        d
          .getArray<number>('a')
          .toArray()
          .sort((x, y) => x - y),
      ).toEqual(Array.from({ length: 40 }, (_, i) => i))
    } finally {
      await Promise.all([a.close(), b.close()])
    }
  })
})
