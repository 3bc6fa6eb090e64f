// The built page is served compressed (apps/server SPEC [H23]): every text asset has a .br and a
// .gz made at build time (apps/web/vite.config.ts), the server picks by Accept-Encoding and says
// Vary: Accept-Encoding; the canvas is its own chunk, so the name prompt needs a fraction of it.
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { request } from 'node:http'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'

const dist = process.env.WEB_DIST ?? join(repoRoot, 'apps/web/dist')
let server: RunningServer
beforeAll(async () => {
  server = await startServer()
})
afterAll(async () => {
  await server?.stop()
})

/** A GET with this Accept-Encoding, the body as sent (fetch would decode it). */
function get(
  path: string,
  encoding: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(`${server.url}${path}`, { headers: { 'accept-encoding': encoding, ...headers } }, (res) => {
      const chunks: Buffer[] = []
      res.on('data', (c: Buffer) => chunks.push(c))
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }))
    })
    req.on('error', fail)
    req.end()
  })
}

const assets = readdirSync(join(dist, 'assets'))
const entry = assets.find((f) => /^index-.*\.js$/.test(f))!
const canvas = assets.find((f) => /^Canvas-.*\.js$/.test(f))!

describe('[H23] the page, compressed', () => {
  it('[H23] a script is sent as brotli, gzip or plain as the browser accepts, the same bytes each way, with Vary and a year of caching', async () => {
    const raw = readFileSync(join(dist, 'assets', entry))
    const br = await get(`/assets/${entry}`, 'gzip, deflate, br')
    expect(br.headers['content-encoding']).toBe('br')
    expect(br.headers.vary).toMatch(/accept-encoding/i)
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable')
    expect(brotliDecompressSync(br.body).equals(raw)).toBe(true)
    expect(br.body.length).toBeLessThan(raw.length / 3)

    const gz = await get(`/assets/${entry}`, 'gzip')
    expect(gz.headers['content-encoding']).toBe('gzip')
    expect(gunzipSync(gz.body).equals(raw)).toBe(true)

    const plain = await get(`/assets/${entry}`, 'identity')
    expect(plain.headers['content-encoding']).toBeUndefined()
    expect(plain.body.equals(raw)).toBe(true)
  })

  it('[H2] [SE2] the template catalogs are sent compressed with an ETag, and a browser that has one gets a 304 with no body', async () => {
    for (const path of ['/api/templates', '/api/session-templates']) {
      const plain = await get(path, 'identity')
      expect(plain.status).toBe(200)
      expect(plain.headers['content-encoding']).toBeUndefined()
      expect(plain.headers['content-type']).toMatch(/^application\/json/)
      const value = JSON.parse(plain.body.toString('utf8')) as { templates: { id: string }[] }
      expect(value.templates.length).toBeGreaterThan(1)

      const br = await get(path, 'gzip, deflate, br')
      expect(br.headers['content-encoding']).toBe('br')
      expect(br.headers.vary).toMatch(/accept-encoding/i)
      expect(br.headers['cache-control']).toBe('no-cache')
      expect(brotliDecompressSync(br.body).equals(plain.body)).toBe(true)
      expect(br.body.length).toBeLessThan(plain.body.length / 3)
      // br refused by q=0: gzip; nothing acceptable: the plain bytes
      const gz = await get(path, 'br;q=0, gzip')
      expect(gz.headers['content-encoding']).toBe('gzip')
      expect(gunzipSync(gz.body).equals(plain.body)).toBe(true)
      expect((await get(path, 'br;q=0, gzip;q=0')).headers['content-encoding']).toBeUndefined()

      const etag = String(br.headers.etag)
      expect(etag).toMatch(/^W\/"[\w-]{27}"$/)
      expect(plain.headers.etag).toBe(etag) // one ETag for the content, whatever its encoding
      const again = await get(path, 'br', { 'if-none-match': etag })
      expect(again.status).toBe(304)
      expect(again.body.length).toBe(0)
      expect((await get(path, 'gzip', { 'if-none-match': etag.slice(2) })).status).toBe(304) // compared weakly
      expect((await get(path, 'br', { 'if-none-match': 'W/"another"' })).status).toBe(200)
    }
  })

  it('[H23] the canvas (tldraw) is not in the first scripts: the start page and the name prompt load without it', async () => {
    expect(canvas).toBeDefined()
    const html = (await get('/b/abcdefghijkl', 'br')).body
    const page = html[0] === 0x3c ? html.toString() : brotliDecompressSync(html).toString()
    expect(page).toContain(`/assets/${entry}`)
    expect(page).not.toContain('Canvas-')
    // what the page loads before it can ask a name: the entry and the chunks it preloads
    const first = [...page.matchAll(/(?:src|href)="\/assets\/([^"]+\.js)"/g)].map((m) => m[1]!)
    expect(first).toContain(entry)
    const scripts = assets.filter((f) => f.endsWith('.js'))
    const rest = scripts.filter((f) => !first.includes(f))
    // tldraw's own marks (its CSS class and its license check) are only in the chunks loaded later
    for (const f of first) expect(readFileSync(join(dist, 'assets', f), 'utf8'), f).not.toMatch(/tl-container|TLDRAW_LICENSE/)
    expect(rest.some((f) => /tl-container/.test(readFileSync(join(dist, 'assets', f), 'utf8')))).toBe(true)
    const size = async (files: string[]) => {
      let n = 0
      for (const f of files) n += (await get(`/assets/${f}`, 'br')).body.length
      return n
    }
    expect(await size(first)).toBeLessThan((await size(rest)) / 2)
  })
})

describe('[H23] the fonts, cut to the letters we write (apps/web build/subsetFonts.ts)', () => {
  const fonts = assets.filter((f) => f.endsWith('.woff2'))
  const original = (name: string) => join(repoRoot, 'apps/web/node_modules/@tldraw/assets/fonts', name.replace(/-[\w-]{8}\.woff2$/, '.woff2'))
  it("[H23] every font of the canvas keeps every letter of ours tldraw's has (Swedish always), and is under half its size", async () => {
    const fontkit = await import('fontkit')
    type Font = { hasGlyphForCodePoint(c: number): boolean }
    expect(fonts.length).toBe(16)
    const swedish = 'AaÅåÄäÖöÉéÜü–“”‘’…€'
    const more = 'ČčĐđŊŋŠšŦŧŽžǤǥǦǧǨǩǮǯʒ≤≥→' // Sami and symbols: kept where tldraw's font has them
    for (const f of fonts) {
      const font = fontkit.create(readFileSync(join(dist, 'assets', f))) as Font
      const theirs = fontkit.create(readFileSync(original(f))) as Font
      for (const ch of swedish) expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), `${ch} in ${f}`).toBe(true)
      for (const ch of more) expect(font.hasGlyphForCodePoint(ch.codePointAt(0)!), `${ch} in ${f}`).toBe(theirs.hasGlyphForCodePoint(ch.codePointAt(0)!))
      // a script the subset leaves to the browser's next font
      expect(theirs.hasGlyphForCodePoint('Ж'.codePointAt(0)!) && !font.hasGlyphForCodePoint('Ж'.codePointAt(0)!), f).toBe(true)
      expect(readFileSync(join(dist, 'assets', f)).length, f).toBeLessThan(readFileSync(original(f)).length / 2)
    }
  })
})
