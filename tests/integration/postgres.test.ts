// Issue 7: the server on a real Postgres (DATABASE_URL), and Postgres going away mid-session.
// Clients keep working while it is down (one that drops gets back in, [W12]), /healthz says so,
// and every edit is written once it is back: a kill -9 of the server afterwards (so nothing is written at shutdown) loses nothing.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'
import { startServer, type RunningServer } from '../support/server.ts'

let pg: RunningPostgres
let server: RunningServer
const clients: Client[] = []

beforeAll(async () => {
  pg = await startPostgres()
  server = await startServer({
    env: { DATABASE_URL: await pg.createDatabase('server'), KEY_SECRET: 'postgres-test-secret-0123456789abcdef' },
    startTimeoutMs: 90_000,
  })
}, 300_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await server?.stop()
  await pg?.close()
}, 60_000)

const connect = (boardId: string, key: string, identity?: string) => {
  const c = connectClient(server.wsUrl, boardId, key, identity ? { params: { identity } } : {})
  clients.push(c)
  return c
}
const ids = (c: Client) => [...readRecords(recordsOf(c.doc)).keys()].sort().join(',')
const note = (c: Client, id: string) => writeRecords(recordsOf(c.doc), [makeNote({ id, x: 0, y: 0, text: id })])
const health = async () => {
  const res = await fetch(`${server.url}/healthz`)
  return { code: res.status, body: (await res.json()) as { status: string; storage: string; unsavedUpdates: number } }
}

describe('Postgres backend (DATABASE_URL)', () => {
  it('[H1] Postgres stopped mid-session: edits go on, health is degraded, and all is written when it returns', async () => {
    try {
      await outage()
    } catch (err) {
      throw new Error(`${(err as Error).message}\n--- server output ---\n${server.output()}`, { cause: err })
    }
  }, 120_000)
})

async function outage(): Promise<void> {
  {
    expect(await health()).toMatchObject({ code: 200, body: { status: 'ok', storage: 'ok' } })
    const b = await createBoard(server.url)
    const other = await createBoard(server.url)
    const a = connect(b.id, b.keys.participant)
    // c and late rejoin below and hold an identity, as the page does ([K3]): their Yjs client id is
    // the identity's ([W14]), so the new socket may write under it even before the server has seen
    // the old one close (a connection without one would be refused 4409 until then, and on a busy
    // machine the rejoin can come first)
    const c = connect(b.id, b.keys.participant, await issueIdentity(server.url, b.id, b.keys.participant, { name: 'Cecilia' }))
    await Promise.all([a.synced, c.synced])
    note(a, 'before-a')
    note(c, 'before-c')
    await waitFor(() => ids(a) === ids(c) && ids(a).split(',').length === 2, 'first notes reach both clients')
    await waitFor(async () => (await health()).body.unsavedUpdates === 0, 'first notes written')
    // a board the facilitator locked before the outage (its participant joined before the lock)
    const locked = await createBoard(server.url)
    const late = connect(locked.id, locked.keys.participant, await issueIdentity(server.url, locked.id, locked.keys.participant, { name: 'Lena' }))
    // [W12] is about a board open here: the facilitator stays on it, so it stays open while the
    // participant's connection drops (a board nobody is on unloads at once, and cannot be read back
    // until storage returns)
    const keeper = connect(locked.id, locked.keys.facilitator)
    await Promise.all([late.synced, keeper.synced])
    const lock = await fetch(`${server.url}/api/boards/${locked.id}/facilitation`, {
      method: 'POST',
      headers: { authorization: `Bearer ${locked.keys.facilitator}`, 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'board.lock' }),
    })
    expect(lock.status).toBe(200)

    await pg.stop()
    for (let i = 0; i < 5; i++) {
      note(a, `during-a-${i}`)
      note(c, `during-c-${i}`)
    }
    await waitFor(() => ids(a) === ids(c) && ids(a).split(',').length === 12, 'clients keep collaborating while Postgres is down')
    await waitFor(async () => (await health()).code === 503, 'health turns degraded')
    const down = await health()
    expect(down.body).toMatchObject({ status: 'degraded', storage: 'down' })
    expect(down.body.unsavedUpdates).toBeGreaterThan(0) // kept in memory

    // [W12] a participant whose connection drops during the outage gets back into the open board
    c.provider.disconnect()
    note(c, 'while-c-was-away')
    c.provider.connect()
    await waitFor(
      () => c.provider.wsconnected && readRecords(recordsOf(a.doc)).has('shape:while-c-was-away'),
      'a dropped client rejoins during the outage',
      20_000,
    )
    // ... and only with a key the board had: a wrong key is still refused
    const wrong = connect(b.id, 'not-the-key')
    expect(await wrong.closed).toBe(4401)
    wrong.destroy()
    // ... and a board locked before the outage stays locked for someone who rejoins during it
    late.provider.disconnect()
    late.provider.connect()
    await waitFor(() => late.provider.wsconnected, "the locked board's participant rejoins", 20_000)
    const refused = new Promise<number>((res) => late.provider.once('connection-close', (ev) => res((ev as { code: number } | null)?.code ?? 0)))
    note(late, 'after-the-lock')
    expect(await refused).toBe(4423) // [R1] locked
    late.destroy()
    // a board that is not open cannot be opened until storage is back (the client retries)
    const closed = connect(other.id, other.keys.participant)
    expect(await closed.closed).toBe(1011)
    closed.destroy()

    await pg.start()
    await waitFor(
      async () => {
        const h = await health()
        return h.code === 200 && h.body.unsavedUpdates === 0
      },
      'health ok again and everything written',
      30_000,
    )
    note(c, 'after')
    await waitFor(() => ids(a) === ids(c) && ids(a).split(',').length === 14, 'edits after the outage')
    await waitFor(async () => (await health()).body.unsavedUpdates === 0, 'last note written')
    const expected = ids(a)

    for (const x of [a, c]) x.destroy()
    await server.restart('kill') // nothing more is written: what survives was written already
    expect(existsSync(join(server.dataDir, 'tavla.db'))).toBe(false) // the board lives in Postgres
    const fresh = connect(b.id, b.keys.participant)
    await fresh.synced
    await waitFor(() => ids(fresh) === expected, `every edit is there after the restart (expected ${expected})`)
    expect(ids(fresh)).toBe(expected)
  }
}
