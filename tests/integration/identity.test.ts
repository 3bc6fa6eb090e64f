// Issue 12 item 5: keys and identities the server issues. Real server, raw y-websocket clients.
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { loadConfig } from '@tavla/server'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ MAX_IDENTITIES_PER_MINUTE: '8' })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const api = (path: string, key: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${s.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')
const links = async (id: string, key: string) => (await api(`/api/boards/${id}/links`, key)).json()
const replace = async (id: string, role: string, key: string) => {
  const res = await api(`/api/boards/${id}/keys/${role}`, key, { method: 'POST' })
  expect(res.status).toBe(200)
  return (await res.json()) as { role: string; key: string; link: string; disconnected: number }
}

describe('keys derived under the server secret (K1, K2, H13)', () => {
  it('[K1] the secret is generated into the data folder, readable by the server only', () => {
    const st = statSync(join(s.dataDir, 'key-secret'))
    expect(st.mode & 0o777).toBe(0o600)
  })

  it('[K1] KEY_SECRET is required with DATABASE_URL, and must be long enough', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' })).toThrow(/KEY_SECRET must be set/)
    expect(() => loadConfig({ KEY_SECRET: 'short' })).toThrow(/at least 32/)
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db', KEY_SECRET: 'x'.repeat(32) }).keySecret).toBe('x'.repeat(32))
  })

  it('[K2] the facilitator is shown every current link again, any time; others are not', async () => {
    const b = await createBoard(s.url)
    const res = await links(b.id, b.keys.facilitator)
    expect(res.links).toEqual(b.links)
    expect(res.missing).toEqual([])
    expect((await api(`/api/boards/${b.id}/links`, b.keys.participant)).status).toBe(403)
    expect((await api(`/api/boards/${b.id}/links`, b.keys.viewer)).status).toBe(403)
    expect((await api(`/api/boards/${b.id}/links`, 'x'.repeat(32))).status).toBe(401)
  })

  for (const role of ['participant', 'viewer', 'facilitator'] as const) {
    it(`[H13] the ${role} key can be replaced: holders closed 4401, old link refused, new one shown`, async () => {
      const b = await createBoard(s.url)
      const holder = connect(b.id, b.keys[role])
      await holder.synced
      const other = connect(b.id, b.keys[role === 'viewer' ? 'participant' : 'viewer'])
      await other.synced
      const closed = holder.closed
      const r = await replace(b.id, role, b.keys.facilitator)
      expect(r.key).not.toBe(b.keys[role])
      expect(r.link).toBe(`${s.url}/b/${b.id}?key=${r.key}`)
      expect(r.disconnected).toBe(1)
      expect(await closed).toBe(4401)
      holder.destroy()
      // the old key opens nothing any more, on the websocket and over HTTP
      const old = connect(b.id, b.keys[role])
      expect(await old.closed).toBe(4401)
      old.destroy()
      expect((await api(`/api/boards/${b.id}`, b.keys[role])).status).toBe(401)
      // the new one does, and is the one shown
      const fresh = connect(b.id, r.key)
      await fresh.synced
      const facilitatorKey = role === 'facilitator' ? r.key : b.keys.facilitator
      expect((await links(b.id, facilitatorKey)).links[role]).toBe(r.link)
      // a second replacement is yet another generation
      const again = await replace(b.id, role, facilitatorKey)
      expect(again.key).not.toBe(r.key)
      // the other role's connection stayed
      expect(other.provider.wsconnected).toBe(true)
    })
  }

  it('[K2] a board made before derived keys keeps its old links until a role is replaced', async () => {
    const b = await createBoard(s.url)
    // an old board: random keys, stored only as hashes, no generations
    const old = { facilitator: 'old-facilitator-key-0123456789abcd', participant: 'old-participant-key-0123456789abcd', viewer: 'old-viewer-key-0123456789abcdefgh' }
    await s.storage.updateBoard(b.id, { keyHashes: { facilitator: hashKey(old.facilitator), participant: hashKey(old.participant), viewer: hashKey(old.viewer) } })
    const p = connect(b.id, old.participant)
    await p.synced
    const shown = await links(b.id, old.facilitator)
    expect(shown.links).toEqual({ facilitator: null, participant: null, viewer: null })
    expect(shown.missing).toEqual(['facilitator', 'participant', 'viewer'])
    expect(shown.message).toMatch(/still works/)
    const r = await replace(b.id, 'participant', old.facilitator)
    expect(await p.closed).toBe(4401)
    const after = await links(b.id, old.facilitator)
    expect(after.links.participant).toBe(r.link)
    expect(after.missing).toEqual(['facilitator', 'viewer'])
    // the roles not replaced still open the board with their old keys
    const v = connect(b.id, old.viewer)
    await v.synced
  })
})
