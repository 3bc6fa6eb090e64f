import { createHash } from 'node:crypto'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DatabaseSync, type SQLInputValue } from 'node:sqlite'
import { describe, expect, it } from 'vitest'
import { SqliteStorage } from './SqliteStorage.ts'
import { storageContract } from './contract.ts'

const file = join(mkdtempSync(join(tmpdir(), 'tavla-sqlite-')), 'tavla.db')
/** The same file opened apart from the store, as the sqlite3 shell would. */
const raw = async (sql: string, params: unknown[] = []) => {
  const db = new DatabaseSync(file)
  try {
    db.exec('PRAGMA busy_timeout = 5000')
    db.prepare(sql.replace(/\$(\d+)/g, '?$1')).run(...(params as SQLInputValue[]))
  } finally {
    db.close()
  }
}
storageContract('sqlite file', async () => new SqliteStorage(file), { reopen: async () => new SqliteStorage(file), raw })

describe('SqliteStorage migrations', () => {
  it('[S16] a database from before fingerprints gets the column and the triggers; its snapshots their SHA-256 when read', async () => {
    const old = join(mkdtempSync(join(tmpdir(), 'tavla-sqlite-old-')), 'tavla.db')
    const db = new DatabaseSync(old)
    db.exec(`CREATE TABLE boards (id TEXT PRIMARY KEY, title TEXT NOT NULL, template TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, key_hashes TEXT NOT NULL, settings TEXT NOT NULL DEFAULT '{}');
      CREATE TABLE session_snapshots (board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE, id TEXT NOT NULL, name TEXT NOT NULL, created_at INTEGER NOT NULL, auto INTEGER NOT NULL, data BLOB NOT NULL, PRIMARY KEY (board_id, id));
      INSERT INTO boards VALUES ('b1', 'Gammal', 'blank', 1, 1, '{}', '{}');`)
    db.prepare('INSERT INTO session_snapshots VALUES (?, ?, ?, ?, ?, ?)').run('b1', 's1', 'Före', 10, 0, new Uint8Array([5, 6]))
    db.close()
    const store = new SqliteStorage(old)
    try {
      const [info] = await store.listSnapshots('b1')
      expect(info!.sha256).toBe(
        createHash('sha256')
          .update(new Uint8Array([5, 6]))
          .digest('hex'),
      )
      const check = new DatabaseSync(old)
      try {
        expect((check.prepare('SELECT sha256 FROM session_snapshots').get() as { sha256: string }).sha256).toBe(info!.sha256)
        expect(() => check.prepare("UPDATE session_snapshots SET name = 'x'").run()).toThrow(/cannot change/)
      } finally {
        check.close()
      }
    } finally {
      await store.close()
    }
  })
})
