import pg from 'pg'
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

/**
 * The schema, one migration per version: migration i takes the database from version i to i + 1.
 * Append new ones; never edit one that has shipped (a database that ran it will not run it again).
 */
export const MIGRATIONS: readonly string[] = [
  `
  CREATE TABLE boards (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL,
    template TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    key_hashes JSONB NOT NULL,
    settings JSONB NOT NULL DEFAULT '{}'
  );
  CREATE INDEX boards_updated ON boards (updated_at);
  CREATE INDEX boards_created ON boards (created_at DESC, id);
  CREATE TABLE doc_snapshots (
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    part TEXT NOT NULL DEFAULT '',
    data BYTEA NOT NULL,
    through_seq BIGINT NOT NULL,
    PRIMARY KEY (board_id, part)
  );
  CREATE TABLE doc_updates (
    seq BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    part TEXT NOT NULL DEFAULT '',
    data BYTEA NOT NULL
  );
  CREATE INDEX doc_updates_board ON doc_updates (board_id, part, seq);
  CREATE TABLE session_snapshots (
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    id TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    auto BOOLEAN NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (board_id, id)
  );
  CREATE TABLE audit (
    seq BIGSERIAL PRIMARY KEY,
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    detail JSONB NOT NULL
  );
  CREATE INDEX audit_board ON audit (board_id, seq);
  `,
  // 1 → 2: [S13] the trash of notes that left a board (issue 12, item 6)
  `
  CREATE TABLE trash (
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    note_id TEXT NOT NULL,
    deleted_at BIGINT NOT NULL,
    record JSONB NOT NULL,
    author JSONB,
    deleted_by JSONB,
    PRIMARY KEY (board_id, note_id)
  );
  CREATE INDEX trash_board ON trash (board_id, deleted_at);
  `,
  // 2 → 3: [S16] a snapshot's fingerprint, and a snapshot once stored cannot change
  `
  ALTER TABLE session_snapshots ADD COLUMN IF NOT EXISTS sha256 TEXT;
  CREATE FUNCTION tavla_snapshot_immutable() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION '${IMMUTABLE_SNAPSHOT}' USING ERRCODE = 'restrict_violation';
  END
  $$;
  CREATE TRIGGER session_snapshots_immutable BEFORE UPDATE OF board_id, id, name, created_at, auto, data ON session_snapshots
    FOR EACH ROW EXECUTE FUNCTION tavla_snapshot_immutable();
  CREATE TRIGGER session_snapshots_fingerprint BEFORE UPDATE OF sha256 ON session_snapshots
    FOR EACH ROW WHEN (OLD.sha256 IS NOT NULL) EXECUTE FUNCTION tavla_snapshot_immutable();
  `,
  // 3 → 4: [S17] [S18] accounts of people who sign in (apps/server SPEC [O]) and their boards
  `
  CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    issuer TEXT NOT NULL,
    subject TEXT NOT NULL,
    name TEXT,
    email TEXT,
    created_at BIGINT NOT NULL,
    last_sign_in_at BIGINT NOT NULL,
    UNIQUE (issuer, subject)
  );
  CREATE INDEX accounts_email ON accounts (lower(email));
  CREATE TABLE board_accounts (
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    board_id TEXT NOT NULL REFERENCES boards (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('owner', 'co-facilitator')),
    added_at BIGINT NOT NULL,
    PRIMARY KEY (account_id, board_id)
  );
  CREATE INDEX board_accounts_board ON board_accounts (board_id);
  `,
]

/** pg_advisory_xact_lock key held while migrating, so processes starting together take turns. */
const MIGRATION_LOCK = 0x7461766c61 // 'tavla'

type Row = {
  id: string
  title: string
  template: string
  created_at: string
  updated_at: string
  key_hashes: BoardRow['keyHashes']
  settings: Record<string, unknown>
}
const toBoard = (r: Row): BoardRow => ({
  id: r.id,
  title: r.title,
  template: r.template,
  createdAt: Number(r.created_at),
  updatedAt: Number(r.updated_at),
  keyHashes: r.key_hashes,
  settings: r.settings,
})

type SnapshotRow = { board_id: string; id: string; name: string; created_at: string; auto: boolean; bytes: number; sha256: string | null }
const toSnapshot = (r: SnapshotRow, sha256: string): SnapshotInfo => ({
  id: r.id,
  boardId: r.board_id,
  name: r.name,
  createdAt: Number(r.created_at),
  auto: r.auto,
  bytes: Number(r.bytes),
  sha256,
})

type TrashRow = {
  board_id: string
  note_id: string
  deleted_at: string
  record: Record<string, unknown>
  author: TrashEntry['author'] | null
  deleted_by: TrashEntry['deletedBy'] | null
}
const toTrash = (r: TrashRow): TrashEntry => ({
  boardId: r.board_id,
  noteId: r.note_id,
  deletedAt: Number(r.deleted_at),
  record: r.record,
  ...(r.author ? { author: r.author } : {}),
  ...(r.deleted_by ? { deletedBy: r.deleted_by } : {}),
})

type AccountRow = { id: string; issuer: string; subject: string; name: string | null; email: string | null; created_at: string; last_sign_in_at: string }
const toAccount = (r: AccountRow): Account => ({
  id: r.id,
  issuer: r.issuer,
  subject: r.subject,
  ...(r.name !== null ? { name: r.name } : {}),
  ...(r.email !== null ? { email: r.email } : {}),
  createdAt: Number(r.created_at),
  lastSignInAt: Number(r.last_sign_in_at),
})
type BoardAccountRow = { account_id: string; board_id: string; role: BoardRole; added_at: string }
const toBoardAccount = (r: BoardAccountRow): BoardAccount => ({ accountId: r.account_id, boardId: r.board_id, role: r.role, addedAt: Number(r.added_at) })

// bytea parameters: a Buffer over the same memory (no copy).
const bytes = (u: Uint8Array): Buffer => Buffer.from(u.buffer, u.byteOffset, u.byteLength)

export interface PostgresOptions {
  /** Connections in the pool (default 10). */
  max?: number
  /** How long to wait for a connection before a call rejects (default 5 s). */
  connectTimeoutMs?: number
  /** How long one query may take before it rejects (default 30 s). */
  queryTimeoutMs?: number
}

/**
 * Boards in PostgreSQL (`DATABASE_URL`), for several server processes sharing one store.
 * Every call that writes more than one statement runs in one transaction. While the database is
 * unreachable calls reject quickly (bounded by `connectTimeoutMs`) and the pool reconnects by
 * itself once it is back; callers (Room's retry) keep what they could not write.
 */
export class PostgresStorage implements BoardStorage {
  readonly kind = 'postgres'
  readonly #pool: pg.Pool
  #closed = false

  private constructor(pool: pg.Pool) {
    this.#pool = pool
  }

  /** Connects, then creates or migrates the schema (under an advisory lock) before resolving. */
  static async connect(url: string, options: PostgresOptions = {}): Promise<PostgresStorage> {
    const pool = new pg.Pool({
      connectionString: url,
      max: options.max ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? 5000,
      query_timeout: options.queryTimeoutMs ?? 30_000,
      idleTimeoutMillis: 30_000,
      keepAlive: true,
    })
    // An idle pooled connection that the server drops (a restart, a network fault) emits 'error'
    // on the pool; unhandled, that would end the process. The pool discards that connection and
    // the next call opens a new one, or rejects, and its caller retries.
    pool.on('error', () => {})
    const store = new PostgresStorage(pool)
    try {
      await store.#migrate()
    } catch (err) {
      await pool.end().catch(() => {})
      throw err
    }
    return store
  }

  /** The schema version this code writes. */
  static get schemaVersion(): number {
    return MIGRATIONS.length
  }

  async #migrate(): Promise<void> {
    await this.#tx(async (c) => {
      // Held until this transaction ends: a second process starting now waits here, then finds
      // the schema current. DDL is transactional in Postgres, so a failed migration leaves nothing.
      await c.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK])
      await c.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)')
      const { rows } = await c.query<{ version: number }>('SELECT version FROM schema_version')
      let version = rows[0]?.version ?? 0
      if (!rows.length) await c.query('INSERT INTO schema_version (version) VALUES (0)')
      if (version > MIGRATIONS.length) {
        throw new Error(`The database has schema version ${version}, newer than this server knows (${MIGRATIONS.length}); run a newer tavla.`)
      }
      for (; version < MIGRATIONS.length; version++) await c.query(MIGRATIONS[version]!)
      await c.query('UPDATE schema_version SET version = $1', [version])
    })
  }

  async #tx<T>(fn: (c: pg.PoolClient) => Promise<T>): Promise<T> {
    const c = await this.#pool.connect()
    let broken: Error | undefined
    // A checked-out connection that the server ends between two statements (Postgres shutting
    // down) emits 'error' on the client, which would end the process unhandled. Note it: the
    // next statement rejects, and the connection is dropped from the pool on release.
    const onError = (err: Error) => (broken = err)
    c.on('error', onError)
    try {
      await c.query('BEGIN')
      const out = await fn(c)
      await c.query('COMMIT')
      return out
    } catch (err) {
      // A connection that cannot even roll back is gone: drop it from the pool.
      await c.query('ROLLBACK').catch((e: Error) => (broken = e))
      throw err
    } finally {
      c.off('error', onError)
      c.release(broken)
    }
  }

  /**
   * Appends and compactions of one document part take turns (a transaction-scoped lock per
   * part), so update rows commit in `seq` order within a part: a compaction that deletes rows up
   * to a seq never misses one that was still being written with a lower seq by another process.
   */
  #lockPart(c: pg.PoolClient, id: string, part: string): Promise<unknown> {
    return c.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(['doc', id, part])])
  }

  async createBoard(row: BoardRow, initialUpdate: Uint8Array): Promise<void> {
    await this.#tx(async (c) => {
      await c.query('INSERT INTO boards (id, title, template, created_at, updated_at, key_hashes, settings) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
        row.id,
        row.title,
        row.template,
        row.createdAt,
        row.updatedAt,
        JSON.stringify(row.keyHashes),
        JSON.stringify(row.settings),
      ])
      await c.query("INSERT INTO doc_snapshots (board_id, part, data, through_seq) VALUES ($1, '', $2, 0)", [row.id, bytes(initialUpdate)])
    })
  }

  async getBoard(id: string): Promise<BoardRow | undefined> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM boards WHERE id = $1', [id])
    return rows[0] ? toBoard(rows[0]) : undefined
  }

  async listBoards(): Promise<BoardRow[]> {
    const { rows } = await this.#pool.query<Row>('SELECT * FROM boards ORDER BY created_at DESC, id')
    return rows.map(toBoard)
  }

  async updateBoard(id: string, patch: Partial<Pick<BoardRow, 'title' | 'updatedAt' | 'keyHashes' | 'settings'>>): Promise<boolean> {
    const sets: string[] = []
    const vals: (string | number)[] = []
    const set = (col: string, v: string | number) => (vals.push(v), sets.push(`${col} = $${vals.length}`))
    if (patch.title !== undefined) set('title', patch.title)
    if (patch.updatedAt !== undefined) set('updated_at', patch.updatedAt)
    if (patch.keyHashes !== undefined) set('key_hashes', JSON.stringify(patch.keyHashes))
    if (patch.settings !== undefined) set('settings', JSON.stringify(patch.settings))
    if (!sets.length) return (await this.getBoard(id)) !== undefined
    vals.push(id)
    const res = await this.#pool.query(`UPDATE boards SET ${sets.join(', ')} WHERE id = $${vals.length}`, vals)
    return (res.rowCount ?? 0) > 0
  }

  async deleteBoard(id: string): Promise<boolean> {
    // One statement: the foreign keys cascade to updates, snapshots, session snapshots and audit.
    const res = await this.#pool.query('DELETE FROM boards WHERE id = $1', [id])
    return (res.rowCount ?? 0) > 0
  }

  async loadDoc(id: string, part = ''): Promise<StoredDoc> {
    // One statement sees one consistent state: never a snapshot from before a compaction with the
    // rows from after it. Every row still stored is returned, whatever its seq: rows at or below
    // the snapshot's through_seq are deleted by the compaction that wrote it, so any left are
    // newer work, and applying an update twice does nothing in Yjs.
    const { rows } = await this.#pool.query<{ snap: boolean; seq: string; data: Buffer }>(
      `SELECT true AS snap, through_seq AS seq, data FROM doc_snapshots WHERE board_id = $1 AND part = $2
       UNION ALL
       SELECT false AS snap, seq, data FROM doc_updates WHERE board_id = $1 AND part = $2
       ORDER BY snap DESC, seq`,
      [id, part],
    )
    const snap = rows[0]?.snap ? rows[0] : undefined
    const updateRows = snap ? rows.slice(1) : rows
    const lastSeq = updateRows.reduce((m, r) => Math.max(m, Number(r.seq)), snap ? Number(snap.seq) : 0)
    return {
      updates: rows.map((r) => r.data),
      lastSeq,
      rows: updateRows.length,
      bytes: updateRows.reduce((n, r) => n + r.data.byteLength, 0),
    }
  }

  async appendUpdates(id: string, updates: readonly Uint8Array[], part = ''): Promise<number> {
    return this.#tx(async (c) => {
      await this.#lockPart(c, id, part)
      let seq = 0
      if (updates.length) {
        const { rows } = await c.query<{ seq: string }>(
          'INSERT INTO doc_updates (board_id, part, data) SELECT $1, $2, d FROM unnest($3::bytea[]) WITH ORDINALITY AS t(d, n) ORDER BY n RETURNING seq',
          [id, part, updates.map(bytes)],
        )
        seq = rows.reduce((m, r) => Math.max(m, Number(r.seq)), 0)
      }
      const touched = await c.query('UPDATE boards SET updated_at = $1 WHERE id = $2', [Date.now(), id])
      if (!touched.rowCount) throw new Error(`no board ${id}`)
      return seq
    })
  }

  async compact(id: string, state: Uint8Array, throughSeq: number, part = ''): Promise<void> {
    await this.#tx(async (c) => {
      await this.#lockPart(c, id, part)
      // [S5] A compaction through an older seq than the stored snapshot's (another process got
      // there first) is out of date: its state may lack rows that snapshot folded in and deleted.
      await c.query(
        'INSERT INTO doc_snapshots (board_id, part, data, through_seq) VALUES ($1, $2, $3, $4) ON CONFLICT (board_id, part) DO UPDATE SET data = excluded.data, through_seq = excluded.through_seq WHERE doc_snapshots.through_seq <= excluded.through_seq',
        [id, part, bytes(state), throughSeq],
      )
      await c.query('DELETE FROM doc_updates WHERE board_id = $1 AND part = $2 AND seq <= $3', [id, part, throughSeq])
    })
  }

  async listDocParts(id: string): Promise<string[]> {
    const { rows } = await this.#pool.query<{ part: string }>(
      "SELECT part FROM doc_snapshots WHERE board_id = $1 AND part <> '' UNION SELECT part FROM doc_updates WHERE board_id = $1 AND part <> '' ORDER BY 1",
      [id],
    )
    return rows.map((r) => r.part)
  }

  async saveSnapshot(info: NewSnapshot, state: Uint8Array): Promise<SnapshotInfo> {
    const sha256 = fingerprint(state)
    await this.#pool.query('INSERT INTO session_snapshots (board_id, id, name, created_at, auto, data, sha256) VALUES ($1, $2, $3, $4, $5, $6, $7)', [
      info.boardId,
      info.id,
      info.name,
      info.createdAt,
      info.auto,
      bytes(state),
      sha256,
    ])
    return { id: info.id, boardId: info.boardId, name: info.name, createdAt: info.createdAt, auto: info.auto, bytes: state.byteLength, sha256 }
  }

  /** [S16] The stored fingerprint, or (a snapshot from before migration 3) the one computed from its bytes now, then kept. */
  async #fingerprintOf(r: SnapshotRow, data?: Uint8Array): Promise<string> {
    if (r.sha256) return r.sha256
    const stored =
      data ?? (await this.#pool.query<{ data: Buffer }>('SELECT data FROM session_snapshots WHERE board_id = $1 AND id = $2', [r.board_id, r.id])).rows[0]?.data
    const sha256 = fingerprint(stored ?? new Uint8Array())
    await this.#pool.query('UPDATE session_snapshots SET sha256 = $1 WHERE board_id = $2 AND id = $3 AND sha256 IS NULL', [sha256, r.board_id, r.id])
    return sha256
  }

  async listSnapshots(boardId: string): Promise<SnapshotInfo[]> {
    const { rows } = await this.#pool.query<SnapshotRow>(
      'SELECT board_id, id, name, created_at, auto, octet_length(data) AS bytes, sha256 FROM session_snapshots WHERE board_id = $1 ORDER BY created_at DESC, id',
      [boardId],
    )
    return Promise.all(rows.map(async (r) => toSnapshot(r, await this.#fingerprintOf(r))))
  }

  async getSnapshot(boardId: string, id: string): Promise<{ info: SnapshotInfo; state: Uint8Array } | undefined> {
    const { rows } = await this.#pool.query<SnapshotRow & { data: Buffer }>(
      'SELECT board_id, id, name, created_at, auto, octet_length(data) AS bytes, sha256, data FROM session_snapshots WHERE board_id = $1 AND id = $2',
      [boardId, id],
    )
    const r = rows[0]
    return r ? { info: toSnapshot(r, await this.#fingerprintOf(r, r.data)), state: r.data } : undefined
  }

  async appendAudit(e: AuditEntry): Promise<void> {
    await this.#pool.query('INSERT INTO audit (board_id, at, action, detail) VALUES ($1, $2, $3, $4)', [e.boardId, e.at, e.action, JSON.stringify(e.detail)])
  }

  async listAudit(boardId: string): Promise<AuditEntry[]> {
    const { rows } = await this.#pool.query<{ board_id: string; at: string; action: string; detail: Record<string, unknown> }>(
      'SELECT board_id, at, action, detail FROM audit WHERE board_id = $1 ORDER BY seq',
      [boardId],
    )
    return rows.map((r) => ({ boardId: r.board_id, at: Number(r.at), action: r.action, detail: r.detail }))
  }

  async addTrash(entries: readonly TrashEntry[], keep: number): Promise<void> {
    if (!entries.length) return
    await this.#tx(async (c) => {
      for (const e of entries) {
        await c.query(
          'INSERT INTO trash (board_id, note_id, deleted_at, record, author, deleted_by) VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (board_id, note_id) DO UPDATE SET deleted_at = excluded.deleted_at, record = excluded.record, author = excluded.author, deleted_by = excluded.deleted_by',
          [
            e.boardId,
            e.noteId,
            e.deletedAt,
            JSON.stringify(e.record),
            e.author ? JSON.stringify(e.author) : null,
            e.deletedBy ? JSON.stringify(e.deletedBy) : null,
          ],
        )
      }
      for (const boardId of new Set(entries.map((e) => e.boardId))) {
        await c.query(
          'DELETE FROM trash WHERE board_id = $1 AND note_id NOT IN (SELECT note_id FROM trash WHERE board_id = $1 ORDER BY deleted_at DESC, note_id LIMIT $2)',
          [boardId, keep],
        )
      }
    })
  }

  async listTrash(boardId: string): Promise<TrashEntry[]> {
    const { rows } = await this.#pool.query<TrashRow>('SELECT * FROM trash WHERE board_id = $1 ORDER BY deleted_at DESC, note_id', [boardId])
    return rows.map(toTrash)
  }

  async getTrash(boardId: string, noteId: string): Promise<TrashEntry | undefined> {
    const { rows } = await this.#pool.query<TrashRow>('SELECT * FROM trash WHERE board_id = $1 AND note_id = $2', [boardId, noteId])
    return rows[0] ? toTrash(rows[0]) : undefined
  }

  async removeTrash(boardId: string, noteId: string): Promise<boolean> {
    const res = await this.#pool.query('DELETE FROM trash WHERE board_id = $1 AND note_id = $2', [boardId, noteId])
    return (res.rowCount ?? 0) > 0
  }

  async pruneAutoSnapshots(boardId: string, keep: number): Promise<number> {
    const res = await this.#pool.query(
      'DELETE FROM session_snapshots WHERE board_id = $1 AND auto AND id NOT IN (SELECT id FROM session_snapshots WHERE board_id = $1 AND auto ORDER BY created_at DESC, id DESC LIMIT $2)',
      [boardId, keep],
    )
    return res.rowCount ?? 0
  }

  async deleteSnapshot(boardId: string, id: string): Promise<boolean> {
    const res = await this.#pool.query('DELETE FROM session_snapshots WHERE board_id = $1 AND id = $2', [boardId, id])
    return (res.rowCount ?? 0) > 0
  }

  async listBoardsUpdatedBefore(time: number): Promise<string[]> {
    const { rows } = await this.#pool.query<{ id: string }>('SELECT id FROM boards WHERE updated_at < $1 ORDER BY updated_at', [time])
    return rows.map((r) => r.id)
  }

  async upsertAccount(a: NewAccount): Promise<Account> {
    const { rows } = await this.#pool.query<AccountRow>(
      'INSERT INTO accounts (id, issuer, subject, name, email, created_at, last_sign_in_at) VALUES ($1, $2, $3, $4, $5, $6, $6) ON CONFLICT (issuer, subject) DO UPDATE SET name = excluded.name, email = excluded.email, last_sign_in_at = excluded.last_sign_in_at RETURNING *',
      [a.id, a.issuer, a.subject, a.name ?? null, a.email ?? null, a.at],
    )
    return toAccount(rows[0]!)
  }

  async listAccounts(): Promise<Account[]> {
    const { rows } = await this.#pool.query<AccountRow>('SELECT * FROM accounts ORDER BY created_at, id')
    return rows.map(toAccount)
  }

  async getAccount(id: string): Promise<Account | undefined> {
    const { rows } = await this.#pool.query<AccountRow>('SELECT * FROM accounts WHERE id = $1', [id])
    return rows[0] ? toAccount(rows[0]) : undefined
  }

  async findAccounts(q: { email?: string; subject?: string }): Promise<Account[]> {
    if (q.email === undefined && q.subject === undefined) return []
    const { rows } = await this.#pool.query<AccountRow>('SELECT * FROM accounts WHERE lower(email) = lower($1) OR subject = $2 ORDER BY created_at, id', [
      q.email ?? null,
      q.subject ?? null,
    ])
    return rows.map(toAccount)
  }

  async setBoardAccount(e: BoardAccount): Promise<void> {
    await this.#pool.query(
      'INSERT INTO board_accounts (account_id, board_id, role, added_at) VALUES ($1, $2, $3, $4) ON CONFLICT (account_id, board_id) DO UPDATE SET role = excluded.role',
      [e.accountId, e.boardId, e.role, e.addedAt],
    )
  }

  async removeBoardAccount(accountId: string, boardId: string): Promise<boolean> {
    const res = await this.#pool.query('DELETE FROM board_accounts WHERE account_id = $1 AND board_id = $2', [accountId, boardId])
    return (res.rowCount ?? 0) > 0
  }

  async listAccountBoards(accountId: string): Promise<BoardAccount[]> {
    const { rows } = await this.#pool.query<BoardAccountRow>('SELECT * FROM board_accounts WHERE account_id = $1 ORDER BY added_at DESC, board_id', [accountId])
    return rows.map(toBoardAccount)
  }

  async listBoardAccounts(boardId: string): Promise<BoardAccount[]> {
    const { rows } = await this.#pool.query<BoardAccountRow>('SELECT * FROM board_accounts WHERE board_id = $1 ORDER BY added_at, account_id', [boardId])
    return rows.map(toBoardAccount)
  }

  async ping(): Promise<void> {
    await this.#pool.query('SELECT 1')
  }

  async close(): Promise<void> {
    if (this.#closed) return
    this.#closed = true
    await this.#pool.end()
  }
}
