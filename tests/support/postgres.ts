// A real PostgreSQL server from Debian's package, on a free loopback port in a temp dir, for the
// storage contract suite and the Postgres integration tests. Installs the package when missing
// (CI machines start with Node and npm only). Postgres refuses to run as root, so when we are
// root the cluster is owned by, and the server runs as, the `postgres` user the package creates.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { chownSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ensureDebianPackage } from './redis.ts'
import { freePort } from './server.ts'

const LIB = '/usr/lib/postgresql'
const START_TIMEOUT_MS = 30_000
const STOP_TIMEOUT_MS = 20_000
const INSTALL_TIMEOUT_MS = 240_000

export interface RunningPostgres {
  port: number
  /** postgres://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string
  /** Creates a fresh database (named after `prefix`) and returns its URL. */
  createDatabase(prefix?: string): Promise<string>
  /** Drops the database of this URL (its connections cut) and makes it again, empty, under the same name. */
  recreateDatabase(url: string): Promise<void>
  /** Fast shutdown (connections are cut), and wait until the server has exited. */
  stop(): Promise<void>
  /** Starts the same cluster again on the same port. */
  start(): Promise<void>
  /** Stops the server and removes its directory. */
  close(): Promise<void>
}

/** The newest installed server's bin directory, if any. */
function binDir(): string | undefined {
  if (!existsSync(LIB)) return undefined
  const versions = readdirSync(LIB)
    .filter((v) => existsSync(join(LIB, v, 'bin', 'postgres')) && existsSync(join(LIB, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))
  return versions[0] ? join(LIB, versions[0], 'bin') : undefined
}

const postgresUser = () =>
  readFileSync('/etc/passwd', 'utf8')
    .split('\n')
    .find((l) => l.startsWith('postgres:'))

/** uid and gid of the `postgres` user (from /etc/passwd), when we are root and must switch. */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined
  const line = postgresUser()
  if (!line) throw new Error('We are root, and there is no postgres user to run the server as (the postgresql package creates it).')
  const [, , uid, gid] = line.split(':')
  return { uid: Number(uid), gid: Number(gid) }
}

/**
 * Installs the package when no server is there. Test files run in parallel workers, and on a
 * fresh machine several may get here at once: apt's lock then fails all but one, and those wait
 * for that one to finish (binaries and the postgres user both in place), bounded in time.
 */
async function ensureInstalled(): Promise<string> {
  const ready = () => (binDir() && postgresUser() ? binDir() : undefined)
  if (ready()) return ready()!
  const t0 = Date.now()
  for (;;) {
    try {
      // ensureDebianPackage installs when the path is missing; the versioned path is known only after.
      ensureDebianPackage(join(LIB, '<version>', 'bin', 'postgres'), 'postgresql')
    } catch (err) {
      if (Date.now() - t0 > INSTALL_TIMEOUT_MS) throw err
      for (const until = Date.now() + 5_000; Date.now() < until && !ready(); ) await new Promise((r) => setTimeout(r, 250))
      if (ready()) return ready()!
      continue
    }
    if (ready()) return ready()!
    throw new Error(`No PostgreSQL server under ${LIB}/<version>/bin, or no postgres user, after installing the postgresql package.`)
  }
}

function run(bin: string, args: string[], opts: { user?: { uid: number; gid: number }; cwd: string; timeoutMs: number }): Promise<string> {
  return new Promise((res, rej) => {
    execFile(
      bin,
      args,
      { cwd: opts.cwd, timeout: opts.timeoutMs, killSignal: 'SIGKILL', ...opts.user, env: { ...process.env, LC_ALL: 'C' } },
      (err, stdout, stderr) => {
        if (err) rej(new Error(`${bin} ${args.join(' ')} failed: ${err.message}\n${stdout}${stderr}`))
        else res(stdout)
      },
    )
  })
}

let counter = 0

export async function startPostgres(): Promise<RunningPostgres> {
  const bin = await ensureInstalled()
  const user = runAs()
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tavla-pg-'))
  const data = join(dir, 'data')
  mkdirSync(data, { mode: 0o700 })
  if (user) {
    chownSync(dir, user.uid, user.gid)
    chownSync(data, user.uid, user.gid)
  }
  await run(join(bin, 'initdb'), ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'], { user, cwd: dir, timeoutMs: 60_000 })

  let child: ChildProcess | undefined
  let log = ''
  const killOnExit = () => child?.exitCode === null && child.kill('SIGKILL')

  const ready = () =>
    run(join(bin, 'pg_isready'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', '-d', 'postgres', '-t', '1'], {
      user,
      cwd: dir,
      timeoutMs: 5_000,
    }).then(
      () => true,
      () => false,
    )

  const start = async () => {
    if (child && child.exitCode === null && child.signalCode === null) return
    log = ''
    // fsync off: test data need not survive a power cut, and the disk is shared with others.
    const c = spawn(
      join(bin, 'postgres'),
      [
        '-D',
        data,
        '-p',
        String(port),
        '-c',
        'listen_addresses=127.0.0.1',
        '-c',
        `unix_socket_directories=${dir}`,
        '-c',
        'fsync=off',
        '-c',
        'synchronous_commit=off',
        '-c',
        'full_page_writes=off',
        '-c',
        'max_connections=100',
      ],
      { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'], ...user, env: { ...process.env, LC_ALL: 'C' } },
    )
    child = c
    c.stdout!.on('data', (d) => (log += d))
    c.stderr!.on('data', (d) => (log += d))
    process.once('exit', killOnExit)
    const t0 = Date.now()
    while (!(await ready())) {
      if (c.exitCode !== null || c.signalCode !== null) throw new Error(`postgres exited with ${c.exitCode ?? c.signalCode} while starting:\n${log}`)
      if (Date.now() - t0 > START_TIMEOUT_MS) {
        c.kill('SIGKILL')
        throw new Error(`postgres did not accept connections within ${START_TIMEOUT_MS / 1000} s:\n${log}`)
      }
      await new Promise((r) => setTimeout(r, 100))
    }
  }

  const stop = async () => {
    const c = child
    if (!c || c.exitCode !== null || c.signalCode !== null) return
    const exited = new Promise<void>((res) => c.once('exit', () => res()))
    c.kill('SIGINT') // fast shutdown: cut connections, checkpoint, exit
    const timedOut = await Promise.race([exited.then(() => false), new Promise<boolean>((r) => setTimeout(() => r(true), STOP_TIMEOUT_MS).unref())])
    if (timedOut) {
      c.kill('SIGKILL')
      await exited
    }
    process.off('exit', killOnExit)
  }

  const url = (database: string) => `postgres://postgres@127.0.0.1:${port}/${database}`
  await start()
  return {
    port,
    url,
    async createDatabase(prefix = 'tavla') {
      const name = `${prefix.replace(/[^a-z0-9_]/gi, '_').toLowerCase()}_${process.pid}_${++counter}`
      await run(join(bin, 'createdb'), ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres', name], { user, cwd: dir, timeoutMs: 30_000 })
      return url(name)
    },
    async recreateDatabase(dbUrl: string) {
      const name = new URL(dbUrl).pathname.slice(1)
      const args = ['-h', '127.0.0.1', '-p', String(port), '-U', 'postgres']
      await run(join(bin, 'dropdb'), [...args, '--force', name], { user, cwd: dir, timeoutMs: 30_000 })
      await run(join(bin, 'createdb'), [...args, name], { user, cwd: dir, timeoutMs: 30_000 })
    },
    stop,
    start,
    async close() {
      await stop()
      rmSync(dir, { recursive: true, force: true })
    },
  }
}
