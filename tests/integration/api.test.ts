import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { InjectOptions } from 'fastify'
import { loadConfig, ConfigError } from '@tavla/server'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
beforeAll(async () => {
  s = await startInProcess()
})
afterAll(async () => {
  await s.close()
})

const inject = (opts: InjectOptions) => s.app.inject(opts)

describe('HTTP API (apps/server/SPEC.md)', () => {
  it('[H1] health answers ok with the storage state', async () => {
    const res = await inject({ url: '/healthz' })
    expect(res.statusCode).toBe(200)
    expect(res.json()).toMatchObject({ status: 'ok', storage: 'ok' })
  })

  it('[H2] lists templates, blank among them', async () => {
    const res = await inject({ url: '/api/templates' })
    expect(res.statusCode).toBe(200)
    const ids = res.json().templates.map((t: { id: string }) => t.id)
    expect(ids).toContain('blank')
  })

  it('[H3][K1] creates a board with three unguessable keys and full links', async () => {
    const res = await inject({
      method: 'POST',
      url: '/api/boards',
      headers: { host: 'tavla.example.se:8443', 'x-forwarded-proto': 'https' },
      payload: { template: 'blank', title: '  Beredningsgruppen  ' },
    })
    expect(res.statusCode).toBe(201)
    const b = res.json()
    expect(b.title).toBe('Beredningsgruppen')
    expect(b.template).toBe('blank')
    expect(new Date(b.createdAt).getTime()).toBeGreaterThan(Date.now() - 60_000)
    expect(b.id).toMatch(/^[A-Za-z0-9_-]{22,}$/)
    const keys = Object.values(b.keys) as string[]
    expect(new Set(keys).size).toBe(3)
    for (const k of keys) expect(Buffer.from(k, 'base64url').length).toBeGreaterThanOrEqual(16)
    // the Host header makes the link; X-Forwarded-Proto counts only from a proxy TRUST_PROXY names ([L10], limits.test.ts)
    expect(b.links.participant).toBe(`http://tavla.example.se:8443/b/${b.id}?key=${b.keys.participant}`)
  })

  it('[H3] PUBLIC_URL decides the links when set', async () => {
    const other = await startInProcess({ PUBLIC_URL: 'https://tavla.finsam.se/' })
    try {
      const res = await other.app.inject({ method: 'POST', url: '/api/boards', payload: { template: 'blank', title: 'x' } })
      expect(res.json().links.viewer).toMatch(/^https:\/\/tavla\.finsam\.se\/b\/[\w-]+\?key=[\w-]+$/)
    } finally {
      await other.close()
    }
  })

  it('[H3] unknown template → 400 naming the valid ones', async () => {
    const res = await inject({ method: 'POST', url: '/api/boards', payload: { template: 'nope', title: 'x' } })
    expect(res.statusCode).toBe(400)
    expect(res.json().error.code).toBe('unknown_template')
    expect(res.json().error.message).toContain('blank')
  })

  it('[H3] a template’s list parameters make the board; bad ones → 400 invalid_params with a Swedish message naming the list', async () => {
    const ok = await inject({
      method: 'POST',
      url: '/api/boards',
      payload: { template: 'tre-ar-framat', title: 'x', params: { areas: ['Unga vuxna', 'Arbete'] } },
    })
    expect(ok.statusCode).toBe(201)
    const bad: [unknown, RegExp][] = [
      [{ areas: [] }, /^Områden \(areas\): ange 1–12 st\., inte 0\.$/],
      [{ areas: Array.from({ length: 13 }, (_, i) => `Område ${i}`) }, /ange 1–12 st\., inte 13/],
      [{ areas: 'Arbete' }, /^Områden \(areas\) ska vara en lista med texter\.$/],
      [{ areas: ['Arbete', ' arbete '] }, /”Arbete” och ”arbete” är för lika/],
      [{ areas: ['x'.repeat(81)] }, /högst 80 tecken/],
      [{ actors: ['A', 'B'] }, /har ingen parameter ”actors” \(den har: areas\)/],
    ]
    for (const [params, message] of bad) {
      const res = await inject({ method: 'POST', url: '/api/boards', payload: { template: 'tre-ar-framat', title: 'x', params } })
      expect(res.statusCode, JSON.stringify(params)).toBe(400)
      expect(res.json().error.code).toBe('invalid_params')
      expect(res.json().error.message).toMatch(message)
    }
    const actors = await inject({ method: 'POST', url: '/api/boards', payload: { template: 'samverkanskarta', title: 'x', params: { actors: ['FK'] } } })
    expect(actors.statusCode).toBe(400)
    expect(actors.json().error.message).toBe('Aktörer (actors): ange 2–10 st., inte 1.')
  })

  it('[H3] bodies that do not match the schema → 400 invalid_request with a message', async () => {
    for (const payload of [
      {},
      { template: 'blank' },
      { template: 'blank', title: '' },
      { template: 'blank', title: 'x'.repeat(201) },
      { template: 'blank', title: 'x', extra: 1 },
      { template: 7, title: 'x' },
    ]) {
      const res = await inject({ method: 'POST', url: '/api/boards', payload })
      expect(res.statusCode, JSON.stringify(payload)).toBe(400)
      expect(res.json().error.code).toBe('invalid_request')
      expect(res.json().error.message.length).toBeGreaterThan(10)
    }
    const bad = await inject({ method: 'POST', url: '/api/boards', headers: { 'content-type': 'application/json' }, payload: '{not json' })
    expect(bad.statusCode).toBe(400)
    expect(bad.json().error.message).toBeTruthy()
    const blank = await inject({ method: 'POST', url: '/api/boards', payload: { template: 'blank', title: '   ' } })
    expect(blank.statusCode).toBe(400)
  })

  it('[H4] board metadata never shows keys; a key tells the role; a wrong key → 401', async () => {
    const b = (await inject({ method: 'POST', url: '/api/boards', payload: { template: 'blank', title: 'Meta' } })).json()
    const plain = await inject({ url: `/api/boards/${b.id}` })
    expect(plain.statusCode).toBe(200)
    expect(plain.json()).toEqual({ id: b.id, title: 'Meta', template: 'blank', createdAt: b.createdAt })
    expect(plain.body).not.toContain(b.keys.facilitator)
    expect((await inject({ url: `/api/boards/${b.id}?key=${b.keys.participant}` })).json().role).toBe('participant')
    expect((await inject({ url: `/api/boards/${b.id}`, headers: { authorization: `Bearer ${b.keys.facilitator}` } })).json().role).toBe('facilitator')
    const wrong = await inject({ url: `/api/boards/${b.id}?key=nope` })
    expect(wrong.statusCode).toBe(401)
    expect(wrong.json().error.code).toBe('invalid_key')
  })

  it('[H4][H6] unknown board → 404; unknown API path → 404 JSON', async () => {
    const res = await inject({ url: '/api/boards/AAAAAAAAAAAAAAAAAAAAAA' })
    expect(res.statusCode).toBe(404)
    expect(res.json().error.code).toBe('board_not_found')
    const nothing = await inject({ url: '/api/nothing' })
    expect(nothing.statusCode).toBe(404)
    expect(nothing.json().error.code).toBe('not_found')
  })

  it('[H5] config.json carries the license key, the operator and its contact only when set, and always the retention', async () => {
    expect((await inject({ url: '/config.json' })).json()).toEqual({ retentionDays: 0, historyKeep: 50 })
    const other = await startInProcess({
      TLDRAW_LICENSE_KEY: 'tldraw-abc',
      OPERATOR_NAME: 'Samordningsförbundet Östra',
      ACCESSIBILITY_CONTACT: 'a11y@example.se',
      RETENTION_DAYS: '90',
    })
    try {
      expect((await other.app.inject({ url: '/config.json' })).json()).toEqual({
        tldrawLicenseKey: 'tldraw-abc',
        operatorName: 'Samordningsförbundet Östra',
        accessibilityContact: 'a11y@example.se',
        retentionDays: 90,
        historyKeep: 50,
      })
    } finally {
      await other.close()
    }
  })
})

describe('configuration', () => {
  it('rejects a bad value with a message naming the variable', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError)
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/)
    expect(() => loadConfig({ PUBLIC_URL: 'tavla.se' })).toThrow(/PUBLIC_URL/)
    expect(() => loadConfig({ LOG_LEVEL: 'loud' })).toThrow(/LOG_LEVEL/)
    expect(() => loadConfig({ MAX_MESSAGE_BYTES: '-1' })).toThrow(/MAX_MESSAGE_BYTES/)
    expect(loadConfig({}).port).toBe(8080)
  })
})

describe('metrics', () => {
  it('GET /metrics speaks the Prometheus text format', async () => {
    const res = await inject({ url: '/metrics' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    for (const name of [
      'tavla_rooms',
      'tavla_connections',
      'tavla_messages_received_total',
      'tavla_bytes_sent_total',
      'tavla_unsaved_updates',
      'tavla_oldest_unsaved_seconds',
    ]) {
      expect(res.body).toMatch(new RegExp(`^${name} \\d+(\\.\\d+)?$`, 'm'))
    }
  })
})
