// apps/server SPEC Operations [OP1]–[OP6]: the `tavla` command run as a real child process on
// the server's own store (SQLite in DATA_DIR, Postgres with DATABASE_URL): backup → delete
// everything → restore gives every board back byte for byte, and its links open it again.
import { execFile } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { PostgresStorage, SqliteStorage, type BoardStorage } from '@tavla/storage'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { repoRoot, startServer } from '../support/server.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'
import { startRedis, type RunningRedis } from '../support/redis.ts'

const CLI = join(repoRoot, 'apps/server/src/cli/main.ts')

/** The CLI as the operator runs it: a child process; its exit code, stdout and stderr. */
function tavla(args: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  return new Promise((res) => {
    execFile(
      process.execPath,
      ['--disable-warning=ExperimentalWarning', CLI, ...args],
      { cwd: repoRoot, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, timeout: 60_000 },
      (error, stdout, stderr) => res({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout, err: stderr }),
    )
  })
}

const hex = (u: Uint8Array) => Buffer.from(u).toString('hex')

/** Everything the store holds, through the BoardStorage interface, bytes as hex. */
async function everything(storage: BoardStorage) {
  const boards = (await storage.listBoards()).sort((a, b) => a.id.localeCompare(b.id))
  return Promise.all(
    boards.map(async (row) => {
      const parts: Record<string, { updates: string[]; rows: number; bytes: number }> = {}
      for (const part of ['', ...(await storage.listDocParts(row.id))]) {
        const { updates, rows, bytes } = await storage.loadDoc(row.id, part)
        parts[part] = { updates: updates.map(hex), rows, bytes }
      }
      const snapshots = await Promise.all(
        (await storage.listSnapshots(row.id)).map(async (info) => {
          const s = (await storage.getSnapshot(row.id, info.id))!
          return { info, state: hex(s.state) }
        }),
      )
      return {
        row,
        parts,
        snapshots,
        audit: await storage.listAudit(row.id),
        trash: await storage.listTrash(row.id),
        owners: await storage.listBoardAccounts(row.id),
      }
    }),
  ).then(async (boards) => ({
    boards,
    accounts: await Promise.all((await storage.listAccounts()).map(async (account) => ({ account, boards: await storage.listAccountBoards(account.id) }))),
  }))
}

interface Backend {
  name: string
  env: () => Record<string, string>
  open: () => Promise<BoardStorage>
  /** Removes everything there is (past the CLI's own `boards delete`); `env()` then names the empty store. */
  wipe: () => Promise<void>
}

async function fill(server: Awaited<ReturnType<typeof startServer>>) {
  const b = await createBoard(server.url, { title: 'Säkerhetskopia' })
  const c = connectClient(server.wsUrl, b.id, b.keys.participant)
  await c.synced
  writeRecords(recordsOf(c.doc), [makeNote({ id: 'a', x: 0, y: 0, text: 'Första lappen' }), makeNote({ id: 'b', x: 200, y: 0, text: 'Andra, å ä ö' })])
  const snap = await fetch(`${server.url}/api/boards/${b.id}/snapshots?key=${b.keys.facilitator}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: 'Före omröstningen' }),
  })
  expect(snap.status).toBe(201)
  writeRecords(recordsOf(c.doc), [makeNote({ id: 'c', x: 400, y: 0, text: 'Efter ögonblicksbilden' })])
  await waitFor(async () => {
    const r = await fetch(`${server.url}/api/boards/${b.id}/state-vector?key=${b.keys.viewer}`)
    const sv = Buffer.from(((await r.json()) as { sv: string }).sv, 'base64')
    return Y.encodeStateAsUpdate(c.doc, sv).byteLength <= 2
  }, 'the server has every change')
  c.destroy()
  const other = await createBoard(server.url, { title: 'Den andra' })
  const links = async (id: string, key: string) =>
    (await (await fetch(`${server.url}/api/boards/${id}/links?key=${key}`)).json()) as { links: Record<string, string> }
  return { b, other, linksB: await links(b.id, b.keys.facilitator), linksOther: await links(other.id, other.keys.facilitator) }
}

/** What the server alone does not make in a short test: private parts, a compacted document, trash. */
async function addTheRest(storage: BoardStorage, boardId: string, otherId: string) {
  // accounts (storage [S17], [S18]): one owning a board and co-facilitating another, one with none
  const ada = await storage.upsertAccount({
    id: 'acc-ada',
    issuer: 'https://login.example.se',
    subject: 'ada',
    name: 'Ada Lind',
    email: 'ada@example.se',
    at: 1_700_000_000_000,
  })
  await storage.upsertAccount({
    id: 'acc-ignored',
    issuer: 'https://login.example.se',
    subject: 'ada',
    name: 'Ada Lind',
    email: 'ada@example.se',
    at: 1_700_000_500_000,
  })
  await storage.upsertAccount({ id: 'acc-bo', issuer: 'https://login.example.se', subject: 'bo', at: 1_700_000_100_000 })
  await storage.setBoardAccount({ accountId: ada.id, boardId, role: 'owner', addedAt: 1_700_000_000_010 })
  await storage.setBoardAccount({ accountId: ada.id, boardId: otherId, role: 'co-facilitator', addedAt: 1_700_000_000_020 })
  const doc = new Y.Doc()
  doc.getMap('x').set('mine', 'privat')
  await storage.appendUpdates(boardId, [Y.encodeStateAsUpdate(doc)], 'partA')
  const compacted = new Y.Doc()
  compacted.getMap('x').set('k', 1)
  await storage.compact(boardId, Y.encodeStateAsUpdate(compacted), 0, 'partB')
  compacted.getMap('x').set('k', 2)
  await storage.appendUpdates(boardId, [Y.encodeStateAsUpdate(compacted)], 'partB')
  await storage.addTrash(
    [
      {
        boardId,
        noteId: 'shape:gone',
        deletedAt: 1_700_000_000_000,
        record: { id: 'shape:gone', props: { text: 'borta' } },
        author: { name: 'Åsa' },
        deletedBy: { role: 'facilitator' },
      },
      { boardId, noteId: 'shape:gone2', deletedAt: 1_700_000_000_001, record: { id: 'shape:gone2' } },
    ],
    100,
  )
  await storage.appendAudit({ boardId, at: 1_700_000_000_002, action: 'test.action', detail: { by: 'test', n: 3 } })
}

function roundTrip(backend: Backend) {
  it(`[OP2][OP3][OP5] ${backend.name}: backup → delete everything → restore gives every board back byte for byte, and its links open it`, async () => {
    let env = backend.env()
    let server = await startServer({ dataDir: env.DATA_DIR!, env })
    const { b, other, linksB, linksOther } = await fill(server)
    await server.stop()
    let storage = await backend.open()
    await addTheRest(storage, b.id, other.id)
    const before = await everything(storage)
    await storage.close()
    expect(before.boards).toHaveLength(2)
    expect(before.accounts).toHaveLength(2)
    expect(before.accounts[0]).toMatchObject({ account: { id: 'acc-ada', createdAt: 1_700_000_000_000, lastSignInAt: 1_700_000_500_000 } })
    expect(before.accounts[0]!.boards.map((x) => x.role).sort()).toEqual(['co-facilitator', 'owner'])
    const first = before.boards.find((x) => x.row.id === b.id)!
    expect(Object.keys(first.parts).sort()).toEqual(['', 'partA', 'partB'])
    expect(first.snapshots.length).toBeGreaterThanOrEqual(1)
    expect(first.trash).toHaveLength(2)
    expect(first.audit.map((e) => e.action)).toContain('snapshot')
    const secretBefore = env.KEY_SECRET ?? readFileSync(join(env.DATA_DIR!, 'key-secret'), 'utf8')

    const file = join(mkdtempSync(join(tmpdir(), 'tavla-ops-')), 'backup.tavla.gz')
    const made = await tavla(['backup', file], env)
    expect(made.code, made.err).toBe(0)
    expect(existsSync(`${file}.partial`)).toBe(false) // written beside, then renamed
    expect(made.out).toMatch(/backed up 2 boards, 4 document parts .*\d+ snapshots.*, accounts: 4 rows/)

    // delete everything: every board through the CLI, then the whole data folder (the key secret with it)
    for (const id of [b.id, other.id]) {
      const del = await tavla(['boards', 'delete', id], env)
      expect(del.code, del.err).toBe(0)
    }
    expect(JSON.parse((await tavla(['boards', 'list', '--json'], env)).out)).toEqual([])
    await backend.wipe()
    env = backend.env()

    const restored = await tavla(['restore', file], env)
    expect(restored.code, restored.err).toBe(0)
    expect(restored.out).toContain('restored 2 boards')
    storage = await backend.open()
    const after = await everything(storage)
    await storage.close()
    expect(after).toEqual(before)
    for (const s of after.boards.flatMap((x) => x.snapshots)) expect(s.info.sha256).toBe(createHash('sha256').update(Buffer.from(s.state, 'hex')).digest('hex'))
    if (!env.KEY_SECRET) expect(readFileSync(join(env.DATA_DIR!, 'key-secret'), 'utf8')).toBe(secretBefore)

    // [OP4] into a store with boards: refused, unless --force (the same boards replaced)
    const again = await tavla(['restore', file], env)
    expect(again.code).toBe(1)
    expect(again.err).toContain('[store_not_empty]')
    const forced = await tavla(['restore', file, '--force'], env)
    expect(forced.code, forced.err).toBe(0)
    storage = await backend.open()
    expect(await everything(storage)).toEqual(before)
    await storage.close()

    // the links still open their boards, and the server shows the same links again (the key secret came back)
    server = await startServer({ dataDir: env.DATA_DIR!, env })
    try {
      for (const [role, key] of Object.entries(b.keys)) {
        const res = await fetch(`${server.url}/api/boards/${b.id}?key=${key}`)
        expect(res.status, role).toBe(200)
      }
      const shown = (await (await fetch(`${server.url}/api/boards/${b.id}/links?key=${b.keys.facilitator}`)).json()) as { links: Record<string, string> }
      const paths = (links: Record<string, string>) => Object.fromEntries(Object.entries(links).map(([k, v]) => [k, v.replace(/^https?:\/\/[^/]+/, '')]))
      expect(paths(shown.links)).toEqual(paths(linksB.links))
      const shownOther = (await (await fetch(`${server.url}/api/boards/${other.id}/links?key=${other.keys.facilitator}`)).json()) as {
        links: Record<string, string>
      }
      expect(paths(shownOther.links)).toEqual(paths(linksOther.links))
      const c = connectClient(server.wsUrl, b.id, b.keys.participant)
      await c.synced
      const notes = readRecords(recordsOf(c.doc))
      c.destroy()
      expect([...notes.keys()]).toEqual(expect.arrayContaining(['shape:a', 'shape:b', 'shape:c']))
      // [OP3] the role a key opens is the role it opened before
      expect(((await (await fetch(`${server.url}/api/boards/${b.id}?key=${b.keys.viewer}`)).json()) as { role: string }).role).toBe('viewer')
    } finally {
      await server.stop()
    }
  }, 180_000) // a dozen CLI processes and server starts: minutes on a busy machine
}

describe('tavla backup and restore on SQLite', () => {
  let dataDir = ''
  const sqlite: Backend = {
    name: 'SQLite',
    env: () => ({ DATA_DIR: dataDir }),
    open: async () => new SqliteStorage(join(dataDir, 'tavla.db')),
    wipe: async () => rmSync(dataDir, { recursive: true, force: true }),
  }
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-sqlite-'))
  })
  roundTrip(sqlite)

  it('[OP4] a damaged, cut-short or foreign backup is refused with a clear message, and nothing is written', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tavla-ops-bad-'))
    const env = { DATA_DIR: join(dir, 'data') }
    const src = { DATA_DIR: join(dir, 'src') }
    const storage = new SqliteStorage(join(src.DATA_DIR, 'tavla.db'))
    const update = (() => {
      const d = new Y.Doc()
      d.getMap('x').set('a', 'b'.repeat(50))
      return Y.encodeStateAsUpdate(d)
    })()
    await storage.createBoard(
      {
        id: 'b'.repeat(22),
        title: 'T',
        template: 'blank',
        createdAt: 1,
        updatedAt: 2,
        keyHashes: { facilitator: 'f'.repeat(64), participant: 'p'.repeat(64), viewer: 'v'.repeat(64) },
        settings: {},
      },
      update,
    )
    await storage.close()
    const file = join(dir, 'good.gz')
    expect((await tavla(['backup', file], src)).code).toBe(0)
    const text = gunzipSync(readFileSync(file)).toString('utf8')

    // one character of the document changed (still valid base64 and JSON)
    const lines = text.split('\n')
    const docLine = lines.findIndex((l) => l.startsWith('{"type":"doc"'))
    const doc = JSON.parse(lines[docLine]!)
    doc.snapshot = `${doc.snapshot[0] === 'A' ? 'B' : 'A'}${doc.snapshot.slice(1)}`
    lines[docLine] = JSON.stringify(doc)
    writeFileSync(join(dir, 'tampered.gz'), gzipSync(lines.join('\n')))
    const tampered = await tavla(['restore', join(dir, 'tampered.gz')], env)
    expect(tampered.code).toBe(1)
    expect(tampered.err).toMatch(/\[backup_checksum\] The backup is damaged: board b+'s document does not match its SHA-256/)

    // a line taken out: the closing line's checksum no longer matches
    const fewer = text.split('\n').filter((l) => !l.startsWith('{"type":"doc"'))
    expect(fewer.length).toBe(text.split('\n').length - 1)
    writeFileSync(join(dir, 'fewer.gz'), gzipSync(fewer.join('\n')))
    const short = await tavla(['restore', join(dir, 'fewer.gz')], env)
    expect(short.code).toBe(1)
    expect(short.err).toContain('[backup_checksum]')

    // cut short in the middle of the gzip stream
    const bytes = readFileSync(file)
    writeFileSync(join(dir, 'cut.gz'), bytes.subarray(0, Math.floor(bytes.length / 2)))
    const cut = await tavla(['restore', join(dir, 'cut.gz')], env)
    expect(cut.code).toBe(1)
    expect(cut.err).toMatch(/\[backup_corrupt\] The backup is damaged or cut short/)

    // not a backup at all
    writeFileSync(join(dir, 'foreign.gz'), gzipSync('{"type":"header","format":"something-else","version":1}\n'))
    const foreign = await tavla(['restore', join(dir, 'foreign.gz')], env)
    expect(foreign.code).toBe(1)
    expect(foreign.err).toContain('[backup_format] This file is not a tavla backup')
    const missing = await tavla(['restore', join(dir, 'nope.gz')], env)
    expect(missing.code).toBe(1)
    expect(missing.err).toContain('[backup_missing]')

    // nothing was written by any of them
    expect(JSON.parse((await tavla(['boards', 'list', '--json'], env)).out)).toEqual([])
    expect(existsSync(join(env.DATA_DIR, 'key-secret'))).toBe(false)
    // and the good one restores
    expect((await tavla(['restore', file], env)).code).toBe(0)
    expect(JSON.parse((await tavla(['boards', 'list', '--json'], env)).out)).toMatchObject([{ id: 'b'.repeat(22), title: 'T', kind: 'board' }])
  })

  it('[OP1][OP6] keys rotate, boards list/delete, retention run; usage errors exit 2', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-keys-'))
    const env = { DATA_DIR: dataDir, PUBLIC_URL: 'https://tavla.example.se' }
    let server = await startServer({ dataDir, env })
    const b = await createBoard(server.url, { title: 'Nycklar' })
    const old = await createBoard(server.url, { title: 'Gammal' })
    await server.stop()

    const listed = await tavla(['boards', 'list'], env)
    expect(listed.code).toBe(0)
    expect(listed.out.split('\n')[0]).toBe('id\tkind\tupdated\ttitle')
    expect(listed.out).toContain(`${b.id}\tboard\t`)

    const rotated = await tavla(['keys', 'rotate', b.id, 'participant'], env)
    expect(rotated.code, rotated.err).toBe(0)
    const link = rotated.out.match(/^participant\t(https:\/\/tavla\.example\.se\/b\/\S+\?key=(\S+))$/m)
    expect(link, rotated.out).toBeTruthy()
    const storage = new SqliteStorage(join(dataDir, 'tavla.db'))
    await storage.updateBoard(old.id, { updatedAt: Date.now() - 40 * 24 * 3600 * 1000 })
    expect((await storage.listAudit(b.id)).at(-1)).toMatchObject({ action: 'key.rotate', detail: { role: 'participant', via: 'cli' } })
    await storage.close()

    const kept = await tavla(['retention', 'run'], env)
    expect(kept.code).toBe(0)
    expect(kept.out).toContain('RETENTION_DAYS is 0')
    const swept = await tavla(['retention', 'run'], { ...env, RETENTION_DAYS: '30' })
    expect(swept.code, swept.err).toBe(0)
    expect(swept.out).toContain(`deleted 1 boards nobody touched: ${old.id}`)

    server = await startServer({ dataDir, env })
    try {
      expect((await fetch(`${server.url}/api/boards/${b.id}?key=${b.keys.participant}`)).status).not.toBe(200)
      expect((await fetch(`${server.url}/api/boards/${b.id}?key=${link![2]}`)).status).toBe(200)
      expect((await fetch(`${server.url}/api/boards/${b.id}?key=${b.keys.facilitator}`)).status).toBe(200)
      expect((await fetch(`${server.url}/api/boards/${old.id}?key=${old.keys.facilitator}`)).status).toBe(404)
      // the server shows the rotated link as its own
      const shown = (await (await fetch(`${server.url}/api/boards/${b.id}/links?key=${b.keys.facilitator}`)).json()) as { links: Record<string, string> }
      expect(shown.links.participant).toBe(link![1])
    } finally {
      await server.stop()
    }

    const gone = await tavla(['boards', 'delete', 'x'.repeat(22)], env)
    expect(gone.code).toBe(1)
    expect(gone.err).toContain('[board_not_found]')
    for (const args of [[], ['nonsense'], ['backup'], ['keys', 'rotate', b.id, 'owner'], ['retention', 'run', '--days', 'x']]) {
      const r = await tavla(args, env)
      expect(r.code, args.join(' ')).toBe(2)
      expect(r.err + r.out).toContain('Usage: npm run tavla')
    }
    const badSetting = await tavla(['boards', 'list'], { ...env, RETENTION_DAYS: 'forever' })
    expect(badSetting.code).toBe(2)
    expect(badSetting.err).toContain('configuration error: RETENTION_DAYS')
  }, 180_000) // a dozen CLI processes and server starts: minutes on a busy machine
})

describe('tavla on sessions, and as the bin', () => {
  it('[OP6] lists a session and its exercises, refuses an exercise alone, rotates the session key on every exercise, deletes the session with them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-session-'))
    const env = { DATA_DIR: dataDir }
    let server = await startServer({ dataDir, env })
    const res = await fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Samspelet', meetings: [{ title: 'Möte 1', exercises: [{ template: 'vattenfallet' }, { template: 'golden-circle' }] }] }),
    })
    expect(res.status).toBe(201)
    const session = (await res.json()) as { id: string; keys: Record<string, string> }
    await server.stop()

    const list = JSON.parse((await tavla(['boards', 'list', '--json'], env)).out) as { id: string; kind: string }[]
    expect(list).toHaveLength(3)
    expect(list.filter((b) => b.kind === 'session').map((b) => b.id)).toEqual([session.id])
    const exercises = list.filter((b) => b.kind === `exercise of ${session.id}`).map((b) => b.id)
    expect(exercises).toHaveLength(2)

    const alone = await tavla(['boards', 'delete', exercises[0]!], env)
    expect(alone.code).toBe(1)
    expect(alone.err).toContain('[session_board]')

    const rotated = await tavla(['keys', 'rotate', session.id, 'participant'], env)
    expect(rotated.code, rotated.err).toBe(0)
    const key = rotated.out.match(/^participant\t\S+\/s\/\S+\?key=(\S+)$/m)![1]!
    server = await startServer({ dataDir, env })
    try {
      for (const id of exercises) {
        expect((await fetch(`${server.url}/api/boards/${id}?key=${key}`)).status, id).toBe(200)
        expect((await fetch(`${server.url}/api/boards/${id}?key=${session.keys.participant}`)).status, id).toBe(401)
      }
    } finally {
      await server.stop()
    }

    const del = await tavla(['boards', 'delete', session.id], env)
    expect(del.code, del.err).toBe(0)
    expect(del.out).toContain(`deleted session ${session.id} and its 2 exercise boards`)
    expect(JSON.parse((await tavla(['boards', 'list', '--json'], env)).out)).toEqual([])
  })

  it('[OP1] runs as the tavla bin of apps/server (what pnpm links for a package that depends on it)', async () => {
    const bin = join(repoRoot, 'tests/node_modules/.bin/tavla')
    const dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-bin-'))
    const run = (args: string[]) =>
      new Promise<{ code: number; out: string }>((res) =>
        execFile(bin, args, { env: { ...process.env, DATA_DIR: dataDir, PATH: `${dirname(process.execPath)}:${process.env.PATH}` } }, (error, stdout) =>
          res({ code: error ? ((error as { code?: number }).code ?? 1) : 0, out: stdout }),
        ),
      )
    expect(await run(['boards', 'list'])).toEqual({ code: 0, out: 'tavla: there are no boards.\n' })
    expect((await run(['help'])).out).toContain('backup <file>')
    expect((await run(['restore'])).code).toBe(2)
  })
})

describe('tavla with REDIS_URL: the running servers hear of it', () => {
  let redis: RunningRedis
  beforeAll(async () => {
    redis = await startRedis()
  }, 120_000)
  afterAll(async () => {
    await redis?.stop()
  })

  it('[OP6] keys rotate closes the connections of the old link (4401), boards delete closes the board (4404), on a server that has it open', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-redis-'))
    const env = { DATA_DIR: dataDir, REDIS_URL: redis.url }
    const server = await startServer({ dataDir, env })
    try {
      const b = await createBoard(server.url, { title: 'Öppen' })
      const participant = connectClient(server.wsUrl, b.id, b.keys.participant)
      const facilitator = connectClient(server.wsUrl, b.id, b.keys.facilitator)
      await Promise.all([participant.synced, facilitator.synced])
      const rotated = await tavla(['keys', 'rotate', b.id, 'participant'], env)
      expect(rotated.code, rotated.err).toBe(0)
      expect(rotated.out).toContain('the servers on REDIS_URL were told')
      expect(await participant.closed).toBe(4401)
      participant.destroy()
      const deleted = await tavla(['boards', 'delete', b.id], env)
      expect(deleted.code, deleted.err).toBe(0)
      expect(await facilitator.closed).toBe(4404)
      facilitator.destroy()
      expect((await fetch(`${server.url}/api/boards/${b.id}`)).status).toBe(404)
    } finally {
      await server.stop()
    }
  })
})

describe('tavla backup and restore on Postgres', () => {
  let pg: RunningPostgres
  let url = ''
  let dataDir = ''
  const KEY_SECRET = 'ops-test-secret-that-is-long-enough-0123456789'
  beforeAll(async () => {
    pg = await startPostgres()
    url = await pg.createDatabase('ops')
    dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-pg-'))
  }, 300_000)
  afterAll(async () => {
    await pg?.close()
  }, 60_000)
  it('[OP2] a backup of SQLite restores into Postgres, the same in every byte', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tavla-ops-cross-'))
    const sqlite = new SqliteStorage(join(dir, 'tavla.db'))
    const doc = new Y.Doc()
    doc.getMap('m').set('k', 'å'.repeat(100))
    const row = (id: string) => ({
      id,
      title: `Tavla ${id}`,
      template: 'blank',
      createdAt: 1_700_000_000_000,
      updatedAt: 1_700_000_000_500,
      keyHashes: {
        facilitator: 'f'.repeat(64),
        participant: 'p'.repeat(64),
        viewer: 'v'.repeat(64),
        generations: { facilitator: 1, participant: 2, viewer: 1 },
      },
      settings: { anonymous: true },
    })
    await sqlite.createBoard(row('c'.repeat(22)), Y.encodeStateAsUpdate(doc))
    await sqlite.createBoard(row('d'.repeat(22)), Y.encodeStateAsUpdate(new Y.Doc()))
    await sqlite.saveSnapshot(
      { id: 'snap1', boardId: 'c'.repeat(22), name: 'Före', createdAt: 1_700_000_000_100, auto: false, bytes: 0 },
      Y.encodeStateAsUpdate(doc),
    )
    await addTheRest(sqlite, 'c'.repeat(22), 'd'.repeat(22))
    await sqlite.updateBoard('c'.repeat(22), { updatedAt: 1_700_000_000_600 })
    const before = await everything(sqlite)
    await sqlite.close()
    const file = join(dir, 'sqlite.gz')
    expect((await tavla(['backup', file], { DATA_DIR: dir })).code).toBe(0)
    const target = await pg.createDatabase('ops_cross')
    const restored = await tavla(['restore', file], { DATA_DIR: join(dir, 'pg'), DATABASE_URL: target, KEY_SECRET })
    expect(restored.code, restored.err).toBe(0)
    expect(restored.err).toContain('the backup has no key secret')
    const store = await PostgresStorage.connect(target)
    try {
      expect(await everything(store)).toEqual(before)
    } finally {
      await store.close()
    }
  })

  roundTrip({
    name: 'Postgres',
    env: () => ({ DATA_DIR: dataDir, DATABASE_URL: url, KEY_SECRET }),
    open: () => PostgresStorage.connect(url),
    // the accounts stay when their boards go: the restore goes into a fresh database
    wipe: async () => {
      url = await pg.createDatabase('ops_restore')
    },
  })
})
