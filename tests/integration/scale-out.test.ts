// Issue 7: several server processes on one Redis serve the same boards. Real redis-server and
// postgres, three real server processes sharing one Postgres store; clients spread over them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type * as Y from 'yjs'
import { facilitationOf, makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import { startRedis, type RunningRedis } from '../support/redis.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'

let redis: RunningRedis
let pg: RunningPostgres
let servers: RunningServer[] = []
const clients: Client[] = []

beforeAll(async () => {
  ;[redis, pg] = await Promise.all([startRedis(), startPostgres()])
  // The three start at once: their schema migrations meet on the advisory lock.
  const env = { REDIS_URL: redis.url, DATABASE_URL: await pg.createDatabase('scale'), KEY_SECRET: 'scale-out-test-secret-0123456789abcdef' }
  servers = await Promise.all([0, 1, 2].map(() => startServer({ env, startTimeoutMs: 120_000 })))
}, 300_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await Promise.allSettled(servers.map((s) => s.stop()))
  await redis?.stop()
  await pg?.close()
}, 60_000)

const connect = (server: RunningServer, boardId: string, key: string, doc?: Y.Doc) => {
  const c = connectClient(server.wsUrl, boardId, key, { doc })
  clients.push(c)
  return c
}
const ids = (c: Client) => [...readRecords(recordsOf(c.doc)).keys()].sort().join(',')
const converged = (cs: Client[], size: number) => () => cs.every((c) => readRecords(recordsOf(c.doc)).size === size) && cs.every((c) => ids(c) === ids(cs[0]!))

describe('scale-out over Redis', () => {
  it('clients of one board on three processes converge, with awareness across processes', async () => {
    const b = await createBoard(servers[0]!.url)
    const cs = Array.from({ length: 6 }, (_, i) => connect(servers[i % 3]!, b.id, b.keys.participant))
    await Promise.all(cs.map((c) => c.synced))
    for (let round = 0; round < 10; round++) {
      cs.forEach((c, i) => writeRecords(recordsOf(c.doc), [makeNote({ id: `p${i}-${round}`, x: i, y: round, text: `${i}/${round}` })]))
    }
    await waitFor(converged(cs, 60), 'all 60 notes on every client', 20_000)
    cs[0]!.provider.awareness.setLocalStateField('user', { name: 'Anna på process 0' })
    await waitFor(() => [...cs[2]!.provider.awareness.getStates().values()].some((s) => s.user?.name === 'Anna på process 0'), 'awareness crosses processes')
  })

  it('kill -9 of one process mid-edit: its clients move to another and lose nothing', async () => {
    const b = await createBoard(servers[0]!.url)
    const onA = connect(servers[0]!, b.id, b.keys.participant)
    const onB = connect(servers[1]!, b.id, b.keys.participant)
    await Promise.all([onA.synced, onB.synced])
    writeRecords(recordsOf(onB.doc), [makeNote({ id: 'before', x: 0, y: 0, text: 'före kraschen' })])
    await waitFor(() => readRecords(recordsOf(onA.doc)).has('shape:before'), 'first note crosses')
    await servers[1]!.kill()
    // written while its process is dead: only this client has it
    writeRecords(recordsOf(onB.doc), [makeNote({ id: 'during', x: 0, y: 0, text: 'under kraschen' })])
    onB.provider.destroy()
    const moved = connect(servers[2]!, b.id, b.keys.participant, onB.doc) // the load balancer sends it elsewhere
    await moved.synced
    await waitFor(() => readRecords(recordsOf(onA.doc)).has('shape:during'), 'work from the dead process reaches the others')
    await servers[1]!.restart('stop').catch(() => servers[1]!.restart('stop'))
    const fresh = connect(servers[1]!, b.id, b.keys.participant)
    await fresh.synced
    await waitFor(() => ids(fresh) === 'shape:before,shape:during', 'a restarted process serves the whole board')
  })

  it('Redis restarted mid-session: processes reconnect and catch up, nothing lost', async () => {
    const b = await createBoard(servers[0]!.url)
    const a = connect(servers[0]!, b.id, b.keys.participant)
    const c = connect(servers[2]!, b.id, b.keys.participant)
    await Promise.all([a.synced, c.synced])
    await redis.stop()
    writeRecords(recordsOf(a.doc), [makeNote({ id: 'a-offline', x: 0, y: 0, text: 'medan redis var borta (a)' })])
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'c-offline', x: 0, y: 0, text: 'medan redis var borta (c)' })])
    await waitFor(async () => (await fetch(`${servers[0]!.url}/healthz`)).status === 503, 'health reports the degraded state')
    await redis.start()
    await waitFor(converged([a, c], 2), 'both notes everywhere after Redis returns', 20_000)
    await waitFor(async () => (await fetch(`${servers[0]!.url}/healthz`)).status === 200, 'health ok again')
  })
  it('[W13] a lock, a key rotation and a deletion through one process hold for clients of the others', async () => {
    const b = await createBoard(servers[0]!.url)
    const api = (path: string, method = 'POST', body?: unknown) =>
      fetch(`${servers[0]!.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${b.keys.facilitator}`, ...(body ? { 'content-type': 'application/json' } : {}) },
        body: body ? JSON.stringify(body) : undefined,
      })
    const p1 = connect(servers[1]!, b.id, b.keys.participant)
    const p2 = connect(servers[2]!, b.id, b.keys.participant)
    await Promise.all([p1.synced, p2.synced])

    expect((await api(`/api/boards/${b.id}/facilitation`, 'POST', { action: 'board.lock' })).status).toBe(200)
    // the setting is published before the doc change, so seeing the lock means process 1 has it
    await waitFor(() => facilitationOf(p1.doc).get('locked') === true, 'the lock reaches process 1')
    writeRecords(recordsOf(p1.doc), [makeNote({ id: 'after-lock', x: 0, y: 0, text: 'efter låsningen' })])
    expect(await p1.closed).toBe(4423) // [R1] locked
    p1.destroy()

    expect((await api(`/api/boards/${b.id}/facilitation`, 'POST', { action: 'board.unlock' })).status).toBe(200)
    await waitFor(() => facilitationOf(p2.doc).get('locked') === false, 'the unlock reaches process 2')
    const check = connect(servers[1]!, b.id, b.keys.participant)
    await check.synced
    expect(readRecords(recordsOf(check.doc)).has('shape:after-lock')).toBe(false)
    check.destroy()

    expect((await api(`/api/boards/${b.id}/keys/participant`)).status).toBe(200)
    expect(await p2.closed).toBe(4401) // the old link no longer works on process 2 either
    p2.destroy()

    const viewer = connect(servers[2]!, b.id, b.keys.viewer)
    await viewer.synced
    expect((await api(`/api/boards/${b.id}`, 'DELETE')).status).toBe(204)
    expect(await viewer.closed).toBe(4404)
  })
})
