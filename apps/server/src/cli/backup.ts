// [OP2]–[OP4] One backup file for everything the store holds: gzip'd JSON lines, a header line,
// one line per board, document part, snapshot, audit trail and trash, the key secret, any extra
// section (e.g. accounts), and a closing line with the SHA-256 of every line before it.
import { createHash } from 'node:crypto'
import { createReadStream, createWriteStream, openSync, renameSync, rmSync, statSync } from 'node:fs'
import { createInterface } from 'node:readline'
import { once } from 'node:events'
import { finished } from 'node:stream/promises'
import { createGunzip, createGzip } from 'node:zlib'
import type { Account, AuditEntry, BoardAccount, BoardRow, BoardStorage, SnapshotInfo, TrashEntry } from '@tavla/storage'

export const BACKUP_FORMAT = 'tavla-backup'
export const BACKUP_VERSION = 1

/**
 * [OP3] Something stored beside the boards that a backup must carry (accounts and their boards,
 * once sign-in stores them): rows of plain JSON, dumped and restored by name. A backup naming a
 * section this server does not know is refused, never half restored.
 */
export interface BackupSection {
  name: string
  dump(storage: BoardStorage): AsyncIterable<Record<string, unknown>>
  /** Rows there already (a restore without --force needs none). */
  count(storage: BoardStorage): Promise<number>
  restore(storage: BoardStorage, rows: readonly Record<string, unknown>[]): Promise<void>
}

export interface KeySecretInfo {
  /** Where the server reads it: the KEY_SECRET setting or DATA_DIR/key-secret. */
  source: 'env' | 'file'
  secret: string
}

export interface BackupCounts {
  boards: number
  docParts: number
  updates: number
  snapshots: number
  audit: number
  trash: number
  sections: Record<string, number>
}

/** [OP4] A backup file that cannot be restored: corrupt, cut short, of another format or version. */
export class BackupError extends Error {
  readonly code: string
  constructor(code: string, message: string) {
    super(message)
    this.code = code
  }
}

type Line =
  | { type: 'header'; format: string; version: number; createdAt: string; storage: string }
  | { type: 'board'; board: BoardRow }
  | { type: 'doc'; boardId: string; part: string; snapshot: string | null; updates: string[]; sha256: string }
  | { type: 'snapshot'; info: SnapshotInfo; data: string }
  | { type: 'audit'; boardId: string; entries: AuditEntry[] }
  | { type: 'trash'; boardId: string; entries: TrashEntry[] }
  | { type: 'keySecret'; source: 'env' | 'file'; secret: string }
  | { type: 'section'; name: string; rows: Record<string, unknown>[] }
  | { type: 'end'; lines: number; sha256: string; counts: BackupCounts }

const b64 = (u: Uint8Array) => Buffer.from(u.buffer, u.byteOffset, u.byteLength).toString('base64')
const unb64 = (s: string) => new Uint8Array(Buffer.from(s, 'base64'))
const sha256 = (u: Uint8Array) => createHash('sha256').update(u).digest('hex')
/** A document part's fingerprint: the SHA-256 over its snapshot (if any) and updates, each length-prefixed. */
export function docFingerprint(snapshot: Uint8Array | null, updates: readonly Uint8Array[]): string {
  const h = createHash('sha256')
  const len = Buffer.alloc(4)
  for (const u of snapshot ? [snapshot, ...updates] : updates) {
    len.writeUInt32BE(u.byteLength)
    h.update(len).update(u)
  }
  h.update(snapshot ? 's' : 'n')
  return h.digest('hex')
}

/** [OP2] Writes everything `storage` holds (and the key secret) to `file`; returns what it wrote. */
export async function writeBackup(
  storage: BoardStorage,
  file: string,
  opts: { keySecret?: KeySecretInfo; sections?: readonly BackupSection[] } = {},
): Promise<BackupCounts> {
  const gzip = createGzip()
  // written beside the file and renamed at the end: a backup that fails halfway never takes the
  // place of a good one; opened here, so a folder that cannot be written fails before anything is read
  const partial = `${file}.partial`
  const out = createWriteStream('', { fd: openSync(partial, 'w', 0o600) })
  gzip.pipe(out)
  const hash = createHash('sha256')
  let lines = 0
  const write = async (line: Line) => {
    const text = `${JSON.stringify(line)}\n`
    if (line.type !== 'end') {
      hash.update(text)
      lines++
    }
    if (!gzip.write(text)) await once(gzip, 'drain')
  }
  const counts: BackupCounts = { boards: 0, docParts: 0, updates: 0, snapshots: 0, audit: 0, trash: 0, sections: {} }
  try {
    await write({ type: 'header', format: BACKUP_FORMAT, version: BACKUP_VERSION, createdAt: new Date().toISOString(), storage: storage.kind })
    // oldest first, so a session is restored before its exercise boards are listed after it
    const boards = (await storage.listBoards()).reverse()
    for (const board of boards) {
      await write({ type: 'board', board })
      counts.boards++
      for (const part of ['', ...(await storage.listDocParts(board.id))]) {
        const doc = await storage.loadDoc(board.id, part)
        if (!doc.updates.length) continue
        // [S3] the snapshot (when there is one) comes first, then the `rows` update rows after it
        const hasSnapshot = doc.updates.length > doc.rows
        const snapshot = hasSnapshot ? doc.updates[0]! : null
        const updates = hasSnapshot ? doc.updates.slice(1) : doc.updates
        await write({
          type: 'doc',
          boardId: board.id,
          part,
          snapshot: snapshot && b64(snapshot),
          updates: updates.map(b64),
          sha256: docFingerprint(snapshot, updates),
        })
        counts.docParts++
        counts.updates += updates.length
      }
      for (const info of (await storage.listSnapshots(board.id)).reverse()) {
        const snap = await storage.getSnapshot(board.id, info.id)
        if (!snap) continue // deleted meanwhile
        await write({ type: 'snapshot', info: snap.info, data: b64(snap.state) })
        counts.snapshots++
      }
      const audit = await storage.listAudit(board.id)
      if (audit.length) await write({ type: 'audit', boardId: board.id, entries: audit })
      counts.audit += audit.length
      const trash = await storage.listTrash(board.id)
      if (trash.length) await write({ type: 'trash', boardId: board.id, entries: trash })
      counts.trash += trash.length
    }
    if (opts.keySecret) await write({ type: 'keySecret', source: opts.keySecret.source, secret: opts.keySecret.secret })
    for (const section of opts.sections ?? []) {
      const rows: Record<string, unknown>[] = []
      for await (const row of section.dump(storage)) rows.push(row)
      await write({ type: 'section', name: section.name, rows })
      counts.sections[section.name] = rows.length
    }
    await write({ type: 'end', lines, sha256: hash.digest('hex'), counts })
    gzip.end()
    await finished(out)
  } catch (err) {
    gzip.destroy()
    out.destroy()
    rmSync(partial, { force: true })
    throw err
  }
  renameSync(partial, file)
  return counts
}

/** Every line of the backup, its text hashed as it comes; gzip and JSON errors become BackupErrors. */
async function* readLines(file: string): AsyncGenerator<{ line: Line; text: string }> {
  try {
    if (!statSync(file).isFile()) throw Object.assign(new Error('not a file'), { code: 'EISDIR' })
  } catch (err) {
    throw asBackupError(err, file)
  }
  const input = createReadStream(file)
  const gunzip = createGunzip()
  let failure: unknown
  const fail = (err: unknown) => {
    failure ??= err
    // readline ends its iteration with the error of the stream it reads
    if (!gunzip.destroyed) gunzip.destroy(err as Error)
  }
  input.on('error', fail)
  gunzip.on('error', fail)
  const rl = createInterface({ input: input.pipe(gunzip), crlfDelay: Number.POSITIVE_INFINITY })
  let n = 0
  try {
    for await (const text of rl) {
      n++
      let line: Line
      try {
        line = JSON.parse(text)
      } catch {
        throw new BackupError('backup_corrupt', `The backup is damaged: line ${n} is not valid JSON.`)
      }
      if (!line || typeof line !== 'object' || typeof line.type !== 'string')
        throw new BackupError('backup_corrupt', `The backup is damaged: line ${n} has no type.`)
      yield { line, text: `${text}\n` }
    }
  } catch (err) {
    if (err instanceof BackupError) throw err
    failure ??= err
  }
  if (failure) throw asBackupError(failure, file)
}

function asBackupError(err: unknown, file: string): BackupError {
  const e = err as NodeJS.ErrnoException
  if (e.code === 'ENOENT') return new BackupError('backup_missing', `There is no backup file at ${file}.`)
  if (e.code === 'EISDIR' || e.code === 'EACCES') return new BackupError('backup_unreadable', `The backup file ${file} cannot be read (${e.code}).`)
  if (e.code === 'Z_DATA_ERROR' || e.code === 'Z_BUF_ERROR' || /unexpected end|incorrect header|invalid/i.test(e.message ?? ''))
    return new BackupError('backup_corrupt', `The backup is damaged or cut short (${e.message}): it is not a complete tavla backup (gzip).`)
  return new BackupError('backup_unreadable', `The backup file ${file} cannot be read: ${e.message}`)
}

/**
 * [OP4] Reads the whole backup and checks it before anything is written: the format and version,
 * the closing line's count and SHA-256 over every line, each document part's and snapshot's own
 * SHA-256. Returns its counts and the ids of its boards.
 */
export async function verifyBackup(file: string, known: readonly string[] = []): Promise<{ counts: BackupCounts; boardIds: string[]; createdAt: string }> {
  const hash = createHash('sha256')
  let lines = 0
  let header: Extract<Line, { type: 'header' }> | undefined
  let end: Extract<Line, { type: 'end' }> | undefined
  const boardIds: string[] = []
  let board: string | undefined
  for await (const { line, text } of readLines(file)) {
    if (end) throw new BackupError('backup_corrupt', 'The backup is damaged: there is more after its closing line.')
    if (line.type === 'end') {
      end = line
      continue
    }
    hash.update(text)
    lines++
    if (lines === 1) {
      if (line.type !== 'header' || line.format !== BACKUP_FORMAT)
        throw new BackupError('backup_format', 'This file is not a tavla backup (its first line is not the tavla-backup header).')
      if (line.version !== BACKUP_VERSION)
        throw new BackupError(
          'backup_version',
          `This backup has format version ${line.version}; this tavla reads version ${BACKUP_VERSION}. Restore it with a matching tavla.`,
        )
      header = line
      continue
    }
    switch (line.type) {
      case 'board':
        boardIds.push(line.board.id)
        board = line.board.id
        break
      case 'doc': {
        if (line.boardId !== board)
          throw new BackupError('backup_corrupt', `The backup is damaged: a document of board ${line.boardId} is not after its board.`)
        const snapshot = line.snapshot === null ? null : unb64(line.snapshot)
        if (docFingerprint(snapshot, line.updates.map(unb64)) !== line.sha256)
          throw new BackupError(
            'backup_checksum',
            `The backup is damaged: board ${line.boardId}'s document${line.part ? ` part ${line.part}` : ''} does not match its SHA-256.`,
          )
        break
      }
      case 'snapshot':
        if (sha256(unb64(line.data)) !== line.info.sha256)
          throw new BackupError('backup_checksum', `The backup is damaged: snapshot ${line.info.id} of board ${line.info.boardId} does not match its SHA-256.`)
        break
      case 'section':
        if (!known.includes(line.name))
          throw new BackupError('backup_section', `The backup holds "${line.name}", which this tavla cannot restore. Restore it with the tavla that made it.`)
        break
      case 'audit':
      case 'trash':
      case 'keySecret':
        break
      default:
        throw new BackupError('backup_corrupt', `The backup is damaged: line ${lines} has an unknown type "${(line as { type: string }).type}".`)
    }
  }
  if (!header) throw new BackupError('backup_format', 'This file is not a tavla backup (it is empty).')
  if (!end) throw new BackupError('backup_corrupt', 'The backup is cut short: its closing line (with the checksum) is missing.')
  if (end.lines !== lines || end.sha256 !== hash.digest('hex'))
    throw new BackupError(
      'backup_checksum',
      `The backup is damaged: its content does not match the SHA-256 in its closing line (${lines} lines read, ${end.lines} written).`,
    )
  return { counts: end.counts, boardIds, createdAt: header.createdAt }
}

/**
 * [OP3] Restores a verified backup into `storage`: each board as it was (its row, every document
 * part's snapshot and updates byte for byte, snapshots with their fingerprints, audit trail,
 * trash). Boards there already with a backup's id are replaced (the caller asked for --force).
 * Returns the counts and the key secret the backup carries.
 */
export async function restoreBackup(
  storage: BoardStorage,
  file: string,
  opts: { sections?: readonly BackupSection[] } = {},
): Promise<{ counts: BackupCounts; keySecret?: KeySecretInfo }> {
  const sections = opts.sections ?? []
  const { counts } = await verifyBackup(
    file,
    sections.map((s) => s.name),
  )
  let keySecret: KeySecretInfo | undefined
  let current: BoardRow | undefined
  const finishBoard = async () => {
    // appending touched updatedAt ([S12]): it is put back as it was
    if (current) await storage.updateBoard(current.id, { updatedAt: current.updatedAt })
    current = undefined
  }
  for await (const { line } of readLines(file)) {
    switch (line.type) {
      case 'board':
        await finishBoard()
        current = line.board
        if (await storage.getBoard(line.board.id)) await storage.deleteBoard(line.board.id)
        break
      case 'doc': {
        const board = current
        if (!board || board.id !== line.boardId)
          throw new BackupError('backup_corrupt', `The backup is damaged: a document of board ${line.boardId} comes before the board.`)
        const snapshot = line.snapshot === null ? null : unb64(line.snapshot)
        const updates = line.updates.map(unb64)
        if (line.part === '') {
          if (!snapshot) throw new BackupError('backup_corrupt', `The backup is damaged: board ${line.boardId}'s document has no snapshot.`)
          await storage.createBoard(board, snapshot)
        } else if (snapshot) await storage.compact(board.id, snapshot, 0, line.part)
        if (updates.length) await storage.appendUpdates(board.id, updates, line.part)
        break
      }
      case 'snapshot': {
        const { sha256: _, ...info } = line.info
        await storage.saveSnapshot(info, unb64(line.data))
        break
      }
      case 'audit':
        for (const e of line.entries) await storage.appendAudit(e)
        break
      case 'trash':
        await storage.addTrash(line.entries, line.entries.length)
        break
      case 'keySecret':
        keySecret = { source: line.source, secret: line.secret }
        break
      case 'section':
        await finishBoard()
        await sections.find((s) => s.name === line.name)!.restore(storage, line.rows)
        break
      default:
        break
    }
  }
  await finishBoard()
  return { counts, ...(keySecret ? { keySecret } : {}) }
}

/**
 * [OP3] The accounts of people who signed in (storage [S17]) and who owns or co-facilitates which
 * board ([S18]), after the boards (a board account names both). Restored with its own times: the
 * first upsert makes the account at `createdAt`, a second sets `lastSignInAt`. An account already
 * there for the same issuer and subject (a --force restore) keeps its id; its boards follow it.
 */
export const ACCOUNTS_SECTION: BackupSection = {
  name: 'accounts',
  async *dump(storage) {
    for (const account of await storage.listAccounts()) {
      yield { account }
      for (const board of await storage.listAccountBoards(account.id)) yield { board }
    }
  },
  count: async (storage) => (await storage.listAccounts()).length,
  async restore(storage, rows) {
    const ids = new Map<string, string>()
    for (const row of rows) {
      if (row.account) {
        const a = row.account as Account
        const base = {
          id: a.id,
          issuer: a.issuer,
          subject: a.subject,
          ...(a.name !== undefined ? { name: a.name } : {}),
          ...(a.email !== undefined ? { email: a.email } : {}),
        }
        const made = await storage.upsertAccount({ ...base, at: a.createdAt })
        if (a.lastSignInAt !== made.lastSignInAt) await storage.upsertAccount({ ...base, at: a.lastSignInAt })
        ids.set(a.id, made.id)
      } else if (row.board) {
        const b = row.board as BoardAccount
        // a board the backup had but the store no longer has cannot be owned
        if (!(await storage.getBoard(b.boardId))) continue
        await storage.setBoardAccount({ ...b, accountId: ids.get(b.accountId) ?? b.accountId })
      } else throw new BackupError('backup_corrupt', 'The backup is damaged: a row of its accounts is neither an account nor a board of one.')
    }
  },
}
