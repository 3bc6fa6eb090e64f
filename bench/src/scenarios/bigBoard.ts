// big-board (issue 16): a board of 1,000 notes opened in Chromium (headless, software rendering),
// tavla beside a plain tldraw page (bench/tldraw-plain: <Tldraw> and one `store.put` of the same
// records), alternating within one run. Open: from the start of the navigation until every note is
// in the editor's store and drawn (a `.tl-shape` element each), and for tavla the note tool is on
// (what a participant needs to add one); then a frame has been painted. Panning: with all notes
// zoomed to fit, the camera moves a little every animation frame for a few seconds (a circle of
// 120 screen pixels, so the notes stay on screen); the frame intervals give the fps.
import { createServer, type Server } from 'node:http'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { extname, join, normalize } from 'node:path'
import { repoRoot, tavla } from '../servers/targets.ts'
import { DISTURBED } from '../report.ts'
import { type Browser, fmt, fromWeb, launchChromium, median, OtherCpuMeter, type Page, watchOutside, webDist } from './browserSupport.ts'

export interface BigBoardRun {
  page: 'tavla' | 'tldraw'
  openMs: number
  fps: number
  p50FrameMs: number
  p95FrameMs: number
  framesOver50ms: number
  frames: number
  otherCpuPct: number
  outside: string[]
}

export interface BigBoardResult {
  kind: 'big-board'
  notes: number
  runs: BigBoardRun[]
}

const COLUMNS = 40
/** A fractional index key (tldraw's z-order), as tests/browser/performance.test.ts makes them. */
const indexKey = (n: number) => `a1${n.toString(36).padStart(3, '0')}V`

/** The notes of tests/browser/performance.test.ts: 40 columns, 220 apart, a line of text each. */
function notes(n: number): Record<string, unknown>[] {
  return Array.from({ length: n }, (_, i) => ({
    id: `shape:n${i}`,
    typeName: 'shape',
    type: 'note',
    x: (i % COLUMNS) * 220,
    y: Math.floor(i / COLUMNS) * 220,
    rotation: 0,
    index: indexKey(i),
    parentId: 'page:page',
    isLocked: false,
    opacity: 1,
    meta: { createdAt: 1, updatedAt: 1, authorId: 'u1', authorName: 'Anna Andersson' },
    props: {
      color: 'yellow',
      labelColor: 'black',
      size: 'm',
      font: 'draw',
      fontSizeAdjustment: 1,
      align: 'middle',
      verticalAlign: 'middle',
      growY: 0,
      url: '',
      scale: 1,
      textLastEditedBy: null,
      richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: `Idé ${i + 1}: fler mötesplatser mellan myndigheterna` }] }] },
    },
  }))
}

/** Builds bench/tldraw-plain with apps/web's Vite and tldraw (again only when a source is newer). */
async function buildPlain(): Promise<string> {
  const src = join(repoRoot, 'bench/tldraw-plain')
  const out = join(tmpdir(), 'tavla-bench-tldraw-plain')
  const newest = Math.max(...readdirSync(src).map((f) => statSync(join(src, f)).mtimeMs))
  if (existsSync(join(out, 'index.html')) && statSync(join(out, 'index.html')).mtimeMs > newest) return out
  const { build } = (await import(fromWeb.resolve('vite'))) as { build(config: Record<string, unknown>): Promise<unknown> }
  const react = ((await import(fromWeb.resolve('@vitejs/plugin-react'))) as { default: () => unknown }).default
  const webModules = join(repoRoot, 'apps/web/node_modules')
  await build({
    root: src,
    configFile: false,
    logLevel: 'warn',
    plugins: [react() as never],
    // the page's imports are apps/web's packages (the same tldraw version, the same React)
    resolve: { alias: [{ find: /^(tldraw|@tldraw\/assets|react|react-dom)(\/.*)?$/, replacement: `${webModules}/$1$2` }] },
    build: { outDir: out, emptyOutDir: true, assetsInlineLimit: 0, chunkSizeWarningLimit: 10_000 },
  })
  return out
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.woff2': 'font/woff2',
  '.png': 'image/png',
}

/** Serves the plain page and its records on loopback. */
function servePlain(dir: string, records: unknown[]): Promise<{ server: Server; url: string }> {
  const body = JSON.stringify(records)
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://x').pathname
    if (path === '/records.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
      return
    }
    const file = normalize(join(dir, path === '/' ? 'index.html' : path))
    if (!file.startsWith(dir) || !existsSync(file) || statSync(file).isDirectory()) {
      res.writeHead(404).end()
      return
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(readFileSync(file))
  })
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ server, url: `http://127.0.0.1:${(server.address() as { port: number }).port}/` })),
  )
}

/** Runs in the page first: marks when every note is in the store and drawn (and, on tavla, the note tool is on). */
function marker(args: { n: number; tool: string | null }) {
  const w = window as unknown as { __marks: Record<string, number>; tavla?: { editor: any } }
  w.__marks = {}
  const tick = () => {
    const ed = w.tavla?.editor
    if (
      ed &&
      ed.getCurrentPageShapes().length >= args.n &&
      document.querySelectorAll('.tl-shape[data-shape-type=note]').length >= args.n &&
      (!args.tool || ed.getCurrentToolId() === args.tool)
    ) {
      // the next frame starts after this one is painted
      requestAnimationFrame(() => {
        w.__marks.open = performance.now()
      })
      return
    }
    requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
}

/** In the page: moves the camera each frame for `ms` (a circle in screen pixels at the fitted zoom); the frame intervals. */
function pan(ms: number): Promise<{ deltas: number[]; elapsed: number }> {
  const ed = (window as unknown as { tavla: { editor: any } }).tavla.editor
  ed.zoomToFit({ animation: { duration: 0 } })
  const c0 = ed.getCamera()
  return new Promise((resolve) => {
    const deltas: number[] = []
    const start = performance.now()
    let last = start
    const tick = (now: number) => {
      deltas.push(now - last)
      last = now
      const a = ((now - start) / 1000) * Math.PI * 2
      ed.setCamera({ x: c0.x + (Math.cos(a) * 120) / c0.z, y: c0.y + (Math.sin(a) * 120) / c0.z, z: c0.z })
      if (now - start < ms) requestAnimationFrame(tick)
      else resolve({ deltas: deltas.slice(1), elapsed: now - start })
    }
    requestAnimationFrame(tick)
  })
}

async function measure(browser: Browser, kind: BigBoardRun['page'], url: string, n: number, panMs: number): Promise<BigBoardRun> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'sv-SE' })
  const outside: string[] = []
  const page: Page = await context.newPage()
  watchOutside(page, outside)
  // a person who joined before: the page goes straight to the board (no name prompt)
  if (kind === 'tavla') await page.addInitScript(() => localStorage.setItem('tavla.name', 'Mätaren'))
  await page.addInitScript(marker, { n, tool: kind === 'tavla' ? 'note' : null })
  // BIG_BOARD_PROFILE=<dir>: the page's CPU profile of the open, for bench/src/profileSummary.ts
  const profileDir = process.env.BIG_BOARD_PROFILE
  const cdp = profileDir ? await context.newCDPSession(page) : undefined
  if (cdp) {
    await cdp.send('Profiler.enable')
    await cdp.send('Profiler.setSamplingInterval', { interval: 500 })
    await cdp.send('Profiler.start')
  }
  const other = new OtherCpuMeter()
  other.start()
  await page.goto(url, { waitUntil: 'commit' })
  const openMs = (await (await page.waitForFunction(() => (window as any).__marks?.open, null, { timeout: 120_000, polling: 20 })).jsonValue()) as number
  if (cdp && profileDir) {
    const { profile } = (await cdp.send('Profiler.stop')) as { profile: unknown }
    mkdirSync(profileDir, { recursive: true })
    writeFileSync(join(profileDir, `big-board-${kind}-${Date.now()}.cpuprofile`), JSON.stringify(profile))
  }
  await page.waitForTimeout(1000) // what the page does right after opening (fonts, measuring) settles
  const raw = await page.evaluate(pan, panMs)
  const otherCpuPct = other.stop()
  await context.close()
  const sorted = [...raw.deltas].sort((a, b) => a - b)
  const q = (f: number) => sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? Number.NaN
  return {
    page: kind,
    openMs,
    fps: (sorted.length / raw.elapsed) * 1000,
    p50FrameMs: q(0.5),
    p95FrameMs: q(0.95),
    framesOver50ms: sorted.filter((d) => d > 50).length,
    frames: sorted.length,
    otherCpuPct,
    outside,
  }
}

export async function runBigBoard(opts: { notes: number; runs: number; panMs?: number }): Promise<BigBoardResult> {
  const dist = webDist()
  process.env.WEB_DIST = dist
  const plainDir = await buildPlain()
  const server = await tavla.start()
  const base = `http://127.0.0.1:${server.proc.port}`
  const records = notes(opts.notes)
  let plain: Awaited<ReturnType<typeof servePlain>> | undefined
  let browser: Browser | undefined
  try {
    // tavla's board: a blank board's file with the notes added, imported ([H7]) — the same records
    const blank = (await (
      await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'blank', title: 'x' }),
      })
    ).json()) as { id: string; keys: { facilitator: string } }
    const file = (await (await fetch(`${base}/api/boards/${blank.id}/export?format=json&key=${blank.keys.facilitator}`)).json()) as { records: unknown[] }
    file.records.push(...records)
    const res = await fetch(`${base}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Stor tavla', file }),
    })
    if (res.status !== 201) throw new Error(`import → ${res.status} ${await res.text()}`)
    const board = (await res.json()) as { links: { participant: string } }
    plain = await servePlain(plainDir, records)
    browser = await launchChromium()
    const runs: BigBoardRun[] = []
    for (let i = 0; i < opts.runs; i++) {
      // alternate which page goes first
      const order = i % 2 === 0 ? (['tavla', 'tldraw'] as const) : (['tldraw', 'tavla'] as const)
      for (const kind of order) runs.push(await measure(browser!, kind, kind === 'tavla' ? board.links.participant : plain.url, opts.notes, opts.panMs ?? 4000))
    }
    return { kind: 'big-board', notes: opts.notes, runs }
  } finally {
    await browser?.close()
    plain?.server.close()
    await server.stop()
  }
}

export function bigBoardTable(r: BigBoardResult): string {
  const lines = [
    `big-board: ${r.notes.toLocaleString('en')} notes, Chromium headless (software rendering), median of ${r.runs.length / 2} run(s):`,
    '',
    '| page | open ms | × tldraw | panning fps | p50 frame ms | p95 frame ms | frames > 50 ms | other CPU % |',
    '|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  const plainOpen = median(r.runs.filter((x) => x.page === 'tldraw').map((x) => x.openMs))
  for (const kind of ['tavla', 'tldraw'] as const) {
    const rs = r.runs.filter((x) => x.page === kind)
    const m = (k: keyof BigBoardRun) => median(rs.map((x) => x[k] as number))
    const other = Math.max(...rs.map((x) => x.otherCpuPct))
    lines.push(
      `| ${kind === 'tavla' ? 'tavla' : 'tldraw alone'} | ${fmt(m('openMs'))} | ${fmt(m('openMs') / plainOpen, 2)}× | ${fmt(m('fps'), 1)} | ${fmt(m('p50FrameMs'), 1)} | ${fmt(m('p95FrameMs'), 1)} | ${fmt(m('framesOver50ms'))} of ${fmt(m('frames'))} | ${fmt(other)}${other > DISTURBED ? ' ⚠' : ''} |`,
    )
  }
  const outside = r.runs.flatMap((x) => x.outside)
  lines.push('', outside.length ? `⚠ requests that left the machine: ${outside.join(', ')}` : 'No request left the machine.')
  return lines.join('\n')
}

export function bigBoardGoals(r: BigBoardResult): { goal: string; detail: string; met: boolean }[] {
  const m = (kind: BigBoardRun['page'], k: keyof BigBoardRun) => median(r.runs.filter((x) => x.page === kind).map((x) => x[k] as number))
  const open = m('tavla', 'openMs')
  const ratio = open / m('tldraw', 'openMs')
  const fps = m('tavla', 'fps')
  return [
    { goal: '1,000-note board open ≤ 2,000 ms', detail: `${fmt(open)} ms`, met: open <= 2000 },
    { goal: 'open ≤ 1.2× plain tldraw', detail: `${fmt(ratio, 2)}×`, met: ratio <= 1.2 },
    { goal: 'panning ≥ 50 fps (all notes on screen)', detail: `${fmt(fps, 1)} fps`, met: fps >= 50 },
  ]
}
