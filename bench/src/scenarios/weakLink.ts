// weak-link (issue 16): the page over "slow 4G" — Chromium's network throttled through the
// DevTools protocol (Network.emulateNetworkConditions: 1.6 Mbit/s down, 750 kbit/s up, 150 ms
// round trip) — for the start page and a participant's link, cold (a new browser context: empty
// cache, nothing on the device) and warm (the same context again: its HTTP cache, the saved name
// and the board in IndexedDB). Times come from the page's own clock (performance.now(), from the
// start of the navigation), polled every animation frame by a script the page runs first; bytes
// are the transfer sizes of every request (Resource Timing, what the network carried, headers
// included) finished by then, and the websocket's frames apart.
import { tavla } from '../servers/targets.ts'
import { type BrowserContext, fmt, launchChromium, median, OtherCpuMeter, type Page, watchOutside, webDist } from './browserSupport.ts'
import { DISTURBED } from '../report.ts'

export const SLOW_4G = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6e6 / 8) | 0,
  uploadThroughput: (750e3 / 8) | 0,
  connectionType: 'cellular4g',
} as const

export interface WeakLinkRun {
  page: 'start' | 'participant'
  cache: 'cold' | 'warm'
  /** start page: its templates listed; participant: the name field shown (n/a warm: the name is remembered) */
  promptMs: number
  /** participant: the name given, the template's shapes drawn, the note tool on; start page: = promptMs */
  usableMs: number
  /** transferred before the prompt (start page: before it was usable) */
  bytesBeforePrompt: number
  bytesToUsable: number
  requestsToUsable: number
  wsBytesIn: number
  /** every script, style sheet and font fetched by then, with its transfer size */
  resources: { name: string; bytes: number; endMs: number }[]
  otherCpuPct: number
  outside: string[]
  /** the page's marks (ms from the navigation): prompt, editor (tldraw mounted), shapes, usable; start */
  marks: Record<string, number>
  /** requests to the API and the websocket's opening, with when they ended (ms) */
  api: { name: string; endMs: number }[]
}

export interface WeakLinkResult {
  kind: 'weak-link'
  template: string
  templateShapes: number
  runs: WeakLinkRun[]
  error?: string
}

/** Runs in the page before its own scripts: marks when the prompt and the usable board appear. */
function marker(expectShapes: number) {
  const w = window as unknown as { __marks: Record<string, number>; tavla?: { editor: any } }
  w.__marks = {}
  const mark = (k: string) => {
    if (!(k in w.__marks)) w.__marks[k] = performance.now()
  }
  const tick = () => {
    if (document.querySelector('input[name=name]')) mark('prompt')
    if (document.querySelector('[data-template]')) mark('start')
    const ed = w.tavla?.editor
    if (ed) {
      mark('editor')
      const drawn = document.querySelectorAll('.tl-shape').length
      if (ed.getCurrentPageShapes().length >= expectShapes && drawn >= expectShapes) mark('shapes')
      if (
        'shapes' in w.__marks &&
        ed.getCurrentToolId() === 'note' &&
        document.querySelector('[data-testid="tools.note"], .tlui-main-toolbar [data-value="note"]')
      )
        mark('usable')
    }
    if (!('usable' in w.__marks && 'start' in w.__marks)) requestAnimationFrame(tick)
  }
  requestAnimationFrame(tick)
  // rAF does not run before the first frame: look again as soon as the document is parsed
  document.addEventListener('DOMContentLoaded', tick)
}

async function waitMark(page: Page, key: string, timeoutMs: number): Promise<number> {
  const h = await page.waitForFunction((k) => (window as any).__marks?.[k], key, { timeout: timeoutMs, polling: 20 })
  return (await h.jsonValue()) as number
}

async function bytesUntil(page: Page, untilMs: number) {
  return page.evaluate((until) => {
    const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming | undefined
    const res = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter((r) => r.responseEnd <= until)
    const resources = res.map((r) => ({ name: new URL(r.name).pathname, bytes: r.transferSize, endMs: Math.round(r.responseEnd) }))
    return { bytes: (nav?.transferSize ?? 0) + resources.reduce((n, r) => n + r.bytes, 0), requests: resources.length + 1, resources }
  }, untilMs)
}

async function throttled(context: BrowserContext, outside: string[]): Promise<{ page: Page; wsBytes: () => number }> {
  const page = await context.newPage()
  watchOutside(page, outside)
  const cdp = await context.newCDPSession(page)
  await cdp.send('Network.enable')
  await cdp.send('Network.emulateNetworkConditions', SLOW_4G)
  let ws = 0
  cdp.on('Network.webSocketFrameReceived', (e: { response: { opcode: number; payloadData: string } }) => {
    // binary frames come base64-encoded
    ws += e.response.opcode === 2 ? Math.floor((e.response.payloadData.length * 3) / 4) : e.response.payloadData.length
  })
  return { page, wsBytes: () => ws }
}

async function measure(
  context: BrowserContext,
  url: string,
  kind: WeakLinkRun['page'],
  cache: WeakLinkRun['cache'],
  expectShapes: number,
): Promise<WeakLinkRun> {
  const outside: string[] = []
  const { page, wsBytes } = await throttled(context, outside)
  await page.addInitScript(marker, expectShapes)
  const other = new OtherCpuMeter()
  other.start()
  await page.goto(url, { waitUntil: 'commit' })
  let promptMs = Number.NaN
  let usableMs: number
  if (kind === 'start') {
    usableMs = promptMs = await waitMark(page, 'start', 60_000)
  } else {
    const first = await Promise.race([
      waitMark(page, 'prompt', 60_000).then((ms) => ['prompt', ms] as const),
      waitMark(page, 'editor', 60_000).then((ms) => ['editor', ms] as const),
    ])
    if (first[0] === 'prompt') {
      promptMs = first[1]
      // the name as a person gives it, at once
      await page.locator('input[name=name]').fill('Deltagare på 4G')
      await page.keyboard.press('Enter')
    }
    usableMs = await waitMark(page, 'usable', 120_000)
  }
  const otherCpuPct = other.stop()
  const before = Number.isFinite(promptMs) ? await bytesUntil(page, promptMs) : { bytes: Number.NaN }
  const to = await bytesUntil(page, usableMs)
  const marks = (await page.evaluate(() => (window as any).__marks)) as Record<string, number>
  const api = await page.evaluate(() =>
    (performance.getEntriesByType('resource') as PerformanceResourceTiming[])
      .filter((r) => /\/api\/|\/ws\/|config\.json/.test(r.name))
      .map((r) => ({ name: new URL(r.name).pathname.replace(/^\/api\/boards\/[^/]+/, '/api/boards/:id'), endMs: Math.round(r.responseEnd) })),
  )
  const run: WeakLinkRun = {
    page: kind,
    cache,
    promptMs,
    usableMs,
    bytesBeforePrompt: before.bytes,
    bytesToUsable: to.bytes,
    requestsToUsable: to.requests,
    wsBytesIn: wsBytes(),
    resources: to.resources.filter((r) => /\.(js|css|woff2?|json)$/.test(r.name)),
    otherCpuPct,
    outside,
    marks,
    api,
  }
  await page.close()
  return run
}

export async function runWeakLink(opts: { runs: number; template?: string }): Promise<WeakLinkResult> {
  const template = opts.template ?? 'golden-circle'
  const dist = webDist()
  process.env.WEB_DIST = dist
  const server = await tavla.start()
  const browser = await launchChromium().catch(async (err) => {
    await server.stop()
    throw err
  })
  const base = `http://127.0.0.1:${server.proc.port}`
  try {
    const runs: WeakLinkRun[] = []
    let templateShapes = 0
    for (let i = 0; i < opts.runs; i++) {
      // a new board each time: a warm run must not find the first run's board on the device
      const res = await fetch(`${base}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template, title: 'Svag uppkoppling' }),
      })
      if (res.status !== 201) throw new Error(`POST /api/boards → ${res.status} ${await res.text()}`)
      const board = (await res.json()) as { id: string; keys: { facilitator: string }; links: { participant: string } }
      const file = (await (await fetch(`${base}/api/boards/${board.id}/export?format=json&key=${board.keys.facilitator}`)).json()) as {
        records: { typeName: string }[]
      }
      const shapes = file.records.filter((r) => r.typeName === 'shape').length
      templateShapes = shapes
      for (const kind of ['start', 'participant'] as const) {
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, locale: 'sv-SE' })
        const url = kind === 'start' ? `${base}/` : board.links.participant
        runs.push(await measure(context, url, kind, 'cold', shapes))
        runs.push(await measure(context, url, kind, 'warm', shapes))
        await context.close()
      }
    }
    return { kind: 'weak-link', template, templateShapes, runs }
  } finally {
    await browser.close()
    await server.stop()
  }
}

const kib = (b: number) => fmt(b / 1024)

/** One row per page × cache: the median over the runs (each run is in the JSON). */
export function weakLinkTable(r: WeakLinkResult): string {
  const lines = [
    `weak-link: slow 4G (${fmt(SLOW_4G.downloadThroughput * 8e-6, 1)} Mbit/s down, ${fmt(SLOW_4G.uploadThroughput * 8e-3)} kbit/s up, ${SLOW_4G.latency} ms RTT), template ${r.template} (${r.templateShapes} shapes), median of ${r.runs.length / 4} run(s):`,
    '',
    '| page | cache | prompt ms | usable ms | KiB before prompt | KiB to usable | requests | websocket KiB in | other CPU % |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ]
  for (const kind of ['start', 'participant'] as const)
    for (const cache of ['cold', 'warm'] as const) {
      const rs = r.runs.filter((x) => x.page === kind && x.cache === cache)
      const m = (k: keyof WeakLinkRun) => median(rs.map((x) => x[k] as number))
      const other = Math.max(...rs.map((x) => x.otherCpuPct))
      lines.push(
        `| ${kind === 'start' ? 'start page' : 'participant link'} | ${cache} | ${fmt(m('promptMs'))} | ${fmt(m('usableMs'))} | ${kib(m('bytesBeforePrompt'))} | ${kib(m('bytesToUsable'))} | ${fmt(m('requestsToUsable'))} | ${kib(m('wsBytesIn'))} | ${fmt(other)}${other > DISTURBED ? ' ⚠' : ''} |`,
      )
    }
  const outside = r.runs.flatMap((x) => x.outside)
  lines.push('', outside.length ? `⚠ requests that left the machine: ${outside.join(', ')}` : 'No request left the machine.')
  return lines.join('\n')
}

/** The goals of issue 16 for a weak connection, against the medians. */
export function weakLinkGoals(r: WeakLinkResult): { goal: string; detail: string; met: boolean }[] {
  const m = (kind: WeakLinkRun['page'], cache: WeakLinkRun['cache'], k: keyof WeakLinkRun) =>
    median(r.runs.filter((x) => x.page === kind && x.cache === cache).map((x) => x[k] as number))
  const prompt = m('participant', 'cold', 'promptMs')
  const usable = m('participant', 'cold', 'usableMs')
  const warm = Math.max(m('participant', 'warm', 'usableMs'), m('start', 'warm', 'usableMs'))
  const bytes = m('participant', 'cold', 'bytesBeforePrompt')
  return [
    { goal: 'slow 4G cold: name prompt ≤ 1,500 ms', detail: `${fmt(prompt)} ms`, met: prompt <= 1500 },
    { goal: 'slow 4G cold: usable board ≤ 4,000 ms', detail: `${fmt(usable)} ms`, met: usable <= 4000 },
    { goal: 'slow 4G warm: start page and board ≤ 1,000 ms', detail: `${fmt(warm)} ms`, met: warm <= 1000 },
    { goal: '≤ 150 KB before the name prompt', detail: `${fmt(bytes / 1000)} KB`, met: bytes <= 150_000 },
  ]
}
