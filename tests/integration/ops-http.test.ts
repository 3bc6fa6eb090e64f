// apps/server SPEC Operations [OP7] /metrics with prom-client's standard process metrics beside
// tavla's own, behind the same rule as before ([L11]); [OP8] the audit trail as a JSON or CSV file.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createBoard } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
beforeAll(async () => {
  s = await startInProcess({ METRICS_TOKEN: 'metrics-token-for-the-test' })
})
afterAll(async () => {
  await s.close()
})

describe('[OP7] /metrics', () => {
  it("carries tavla's metrics and prom-client's process metrics, each name declared once", async () => {
    const res = await s.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })
    expect(res.statusCode).toBe(200)
    expect(res.headers['content-type']).toContain('text/plain')
    for (const name of [
      'tavla_rooms',
      'tavla_connections',
      'process_cpu_user_seconds_total',
      'process_resident_memory_bytes',
      'process_start_time_seconds',
      'nodejs_eventloop_lag_seconds',
      'nodejs_heap_size_used_bytes',
      'nodejs_version_info',
    ]) {
      expect(res.body).toMatch(new RegExp(`^${name}(\\{[^}]*\\})? [-+.e\\d]+$`, 'm'))
    }
    const declared = [...res.body.matchAll(/^# TYPE (\S+) /gm)].map((m) => m[1])
    expect(declared.length).toBeGreaterThan(20)
    expect(new Set(declared).size).toBe(declared.length) // a duplicate name makes Prometheus refuse the scrape
    // a second scrape works too (one registry per process)
    expect((await s.app.inject({ url: '/metrics', remoteAddress: '127.0.0.1' })).statusCode).toBe(200)
  })

  it('[L11] from elsewhere only with the token, process metrics included', async () => {
    const away = await s.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3' })
    expect(away.statusCode).toBe(401)
    expect(away.body).not.toContain('process_cpu')
    const wrong = await s.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer nope' } })
    expect(wrong.statusCode).toBe(403)
    const ok = await s.app.inject({ url: '/metrics', remoteAddress: '10.1.2.3', headers: { authorization: 'Bearer metrics-token-for-the-test' } })
    expect(ok.statusCode).toBe(200)
    expect(ok.body).toMatch(/^process_cpu_user_seconds_total /m)
  })
})

describe('[OP8] the audit trail as a file', () => {
  it('GET /api/boards/:id/audit?format=csv|json, facilitator key only', async () => {
    const b = await createBoard(s.url, { title: 'Spårbar' })
    const f = b.keys.facilitator
    await fetch(`${s.url}/api/boards/${b.id}/snapshots?key=${f}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'Före, "med" citat' }),
    })
    await fetch(`${s.url}/api/boards/${b.id}/keys/viewer?key=${f}`, { method: 'POST' })
    await s.storage.appendAudit({ boardId: b.id, at: Date.now(), action: '=HYPERLINK("x")', detail: {} })

    const json = await fetch(`${s.url}/api/boards/${b.id}/audit?format=json&key=${f}`)
    expect(json.status).toBe(200)
    expect(json.headers.get('content-type')).toContain('application/json')
    expect(json.headers.get('content-disposition')).toBe(`attachment; filename="tavla-${b.id}-audit.json"`)
    const { entries } = (await json.json()) as { entries: { at: string; action: string; detail: Record<string, unknown> }[] }
    expect(entries.map((e) => e.action)).toEqual(['created', 'snapshot', 'key.rotate', '=HYPERLINK("x")'])

    const csv = await fetch(`${s.url}/api/boards/${b.id}/audit?format=csv&key=${f}`)
    expect(csv.status).toBe(200)
    expect(csv.headers.get('content-type')).toContain('text/csv')
    expect(csv.headers.get('content-disposition')).toBe(`attachment; filename="tavla-${b.id}-audit.csv"`)
    const bytes = new Uint8Array(await csv.arrayBuffer())
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const rows = new TextDecoder().decode(bytes.subarray(3)).split('\r\n')
    expect(rows[0]).toBe('at,action,detail')
    expect(rows).toHaveLength(entries.length + 2) // header, rows, the final line break
    expect(rows[1]).toMatch(/^\d{4}-\d\d-\d\dT[\d:.]+Z,created,/)
    expect(rows[2]).toBe(`${entries[1]!.at},snapshot,"${JSON.stringify(entries[1]!.detail).replace(/"/g, '""')}"`)
    expect(rows[2]).toContain('Före, \\""med\\"" citat')
    expect(rows[4]).toMatch(/^[^,]+,"'=HYPERLINK\(""x""\)",\{\}$/) // defused for spreadsheets

    expect((await fetch(`${s.url}/api/boards/${b.id}/audit?format=csv&key=${b.keys.participant}`)).status).toBe(403)
    expect((await fetch(`${s.url}/api/boards/${b.id}/audit?format=xml&key=${f}`)).status).toBe(400)
    // without format, the answer is as before
    expect(((await (await fetch(`${s.url}/api/boards/${b.id}/audit?key=${f}`)).json()) as { entries: unknown[] }).entries).toEqual(entries)
  })
})
