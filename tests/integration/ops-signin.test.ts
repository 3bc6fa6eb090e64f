// Issue 17: backup → delete everything → restore, and a signed-in facilitator finds their boards
// again (apps/server SPEC [OP2]–[OP5], [O10], [O11], [O13]) on SQLite and on Postgres: the real
// server as a child process with sign-in against a real OpenID Provider (oidc-provider), the
// `tavla` command as the operator runs it, the whole store (and the key secret) deleted between.
import { execFile } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readRecords, recordsOf, makeNote, writeRecords } from '@tavla/board'
import { connectClient, waitFor } from '../support/clients.ts'
import { CLIENT_ID, CLIENT_SECRET, CookieJar, signIn, startOidcProvider, type TestProvider } from '../support/oidc.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'
import { freePort, metric, repoRoot, startServer, type RunningServer } from '../support/server.ts'

const CLI = join(repoRoot, 'apps/server/src/cli/main.ts')

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

const json = { 'content-type': 'application/json' }

interface Store {
  name: string
  env: () => Record<string, string>
  /** Deletes everything: the store and the data folder (on SQLite the key secret with it). */
  wipe: () => Promise<void>
}

function signedInRoundTrip(store: () => Store) {
  it('[OP2][OP3][OP5][O11][O13] backup → delete everything → restore: the facilitator signs in again and finds both, with working links; the colleague finds the shared one', async () => {
    const { env, wipe, name } = store()
    const opPort = await freePort()
    const oidcEnv = {
      OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_FACILITATOR_CLAIM: 'groups',
      OIDC_FACILITATOR_VALUE: 'processledare',
    }
    const e = env()
    // the server discovers the provider on the first sign-in: it may start first
    let server: RunningServer | undefined = await startServer({ dataDir: e.DATA_DIR!, env: { ...e, ...oidcEnv } })
    let op: TestProvider | undefined
    try {
      op = await startOidcProvider({ port: opPort, redirectUris: [`${server.url}/auth/callback`] })
      const url = server.url

      // Ada creates a board and a workshop; Bo (a colleague who has signed in once) gets the board
      const ada = new CookieJar()
      expect((await signIn(ada, url, 'ada')).res.status).toBe(303)
      const bo = new CookieJar()
      expect((await signIn(bo, url, 'bo')).res.status).toBe(303)
      const board = await (
        await ada.fetch(`${url}/api/boards`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ template: 'blank', title: `Återställd tavla (${name})` }),
        })
      ).json()
      const session = await (
        await ada.fetch(`${url}/api/sessions`, {
          method: 'POST',
          headers: json,
          body: JSON.stringify({ title: `Återställd workshop (${name})`, meetings: [{ title: 'Möte 1', exercises: [{ kind: 'plain', title: 'Idéer' }] }] }),
        })
      ).json()
      expect(board.links?.facilitator, JSON.stringify(board)).toContain('/b/')
      expect(session.links?.facilitator, JSON.stringify(session)).toContain('/s/')
      const shared = await ada.fetch(`${url}/api/boards/${board.id}/facilitators`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ email: 'bo@example.se' }),
      })
      expect(shared.status).toBe(201)
      const keyOf = (link: string) => new URL(link).searchParams.get('key')!
      // a note on the board, to see the document come back too
      const c = connectClient(server.wsUrl, board.id, keyOf(board.links.participant))
      await c.synced
      writeRecords(recordsOf(c.doc), [makeNote({ id: 'kvar', x: 0, y: 0, text: 'Finns kvar efter återställningen' })])
      const seen = connectClient(server.wsUrl, board.id, keyOf(board.links.viewer))
      await seen.synced
      await waitFor(() => readRecords(recordsOf(seen.doc)).has('shape:kvar'), 'the note reached the server')
      seen.destroy()
      c.destroy()
      // the board written and unloaded first: its write sets updatedAt, which the list shows
      await waitFor(async () => (await metric(url, 'tavla_rooms')) === 0, 'the board written and unloaded')
      const listedBefore = (await (await ada.fetch(`${url}/api/me/boards`)).json()).boards
      await server.stop()

      // [OP2] backup; delete everything; [OP3] restore into the empty store
      const file = join(mkdtempSync(join(tmpdir(), 'tavla-ops-signin-')), 'backup.tavla.gz')
      const made = await tavla(['backup', file], env())
      expect(made.code, made.err).toBe(0)
      expect(made.out).toMatch(/accounts: \d+ rows/)
      await wipe()
      expect(JSON.parse((await tavla(['boards', 'list', '--json'], env())).out)).toEqual([])
      const restored = await tavla(['restore', file], env())
      expect(restored.code, restored.err).toBe(0)
      expect(restored.out).toContain('restored')

      // the server again, on the same address; everyone signs in afresh
      await server.restart()
      const again = new CookieJar()
      expect((await signIn(again, url, 'ada')).res.status).toBe(303)
      const res = await again.fetch(`${url}/api/me/boards`)
      expect(res.status).toBe(200)
      const { boards } = await res.json()
      const b = boards.find((x: { id: string }) => x.id === board.id)
      const s = boards.find((x: { id: string }) => x.id === session.id)
      expect(b).toMatchObject({ kind: 'board', title: `Återställd tavla (${name})`, role: 'owner', links: board.links, missing: [] })
      expect(s).toMatchObject({ kind: 'session', title: `Återställd workshop (${name})`, role: 'owner', links: session.links, missing: [] })
      expect(boards).toEqual(listedBefore) // the same list, its dates and links included

      // the links work: the facilitator link opens the board as facilitator, the others with their roles
      for (const role of ['facilitator', 'participant', 'viewer'] as const) {
        const info = await fetch(`${url}/api/boards/${board.id}?key=${keyOf(b.links[role])}`)
        expect(info.status, role).toBe(200)
        expect((await info.json()).role).toBe(role)
      }
      const sessionInfo = await fetch(`${url}/api/sessions/${session.id}?key=${keyOf(s.links.facilitator)}`)
      expect(sessionInfo.status).toBe(200)
      expect(JSON.stringify(await sessionInfo.json())).toContain(`Återställd workshop (${name})`)
      const back = connectClient(server.wsUrl, board.id, keyOf(b.links.participant))
      await back.synced
      expect(JSON.stringify(readRecords(recordsOf(back.doc)).get('shape:kvar'))).toContain('Finns kvar efter återställningen')
      back.destroy()

      // [O13] the sharing came back: Bo finds the board as co-facilitator, not Ada's workshop
      const bo2 = new CookieJar()
      expect((await signIn(bo2, url, 'bo')).res.status).toBe(303)
      const his = (await (await bo2.fetch(`${url}/api/me/boards`)).json()).boards
      expect(his.find((x: { id: string }) => x.id === board.id)).toMatchObject({ role: 'co-facilitator', links: board.links })
      expect(his.map((x: { id: string }) => x.id)).not.toContain(session.id)
      const list = await (await again.fetch(`${url}/api/boards/${board.id}/facilitators`)).json()
      expect(list.accounts.map((a: { email: string; role: string }) => [a.email, a.role])).toEqual([
        ['ada@example.se', 'owner'],
        ['bo@example.se', 'co-facilitator'],
      ])
    } finally {
      await server?.stop()
      server = undefined
      await op?.close()
    }
  }, 180_000)
}

describe('backup and restore with sign-in on SQLite', () => {
  let dataDir = ''
  beforeAll(() => {
    dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-signin-sqlite-'))
  })
  signedInRoundTrip(() => ({
    name: 'SQLite',
    env: () => ({ DATA_DIR: dataDir }),
    wipe: async () => rmSync(dataDir, { recursive: true, force: true }),
  }))
})

describe('backup and restore with sign-in on Postgres', () => {
  let pg: RunningPostgres
  let url = ''
  let dataDir = ''
  beforeAll(async () => {
    pg = await startPostgres()
    url = await pg.createDatabase('ops_signin')
    dataDir = mkdtempSync(join(tmpdir(), 'tavla-ops-signin-pg-'))
  }, 300_000)
  afterAll(async () => {
    await pg?.close()
  }, 60_000)
  signedInRoundTrip(() => ({
    name: 'Postgres',
    // with Postgres every process must be given KEY_SECRET ([K1]): the operator keeps it apart from the backup
    env: () => ({ DATA_DIR: dataDir, DATABASE_URL: url, KEY_SECRET: 'ops-signin-test-secret-long-enough-0123456789' }),
    // the database dropped and made again under the same name, and the data folder gone
    wipe: async () => {
      await pg.recreateDatabase(url)
      rmSync(dataDir, { recursive: true, force: true })
    },
  }))
})
