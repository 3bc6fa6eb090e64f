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
    const r = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    return r.violations.map((v: any) => ({
      id: v.id,
      impact: v.impact,
      help: v.help,
      nodes: v.nodes.map((n: any) => ({ target: n.target, failureSummary: `${n.html} ${n.failureSummary}` })),
    }))
  })
  return (violations as Violation[]).filter((v) => v.impact === 'serious' || v.impact === 'critical')
}
const describeViolations = (vs: Violation[]) =>
  vs
    .map(
      (v) =>
        `${v.impact} ${v.id}: ${v.help}\n  ${v.nodes
          .slice(0, 5)
          .map((n) => `${n.target.join(' ')} — ${n.failureSummary?.replace(/\n/g, ' ')}`)
          .join('\n  ')}`,
    )
    .join('\n')

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
    await page.goto(`${server.url}/`)
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

  it('a whole session through the list view with the keyboard alone; another participant sees it on the canvas, in the zone', async () => {
    const anna = await newPage()
    await anna.goto(local(board.links.participant))
    // The name field has the focus: type, Enter.
    await anna.locator('input[name=name]:focus').waitFor()
    await anna.keyboard.type('Anna Tangentbord')
    await anna.keyboard.press('Enter')
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await tabTo(anna, '[data-list-toggle]')
    await anna.keyboard.press('Enter')
    await anna.locator('[data-listview]').waitFor()
    expect(await anna.locator('[data-list-toggle]').getAttribute('aria-pressed')).toBe('true')
    // Zones in reading order, innermost ring first (golden circle).
    expect(await anna.locator('[data-listview] h3').allInnerTexts()).toEqual(['Varför?', 'Hur?', 'Vad?'])

    const addTo = async (zone: string, text: string) => {
      await tabTo(anna, `#add-${zone}`)
      await anna.keyboard.type(text, { delay: 5 })
      await anna.keyboard.press('Enter')
      await anna.locator(`[data-zone=${zone}] li[data-mine]`, { hasText: text }).waitFor({ timeout: 10_000 })
    }
    await addTo('varfor', 'Vi finns för medborgarna')
    await addTo('hur', 'Samverkan över gränser')
    await addTo('hur', 'Ett ärende, en kontakt')

    // Edit the first one: its Edit button, the text field, Save.
    await tabTo(anna, '[data-zone=varfor] li[data-mine] [data-edit]')
    await anna.keyboard.press('Enter')
    await anna.locator('[data-zone=varfor] textarea:focus').waitFor()
    await anna.keyboard.press('Control+A')
    await anna.keyboard.type('Vi finns för alla som bor här', { delay: 5 })
    await tabTo(anna, '[data-zone=varfor] button[type=submit]')
    await anna.keyboard.press('Enter')
    await anna.locator('[data-zone=varfor] li', { hasText: 'Vi finns för alla som bor här' }).waitFor()
    // Focus goes back to the note's Edit button.
    await anna.waitForFunction(() => document.activeElement?.matches('[data-zone=varfor] [data-edit]'))

    // The facilitator starts a 2-dot vote (through the API); Anna gives a dot by keyboard.
    const res = await fetch(`${server.url}/api/boards/${board.id}/facilitation?key=${board.keys.facilitator}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ action: 'vote.start', dots: 2 }),
    })
    expect(res.status).toBe(200)
    await anna.locator('[data-list-dots-left="2"]').waitFor()
    await tabTo(anna, '[data-zone=hur] li:first-child [data-dot]')
    await anna.keyboard.press('Enter')
    await anna.locator('[data-list-dots-left="1"]').waitFor()
    await anna.locator('[data-zone=hur] li:first-child [data-my-dots="1"]').waitFor()
    // The dot is in Anna's private part, as one placed on the canvas would be.
    expect(await anna.evaluate(() => document.querySelectorAll('.vote-badge.mine').length)).toBe(1)
    await saved(anna)

    // Bo sees the notes on his canvas, each in its zone by the board package's rule [D6].
    const bo = await newPage()
    await openBoard(bo, local(board.links.participant), 'Bo')
    const expected: Record<string, string> = { 'Vi finns för alla som bor här': 'varfor', 'Samverkan över gränser': 'hur', 'Ett ärende, en kontakt': 'hur' }
    const canvasNotes = async () =>
      bo.evaluate(() => {
        const ed = (window as any).tavla.editor
        const text = (n: any): string => (n?.type === 'text' ? n.text : (n?.content ?? []).map(text).join(''))
        return {
          zones: (window as any).tavla.doc.getMap('meta').get('zones'),
          notes: ed
            .getCurrentPageShapes()
            .filter((s: any) => s.type === 'note')
            .map((s: any) => ({ text: text(s.props.richText), x: s.x, y: s.y, props: s.props, meta: s.meta })),
        }
      })
    await bo.waitForFunction(
      (n) => (window as any).tavla.editor.getCurrentPageShapes().filter((s: any) => s.type === 'note').length === n,
      Object.keys(expected).length,
      { timeout: 20_000 },
    )
    const seen = await canvasNotes()
    const where = Object.fromEntries(seen.notes.map((n: any) => [n.text, zoneAt(seen.zones as Zone[], noteCenter(makeNote({ id: 'x', x: n.x, y: n.y })))?.id]))
    expect(where).toEqual(expected)
    expect(seen.notes.every((n: any) => n.meta.authorName === 'Anna Tangentbord')).toBe(true)
    // Notes added in the list do not cover each other on the canvas.
    const boxes = seen.notes.map((n: any) => ({ x: n.x, y: n.y, w: 200, h: 200 + n.props.growY }))
    for (const [i, a] of boxes.entries())
      for (const b of boxes.slice(i + 1)) expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h).toBe(false)

    // And the other way: Bo's note on the canvas shows in Anna's list, in its zone, announced.
    const at = await bo.evaluate(() => {
      const ed = (window as any).tavla.editor
      const p = ed.pageToViewport({ x: 0, y: 675 })
      const r = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: r.left + p.x, y: r.top + p.y }
    })
    await addNote(bo, at.x, at.y, 'Bos tanke om vad')
    await anna.locator('[data-zone=vad] li', { hasText: 'Bos tanke om vad' }).waitFor({ timeout: 20_000 })
    expect(await anna.locator('[data-zone=vad] li', { hasText: 'Bos tanke om vad' }).innerText()).toContain('Av Bo')
    await anna.waitForFunction(() => /Ny lapp i|nya lappar/.test(document.querySelector('[data-announce]')?.textContent ?? ''), null, { timeout: 20_000 })
    // announced a moment after it arrived, with the text it had then (on a slow machine Bo may still be typing)
    expect(await anna.locator('[data-announce]').innerText()).toMatch(/^Ny lapp i Vad\?: Bo/)
    // Not Anna's: no Edit button on it.
    expect(await anna.locator('[data-zone=vad] li', { hasText: 'Bos tanke om vad' }).locator('[data-edit]').count()).toBe(0)
    expect(describeViolations(await axe(anna))).toBe('')
  })

  it('at 200 % zoom the board and the list stay usable (screenshots)', async () => {
    // 1400×900 at 200 %: a 700×450 CSS-pixel window drawn at twice the density.
    const page = await newPage({ viewport: { width: 700, height: 450 }, deviceScaleFactor: 2 })
    await openBoard(page, local(board.links.participant), 'Cilla')
    await page.screenshot({ path: join(artifacts, 'a11y-200-board.png') })
    await page.locator('[data-list-toggle]').focus()
    await page.keyboard.press('Enter')
    await page.locator('[data-listview] li', { hasText: 'Samverkan över gränser' }).waitFor()
    await page.screenshot({ path: join(artifacts, 'a11y-200-list.png') })
    await page.locator('#add-hur').focus()
    await page.locator('#add-hur').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(artifacts, 'a11y-200-list-focus.png') })
    // Nothing runs off the side: the list scrolls up and down only.
    expect(
      await page.evaluate(() => {
        const l = document.querySelector('[data-listview]')!
        return l.scrollWidth <= l.clientWidth + 1
      }),
    ).toBe(true)
    expect(describeViolations(await axe(page))).toBe('')
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
