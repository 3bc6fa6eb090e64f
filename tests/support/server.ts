// Starts the real server (node apps/server/src/main.ts) as a child process on a free loopback
// port with its own data directory, as `npm start` would, and stops, kills or restarts it.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(import.meta.dirname, '../..')

export interface RunningServer {
  url: string
  wsUrl: string
  port: number
  dataDir: string
  process: () => ChildProcess
  /** Output of the current process so far (for failure messages). */
  output: () => string
  /** SIGTERM and wait: the server writes everything first. */
  stop(): Promise<void>
  /** SIGKILL and wait: nothing gets written. */
  kill(): Promise<void>
  /** Stops (or kills) and starts again on the same port and data directory. */
  restart(how?: 'stop' | 'kill'): Promise<void>
}

export function freePort(): Promise<number> {
  return new Promise((res, rej) => {
    const srv = createServer()
    srv.unref()
    srv.on('error', rej)
    srv.listen(0, '127.0.0.1', () => {
      const addr = srv.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      srv.close(() => res(port))
    })
  })
}

/** `startTimeoutMs` (default 30 s) bounds each start; past it the process is killed, not left behind. */
export async function startServer(opts: { dataDir?: string; env?: Record<string, string>; startTimeoutMs?: number } = {}): Promise<RunningServer> {
  const startTimeoutMs = opts.startTimeoutMs ?? 30_000
  const port = await freePort()
  const dataDir = opts.dataDir ?? mkdtempSync(join(tmpdir(), 'tavla-test-'))
  let child: ChildProcess
  let out = ''

  const launch = async () => {
    out = ''
    child = spawn(process.execPath, ['--disable-warning=ExperimentalWarning', join(repoRoot, 'apps/server/src/main.ts')], {
      cwd: repoRoot,
      env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', DATA_DIR: dataDir, LOG_LEVEL: 'warn', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    child.stdout!.on('data', (d) => (out += d))
    child.stderr!.on('data', (d) => (out += d))
    const started = Date.now()
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}:\n${out}`)
      try {
        const res = await fetch(`http://127.0.0.1:${port}/healthz`)
        if (res.ok) return
      } catch {
        // not listening yet
      }
      if (Date.now() - started > startTimeoutMs) {
        child.kill('SIGKILL')
        throw new Error(`server did not start within ${startTimeoutMs / 1000} s:\n${out}`)
      }
      await new Promise((r) => setTimeout(r, 50))
    }
  }

  const exited = () =>
    new Promise<void>((res) => {
      if (child.exitCode !== null || child.signalCode !== null) return res()
      child.once('exit', () => res())
    })

  await launch()
  const server: RunningServer = {
    url: `http://127.0.0.1:${port}`,
    wsUrl: `ws://127.0.0.1:${port}/ws`,
    port,
    dataDir,
    process: () => child,
    output: () => out,
    async stop() {
      const done = exited()
      child.kill('SIGTERM')
      await done
    },
    async kill() {
      const done = exited()
      child.kill('SIGKILL')
      await done
    },
    async restart(how = 'stop') {
      await (how === 'kill' ? server.kill() : server.stop())
      await launch()
    },
  }
  return server
}

/** One of the server's own figures from /metrics ([OP7]; loopback needs no token, [L11]). */
export async function metric(baseUrl: string, name: string): Promise<number> {
  const text = await (await fetch(`${baseUrl}/metrics`)).text()
  const m = new RegExp(`^${name} (\\S+)$`, 'm').exec(text)
  if (!m) throw new Error(`no ${name} in /metrics`)
  return Number(m[1])
}
