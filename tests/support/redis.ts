// A real redis-server from Debian's package, on a free loopback port, for the scale-out tests.
// Installs the package when it is missing (CI machines start with Node and npm only).
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { existsSync, mkdtempSync } from 'node:fs'
import { createConnection } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from './server.ts'

const BIN = '/usr/bin/redis-server'

export function ensureDebianPackage(bin: string, pkg: string): void {
  if (existsSync(bin)) return
  const sudo = process.getuid?.() === 0 ? [] : ['sudo']
  // Test files run in parallel and several install at once on a new machine: one apt-get at a
  // time (dpkg's lock refuses a second outright), and the package looked for again under the lock.
  const install = `test -e "$1" || { apt-get update -qq && apt-get install -y -qq "$2"; }`
  const args = ['flock', '/tmp/tavla-apt.lock', 'sh', '-c', install, 'install', bin, pkg]
  execFileSync(sudo.length ? 'sudo' : args[0]!, sudo.length ? args : args.slice(1), {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  })
}

function ping(port: number): Promise<boolean> {
  return new Promise((res) => {
    const s = createConnection(port, '127.0.0.1')
    s.on('error', () => res(false))
    s.on('connect', () => s.write('PING\r\n'))
    s.on('data', (d) => {
      res(d.toString().startsWith('+PONG'))
      s.destroy()
    })
  })
}

export interface RunningRedis {
  url: string
  port: number
  stop(): Promise<void>
  start(): Promise<void>
}

export async function startRedis(): Promise<RunningRedis> {
  ensureDebianPackage(BIN, 'redis-server')
  const port = await freePort()
  const dir = mkdtempSync(join(tmpdir(), 'tavla-redis-'))
  let child: ChildProcess | undefined
  const start = async () => {
    child = spawn(BIN, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir, '--protected-mode', 'yes'], {
      stdio: 'ignore',
    })
    const t0 = Date.now()
    while (!(await ping(port))) {
      if (child.exitCode !== null) throw new Error(`redis-server exited with ${child.exitCode}`)
      if (Date.now() - t0 > 15_000) throw new Error('redis-server did not start within 15 s')
      await new Promise((r) => setTimeout(r, 30))
    }
  }
  const stop = async () => {
    if (!child || child.exitCode !== null) return
    const c = child
    await new Promise<void>((res) => {
      c.once('exit', () => res())
      c.kill('SIGTERM')
    })
  }
  await start()
  return { url: `redis://127.0.0.1:${port}`, port, stop, start }
}
