#!/usr/bin/env -S node --disable-warning=ExperimentalWarning
// [OP1] The operator's `tavla` command (`npm run tavla -- <command>`, or the `tavla` bin of
// apps/server): backup and restore, boards, keys, retention, on the store the server's settings
// name (DATA_DIR's SQLite file, or DATABASE_URL's Postgres). Exit 0 done, 1 failed, 2 usage or setting.
import { existsSync, readFileSync, renameSync, writeFileSync, chmodSync, mkdirSync } from 'node:fs'
import { isAbsolute, join, resolve } from 'node:path'
import type { FastifyBaseLogger } from 'fastify'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import { ConfigError, loadConfig, type Config } from '../config.ts'
import { openStorage } from '../plugins/storage.ts'
import { KEY_SECRET_FILE, loadKeySecret } from '../plugins/keySecret.ts'
import { Retention } from '../plugins/retention.ts'
import { KeyIssuer, ROLES } from '../KeyIssuer.ts'
import { RoomRegistry } from '../rooms/RoomRegistry.ts'
import { RedisBus } from '../plugins/bus/RedisBus.ts'
import type { Role } from '../rooms/Connection.ts'
import { exerciseBoards } from '../routes/sessions/exerciseBoards.ts'
import { ACCOUNTS_SECTION, BackupError, type BackupCounts, type BackupSection, type KeySecretInfo, restoreBackup, writeBackup } from './backup.ts'

const USAGE = `Usage: npm run tavla -- <command>   (or the tavla bin of apps/server)

  backup <file>               everything the store holds and the key secret, to one file (gzip'd JSON lines)
  restore <file> [--force]    a backup into an empty store (--force: into one with boards; same ids are replaced)
  boards list [--json]        every board and session: id, kind, last change, title
  boards delete <id>          a board with everything stored about it (a session with its exercise boards)
  keys rotate <id> [role]     new keys (all roles, or facilitator|participant|viewer): the old links stop working
  retention run [--days N]    delete the boards nobody touched for RETENTION_DAYS (or N) days, now

The store and the key secret are the server's: DATA_DIR (data/tavla.db, data/key-secret),
DATABASE_URL and KEY_SECRET, read from the environment as the server reads them.`

/** A refusal the operator can act on: its code and message on stderr, exit 1 (2 for usage). */
class Failure extends Error {
  readonly code: string
  readonly exitCode: number
  constructor(code: string, message: string, exitCode = 1) {
    super(message)
    this.code = code
    this.exitCode = exitCode
  }
}

const usage = (message: string) => new Failure('usage', `${message}\n\n${USAGE}`, 2)

/** [OP3] Extra sections a backup carries beside the boards (accounts, once they are stored). */
export const BACKUP_SECTIONS: BackupSection[] = [ACCOUNTS_SECTION]

/** What the rooms and retention log, for a command: warnings and errors on stderr, the rest quiet. */
function cliLogger(): FastifyBaseLogger {
  const say =
    (level: string) =>
    (a: unknown, b?: unknown): void => {
      const msg = typeof a === 'string' ? a : typeof b === 'string' ? b : ''
      const err = (a as { err?: Error } | undefined)?.err
      console.error(`tavla: ${level}: ${msg}${err ? ` (${err.message})` : ''}`)
    }
  const quiet = () => {}
  const log = {
    level: 'warn',
    fatal: say('error'),
    error: say('error'),
    warn: say('warning'),
    info: quiet,
    debug: quiet,
    trace: quiet,
    silent: quiet,
  } as Record<string, unknown>
  log.child = () => log
  return log as unknown as FastifyBaseLogger
}

/** A file the operator named: relative to where they ran `npm run tavla` (npm's INIT_CWD), else to here. */
const operatorPath = (file: string) => (isAbsolute(file) ? file : resolve(process.env.INIT_CWD || process.cwd(), file))

/** The key secret as the server would read it, without making one. */
function currentKeySecret(config: Config): KeySecretInfo | undefined {
  if (config.keySecret) return { source: 'env', secret: config.keySecret }
  const path = join(config.dataDir, KEY_SECRET_FILE)
  if (!existsSync(path)) return undefined
  return { source: 'file', secret: readFileSync(path, 'utf8').trim() }
}

const describeCounts = (c: BackupCounts) =>
  `${c.boards} boards, ${c.docParts} document parts (${c.updates} updates), ${c.snapshots} snapshots, ${c.audit} audit entries, ${c.trash} notes in the trash${Object.entries(
    c.sections,
  )
    .map(([k, n]) => `, ${k}: ${n} rows`)
    .join('')}`

const kindOf = (b: BoardRow) =>
  b.settings.kind === 'session' ? 'session' : typeof b.settings.session === 'string' ? `exercise of ${b.settings.session}` : 'board'

function linkBase(config: Config): string {
  if (config.publicUrl) return config.publicUrl
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host
  return `http://${host}:${config.port}`
}

async function backup(storage: BoardStorage, config: Config, args: string[], out: (s: string) => void): Promise<void> {
  const [file, ...rest] = args
  if (!file || rest.length) throw usage('backup needs one file name.')
  const path = operatorPath(file)
  const keySecret = currentKeySecret(config)
  const counts = await writeBackup(storage, path, { sections: BACKUP_SECTIONS, ...(keySecret ? { keySecret } : {}) })
  out(`tavla: backed up ${describeCounts(counts)}${keySecret ? ', and the key secret' : ''} to ${path}`)
  if (!keySecret) out('tavla: there is no key secret yet (the server makes one on first start); the backup has none.')
  out('tavla: the file holds the key secret and every board: keep it as safe as the server itself.')
}

/** [OP5] The backup's key secret where the server reads it; one already there that differs is kept aside. */
function restoreKeySecret(config: Config, secret: KeySecretInfo | undefined, out: (s: string) => void, warn: (s: string) => void): void {
  if (!secret) {
    warn('tavla: warning: the backup has no key secret; links still open their boards, but cannot be shown again.')
    return
  }
  if (config.keySecret) {
    if (config.keySecret !== secret.secret)
      warn(
        'tavla: warning: KEY_SECRET is not the secret in the backup. Links still open their boards, but the server cannot show them again until KEY_SECRET is set to the backup\'s secret (its "keySecret" line).',
      )
    return
  }
  const path = join(config.dataDir, KEY_SECRET_FILE)
  if (existsSync(path)) {
    if (readFileSync(path, 'utf8').trim() === secret.secret) return
    const aside = `${path}.replaced-${new Date().toISOString().replace(/[:.]/g, '-')}`
    renameSync(path, aside)
    out(`tavla: the key secret that was in ${path} is kept as ${aside}`)
  }
  mkdirSync(config.dataDir, { recursive: true })
  writeFileSync(path, `${secret.secret}\n`, { mode: 0o600 })
  chmodSync(path, 0o600)
  out(`tavla: restored the key secret to ${path}`)
}

async function restore(storage: BoardStorage, config: Config, args: string[], out: (s: string) => void, warn: (s: string) => void): Promise<void> {
  const force = args.includes('--force')
  const files = args.filter((a) => a !== '--force')
  if (files.length !== 1 || files[0]!.startsWith('--')) throw usage('restore needs one file name (and optionally --force).')
  const path = operatorPath(files[0]!)
  if (!force) {
    const boards = (await storage.listBoards()).length
    const others = await Promise.all(BACKUP_SECTIONS.map(async (s) => [s.name, await s.count(storage)] as const))
    const held = [boards ? `${boards} boards` : '', ...others.filter(([, n]) => n).map(([k, n]) => `${n} ${k}`)].filter(Boolean)
    if (held.length)
      throw new Failure(
        'store_not_empty',
        `The store already holds ${held.join(', ')}: restore goes into an empty store. Add --force to restore anyway (boards with the backup's ids are replaced, others kept).`,
      )
  }
  const { counts, keySecret } = await restoreBackup(storage, path, { sections: BACKUP_SECTIONS })
  out(`tavla: restored ${describeCounts(counts)} from ${path}`)
  restoreKeySecret(config, keySecret, out, warn)
}

async function boards(storage: BoardStorage, rooms: RoomRegistry, args: string[], out: (s: string) => void): Promise<void> {
  const [sub, ...rest] = args
  if (sub === 'list') {
    const json = rest.includes('--json')
    if (rest.some((a) => a !== '--json')) throw usage('boards list takes only --json.')
    const rows = await storage.listBoards()
    if (json) {
      out(
        JSON.stringify(
          rows.map((b) => ({
            id: b.id,
            kind: kindOf(b),
            title: b.title,
            template: b.template,
            createdAt: new Date(b.createdAt).toISOString(),
            updatedAt: new Date(b.updatedAt).toISOString(),
          })),
        ),
      )
      return
    }
    if (!rows.length) {
      out('tavla: there are no boards.')
      return
    }
    out(['id', 'kind', 'updated', 'title'].join('\t'))
    for (const b of rows) out([b.id, kindOf(b), new Date(b.updatedAt).toISOString(), b.title].join('\t'))
    return
  }
  if (sub === 'delete') {
    const [id, ...more] = rest
    if (!id || more.length) throw usage('boards delete needs one board id.')
    const board = await storage.getBoard(id)
    if (!board) throw new Failure('board_not_found', `There is no board ${id}.`)
    if (typeof board.settings.session === 'string' && (await storage.getBoard(board.settings.session)))
      throw new Failure('session_board', `Board ${id} is an exercise of session ${board.settings.session}: delete the session, or remove the exercise from it.`)
    // [SE6] a session goes with every exercise board
    const exercises = board.settings.kind === 'session' ? await exerciseBoards(rooms, id) : []
    let deleted = 0
    for (const b of [id, ...exercises]) {
      // [OP6] with REDIS_URL, every server on it drops the board's rooms and closes them 4404
      rooms.dropBoard(b)
      if (await storage.deleteBoard(b)) deleted++
    }
    out(
      `tavla: deleted ${board.settings.kind === 'session' ? 'session' : 'board'} ${id}${exercises.length ? ` and its ${deleted - 1} exercise boards` : ''}, with everything stored about it.`,
    )
    return
  }
  throw usage(sub ? `boards has no command "${sub}".` : 'boards needs a command: list or delete.')
}

async function keys(storage: BoardStorage, rooms: RoomRegistry, config: Config, args: string[], out: (s: string) => void): Promise<void> {
  const [sub, id, role, ...more] = args
  if (sub !== 'rotate') throw usage(sub ? `keys has no command "${sub}".` : 'keys needs a command: rotate.')
  if (!id || more.length) throw usage('keys rotate needs a board id, and optionally a role.')
  if (role !== undefined && !(ROLES as readonly string[]).includes(role)) throw usage(`"${role}" is not a role: facilitator, participant or viewer.`)
  let board = await storage.getBoard(id)
  if (!board) throw new Failure('board_not_found', `There is no board ${id}.`)
  if (typeof board.settings.session === 'string')
    throw new Failure('session_board', `Board ${id} is an exercise of session ${board.settings.session}: replace the session's keys instead.`)
  const isSession = board.settings.kind === 'session'
  const exercises = isSession ? await exerciseBoards(rooms, id) : []
  for (const r of role ? [role as Role] : ROLES) {
    const { key, hashes } = rooms.keys.replace(board, r)
    await storage.updateBoard(id, { keyHashes: hashes, updatedAt: Date.now() })
    // [SE6] the session's key is every exercise board's key
    const { generations: _, ...shared } = hashes
    for (const b of exercises) await storage.updateBoard(b, { keyHashes: shared })
    // [OP6] with REDIS_URL, every server on it closes the role's connections (4401) as [H13] does
    for (const b of [id, ...exercises]) rooms.keysReplaced(b, r)
    await storage.appendAudit({ boardId: id, at: Date.now(), action: 'key.rotate', detail: { role: r, disconnected: 0, via: 'cli' } })
    board = { ...board, keyHashes: hashes }
    out(`${r}\t${linkBase(config)}/${isSession ? 's' : 'b'}/${id}?key=${key}`)
  }
  out(
    rooms.bus
      ? 'tavla: the old links no longer open the board; the servers on REDIS_URL were told to close the connections that came in with them.'
      : 'tavla: the old links no longer open the board; people connected to a running server now stay until they reconnect (with REDIS_URL set, the servers are told to close them).',
  )
}

async function retention(storage: BoardStorage, rooms: RoomRegistry, config: Config, args: string[], out: (s: string) => void): Promise<void> {
  const [sub, ...rest] = args
  if (sub !== 'run') throw usage(sub ? `retention has no command "${sub}".` : 'retention needs a command: run.')
  let days = config.retentionDays
  if (rest.length) {
    if (rest[0] !== '--days' || rest.length !== 2 || !/^\d+$/.test(rest[1]!) || Number(rest[1]) < 1) throw usage('retention run takes only --days N (N ≥ 1).')
    days = Number(rest[1])
  }
  if (!days) {
    out('tavla: RETENTION_DAYS is 0 (boards are kept forever): nothing deleted. Give --days N to delete older boards now.')
    return
  }
  const deleted = await new Retention(days, storage, rooms, cliLogger()).sweep()
  out(`tavla: retention (${days} days): deleted ${deleted.length} boards nobody touched${deleted.length ? `: ${deleted.join(', ')}` : '.'}`)
}

/** Runs one command; returns the exit code. Output goes through `out` (stdout) and `warn` (stderr). */
export async function runCli(
  argv: string[],
  env: Record<string, string | undefined> = process.env,
  out: (s: string) => void = (s) => console.log(s),
  warn: (s: string) => void = (s) => console.error(s),
): Promise<number> {
  const [command, ...args] = argv
  if (!command || command === 'help' || command === '--help' || command === '-h') {
    out(USAGE)
    return command ? 0 : 2
  }
  if (!['backup', 'restore', 'boards', 'keys', 'retention'].includes(command)) {
    warn(`tavla: there is no command "${command}".\n\n${USAGE}`)
    return 2
  }
  let config: Config
  try {
    config = loadConfig(env)
  } catch (err) {
    if (err instanceof ConfigError) {
      warn(`tavla: configuration error: ${err.message}`)
      return 2
    }
    throw err
  }
  let storage: BoardStorage
  try {
    storage = await openStorage(config)
  } catch (err) {
    warn(
      `tavla: [storage_unavailable] cannot open the store (${config.databaseUrl ? 'DATABASE_URL' : join(config.dataDir, 'tavla.db')}): ${(err as Error).message}`,
    )
    return 1
  }
  const secret = currentKeySecret(config)
  // [OP6] the servers' bus, so a deletion or a new key reaches the boards they have open
  const bus = config.redisUrl && (command === 'boards' || command === 'keys') ? new RedisBus(config.redisUrl, cliLogger()) : undefined
  const rooms = new RoomRegistry(
    storage,
    config,
    cliLogger(),
    bus,
    new KeyIssuer(secret ? Buffer.from(secret.secret, 'utf8') : loadKeySecretFor(command, config)),
  )
  try {
    if (command === 'backup') await backup(storage, config, args, out)
    else if (command === 'restore') await restore(storage, config, args, out, warn)
    else if (command === 'boards') await boards(storage, rooms, args, out)
    else if (command === 'keys') await keys(storage, rooms, config, args, out)
    else await retention(storage, rooms, config, args, out)
    return 0
  } catch (err) {
    if (err instanceof Failure) {
      warn(err.exitCode === 2 ? `tavla: ${err.message}` : `tavla: [${err.code}] ${err.message}`)
      return err.exitCode
    }
    if (err instanceof BackupError) {
      warn(`tavla: [${err.code}] ${err.message} Nothing was restored.`)
      return 1
    }
    const partly = command === 'restore' ? ' The store may hold part of the backup now: find the cause, then restore again with --force.' : ''
    warn(`tavla: [failed] ${command} failed: ${(err as Error).message.replace(/\.$/, '')}.${partly}`)
    return 1
  } finally {
    await rooms.close()
    await bus?.close() // after what was published has gone out
    await storage.close()
  }
}

/**
 * Without a key secret yet: `keys rotate` makes it as the server's first start would (the keys
 * must be derivable by the server); the other commands need none and write none.
 */
function loadKeySecretFor(command: string, config: Config): Buffer {
  if (command === 'keys') return loadKeySecret(config)
  return Buffer.alloc(32)
}

if (import.meta.main) process.exitCode = await runCli(process.argv.slice(2))
