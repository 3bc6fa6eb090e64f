// Issue 9: data under control — a strict CSP, the audit trail, deleting a board with everything
// stored about it, and retention (with a clock the test moves).
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

const DAY = 24 * 60 * 60 * 1000
let clock = Date.now()
let s: InProcessServer
beforeAll(async () => {
  s = await startInProcess({ RETENTION_DAYS: '30' }, { now: () => clock })
})
afterAll(async () => {
  await s.close()
})

describe('data under control', () => {
  it('every response carries a self-only Content-Security-Policy', async () => {
    for (const path of ['/healthz', '/api/templates', '/', '/b/whatever']) {
      const csp = (await fetch(`${s.url}${path}`)).headers.get('content-security-policy')
      expect(csp, path).toContain("default-src 'self'")
      expect(csp).toContain("connect-src 'self'")
      expect(csp).not.toMatch(/https?:\/\//)
    }
  })

  it('the audit trail records facilitator actions, readable only by the facilitator', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    await fetch(`${s.url}/api/boards/${b.id}/snapshots?key=${f}`, { method: 'POST' })
    await fetch(`${s.url}/api/boards/${b.id}/export?format=md&key=${f}`)
    await fetch(`${s.url}/api/boards/${b.id}/keys/participant?key=${f}`, { method: 'POST' })
    await fetch(`${s.url}/api/boards/${b.id}/facilitation?key=${f}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'board.lock' }),
    })
    const res = await fetch(`${s.url}/api/boards/${b.id}/audit?key=${f}`)
    expect(res.status).toBe(200)
    const actions = (await res.json()).entries.map((e: { action: string }) => e.action)
    expect(actions).toEqual(['created', 'snapshot', 'export', 'key.rotate', 'board.lock'])
    expect((await fetch(`${s.url}/api/boards/${b.id}/audit?key=${b.keys.viewer}`)).status).toBe(403)
  })

  it('deleting a board removes it and everything stored about it, and closes its sockets', async () => {
    const b = await createBoard(s.url)
    const c = connectClient(s.wsUrl, b.id, b.keys.participant)
    await c.synced
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'n', x: 0, y: 0, text: 'borta snart' })])
    await waitFor(() => !!s.rooms.rooms.get(b.id) && readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).has('shape:n'), 'note stored')
    await fetch(`${s.url}/api/boards/${b.id}/snapshots?key=${b.keys.facilitator}`, { method: 'POST' })
    const closed = c.closed
    expect((await fetch(`${s.url}/api/boards/${b.id}?key=${b.keys.participant}`, { method: 'DELETE' })).status).toBe(403)
    expect((await fetch(`${s.url}/api/boards/${b.id}?key=${b.keys.facilitator}`, { method: 'DELETE' })).status).toBe(204)
    expect(await closed).toBe(4404)
    c.destroy()
    expect((await fetch(`${s.url}/api/boards/${b.id}`)).status).toBe(404)
    expect(await s.storage.listSnapshots(b.id)).toEqual([])
    expect(await s.storage.listAudit(b.id)).toEqual([])
    expect((await s.storage.loadDoc(b.id)).updates).toEqual([])
  })

  it('retention deletes boards untouched for RETENTION_DAYS, keeps the rest', async () => {
    const old = await createBoard(s.url, { title: 'Gammal' })
    clock += 20 * DAY
    const newer = await createBoard(s.url, { title: 'Nyare' })
    await s.storage.updateBoard(newer.id, { updatedAt: clock })
    await s.storage.updateBoard(old.id, { updatedAt: clock - 20 * DAY })
    clock += 15 * DAY // old: 35 days untouched, newer: 15
    const deleted = await s.retention.sweep()
    expect(deleted).toContain(old.id)
    expect(deleted).not.toContain(newer.id)
    expect((await fetch(`${s.url}/api/boards/${old.id}`)).status).toBe(404)
    expect((await fetch(`${s.url}/api/boards/${newer.id}`)).status).toBe(200)
  })
})

describe('caching of the web app', () => {
  it('hashed assets are cached for good (weak connections), the page itself is revalidated', async () => {
    const html = await (await fetch(`${s.url}/`)).text()
    const asset = html.match(/\/assets\/[^"]+\.js/)?.[0]
    expect(asset).toBeTruthy()
    expect((await fetch(`${s.url}${asset}`)).headers.get('cache-control')).toContain('immutable')
    expect((await fetch(`${s.url}/`)).headers.get('cache-control')).toBe('no-cache')
  })
})

describe('the server log keeps no keys', () => {
  it('requests with a key in the URL are logged with it redacted', async () => {
    const { startServer } = await import('../support/server.ts')
    const logged = await startServer({ env: { LOG_LEVEL: 'info' } })
    try {
      const b = await createBoard(logged.url)
      await fetch(`${logged.url}/b/${b.id}?key=${b.keys.participant}`)
      await fetch(`${logged.url}/api/boards/${b.id}?key=${b.keys.facilitator}`)
      await fetch(`${logged.url}/api/boards/${b.id}/export?format=md&key=${b.keys.facilitator}`)
      await waitFor(() => logged.output().includes('/export?format=md&key=[redacted]'), 'the export request is logged')
      const out = logged.output()
      for (const key of Object.values(b.keys)) expect(out).not.toContain(key)
      expect(out).toContain(`/api/boards/${b.id}?key=[redacted]`)
    } finally {
      await logged.stop()
    }
  })
})
