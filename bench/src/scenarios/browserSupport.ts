// What the browser scenarios (weak-link, big-board; issue 16) share: Debian's Chromium through
// playwright-core (launched as tests/support/browser.ts does), the built page, and a guard that no
// request leaves the machine. playwright-core and vite are resolved from the workspace packages
// that depend on them (tests, apps/web): the bench's own dependencies stay the server's.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
// types from the tests package's copy (the bench's own dependencies do not include it)
import type { Browser, Page } from '../../../tests/node_modules/playwright-core/index.js'
export type { Browser, BrowserContext, Page } from '../../../tests/node_modules/playwright-core/index.js'
import { MachineCpuMeter } from '../proc.ts'
import { repoRoot } from '../servers/targets.ts'

const fromTests = createRequire(join(repoRoot, 'tests/package.json'))
export const fromWeb = createRequire(join(repoRoot, 'apps/web/package.json'))

/** The built page the server serves: WEB_DIST if set (as the tests take it), else apps/web/dist. */
export function webDist(): string {
  const dist = process.env.WEB_DIST || join(repoRoot, 'apps/web/dist')
  if (!existsSync(join(dist, 'index.html'))) throw new Error(`no built page in ${dist}: run npm run build (or set WEB_DIST)`)
  return dist
}

export async function launchChromium(): Promise<Browser> {
  type Playwright = typeof import('../../../tests/node_modules/playwright-core/index.js')
  const mod = (await import(fromTests.resolve('playwright-core'))) as Playwright & { default?: Playwright }
  const chromium = mod.chromium ?? mod.default!.chromium
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    // headless, software rendering (as the browser tests run): harsher than a participant's own browser
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  })
}

const LOOPBACK = /^(https?|wss?):\/\/(127\.\d+\.\d+\.\d+|localhost|\[::1\])(:\d+)?\//

/**
 * Collects every request of the page that is not to loopback, data: or blob:. Not by routing
 * (Playwright's routing turns the HTTP cache off, and the warm runs measure that cache).
 */
export function watchOutside(page: Page, outside: string[]): void {
  page.on('request', (r) => {
    const url = r.url()
    if (!LOOPBACK.test(url) && !url.startsWith('data:') && !url.startsWith('blob:')) outside.push(url)
  })
  page.on('websocket', (ws) => {
    if (!LOOPBACK.test(ws.url())) outside.push(ws.url())
  })
}

export const median = (xs: number[]): number => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b)
  return s.length ? s[Math.floor((s.length - 1) / 2)]! : Number.NaN
}
export const fmt = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a')

function ticks(pid: number): { ppid: number; ticks: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // utime, stime, and the reaped children's cutime, cstime (a closed tab's renderer lands there)
    return { ppid: Number(rest[1]), ticks: Number(rest[11]) + Number(rest[12]) + Number(rest[13]) + Number(rest[14]) }
  } catch {
    return undefined
  }
}

/** CPU seconds of this process and every live descendant (the server, Chromium and its helpers). */
function ownTreeSeconds(): number {
  const all = new Map<number, { ppid: number; ticks: number }>()
  for (const d of readdirSync('/proc')) {
    const pid = Number(d)
    if (!pid) continue
    const t = ticks(pid)
    if (t) all.set(pid, t)
  }
  const mine = new Set([process.pid])
  for (let grew = true; grew; ) {
    grew = false
    for (const [pid, t] of all)
      if (!mine.has(pid) && mine.has(t.ppid)) {
        mine.add(pid)
        grew = true
      }
  }
  let sum = 0
  for (const pid of mine) sum += all.get(pid)?.ticks ?? 0
  return sum / 100 // USER_HZ
}

/**
 * What the rest of the machine used during a window, in % of one core: all busy CPU time
 * (/proc/stat) minus the bench, its server and its Chromium. Above DISTURBED the row is marked ⚠.
 */
export class OtherCpuMeter {
  private readonly machine = new MachineCpuMeter()
  private t0 = 0
  private own0 = 0
  start(): void {
    this.machine.start()
    this.t0 = performance.now()
    this.own0 = ownTreeSeconds()
  }
  stop(): number {
    const machinePct = this.machine.stop()
    const seconds = (performance.now() - this.t0) / 1000
    const ownPct = seconds > 0 ? ((ownTreeSeconds() - this.own0) / seconds) * 100 : 0
    return Math.max(0, machinePct - ownPct)
  }
}
