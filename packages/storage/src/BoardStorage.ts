/** The keys of a board, stored as SHA-256 hashes (hex), one per role. */
export interface KeyHashes {
  facilitator: string
  participant: string
  viewer: string
  /**
   * apps/server SPEC [K1]: the generation each role's key was derived with (under the server's
   * KEY_SECRET), so the key can be derived again; absent for a role whose key is an old random one.
   */
  generations?: { facilitator?: number; participant?: number; viewer?: number }
}

export interface BoardRow {
  id: string
  title: string
  template: string
  createdAt: number
  updatedAt: number
  keyHashes: KeyHashes
  /** Settings that later issues add (anonymity, lock, …), stored as JSON. */
  settings: Record<string, unknown>
}

export interface StoredDoc {
  /** The snapshot first (when there is one), then the updates after it, in append order. */
  updates: Uint8Array[]
  /** Sequence number of the last stored update (0 when none). */
  lastSeq: number
  /** Update rows and their bytes since the snapshot: what compaction looks at. */
  rows: number
  bytes: number
}

/** A named, immutable copy of a board's state at one moment (issue 5). */
export interface SnapshotInfo {
  id: string
  boardId: string
  name: string
  createdAt: number
  /** True for the snapshots taken when the last person left a changed board. */
  auto: boolean
  bytes: number
  /** [S16] The snapshot's fingerprint: SHA-256 of its stored Yjs state, 64 lowercase hex digits. */
  sha256: string
}

/** What a caller gives to store a snapshot: the store computes the fingerprint itself ([S16]). */
export type NewSnapshot = Omit<SnapshotInfo, 'sha256'>

/** One facilitator action on a board, kept for the facilitator to read (issue 9). */
export interface AuditEntry {
  boardId: string
  at: number
  action: string
  detail: Record<string, unknown>
}

/** Who a trash entry names: an author or the person who deleted the note (issue 12, item 6). */
export interface TrashPerson {
  id?: string
  name?: string
  /** The deleter's role, when no identity is known (e.g. `facilitator` for a server change). */
  role?: string
}

/** [S13] A note that left the board, kept so the facilitator can put it back. */
export interface TrashEntry {
  boardId: string
  noteId: string
  deletedAt: number
  /** The whole record as it was when it left (meta, author and createdAt included). */
  record: Record<string, unknown>
  author?: TrashPerson
  /** Absent on anonymous boards. */
  deletedBy?: TrashPerson
}

/** [S17] Someone who signed in (apps/server SPEC [O]): one per issuer and subject. */
export interface Account {
  id: string
  issuer: string
  subject: string
  name?: string
  email?: string
  createdAt: number
  lastSignInAt: number
}

/** What a caller gives to store a sign-in's account: `id` is used only when the account is new. */
export type NewAccount = Omit<Account, 'createdAt' | 'lastSignInAt'> & { at: number }

/** [S18] What an account is to a board or session: its owner, or a co-facilitator it was shared with. */
export type BoardRole = 'owner' | 'co-facilitator'

export interface BoardAccount {
  accountId: string
  boardId: string
  role: BoardRole
  addedAt: number
}

/** Boards and their Yjs documents. All methods reject on failure and leave no partial writes. */
export interface BoardStorage {
  readonly kind: string
  createBoard(row: BoardRow, initialUpdate: Uint8Array): Promise<void>
  getBoard(id: string): Promise<BoardRow | undefined>
  listBoards(): Promise<BoardRow[]>
  updateBoard(id: string, patch: Partial<Pick<BoardRow, 'title' | 'updatedAt' | 'keyHashes' | 'settings'>>): Promise<boolean>
  deleteBoard(id: string): Promise<boolean>
  /**
   * [S10] A board has one shared document (part '') and may have private parts (one per
   * participant in private mode, issue 6), stored the same way and deleted with the board.
   */
  loadDoc(id: string, part?: string): Promise<StoredDoc>
  appendUpdates(id: string, updates: readonly Uint8Array[], part?: string): Promise<number>
  compact(id: string, state: Uint8Array, throughSeq: number, part?: string): Promise<void>
  /** The private parts a board has documents for (not '' ). */
  listDocParts(id: string): Promise<string[]>
  /**
   * [S9] Stores an immutable snapshot; a second one with the same id fails. [S16] Returns it with
   * the SHA-256 of `state`, computed here (a `sha256` the caller passes is ignored).
   */
  saveSnapshot(info: NewSnapshot, state: Uint8Array): Promise<SnapshotInfo>
  /** [S9] A board's snapshots, newest first. */
  listSnapshots(boardId: string): Promise<SnapshotInfo[]>
  getSnapshot(boardId: string, id: string): Promise<{ info: SnapshotInfo; state: Uint8Array } | undefined>
  /** [S11] Appends to a board's audit trail; `listAudit` gives it oldest first. Deleted with the board. */
  appendAudit(entry: AuditEntry): Promise<void>
  listAudit(boardId: string): Promise<AuditEntry[]>
  /**
   * [S13] Stores trash entries (a note already there is replaced by its newer deletion) and keeps
   * only the newest `keep` of the board, oldest dropped, in one transaction. Deleted with the board.
   */
  addTrash(entries: readonly TrashEntry[], keep: number): Promise<void>
  /** [S13] A board's trash, newest first. */
  listTrash(boardId: string): Promise<TrashEntry[]>
  getTrash(boardId: string, noteId: string): Promise<TrashEntry | undefined>
  /** [S13] Takes a note out of the trash (it was restored); returns whether it was there. */
  removeTrash(boardId: string, noteId: string): Promise<boolean>
  /** [S14] Deletes the board's automatic snapshots (`auto`) beyond the newest `keep`; returns how many. */
  pruneAutoSnapshots(boardId: string, keep: number): Promise<number>
  /** [S15] Deletes one snapshot of the board; returns whether it was there. */
  deleteSnapshot(boardId: string, id: string): Promise<boolean>
  /** [S12] Ids of boards whose updatedAt is before the given time (for retention). */
  listBoardsUpdatedBefore(time: number): Promise<string[]>
  /**
   * [S17] The account of a sign-in: made on the first (with `id`), and on every later one the same
   * account (same issuer and subject) with its name and e-mail as the provider gives them now.
   */
  upsertAccount(account: NewAccount): Promise<Account>
  getAccount(id: string): Promise<Account | undefined>
  /** [S17] Every account, oldest first (apps/server SPEC [OP3]: the backup carries them). */
  listAccounts(): Promise<Account[]>
  /** [S17] Accounts whose e-mail (letter case aside) or subject is the given one, oldest first. */
  findAccounts(query: { email?: string; subject?: string }): Promise<Account[]>
  /** [S18] Records an account's role on a board (a second call sets the role); deleted with the board. */
  setBoardAccount(entry: BoardAccount): Promise<void>
  /** [S18] Takes the account off the board; returns whether it was on it. */
  removeBoardAccount(accountId: string, boardId: string): Promise<boolean>
  /** [S18] An account's boards and sessions, newest first. */
  listAccountBoards(accountId: string): Promise<BoardAccount[]>
  /** [S18] A board's accounts, oldest first. */
  listBoardAccounts(boardId: string): Promise<BoardAccount[]>
  /** Resolves when the backend answers; used by /healthz. */
  ping(): Promise<void>
  close(): Promise<void>
}
