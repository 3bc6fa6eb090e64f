// Debian's Chromium driven by playwright-core. Every page fails its test on any request to a
// host other than loopback: tavla must not reach out (fonts, icons, translations are ours).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core'
import { repoRoot } from './server.ts'

export const artifacts = join(repoRoot, 'tests/artifacts')

export async function launch(): Promise<Browser> {
  mkdirSync(artifacts, { recursive: true })
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
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

export interface WatchedContext {
  context: BrowserContext
  /** Requests that tried to leave the machine (each is also aborted). */
  outside: string[]
  /** Errors the pages printed (uncaught exceptions). */
  errors: string[]
  /** Requests that failed (for the message when a test fails). */
  failed: string[]
  page(): Promise<Page>
}

export async function watchedContext(browser: Browser, opts: Parameters<Browser['newContext']>[0] = {}): Promise<WatchedContext> {
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 }, ...opts })
  const outside: string[] = []
  const errors: string[] = []
  const failed: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (LOOPBACK.test(url) || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
    outside.push(url)
    return route.abort()
  })
  context.on('page', (p) => {
    p.on('pageerror', (e) => errors.push(`${String(e)} ${e.stack?.split('\n').slice(0, 3).join(' | ') ?? ''}`))
    p.on('requestfailed', (r) => failed.push(`${r.url()} ${r.failure()?.errorText ?? ''}`))
    p.on('websocket', (ws) => {
      if (!LOOPBACK.test(ws.url())) outside.push(ws.url())
    })
  })
  return { context, outside, errors, failed, page: () => context.newPage() }
}
