// Issue 17: the nginx example of apps/server/SCALE-OUT.md, run as written. Debian's nginx with a
// self-signed certificate in front of two real tavla processes on one Redis and one Postgres,
// TRUST_PROXY naming nginx's address ([L10]); Chromium joins over https and wss through it.
// The conf is the document's block with only addresses, ports and certificate paths changed.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { request } from 'node:https'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { waitFor } from '../support/clients.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'
import { ensureDebianPackage, startRedis, type RunningRedis } from '../support/redis.ts'
import { freePort, metric, repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { addNote, openBoard, waitForNotes } from './helpers.ts'

const NGINX = '/usr/sbin/nginx'
const OPENSSL = '/usr/bin/openssl'

let redis: RunningRedis | undefined
let pg: RunningPostgres | undefined
let servers: RunningServer[] = []
let nginx: ChildProcess | undefined
let nginxOut = ''
let browser: Browser | undefined
const contexts: WatchedContext[] = []
let dir = ''
let port = 0
let base = ''
let cert = ''

/** The ```nginx block of SCALE-OUT.md with this test's upstreams, port and certificate. */
export function documentedConf(upstreams: number[], listenPort: number, certFile: string, keyFile: string): string {
  const doc = readFileSync(join(repoRoot, 'apps/server/SCALE-OUT.md'), 'utf8')
  const block = /```nginx\n([\s\S]*?)```/.exec(doc)?.[1]
  if (!block) throw new Error('SCALE-OUT.md has no ```nginx block')
  const swap = (s: string, from: RegExp, to: string) => {
    if (!from.test(s)) throw new Error(`SCALE-OUT.md's nginx block no longer has ${from}: update the test with the document`)
    return s.replace(from, to)
  }
  let conf = swap(block, /(?:^ *server 127\.0\.0\.1:\d+;\n)+/m, upstreams.map((p) => `    server 127.0.0.1:${p};\n`).join(''))
  conf = swap(conf, /listen 443 ssl;/, `listen 127.0.0.1:${listenPort} ssl;`)
  conf = swap(conf, /server_name tavla\.example\.se;/, 'server_name 127.0.0.1;')
  conf = swap(conf, /ssl_certificate \S+;/, `ssl_certificate ${certFile};`)
  conf = swap(conf, /ssl_certificate_key \S+;/, `ssl_certificate_key ${keyFile};`)
  return conf
}

interface Reply {
  status: number
  body: string
}

/** One https request through nginx, from a chosen loopback address (the client nginx sees). */
function viaNginx(method: string, path: string, opts: { from?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((res, rej) => {
    const req = request(
      { host: '127.0.0.1', port, method, path, ca: cert, localAddress: opts.from ?? '127.0.0.1', headers: opts.headers, agent: false },
      (r) => {
        let body = ''
        r.setEncoding('utf8')
        r.on('data', (d) => (body += d))
        r.on('end', () => res({ status: r.statusCode ?? 0, body }))
      },
    )
    req.on('error', rej)
    req.end(opts.body)
  })
}

const createVia = (from: string, headers: Record<string, string> = {}) =>
  viaNginx('POST', '/api/boards', {
    from,
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ template: 'blank', title: 'Bakom nginx' }),
  })

/** Open websockets of one process, from its /metrics (loopback, [L11]), straight, not via nginx. */
const connections = (s: RunningServer): Promise<number> => metric(s.url, 'tavla_connections')

/** How many processes hold a board open: the subscribers of its Redis channel (RedisBus). */
function holders(id: string): number {
  const out = execFileSync('/usr/bin/redis-cli', ['-p', String(redis!.port), 'PUBSUB', 'NUMSUB', `tavla:room:${id}`], { encoding: 'utf8' })
  return Number(out.trim().split('\n')[1])
}

beforeAll(async () => {
  ensureDebianPackage(NGINX, 'nginx')
  ensureDebianPackage(OPENSSL, 'openssl')
  dir = mkdtempSync(join(tmpdir(), 'tavla-nginx-'))
  const certFile = join(dir, 'cert.pem')
  const keyFile = join(dir, 'key.pem')
  execFileSync(
    OPENSSL,
    [
      'req',
      '-x509',
      '-newkey',
      'rsa:2048',
      '-nodes',
      '-days',
      '2',
      '-subj',
      '/CN=127.0.0.1',
      '-addext',
      'subjectAltName=IP:127.0.0.1',
      '-keyout',
      keyFile,
      '-out',
      certFile,
    ],
    { stdio: 'pipe' },
  ) // prettier-ignore
  cert = readFileSync(certFile, 'utf8')
  port = await freePort()
  base = `https://127.0.0.1:${port}`

  ;[redis, pg] = await Promise.all([startRedis(), startPostgres()])
  const env = {
    REDIS_URL: redis.url,
    DATABASE_URL: await pg.createDatabase('nginx'),
    KEY_SECRET: 'nginx-test-secret-0123456789abcdef',
    PUBLIC_URL: base,
    TRUST_PROXY: '127.0.0.1',
    MAX_BOARDS_PER_MINUTE: '2',
    LOG_LEVEL: 'info', // the request log names the address the server believes
  }
  servers = await Promise.all([0, 1].map(() => startServer({ env, startTimeoutMs: 120_000 })))

  const root = process.getuid?.() === 0
  writeFileSync(
    join(dir, 'nginx.conf'),
    [
      'daemon off;',
      'worker_processes 1;',
      root ? 'user root root;' : '',
      `pid ${join(dir, 'nginx.pid')};`,
      `error_log ${join(dir, 'error.log')} warn;`,
      'events { worker_connections 256; }',
      'http {',
      `access_log ${join(dir, 'access.log')};`,
      ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((t) => `${t}_temp_path ${join(dir, t)};`),
      documentedConf(
        servers.map((s) => s.port),
        port,
        certFile,
        keyFile,
      ),
      '}',
    ].join('\n'),
  )
  const child = spawn(NGINX, ['-p', dir, '-c', join(dir, 'nginx.conf'), '-e', join(dir, 'error.log')], { stdio: ['ignore', 'pipe', 'pipe'] })
  nginx = child
  child.stdout!.on('data', (d) => (nginxOut += d))
  child.stderr!.on('data', (d) => (nginxOut += d))
  const t0 = Date.now()
  for (;;) {
    if (child.exitCode !== null) throw new Error(`nginx exited with ${child.exitCode}: ${nginxOut}`)
    const ok = await viaNginx('GET', '/healthz').then(
      (r) => r.status === 200,
      () => false,
    )
    if (ok) break
    if (Date.now() - t0 > 20_000) throw new Error(`nginx did not answer over https within 20 s: ${nginxOut}`)
    await new Promise((r) => setTimeout(r, 50))
  }
  browser = await launch()
}, 300_000)

afterAll(async () => {
  await browser?.close()
  if (nginx && nginx.exitCode === null && nginx.signalCode === null) {
    const n = nginx
    await new Promise<void>((res) => {
      n.once('exit', () => res())
      n.kill('SIGTERM') // nginx's fast shutdown, workers included
    })
  }
  await Promise.allSettled(servers.map((s) => s.stop()))
  await redis?.stop()
  await pg?.close()
  for (const c of contexts) expect(c.outside).toEqual([])
}, 60_000)

describe('the SCALE-OUT nginx example: https and wss in front of two processes', () => {
  let participant = ''
  let boardId = ''

  it('[H3][L10] a board created over https through nginx gets https links', async () => {
    const r = await createVia('127.0.0.1')
    expect(r.status, r.body).toBe(201)
    const board = JSON.parse(r.body) as { id: string; links: Record<'facilitator' | 'participant' | 'viewer', string> }
    for (const link of Object.values(board.links)) expect(link.startsWith(`${base}/b/${board.id}?key=`), link).toBe(true)
    participant = board.links.participant
    boardId = board.id
  })

  it('two Chromium pages join over wss through nginx, reach different processes and see each other’s notes', async () => {
    expect(participant).not.toBe('')
    const sockets: string[] = []
    const page = async (): Promise<Page> => {
      const c = await watchedContext(browser!, { ignoreHTTPSErrors: true })
      contexts.push(c)
      const p = await c.page()
      p.on('websocket', (ws) => sockets.push(ws.url()))
      return p
    }
    const total = async () => (await Promise.all(servers.map(connections))).reduce((a, b) => a + b)
    expect(await total()).toBe(0)
    const anna = await page()
    await openBoard(anna, participant, 'Anna')
    await waitFor(async () => (await total()) === 2, 'Anna’s two websockets (board and private part) reach tavla', 20_000)
    expect(holders(boardId)).toBe(1)
    // Bo joins until nginx sends his board websocket to the other process: then both processes hold
    // the board (each subscribes to its Redis channel), and notes cross between them only over Redis.
    let bo: Page | undefined
    for (let attempt = 0; attempt < 8 && !bo; attempt++) {
      const p = await page()
      await openBoard(p, participant, 'Bo')
      await waitFor(async () => (await total()) === 4, 'Bo’s websockets reach tavla', 20_000)
      if (holders(boardId) === 2) bo = p
      else {
        await p.context().close()
        await waitFor(async () => (await total()) === 2, 'Bo’s websockets closed', 20_000)
      }
    }
    if (!bo) throw new Error('nginx never sent the two pages’ board websockets to different processes')
    const split = await Promise.all(servers.map(connections))
    expect(
      split.every((n) => n >= 1),
      split.join(),
    ).toBe(true)
    expect(sockets.length).toBeGreaterThanOrEqual(2)
    for (const u of sockets) expect(u.startsWith(`wss://127.0.0.1:${port}/`), u).toBe(true)

    await addNote(anna, 500, 350, 'Anna via nginx')
    await addNote(bo, 800, 500, 'Bo via nginx')
    await waitForNotes(anna, ['Anna via nginx', 'Bo via nginx'])
    await waitForNotes(bo, ['Anna via nginx', 'Bo via nginx'])
    expect(holders(boardId)).toBe(2)
    for (const c of contexts) expect(c.errors).toEqual([])
  })

  it('[L6][L10] the per-address limit counts the address nginx forwards, not nginx’s own, and not one the client names', async () => {
    // MAX_BOARDS_PER_MINUTE=2 in each of the two processes: from one address at most 4 of 5 go through
    const fromTwo: number[] = []
    for (let i = 0; i < 5; i++) {
      // X-Forwarded-For from the client is replaced by nginx ($remote_addr): it buys no fresh count
      const r = await createVia('127.0.0.2', { 'x-forwarded-for': `10.9.9.${i}` })
      fromTwo.push(r.status)
      if (r.status === 429) expect(JSON.parse(r.body).error.code).toBe('too_many_boards')
    }
    expect(fromTwo.slice(0, 2)).toEqual([201, 201])
    expect(fromTwo).toContain(429)
    // another client address has its own count, although every request reaches tavla from nginx's 127.0.0.1
    const other = await createVia('127.0.0.3')
    expect(other.status, other.body).toBe(201)
    const logs = () => servers.map((s) => s.output()).join('\n')
    await waitFor(() => logs().includes('"remoteAddress":"127.0.0.3"'), 'the log names the forwarded address 127.0.0.3')
    expect(logs()).toContain('"remoteAddress":"127.0.0.2"')
    expect(logs()).not.toContain('"remoteAddress":"10.9.9.')
  })
})
