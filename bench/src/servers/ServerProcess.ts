// A server under test, run as its own child process so /proc shows its CPU and memory alone.
import { spawn, type ChildProcess } from 'node:child_process'
import { createServer, connect } from 'node:net'
import { sleep } from '../stats.ts'

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => {
      const addr = s.address()
      const port = typeof addr === 'object' && addr ? addr.port : 0
      s.close(() => resolve(port))
    })
  })
}

function canConnect(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect({ port, host: '127.0.0.1' })
    sock.once('connect', () => {
      sock.destroy()
      resolve(true)
    })
    sock.once('error', () => resolve(false))
  })
}

// Children still running; killed if the bench exits early (Ctrl-C, a crash) so no server outlives it.
const live = new Set<ChildProcess>()
process.once('exit', () => {
  for (const c of live) c.kill('SIGKILL')
})
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130))

export class ServerProcess {
  readonly name: string
  readonly port: number
  private readonly child: ChildProcess
  private output = ''
  exitCode: number | null = null
  private readonly exited: Promise<void>

  private constructor(name: string, port: number, child: ChildProcess) {
    this.name = name
    this.port = port
    this.child = child
    const keep = (chunk: Buffer): void => {
      // Keep the tail only: a chatty server must not grow the bench's memory.
      this.output = (this.output + chunk.toString()).slice(-20_000)
    }
    child.stdout?.on('data', keep)
    child.stderr?.on('data', keep)
    live.add(child)
    this.exited = new Promise((resolve) =>
      child.once('exit', (code, signal) => {
        live.delete(child)
        this.exitCode = code ?? (signal ? 128 : 0)
        resolve()
      }),
    )
  }

  /** Spawns `node <script>` with env, and waits until the port accepts connections (≤ 30 s). */
  static async start(name: string, script: string, args: string[], env: Record<string, string | undefined>, port: number): Promise<ServerProcess> {
    const childEnv: Record<string, string> = {}
    for (const [k, v] of Object.entries({ ...process.env, ...env })) if (v !== undefined) childEnv[k] = v
    const child = spawn(process.execPath, [...args, script], { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    const sp = new ServerProcess(name, port, child)
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline) {
      if (sp.exitCode !== null) throw new Error(`${name} exited with ${sp.exitCode} while starting:\n${sp.output}`)
      if (await canConnect(port)) return sp
      await sleep(100)
    }
    await sp.stop()
    throw new Error(`${name} did not listen on port ${port} within 30 s:\n${sp.output}`)
  }

  get pid(): number {
    return this.child.pid ?? -1
  }

  get alive(): boolean {
    return this.exitCode === null
  }

  get log(): string {
    return this.output
  }

  /** SIGTERM (a clean shutdown: servers with persistence write first), SIGKILL after 15 s. */
  async stop(): Promise<void> {
    if (this.exitCode !== null) return
    this.child.kill('SIGTERM')
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 15_000)
    await this.exited
    clearTimeout(timer)
  }
}
