// The three servers under test, behind one interface: start a fresh process, make rooms, restart.
import { mkdtempSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import type { Room } from '../client/wire.ts'
import { mapLimit } from '../stats.ts'
import { freePort, ServerProcess } from './ServerProcess.ts'

export const repoRoot = resolve(import.meta.dirname, '../../..')
const require = createRequire(import.meta.url)

export interface Running {
  proc: ServerProcess
  /** Makes `n` new, empty rooms (tavla: boards through the HTTP API). */
  createRooms(n: number): Promise<Room[]>
  /** Stops the process and starts it again on the same data (only when the target persists). */
  restart(): Promise<void>
  stop(): Promise<void>
  /** What the server says it holds (tavla: /metrics); absent for servers that do not tell. */
  stats?(): Promise<{ rooms: number; connections: number; heapBytes: number }>
}

export interface Target {
  id: 'tavla' | 'y-websocket' | 'hocuspocus' | 'tldraw-sync'
  label: string
  /** Runs only the fan-out scenarios (big-room, conference, many-rooms): its client speaks no Yjs. */
  fanoutOnly?: boolean
  /** Whether documents survive a restart (the cold-load scenario needs it). */
  persists: boolean
  isReference: boolean
  start(): Promise<Running>
}

const host = '127.0.0.1'
let roomSeq = 0
const roomName = (): string => `bench-${process.pid}-${++roomSeq}`

function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** Starts a node script as a server on a free port, with restart on the same env. */
async function launch(name: string, script: string, env: Record<string, string | undefined>, args: string[] = []) {
  let port = await freePort()
  let proc = await ServerProcess.start(name, script, args, { ...env, PORT: String(port), HOST: host }, port)
  return {
    get proc() {
      return proc
    },
    get port() {
      return port
    },
    async restart() {
      await proc.stop()
      port = await freePort()
      proc = await ServerProcess.start(name, script, args, { ...env, PORT: String(port), HOST: host }, port)
    },
  }
}

/** Limits of tavla's server the bench raises so that the load, not a cap, is measured; reported in the output. */
/** Extra node flags for tavla's process (main sets `--cpu-prof …` with --profile). */
export const tavlaNodeArgs: string[] = []

// The whole load comes from one loopback address, so the per-address limits that protect a real
// server (apps/server SPEC [L5], [L6], [L16]) would stop the generator; the reference servers have
// none. Every per-connection limit and the update guard stay as they are by default.
export const tavlaEnv = {
  LOG_LEVEL: 'warn',
  MAX_CONNECTIONS: '100000',
  MAX_ROOMS: '100000',
  MAX_CONNECTIONS_PER_ADDRESS: '100000',
  MAX_BOARDS_PER_MINUTE: '100000',
  MAX_IDENTITIES_PER_MINUTE: '100000',
}

export const tavla: Target = {
  id: 'tavla',
  label: 'tavla',
  persists: true,
  isReference: false,
  async start() {
    const dataDir = tempDir('tavla-bench-')
    const l = await launch('tavla', join(repoRoot, 'apps/server/src/main.ts'), { ...tavlaEnv, DATA_DIR: dataDir }, tavlaNodeArgs)
    return {
      get proc() {
        return l.proc
      },
      async createRooms(n) {
        return mapLimit(Array.from({ length: n }), 8, async () => {
          const res = await fetch(`http://${host}:${l.port}/api/boards`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ template: 'blank', title: 'bench' }),
          })
          if (res.status !== 201) throw new Error(`tavla: POST /api/boards → ${res.status} ${await res.text()}`)
          const board = (await res.json()) as { id: string; keys: { participant: string } }
          // The port is read when the room is used: after a restart it changes.
          return {
            get url() {
              return `ws://${host}:${l.port}/ws/${board.id}?key=${board.keys.participant}`
            },
            dialect: { kind: 'plain' },
          } as Room
        })
      },
      restart: () => l.restart(),
      async stop() {
        await l.proc.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
      async stats() {
        const text = await (await fetch(`http://${host}:${l.port}/metrics`)).text()
        const metric = (name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN)
        return { rooms: metric('tavla_rooms'), connections: metric('tavla_connections'), heapBytes: metric('nodejs_heap_used_bytes') }
      },
    }
  },
}

export const yWebsocket: Target = {
  id: 'y-websocket',
  label: 'y-websocket 1.5.4',
  persists: false,
  isReference: true,
  async start() {
    const script = join(resolve(require.resolve('y-websocket-ref/package.json'), '..'), 'bin/server.js')
    // Unset: with YPERSISTENCE the ref server writes every update to LevelDB, which is not its default.
    const l = await launch('y-websocket', script, { YPERSISTENCE: undefined })
    return {
      get proc() {
        return l.proc
      },
      async createRooms(n) {
        return Array.from({ length: n }, () => {
          const name = roomName()
          return {
            get url() {
              return `ws://${host}:${l.port}/${name}`
            },
            dialect: { kind: 'plain' },
          } as Room
        })
      },
      restart: () => l.restart(),
      stop: () => l.proc.stop(),
    }
  },
}

export const hocuspocus: Target = {
  id: 'hocuspocus',
  label: 'Hocuspocus 4.7',
  persists: true,
  isReference: true,
  async start() {
    const dataDir = tempDir('hocuspocus-bench-')
    const l = await launch('hocuspocus', join(import.meta.dirname, 'hocuspocus.ts'), { DATA_DIR: dataDir })
    return {
      get proc() {
        return l.proc
      },
      async createRooms(n) {
        return Array.from({ length: n }, () => {
          const docName = roomName()
          return {
            get url() {
              return `ws://${host}:${l.port}/`
            },
            dialect: { kind: 'hocuspocus', docName, token: 'bench' },
          } as Room
        })
      },
      restart: () => l.restart(),
      async stop() {
        await l.proc.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  },
}

// tldraw's own sync server (src/servers/tldrawSync.ts): TLSocketRoom per room, records in SQLite.
export const tldrawSync: Target = {
  id: 'tldraw-sync',
  label: 'tldraw sync 5.4.2',
  persists: true,
  isReference: true,
  fanoutOnly: true,
  async start() {
    const dataDir = tempDir('tldraw-sync-bench-')
    const l = await launch('tldraw-sync', join(import.meta.dirname, 'tldrawSync.ts'), {
      DATA_DIR: dataDir,
      SQLITE_PRAGMAS: process.env.BENCH_TLDRAW_SQLITE_PRAGMAS,
    })
    return {
      get proc() {
        return l.proc
      },
      async createRooms(n) {
        return Array.from({ length: n }, () => {
          const name = roomName()
          return {
            get url() {
              return `ws://${host}:${l.port}/connect/${name}`
            },
            dialect: { kind: 'tldraw' },
          } as Room
        })
      },
      restart: () => l.restart(),
      async stop() {
        await l.proc.stop()
        rmSync(dataDir, { recursive: true, force: true })
      },
    }
  },
}

export const allTargets: Target[] = [tavla, yWebsocket, hocuspocus, tldrawSync]
