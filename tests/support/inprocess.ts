// The server built in this process (buildApp) on a free loopback port, with a real SQLite file.
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { buildApp, loadConfig, type App } from '@tavla/server'

export interface InProcessServer extends App {
  url: string
  wsUrl: string
  dataDir: string
  close(): Promise<void>
}

export async function startInProcess(env: Record<string, string> = {}, opts: { now?: () => number } = {}): Promise<InProcessServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tavla-it-'))
  const config = loadConfig({ DATA_DIR: dataDir, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent', ...env })
  const built = await buildApp({ config, now: opts.now })
  await built.app.listen({ port: 0, host: '127.0.0.1' })
  const addr = built.app.server.address()
  const port = typeof addr === 'object' && addr ? addr.port : 0
  return { ...built, url: `http://127.0.0.1:${port}`, wsUrl: `ws://127.0.0.1:${port}/ws`, dataDir, close: () => built.app.close() }
}
