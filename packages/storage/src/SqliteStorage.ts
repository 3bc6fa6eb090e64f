import { mkdirSync } from 'node:fs'
import { dirname } from 'node:path'
import { DatabaseSync, type StatementSync } from 'node:sqlite'
import type {
  Account,
  AuditEntry,
  BoardAccount,
  BoardRole,
  BoardRow,
  BoardStorage,
  NewAccount,
  NewSnapshot,
  SnapshotInfo,
  StoredDoc,
  TrashEntry,
} from './BoardStorage.ts'
import { fingerprint, IMMUTABLE_SNAPSHOT } from './fingerprint.ts'

const SCHEMA = `
CREATE TABLE IF NOT EXISTS boards (
  id TEXT PRIMARY KEY,
  title TEXT NOT NULL,
  template TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  key_hashes TEXT NOT NULL,
  settings TEXT NOT NULL DEFAULT '{}'
);
CREATE TABLE IF NOT EXISTS doc_snapshots (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  part TEXT NOT NULL DEFAULT '',
  data BLOB NOT NULL,
  through_seq INTEGER NOT NULL,
  PRIMARY KEY (board_id, part)
);
CREATE TABLE IF NOT EXISTS doc_updates (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  part TEXT NOT NULL DEFAULT '',
  data BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS doc_updates_board ON doc_updates(board_id, part, seq);
CREATE TABLE IF NOT EXISTS session_snapshots (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  id TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  auto INTEGER NOT NULL,
  data BLOB NOT NULL,
  sha256 TEXT,
  PRIMARY KEY (board_id, id)
);
CREATE TABLE IF NOT EXISTS audit (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  at INTEGER NOT NULL,
  action TEXT NOT NULL,
  detail TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS audit_board ON audit(board_id, seq);
CREATE INDEX IF NOT EXISTS boards_updated ON boards(updated_at);
CREATE TABLE IF NOT EXISTS trash (
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  note_id TEXT NOT NULL,
  deleted_at INTEGER NOT NULL,
  record TEXT NOT NULL,
  author TEXT,
  deleted_by TEXT,
  PRIMARY KEY (board_id, note_id)
);
CREATE INDEX IF NOT EXISTS trash_board ON trash(board_id, deleted_at);
CREATE TABLE IF NOT EXISTS accounts (
  id TEXT PRIMARY KEY,
  issuer TEXT NOT NULL,
  subject TEXT NOT NULL,
  name TEXT,
  email TEXT,
  created_at INTEGER NOT NULL,
  last_sign_in_at INTEGER NOT NULL,
  UNIQUE (issuer, subject)
);
CREATE INDEX IF NOT EXISTS accounts_email ON accounts(lower(email));
CREATE TABLE IF NOT EXISTS board_accounts (
  account_id TEXT NOT NULL REFERENCES accounts(id) ON DELETE CASCADE,
  board_id TEXT NOT NULL REFERENCES boards(id) ON DELETE CASCADE,
  role TEXT NOT NULL CHECK (role IN ('owner', 'co-facilitator')),
  added_at INTEGER NOT NULL,
  PRIMARY KEY (account_id, board_id)
);
CREATE INDEX IF NOT EXISTS board_accounts_board ON board_accounts(board_id);
`

type Row = { id: string; title: string; template: string; created_at: number; updated_at: number; key_hashes: string; settings: string }

const toBoard = (r: Row): BoardRow => ({
  id: r.id,
  title: r.title,
  template: r.template,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  keyHashes: JSON.parse(r.key_hashes),
  settings: JSON.parse(r.settings),
})

/**
 * [S16] A snapshot once stored cannot change: an UPDATE naming any of its columns is refused, and
 * its fingerprint may only be filled in where a snapshot from before the column had none
 * (deleting stays allowed: the facilitator's delete, retention, the board's deletion).
 */
const IMMUTABLE = `
CREATE TRIGGER IF NOT EXISTS session_snapshots_immutable BEFORE UPDATE OF board_id, id, name, created_at, auto, data ON session_snapshots
BEGIN SELECT RAISE(ABORT, '${IMMUTABLE_SNAPSHOT}'); END;
CREATE TRIGGER IF NOT EXISTS session_snapshots_fingerprint BEFORE UPDATE OF sha256 ON session_snapshots WHEN OLD.sha256 IS NOT NULL
BEGIN SELECT RAISE(ABORT, '${IMMUTABLE_SNAPSHOT}'); END;
`

type SnapshotRow = { board_id: string; id: string; name: string; created_at: number; auto: number; bytes: number; sha256: string | null }
const toSnapshot = (r: SnapshotRow, sha256: string): SnapshotInfo => ({
  id: r.id,
  boardId: r.board_id,
  name: r.name,
  createdAt: Number(r.created_at),
  auto: Number(r.auto) === 1,
  bytes: Number(r.bytes),
  sha256,
})

type TrashRow = { board_id: string; note_id: string; deleted_at: number; record: string; author: string | null; deleted_by: string | null }
const toTrash = (r: TrashRow): TrashEntry => ({
  boardId: r.board_id,
  noteId: r.note_id,
  deletedAt: Number(r.deleted_at),
  record: JSON.parse(r.record),
  ...(r.author ? { author: JSON.parse(r.author) } : {}),
  ...(r.deleted_by ? { deletedBy: JSON.parse(r.deleted_by) } : {}),
})

type AccountRow = { id: string; issuer: string; subject: string; name: string | null; email: string | null; created_at: number; last_sign_in_at: number }
const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  issuer: r.issuer,
  subject: r.subject,
  ...(r.name !== null ? { name: r.name } : {}),
  ...(r.email !== null ? { email: r.email } : {}),
  createdAt: Number(r.created_at),
  lastSignInAt: Number(r.last_sign_in_at),
})
type BoardAccountRow = { account_id: string; board_id: string; role: BoardRole; added_at: number }
const toBoardAccount = (r: BoardAccountRow): BoardAccount => ({ accountId: r.account_id, boardId: r.board_id, role: r.role, addedAt: Number(r.added_at) })

type Append = { id: string; part: string; updates: readonly Uint8Array[]; done: (seq: number) => void; fail: (err: unknown) => void }

/**
 * The embedded store: one SQLite file in WAL mode (node:sqlite, no native build). Calls are
 * synchronous underneath and short; the async interface lets other backends be remote.
 */
export class SqliteStorage implements BoardStorage {
  readonly kind = 'sqlite'
  readonly #db: DatabaseSync
  readonly #q: Record<string, StatementSync>

  readonly file: string

  constructor(file: string) {
    this.file = file
    if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true })
    this.#db = new DatabaseSync(file)
    this.#db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;')
    this.#db.exec(SCHEMA)
    // [S16] a database from before fingerprints: the column is added; old rows get theirs when read
    const columns = this.#db.prepare('PRAGMA table_info(session_snapshots)').all() as { name: string }[]
    if (!columns.some((c) => c.name === 'sha256')) this.#db.exec('ALTER TABLE session_snapshots ADD COLUMN sha256 TEXT')
    this.#db.exec(IMMUTABLE)
    const p = (sql: string) => this.#db.prepare(sql)
    this.#q = {
      insertBoard: p('INSERT INTO boards (id, title, template, created_at, updated_at, key_hashes, settings) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      getBoard: p('SELECT * FROM boards WHERE id = ?'),
      listBoards: p('SELECT * FROM boards ORDER BY created_at DESC, id'),
      deleteBoard: p('DELETE FROM boards WHERE id = ?'),
      snapshot: p('SELECT data, through_seq FROM doc_snapshots WHERE board_id = ? AND part = ?'),
      updatesAfter: p('SELECT seq, data FROM doc_updates WHERE board_id = ? AND part = ? AND seq > ? ORDER BY seq'),
      append: p('INSERT INTO doc_updates (board_id, part, data) VALUES (?, ?, ?)'),
      upsertSnapshot: p(
        'INSERT INTO doc_snapshots (board_id, part, data, through_seq) VALUES (?, ?, ?, ?) ON CONFLICT(board_id, part) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq WHERE doc_snapshots.through_seq <= excluded.through_seq',
      ),
      deleteThrough: p('DELETE FROM doc_updates WHERE board_id = ? AND part = ? AND seq <= ?'),
      parts: p(
        "SELECT part FROM doc_snapshots WHERE board_id = ? AND part != '' UNION SELECT DISTINCT part FROM doc_updates WHERE board_id = ? AND part != '' ORDER BY 1",
      ),
      touch: p('UPDATE boards SET updated_at = ? WHERE id = ?'),
      touchMany: p('UPDATE boards SET updated_at = ? WHERE id IN (SELECT value FROM json_each(?))'),
      saveSnapshot: p('INSERT INTO session_snapshots (board_id, id, name, created_at, auto, data, sha256) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      listSnapshots: p(
        'SELECT board_id, id, name, created_at, auto, length(data) AS bytes, sha256 FROM session_snapshots WHERE board_id = ? ORDER BY created_at DESC, id',
      ),
      getSnapshot: p('SELECT board_id, id, name, created_at, auto, length(data) AS bytes, sha256, data FROM session_snapshots WHERE board_id = ? AND id = ?'),
      snapshotData: p('SELECT data FROM session_snapshots WHERE board_id = ? AND id = ?'),
      fillFingerprint: p('UPDATE session_snapshots SET sha256 = ? WHERE board_id = ? AND id = ? AND sha256 IS NULL'),
    }
  }

  #tx<T>(fn: () => T): T {
    this.#db.exec('BEGIN IMMEDIATE')
    try {
      const out = fn()
      this.#db.exec('COMMIT')
      return out
    } catch (err) {
      this.#db.exec('ROLLBACK')
      throw err
    }
  }

  async createBoard(row: BoardRow, initialUpdate: Uint8Array): Promise<void> {
    this.#tx(() => {
      this.#q.insertBoard!.run(row.id, row.title, row.template, row.createdAt, row.updatedAt, JSON.stringify(row.keyHashes), JSON.stringify(row.settings))
      this.#q.upsertSnapshot!.run(row.id, '', initialUpdate, 0)
    })
  }

  async getBoard(id: string): Promise<BoardRow | undefined> {
    const r = this.#q.getBoard!.get(id) as Row | undefined
    return r ? toBoard(r) : undefined
  }

  async listBoards(): Promise<BoardRow[]> {
    return (this.#q.listBoards!.all() as Row[]).map(toBoard)
  }

  async updateBoard(id: string, patch: Partial<Pick<BoardRow, 'title' | 'updatedAt' | 'keyHashes' | 'settings'>>): Promise<boolean> {
    const sets: string[] = []
    const vals: (string | number)[] = []
    if (patch.title !== undefined) sets.push('title = ?'), vals.push(patch.title)
    if (patch.updatedAt !== undefined) sets.push('updated_at = ?'), vals.push(patch.updatedAt)
    if (patch.keyHashes !== undefined) sets.push('key_hashes = ?'), vals.push(JSON.stringify(patch.keyHashes))
    if (patch.settings !== undefined) sets.push('settings = ?'), vals.push(JSON.stringify(patch.settings))
    if (!sets.length) return (await this.getBoard(id)) !== undefined
    const res = this.#db.prepare(`UPDATE boards SET ${sets.join(', ')} WHERE id = ?`).run(...vals, id)
    return Number(res.changes) > 0
  }

  async deleteBoard(id: string): Promise<boolean> {
    return this.#tx(() => {
      this.#db.prepare('DELETE FROM doc_updates WHERE board_id = ?').run(id)
      this.#db.prepare('DELETE FROM doc_snapshots WHERE board_id = ?').run(id)
      this.#db.prepare('DELETE FROM session_snapshots WHERE board_id = ?').run(id)
      this.#db.prepare('DELETE FROM audit WHERE board_id = ?').run(id)
      this.#db.prepare('DELETE FROM trash WHERE board_id = ?').run(id)
      this.#db.prepare('DELETE FROM board_accounts WHERE board_id = ?').run(id)
      return Number(this.#q.deleteBoard!.run(id).changes) > 0
    })
  }

  async loadDoc(id: string, part = ''): Promise<StoredDoc> {
    return this.#tx(() => {
      const snap = this.#q.snapshot!.get(id, part) as { data: Uint8Array; through_seq: number } | undefined
      const through = snap ? Number(snap.through_seq) : 0
      const rows = this.#q.updatesAfter!.all(id, part, through) as { seq: number; data: Uint8Array }[]
      const updates = snap ? [snap.data, ...rows.map((r) => r.data)] : rows.map((r) => r.data)
      const lastSeq = rows.length ? Number(rows[rows.length - 1]!.seq) : through
      return { updates, lastSeq, rows: rows.length, bytes: rows.reduce((n, r) => n + r.data.byteLength, 0) }
    })
  }

  /**
   * Appends go in with the others of the same turn of the event loop, in one transaction (a group
   * commit): a hundred busy rooms cost one commit per turn, not one each (the server hands in every
   * room's batch in the same turn, [W6]), with one statement touching all their boards. When one
   * fails (a board deleted meanwhile) the turn is written again with each append in its own
   * savepoint, so that it fails alone; callers see their rows once their promise resolves.
   */
  appendUpdates(id: string, updates: readonly Uint8Array[], part = ''): Promise<number> {
    return new Promise((done, fail) => {
      this.#appends.push({ id, part, updates, done, fail })
      if (this.#appends.length === 1) setImmediate(() => this.#flushAppends())
    })
  }

  #appends: Append[] = []

  #flushAppends(): void {
    const batch = this.#appends
    this.#appends = []
    if (!batch.length) return
    if (!this.#db.isOpen) {
      for (const a of batch) a.fail(new Error('the store is closed'))
      return
    }
    let results: ({ seq: number } | { err: unknown })[]
    try {
      results = this.#tx(() => this.#appendAll(batch))
    } catch {
      // One append failed (a board deleted meanwhile) and took the transaction with it: again,
      // each in its own savepoint, so that it fails alone.
      try {
        results = this.#tx(() => this.#appendEach(batch))
      } catch (err) {
        for (const a of batch) a.fail(err)
        return
      }
    }
    batch.forEach((a, i) => {
      const r = results[i]!
      if ('err' in r) a.fail(r.err)
      else a.done(r.seq)
    })
  }

  /** The common case: every append of the turn and one touch of their boards, no savepoints. */
  #appendAll(batch: readonly Append[]): { seq: number }[] {
    const results = batch.map((a) => {
      let seq = 0
      for (const u of a.updates) seq = Number(this.#q.append!.run(a.id, a.part, u).lastInsertRowid)
      return { seq }
    })
    this.#q.touchMany!.run(Date.now(), JSON.stringify([...new Set(batch.map((a) => a.id))]))
    return results
  }

  #appendEach(batch: readonly Append[]): ({ seq: number } | { err: unknown })[] {
    const now = Date.now()
    return batch.map((a) => {
      this.#db.exec('SAVEPOINT append')
      try {
        let seq = 0
        for (const u of a.updates) seq = Number(this.#q.append!.run(a.id, a.part, u).lastInsertRowid)
        this.#q.touch!.run(now, a.id)
        this.#db.exec('RELEASE append')
        return { seq }
      } catch (err) {
        this.#db.exec('ROLLBACK TO append')
        this.#db.exec('RELEASE append')
        return { err }
      }
    })
  }

  async compact(id: string, state: Uint8Array, throughSeq: number, part = ''): Promise<void> {
    // [S5] An out-of-date compaction (through an older seq than the stored snapshot's) keeps that snapshot.
    this.#tx(() => {
      this.#q.upsertSnapshot!.run(id, part, state, throughSeq)
      this.#q.deleteThrough!.run(id, part, throughSeq)
    })
  }

  async listDocParts(id: string): Promise<string[]> {
    return (this.#q.parts!.all(id, id) as { part: string }[]).map((r) => r.part)
  }

  async saveSnapshot(info: NewSnapshot, state: Uint8Array): Promise<SnapshotInfo> {
    const sha256 = fingerprint(state)
    this.#q.saveSnapshot!.run(info.boardId, info.id, info.name, info.createdAt, info.auto ? 1 : 0, state, sha256)
    return { id: info.id, boardId: info.boardId, name: info.name, createdAt: info.createdAt, auto: info.auto, bytes: state.byteLength, sha256 }
  }

  /** [S16] The stored fingerprint, or (a snapshot from before the column) the one computed from its bytes now, then kept. */
  #fingerprintOf(r: SnapshotRow, data?: Uint8Array): string {
    if (r.sha256) return r.sha256
    const bytes = data ?? (this.#q.snapshotData!.get(r.board_id, r.id) as { data: Uint8Array }).data
    const sha256 = fingerprint(bytes)
    this.#q.fillFingerprint!.run(sha256, r.board_id, r.id)
    return sha256
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    return (this.#q.listSnapshots!.all(boardId) as SnapshotRow[]).map((r) => toSnapshot(r, this.#fingerprintOf(r)))
  }

  async getSnapshot(boardId: string, id: string): Promise<{ info: SnapshotInfo; state: Uint8Array } | undefined> {
    const r = this.#q.getSnapshot!.get(boardId, id) as (SnapshotRow & { data: Uint8Array }) | undefined
    return r ? { info: toSnapshot(r, this.#fingerprintOf(r, r.data)), state: r.data } : undefined
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    this.#db.prepare('INSERT INTO audit (board_id, at, action, detail) VALUES (?, ?, ?, ?)').run(e.boardId, e.at, e.action, JSON.stringify(e.detail))
  }

  async listAudit(boardId: string): Promise<AuditEntry[]> {
    const rows = this.#db.prepare('SELECT board_id, at, action, detail FROM audit WHERE board_id = ? ORDER BY seq').all(boardId) as {
      board_id: string
      at: number
      action: string
      detail: string
    }[]
    return rows.map((r) => ({ boardId: r.board_id, at: Number(r.at), action: r.action, detail: JSON.parse(r.detail) }))
  }

  async addTrash(entries: readonly TrashEntry[], keep: number): Promise<void> {
    if (!entries.length) return
    this.#tx(() => {
      const put = this.#db.prepare(
        'INSERT INTO trash (board_id, note_id, deleted_at, record, author, deleted_by) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(board_id, note_id) DO UPDATE SET deleted_at = excluded.deleted_at, record = excluded.record, author = excluded.author, deleted_by = excluded.deleted_by',
      )
      for (const e of entries)
        put.run(
          e.boardId,
          e.noteId,
          e.deletedAt,
          JSON.stringify(e.record),
          e.author ? JSON.stringify(e.author) : null,
          e.deletedBy ? JSON.stringify(e.deletedBy) : null,
        )
      const prune = this.#db.prepare(
        'DELETE FROM trash WHERE board_id = ? AND note_id NOT IN (SELECT note_id FROM trash WHERE board_id = ? ORDER BY deleted_at DESC, note_id LIMIT ?)',
      )
      for (const boardId of new Set(entries.map((e) => e.boardId))) prune.run(boardId, boardId, keep)
    })
  }

  async listTrash(boardId: string): Promise<TrashEntry[]> {
    return (this.#db.prepare('SELECT * FROM trash WHERE board_id = ? ORDER BY deleted_at DESC, note_id').all(boardId) as TrashRow[]).map(toTrash)
  }

  async getTrash(boardId: string, noteId: string): Promise<TrashEntry | undefined> {
    const r = this.#db.prepare('SELECT * FROM trash WHERE board_id = ? AND note_id = ?').get(boardId, noteId) as TrashRow | undefined
    return r ? toTrash(r) : undefined
  }

  async removeTrash(boardId: string, noteId: string): Promise<boolean> {
    return Number(this.#db.prepare('DELETE FROM trash WHERE board_id = ? AND note_id = ?').run(boardId, noteId).changes) > 0
  }

  async pruneAutoSnapshots(boardId: string, keep: number): Promise<number> {
    const res = this.#db
      .prepare(
        'DELETE FROM session_snapshots WHERE board_id = ? AND auto = 1 AND id NOT IN (SELECT id FROM session_snapshots WHERE board_id = ? AND auto = 1 ORDER BY created_at DESC, id DESC LIMIT ?)',
      )
      .run(boardId, boardId, keep)
    return Number(res.changes)
  }

  async deleteSnapshot(boardId: string, id: string): Promise<boolean> {
    return Number(this.#db.prepare('DELETE FROM session_snapshots WHERE board_id = ? AND id = ?').run(boardId, id).changes) > 0
  }

  async listBoardsUpdatedBefore(time: number): Promise<string[]> {
    return (this.#db.prepare('SELECT id FROM boards WHERE updated_at < ? ORDER BY updated_at').all(time) as { id: string }[]).map((r) => r.id)
  }

  async upsertAccount(a: NewAccount): Promise<Account> {
    const r = this.#db
      .prepare(
        'INSERT INTO accounts (id, issuer, subject, name, email, created_at, last_sign_in_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(issuer, subject) DO UPDATE SET name = excluded.name, email = excluded.email, last_sign_in_at = excluded.last_sign_in_at RETURNING *',
      )
      .get(a.id, a.issuer, a.subject, a.name ?? null, a.email ?? null, a.at, a.at) as AccountRow
    return toAccount(r)
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const r = this.#db.prepare('SELECT * FROM accounts WHERE id = ?').get(id) as AccountRow | undefined
    return r ? toAccount(r) : undefined
  }

  async listAccounts(): Promise<Account[]> {
    return (this.#db.prepare('SELECT * FROM accounts ORDER BY created_at, id').all() as AccountRow[]).map(toAccount)
  }

  async findAccounts(q: { email?: string; subject?: string }): Promise<Account[]> {
    if (q.email === undefined && q.subject === undefined) return []
    const rows = this.#db
      .prepare('SELECT * FROM accounts WHERE lower(email) = lower(?) OR subject = ? ORDER BY created_at, id')
      .all(q.email ?? null, q.subject ?? null) as AccountRow[]
    return rows.map(toAccount)
  }

  async setBoardAccount(e: BoardAccount): Promise<void> {
    this.#db
      .prepare(
        'INSERT INTO board_accounts (account_id, board_id, role, added_at) VALUES (?, ?, ?, ?) ON CONFLICT(account_id, board_id) DO UPDATE SET role = excluded.role',
      )
      .run(e.accountId, e.boardId, e.role, e.addedAt)
  }

  async removeBoardAccount(accountId: string, boardId: string): Promise<boolean> {
    return Number(this.#db.prepare('DELETE FROM board_accounts WHERE account_id = ? AND board_id = ?').run(accountId, boardId).changes) > 0
  }

  async listAccountBoards(accountId: string): Promise<BoardAccount[]> {
    const rows = this.#db.prepare('SELECT * FROM board_accounts WHERE account_id = ? ORDER BY added_at DESC, board_id').all(accountId) as BoardAccountRow[]
    return rows.map(toBoardAccount)
  }

  async listBoardAccounts(boardId: string): Promise<BoardAccount[]> {
    const rows = this.#db.prepare('SELECT * FROM board_accounts WHERE board_id = ? ORDER BY added_at, account_id').all(boardId) as BoardAccountRow[]
    return rows.map(toBoardAccount)
  }

  async ping(): Promise<void> {
    this.#db.prepare('SELECT 1').get()
  }

  async close(): Promise<void> {
    this.#flushAppends() // what was handed in before the close is written
    if (this.#db.isOpen) this.#db.close()
  }
}
