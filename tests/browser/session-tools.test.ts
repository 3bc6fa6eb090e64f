// Issue 13 items 6, 7, 9 and part of 10 in the browser: the top bar is one row at 1280×720,
// 1024×700 and 200 % zoom and stays so when a vote opens; the first fit keeps the template clear
// of tldraw's toolbar; the facilitator's tools are three tabs (before / during / after) in plain
// Swedish, each switch confirmed by a toast; "Visa zonen för alla" brings the zone into view on
// a page that was looking elsewhere, with a banner; private mode shows the facilitator how many
// notes wait hidden (apps/server SPEC [H24]); the timer takes 0:30 and counts down on a
// participant's page; offline is one state and logs no error every few seconds; the facilitator
// who created a board on this device is not asked their name again.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, closeTools, openBoard, openTools, saved, waitForNotes } from './helpers.ts'

const shots = '/tmp/h3-shots'
mkdirSync(shots, { recursive: true })

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let board: Awaited<ReturnType<typeof createBoard>>
let petra: Page
let anna: Page

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)
async function person(url: string, name: string, opts: Parameters<typeof watchedContext>[1] = {}) {
  const c = await watchedContext(browser, { viewport: { width: 1024, height: 700 }, ...opts })
  contexts.push(c)
  const p = await c.page()
  await openBoard(p, local(url), name)
  return p
}

/** The top bar's box, and the boxes of everything visible in it (to tell one row from two). */
const bar = (p: Page) =>
  p.evaluate(() => {
    const header = document.querySelector('[data-boardbar]')!
    const r = header.getBoundingClientRect()
    // the row's own controls (the toast is fixed above tldraw's toolbar, not in the row)
    const items = [...header.querySelectorAll('.boardbar-left > *, .boardbar-mid > *, .boardbar-right > *')]
      .filter((el) => getComputedStyle(el).position !== 'fixed')
      .map((el) => el.getBoundingClientRect())
      .filter((b) => b.width > 0 && b.height > 0)
      .map((b) => ({ top: b.top, bottom: b.bottom, left: b.left, right: b.right }))
    return { height: r.height, top: r.top, bottom: r.bottom, width: window.innerWidth, items }
  })

async function expectOneRow(p: Page, where: string) {
  const b = await bar(p)
  // one row of controls: 3rem (48 px) high, everything inside it and inside the window
  expect(b.height, where).toBeLessThanOrEqual(49)
  expect(b.items.length, where).toBeGreaterThan(3)
  for (const i of b.items) {
    expect(i.top, where).toBeGreaterThanOrEqual(b.top - 1)
    expect(i.bottom, where).toBeLessThanOrEqual(b.bottom + 1)
    expect(i.right, where).toBeLessThanOrEqual(b.width + 1)
    expect(i.left, where).toBeGreaterThanOrEqual(-1)
  }
  return b.height
}

const toast = (p: Page) => p.locator('[data-toast]')
async function expectToast(p: Page, text: string) {
  await p.waitForFunction((text) => document.querySelector('[data-toast]')?.textContent === text, text, { timeout: 15_000 })
  expect(await toast(p).getAttribute('role')).toBe('status')
}
const act = (action: Record<string, unknown>) =>
  fetch(`${server.url}/api/boards/${board.id}/facilitation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.keys.facilitator}` },
    body: JSON.stringify(action),
  })

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'vattenfallet', title: 'Beredningsgruppen – Vattenfallet (omtag)' })
  petra = await person(board.links.facilitator, 'Petra')
  anna = await person(board.links.participant, 'Anna')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('issue 13: the top bar, the tools and what the facilitator’s switches do', () => {
  it('the top bar is one row at 1024×700, 1280×720 and 200 % zoom, and does not grow when a vote opens', async () => {
    const at1024 = await expectOneRow(petra, 'facilitator 1024×700')
    await expectOneRow(anna, 'participant 1024×700')
    await petra.setViewportSize({ width: 1280, height: 720 })
    await expectOneRow(petra, 'facilitator 1280×720')
    await petra.setViewportSize({ width: 1024, height: 700 })
    // 200 % zoom: the CSS layout of 512×350 at twice the pixels
    const zoomed = await person(board.links.facilitator, 'Petra', { viewport: { width: 512, height: 350 }, deviceScaleFactor: 2 })
    await expectOneRow(zoomed, 'facilitator 200 %')
    await zoomed.screenshot({ path: `${shots}/bar-200.png` })

    const canvasTop = () => anna.evaluate(() => document.querySelector('.canvas')!.getBoundingClientRect().top)
    const before = await canvasTop()
    expect((await act({ action: 'vote.start', dots: 3 })).status).toBe(200)
    await anna.waitForSelector('[data-dots-left="3"]', { timeout: 15_000 })
    expect(await expectOneRow(petra, 'facilitator, vote open')).toBe(at1024)
    await expectOneRow(anna, 'participant, vote open')
    await expectOneRow(zoomed, '200 %, vote open')
    expect(await canvasTop()).toBe(before) // the canvas does not move under people's hands
    await anna.screenshot({ path: `${shots}/vote-open-1024.png` })
    expect((await act({ action: 'vote.close' })).status).toBe(200)
    await anna.waitForSelector('details.results', { timeout: 15_000 })
    await expectOneRow(anna, 'participant, results')
    expect(await canvasTop()).toBe(before)
    await zoomed.context().close()
  })

  it('the first fit leaves the template clear of tldraw’s toolbar and menu', async () => {
    for (const p of [petra, anna]) {
      const r = await p.evaluate(() => {
        const { editor, doc } = (window as any).tavla
        const zones = doc.getMap('meta').get('zones') as any[]
        const container = editor.getContainer().getBoundingClientRect()
        const toolbar = document.querySelector('.tlui-main-toolbar')!.getBoundingClientRect()
        const menu = document.querySelector('.tlui-menu-zone')!.getBoundingClientRect()
        const boxes = zones.map((z) => {
          const r = z.region
          const b = r.kind === 'rect' ? { x: r.x, y: r.y, w: r.w, h: r.h } : { x: r.cx - r.rx, y: r.cy - r.ry, w: 2 * r.rx, h: 2 * r.ry }
          const a = editor.pageToViewport({ x: b.x, y: b.y })
          const c = editor.pageToViewport({ x: b.x + b.w, y: b.y + b.h })
          return { top: container.top + a.y, bottom: container.top + c.y, left: container.left + a.x, right: container.left + c.x }
        })
        return { boxes, toolbarTop: toolbar.top, menuBottom: menu.bottom, height: innerHeight }
      })
      expect(r.boxes.length).toBeGreaterThan(2)
      for (const b of r.boxes) {
        expect(b.bottom).toBeLessThanOrEqual(r.toolbarTop) // no zone under the toolbar
        expect(b.top).toBeGreaterThanOrEqual(r.menuBottom)
      }
    }
    await anna.screenshot({ path: `${shots}/first-fit-1024.png` })
  })

  it('the tools are three tabs in plain Swedish, reachable by keyboard, each fitting 1024×700 without a long scroll', async () => {
    await openTools(petra)
    const tabs = petra.getByRole('tab')
    expect(await tabs.allInnerTexts()).toEqual(['Före', 'Under', 'Efter'])
    // keyboard: arrows move between the tabs
    await petra.locator('[data-tools-tab=before]').focus()
    await petra.keyboard.press('ArrowRight')
    expect(await petra.evaluate(() => document.activeElement?.getAttribute('data-tools-tab'))).toBe('during')
    expect(await petra.locator('#tools-during').isVisible()).toBe(true)
    await petra.keyboard.press('ArrowRight')
    expect(await petra.locator('#tools-after').isVisible()).toBe(true)
    const panelText = async () => petra.locator('.tools-panel').innerText()
    for (const tab of ['before', 'during', 'after'] as const) {
      await openTools(petra, tab)
      await petra.waitForTimeout(300)
      await petra.screenshot({ path: `${shots}/tools-${tab}-1024.png` })
      const m = await petra.locator('.tools-panel').evaluate((el) => ({ scroll: el.scrollHeight, client: el.clientHeight }))
      // "no long scroll": the tab's content is at most a little more than the panel shows
      expect(m.scroll, tab).toBeLessThanOrEqual(m.client * 1.15)
      // no jargon
      const text = await panelText()
      for (const word of ['tldraw (.tldr)', 'Rapport (Markdown)', 'Sessionspaket', 'Ögonblicksbild', 'ögonblicksbild', 'Lås upp mallen', 'Pulsa'])
        expect(text, tab).not.toContain(word)
    }
    await openTools(petra, 'after')
    for (const label of ['Som dokument (Markdown)', 'Som tabell (CSV)', 'Som bild (PNG)', 'Allt i ett paket (ZIP)']) {
      expect(
        await petra
          .getByRole('button', { name: label })
          .or(petra.getByRole('link', { name: label }))
          .count(),
        label,
      ).toBe(1)
    }
    expect(await petra.getByRole('button', { name: 'Spara en version' }).count()).toBe(1)
    await closeTools(petra)
    // 200 %: the panel fits the window and scrolls inside itself
    const zoomed = await person(board.links.facilitator, 'Petra', { viewport: { width: 512, height: 350 }, deviceScaleFactor: 2 })
    for (const tab of ['before', 'during', 'after'] as const) {
      await openTools(zoomed, tab)
      await zoomed.waitForTimeout(300)
      const box = (await zoomed.locator('.tools-panel').boundingBox())!
      expect(box.x).toBeGreaterThanOrEqual(0)
      expect(box.x + box.width).toBeLessThanOrEqual(512 + 1)
      expect(box.y + box.height).toBeLessThanOrEqual(350 + 1)
      await zoomed.screenshot({ path: `${shots}/tools-${tab}-200.png` })
    }
    await zoomed.context().close()
  })

  it('each switch says what it did: private mode, follow me, lock, and the template', async () => {
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: 'Låt alla följa min vy' }).click()
    await expectToast(petra, 'Alla följer dig nu')
    await petra.getByRole('button', { name: 'Sluta leda vyn' }).click()
    await expectToast(petra, 'Alla styr sin egen vy igen')
    await petra.getByRole('button', { name: /^Lås tavlan/ }).click()
    await expectToast(petra, 'Tavlan är låst: ingen kan ändra något')
    await petra.screenshot({ path: `${shots}/toast-locked.png` })
    await petra.getByRole('button', { name: 'Lås upp tavlan' }).click()
    await expectToast(petra, 'Tavlan är upplåst: alla kan ändra igen')
    await openTools(petra, 'before')
    await petra.getByRole('button', { name: 'Ändra mallen' }).click()
    await expectToast(petra, 'Mallen är upplåst: du kan flytta och ändra rubriker och zoner.')
    await petra.getByRole('button', { name: 'Lås mallen igen' }).click()
    await expectToast(petra, 'Mallen är låst: rubriker och zoner ligger still för alla.')
  })

  it('[H24] private mode: the facilitator sees a banner with how many notes are hidden, the participant theirs', async () => {
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: 'Starta privat läge' }).click()
    await expectToast(petra, 'Privat läge är på: deltagarna ser bara sina egna lappar')
    await anna.locator('.banner.private').waitFor({ timeout: 15_000 })
    await petra.locator('[data-private-hidden="0"]').waitFor({ timeout: 15_000 })
    await closeTools(petra)
    await addNote(anna, 420, 330, 'Annas dolda tanke')
    await addNote(anna, 560, 330, 'Annas andra dolda tanke')
    await petra.locator('[data-private-hidden="2"]').waitFor({ timeout: 20_000 })
    expect(await petra.locator('[data-private-hidden]').innerText()).toBe('Privat läge: 2 lappar dolda för andra tills du visar dem')
    await petra.screenshot({ path: `${shots}/private-count.png` })
    // the count names nobody and shows no text; a participant's key may not ask for it
    const r = await fetch(`${server.url}/api/boards/${board.id}/private`, { headers: { authorization: `Bearer ${board.keys.participant}` } })
    expect(r.status).toBe(403)
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: 'Visa allas lappar' }).click()
    await expectToast(petra, 'Allas lappar syns nu för alla')
    await petra.locator('[data-private-hidden]').waitFor({ state: 'detached', timeout: 15_000 })
    await waitForNotes(petra, ['Annas andra dolda tanke', 'Annas dolda tanke'])
    await closeTools(petra)
  })

  it('"Visa zonen för alla" brings the zone into view for someone looking elsewhere, with a banner naming it', async () => {
    // Anna looks far away from the board
    await anna.evaluate(() => void (window as any).tavla.editor.setCamera({ x: 20000, y: 20000, z: 1 }))
    const zone = await petra.evaluate(() => {
      const zones = (window as any).tavla.doc.getMap('meta').get('zones') as any[]
      const z = zones[zones.length - 1]
      return { id: z.id as string, label: z.label.sv as string }
    })
    await openTools(petra, 'during')
    await petra.getByRole('combobox', { name: 'Zon' }).selectOption(zone.id)
    await petra.getByRole('button', { name: 'Visa zonen för alla' }).click()
    await expectToast(petra, `Alla har fått se: ${zone.label}`)
    const banner = anna.locator(`[data-attention-banner="${zone.id}"]`)
    await banner.waitFor({ timeout: 15_000 })
    expect(await banner.innerText()).toContain(`Titta på: ${zone.label}`)
    // after the glide the whole zone is in Anna's viewport
    await anna.waitForFunction(
      (id) => {
        const { editor, doc } = (window as any).tavla
        const r = (doc.getMap('meta').get('zones') as any[]).find((z) => z.id === id).region
        const b = r.kind === 'rect' ? { x: r.x, y: r.y, w: r.w, h: r.h } : { x: r.cx - r.rx, y: r.cy - r.ry, w: 2 * r.rx, h: 2 * r.ry }
        const v = editor.getViewportPageBounds()
        return b.x >= v.x && b.y >= v.y && b.x + b.w <= v.x + v.w && b.y + b.h <= v.y + v.h
      },
      zone.id,
      { timeout: 10_000 },
    )
    await anna.screenshot({ path: `${shots}/attention-brought.png` })
    await closeTools(petra)
  })

  it('a timer of 0:30 counts down visibly on a participant’s page', async () => {
    await openTools(petra, 'during')
    await petra.locator('[data-timer-input]').fill('0:30')
    await petra.getByRole('button', { name: 'Starta', exact: true }).click()
    await expectToast(petra, 'Timern går: 0:30')
    const timer = anna.locator('[role=timer]')
    await timer.waitFor({ timeout: 15_000 })
    const first = await anna.locator('.timer-time').innerText()
    expect(first).toMatch(/^0:(30|2\d)$/)
    await anna.waitForTimeout(2200)
    const later = await anna.locator('.timer-time').innerText()
    expect(Number(later.slice(2))).toBeLessThan(Number(first.slice(2)))
    // clearly visible: large, in the bar
    const size = await timer.evaluate((el) => Number.parseFloat(getComputedStyle(el).fontSize))
    expect(size).toBeGreaterThanOrEqual(20)
    await anna.screenshot({ path: `${shots}/timer-running.png` })
    await petra.getByRole('button', { name: 'Stoppa' }).click()
    await anna.locator('[role=timer]').waitFor({ state: 'detached', timeout: 15_000 })
    await closeTools(petra)
  })

  it('a timer at its end: a calm signal and one announcement', async () => {
    expect((await act({ action: 'timer.start', seconds: 2 })).status).toBe(200)
    await anna.locator('[data-timer-done]').waitFor({ timeout: 15_000 })
    expect(await anna.locator('.timer-time').innerText()).toBe('Tiden är ute')
    await anna.waitForFunction(() => document.querySelector('[data-timer-said]')?.textContent === 'Tiden är ute', null, { timeout: 5000 })
    expect(await anna.locator('[data-timer-said]').getAttribute('aria-live')).toBe('assertive')
    await anna.screenshot({ path: `${shots}/timer-done.png` })
    expect((await act({ action: 'timer.stop' })).status).toBe(200)
  })

  it('offline is one clear state, and the page logs no error every few seconds meanwhile', async () => {
    const errors: string[] = []
    anna.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
    await anna.context().setOffline(true)
    await anna.waitForSelector('[data-conn=offline]', { timeout: 15_000 })
    await addNote(anna, 700, 380, 'Skrivet offline')
    await anna.waitForTimeout(1000)
    const before = errors.length
    await anna.waitForTimeout(7000)
    // one state: the bar says Offline and the note under it explains; nothing says "Sparar…"
    const status = anna.locator('[data-status]')
    expect(await status.count()).toBe(1)
    expect((await status.locator('.conn-text').innerText()).trim()).toBe('Offline')
    expect(await anna.locator('[data-save]').count()).toBe(0)
    const text = await anna.locator('body').innerText()
    expect(text).not.toContain('Sparar')
    expect(text).toContain('Offline – dina ändringar sparas på den här enheten och skickas när anslutningen är tillbaka')
    await anna.screenshot({ path: `${shots}/offline.png` })
    expect(errors.slice(before)).toEqual([])
    await anna.context().setOffline(false)
    await anna.waitForSelector('[data-conn=connected]', { timeout: 30_000 })
    await saved(anna)
    await waitForNotes(petra, ['Annas andra dolda tanke', 'Annas dolda tanke', 'Skrivet offline'])
  })

  it('the facilitator who created the board on this device is not asked their name on it', async () => {
    const c = await watchedContext(browser, { viewport: { width: 1024, height: 700 } })
    contexts.push(c)
    const p = await c.page()
    await p.goto(`${server.url}/`)
    await p.locator('[data-template=golden-circle]').click()
    await p.getByRole('textbox', { name: 'Ditt namn (visas för deltagarna)' }).fill('Petra Processledare')
    await p.getByRole('button', { name: 'Skapa tavla' }).click()
    const link = await p.locator('[data-link=facilitator]').inputValue()
    await p.goto(local(link))
    await p.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    expect(await p.locator('input[name=name]').count()).toBe(0)
    expect(await p.evaluate(() => (window as any).tavla.editor.user.getName())).toBe('Petra Processledare')
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
