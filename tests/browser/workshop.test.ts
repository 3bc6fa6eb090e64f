// Issue 13, "Done when": seed 000's workshop 2 ("Var skapar finansiell samordning ett värde/nytta?",
// the vattenfallet model) played end to end in Chromium by a processledare and three participants
// from Försäkringskassan, Arbetsförmedlingen and the region, on three kinds of screen: 1440×900
// with a mouse, 1024×700 with the keyboard only, and 1440×900 at 200 % zoom (a 720×450 CSS
// viewport at device scale 2, which is what the browser's zoom does to a page). Every step leaves
// a screenshot in tests/artifacts/workshop-*.png.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { waitFor } from '../support/clients.ts'
import { regionBounds, type Zone } from '@tavla/board'
import { addNote, clickNote, closeTools, noteId, noteTexts, openBoard, openTools, saved, voteToolOn, waitForNotes } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
const shot = (p: Page, name: string) => p.screenshot({ path: join(artifacts, `workshop-${name}.png`) })

const TITLE = 'Samspelet – workshop 2: Var skapar finansiell samordning värde?'
let links: { facilitator: string; participant: string; viewer: string }
let petra: Page // processledare, 1440×900, mouse
let anna: Page // Försäkringskassan, 1440×900, mouse
let bo: Page // Arbetsförmedlingen, 1024×700, keyboard only
let cilla: Page // Region, 1440×900 at 200 % zoom
const notes: string[] = []

async function person(viewport: { width: number; height: number }, deviceScaleFactor = 1): Promise<Page> {
  const c = await watchedContext(browser, { viewport, deviceScaleFactor })
  contexts.push(c)
  return c.page()
}

/** Presses Tab until the focused element matches `selector` (the way a keyboard user gets there). */
async function tabTo(p: Page, selector: string, max = 80): Promise<void> {
  for (let i = 0; i < max; i++) {
    await p.keyboard.press('Tab')
    if (await p.evaluate((s) => !!document.activeElement?.matches(s), selector)) return
  }
  throw new Error(`${selector} is not reachable with Tab in ${max} steps`)
}

/** Whether this page's camera shows the middle of a zone (the zone's region from the board's meta, [B] zones). */
async function zoneOnScreen(p: Page, zoneId: string): Promise<boolean> {
  const { zones, v } = await p.evaluate(() => {
    const { editor, doc } = (window as any).tavla
    const b = editor.getViewportPageBounds()
    return { zones: doc.getMap('meta').get('zones') as Zone[], v: { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY } }
  })
  const zone = zones.find((z) => z.id === zoneId)
  if (!zone) throw new Error(`no zone ${zoneId}`)
  const b = regionBounds(zone.region)
  const cx = b.x + b.w / 2
  const cy = b.y + b.h / 2
  return cx > v.minX && cx < v.maxX && cy > v.minY && cy < v.maxY
}

/** A point of a zone on this page's screen (away from its label), where a person would click to stick a note. */
async function inZone(p: Page, zoneId: string, fx = 0.6, fy = 0.65): Promise<{ x: number; y: number }> {
  return p.evaluate(
    ({ zoneId, fx, fy }) => {
      const { editor, doc } = (window as any).tavla
      const zone = (doc.getMap('meta').get('zones') as any[]).find((z) => z.id === zoneId)
      const r = zone.region
      const b = r.kind === 'rect' ? { x: r.x, y: r.y, w: r.w, h: r.h } : { x: r.cx - r.rx, y: r.cy - r.ry, w: r.rx * 2, h: r.ry * 2 }
      const pt = editor.pageToViewport({ x: b.x + b.w * fx, y: b.y + b.h * fy })
      const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: rect.left + pt.x, y: rect.top + pt.y }
    },
    { zoneId, fx, fy },
  )
}

const people = (p: Page) => p.evaluate(() => (window as any).tavla.provider.awareness.getStates().size as number)

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) {
    expect(c.outside).toEqual([])
    expect(c.errors).toEqual([])
  }
})

describe('issue 13: the seed 000 workshop played end to end', () => {
  it('the processledare creates the vattenfallet board on the start page and finds the participant link on the board page', async () => {
    petra = await person({ width: 1440, height: 900 })
    await petra.goto(`${server.url}/`)
    await petra.locator('[data-template=vattenfallet]').click()
    await petra.fill('input[name=title]', TITLE)
    await petra.getByRole('button', { name: 'Skapa tavla' }).click()
    await petra.locator('[data-link=participant]').waitFor()
    links = {
      facilitator: await petra.inputValue('[data-link=facilitator]'),
      participant: await petra.inputValue('[data-link=participant]'),
      viewer: await petra.inputValue('[data-link=viewer]'),
    }
    await shot(petra, '01-created')
    await openBoard(petra, links.facilitator, 'Petra')
    await openTools(petra, 'before')
    const field = petra.locator('[data-admin="links"] input[data-link="participant"]')
    await field.waitFor({ timeout: 20_000 })
    // the same link as on the card, any time later, from the board page itself
    expect(await field.inputValue()).toBe(links.participant)
    await field.scrollIntoViewIfNeeded()
    await shot(petra, '02-links-on-board-page')
    await closeTools(petra)
  })

  it('three participants join by the link, each on their own screen, and stick notes at the same time', async () => {
    anna = await person({ width: 1440, height: 900 })
    bo = await person({ width: 1024, height: 700 })
    cilla = await person({ width: 720, height: 450 }, 2)
    await Promise.all([
      openBoard(anna, links.participant, 'Anna FK'),
      openBoard(bo, links.participant, 'Bo AF'),
      openBoard(cilla, links.participant, 'Cilla Region'),
    ])

    const annas = 'Tidiga samtal med arbetsgivaren'
    const cillas = 'Rehabkoordinator på vårdcentralen'
    const bos = 'Friskvård och föreningsliv nära hemmet'
    // Bo uses the keyboard only: Tab to the list view, Tab to the dam's field, type, Enter
    const byKeyboard = (async () => {
      await bo.locator('body').focus()
      await tabTo(bo, '[data-list-toggle]')
      await bo.keyboard.press('Enter')
      await bo.locator('[data-listview]').waitFor()
      // the canvas beside the list is narrower: the board is fitted again into what is left
      for (const zone of ['dammen', 'kanten', 'forsen', 'tillbaka']) await waitFor(() => zoneOnScreen(bo, zone), `${zone} in view beside the list`)
      await tabTo(bo, 'input[name="add-dammen"]')
      await bo.keyboard.type(bos)
      await bo.keyboard.press('Enter')
    })()
    const a = await inZone(anna, 'kanten')
    const c = await inZone(cilla, 'forsen')
    await Promise.all([addNote(anna, a.x, a.y, annas), addNote(cilla, c.x, c.y, cillas), byKeyboard])
    notes.push(annas, cillas, bos)
    for (const p of [petra, anna, bo, cilla]) await waitForNotes(p, notes)
    await Promise.all([anna, bo, cilla].map(saved))
    await shot(petra, '03-facilitator-three-notes')
    await shot(bo, '03-bo-keyboard-1024')
    await shot(cilla, '03-cilla-200pct')
    // Bo's keyboard note is in the dam, where he put it
    expect(await bo.locator('[data-listview] [data-zone="dammen"] .list-text').allInnerTexts()).toContain(bos)
  })

  it('lock: every page is read-only and stays connected, a note tried during the lock never enters, and after the unlock work goes on without a reload', async () => {
    expect(await people(petra)).toBe(4)
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: /^Lås tavlan/ }).click()
    await closeTools(petra)
    for (const p of [petra, anna, bo, cilla]) await p.locator('[data-testid=locked]').waitFor({ timeout: 15_000 })
    await shot(anna, '04-locked-anna')
    await shot(cilla, '04-locked-cilla-200pct')

    // Anna tries to stick a note the way she always does: the canvas is read-only, nothing appears
    await anna.locator('.tl-canvas').focus()
    await anna.keyboard.press('n')
    const spot = await inZone(anna, 'tillbaka')
    await anna.mouse.click(spot.x, spot.y)
    await anna.keyboard.type('Skrivet under låset')
    await anna.keyboard.press('Escape')
    expect(await anna.evaluate(() => (window as any).tavla.editor.getInstanceState().isReadonly)).toBe(true)
    expect(await noteTexts(anna)).toEqual([...notes].sort())
    // Bo's list view offers no field to add while locked
    expect(await bo.locator('[data-listview] input[name="add-dammen"]').count()).toBe(0)

    // nobody was cut off: the four are still here, on every page
    await petra.waitForTimeout(1500)
    for (const p of [petra, anna, bo, cilla]) {
      expect(await p.locator('[data-conn]').getAttribute('data-conn')).toBe('connected')
      expect(await people(p)).toBe(4)
    }

    await openTools(petra, 'during')
    await petra.getByRole('button', { name: /^Lås upp tavlan/ }).click()
    await closeTools(petra)
    for (const p of [petra, anna, bo, cilla]) await waitFor(async () => (await p.locator('[data-testid=locked]').count()) === 0, 'the lock banner goes away')
    const after = 'Petra efter upplåsningen'
    const spot2 = await inZone(petra, 'tillbaka')
    await addNote(petra, spot2.x, spot2.y, after)
    notes.push(after)
    for (const p of [petra, anna, bo, cilla]) await waitForNotes(p, notes)
    // and what Anna tried while locked never entered, not on her page, not for the others, not later
    await anna.reload()
    await openBoard(anna, links.participant, 'Anna FK')
    await waitForNotes(anna, notes)
    expect((await noteTexts(petra)).join('|')).not.toContain('Skrivet under låset')
    await shot(petra, '05-unlocked')
  })

  it('a dot vote by clicking notes: the facilitator sees "N av M har röstat" live, and the results are ranked with each note’s whole text', async () => {
    const [, cillas, bos] = notes as [string, string, string]
    await openTools(petra, 'during')
    await petra.getByLabel('Prickar per person').fill('2')
    await petra.getByRole('button', { name: 'Starta röstning' }).click()
    const voters = (n: number) => petra.waitForSelector(`[data-voters="${n}"][data-present="3"]`, { timeout: 20_000 })
    expect(await (await voters(0)).innerText()).toBe('0 av 3 har röstat')
    await closeTools(petra)
    await shot(petra, '06-vote-open')

    // Anna and Cilla click notes on the canvas; Bo, keyboard only, uses the list view's dot buttons
    const click = async (p: Page, text: string) => {
      await voteToolOn(p)
      const at = await p.evaluate((text) => {
        const ed = (window as any).tavla.editor
        const s = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
        const b = ed.getShapePageBounds(s.id)
        const v = ed.pageToViewport(b.center)
        const r = document.querySelector('.tl-container')!.getBoundingClientRect()
        return { x: r.left + v.x, y: r.top + v.y }
      }, text)
      await p.mouse.click(at.x, at.y)
    }
    await anna.waitForSelector('[data-dots-left="2"]', { timeout: 15_000 })
    await click(anna, cillas)
    await anna.waitForSelector('[data-dots-left="1"]')
    await click(anna, bos)
    await anna.waitForSelector('[data-dots-left="0"]')
    await cilla.waitForSelector('[data-dots-left="2"]', { timeout: 15_000 })
    await click(cilla, cillas)
    await cilla.waitForSelector('[data-dots-left="1"]')
    await shot(cilla, '06-vote-cilla-200pct')
    const bosItem = bo.locator(`[data-listview] [data-note="${await noteId(bo, cillas)}"] [data-dot]`)
    await bosItem.waitFor({ timeout: 15_000 })
    await tabTo(bo, `[data-note="${await noteId(bo, cillas)}"] [data-dot]`, 120)
    await bo.keyboard.press('Enter')
    await bo.waitForSelector('[data-dots-left="1"]')
    await openTools(petra, 'during')
    expect(await (await voters(3)).innerText()).toBe('3 av 3 har röstat')
    await shot(petra, '06-vote-three-of-three')
    await petra.getByRole('button', { name: 'Stäng och visa resultat' }).click()
    await closeTools(petra)
    for (const p of [petra, anna, bo, cilla]) {
      await p.locator('details.results > summary').click()
      await p.waitForSelector('[data-result="3"]', { timeout: 15_000 })
      const rows = await p
        .locator('.bars li')
        .evaluateAll((lis) => lis.map((li) => [li.querySelector('.bar-label')!.textContent, li.getAttribute('data-result')]))
      expect(rows).toEqual([
        [cillas, '3'],
        [bos, '1'],
      ])
    }
    await shot(petra, '06-vote-results')
    await shot(cilla, '06-vote-results-cilla-200pct')
    for (const p of [petra, anna, bo, cilla]) await p.locator('details.results > summary').click()
  })

  it('"Visa zonen för alla": a zone nobody is looking at comes into view for everyone, with a banner naming it', async () => {
    // Cilla (200 %) and Bo have wandered off the board
    for (const p of [cilla, bo]) await p.evaluate(() => void (window as any).tavla.editor.setCamera({ x: -30000, y: -30000, z: 1 }))
    expect(await zoneOnScreen(cilla, 'forsen')).toBe(false)
    await openTools(petra, 'during')
    await petra.getByRole('combobox', { name: 'Zon' }).selectOption('forsen')
    await petra.getByRole('button', { name: 'Visa zonen för alla' }).click()
    await closeTools(petra)
    for (const p of [cilla, bo, anna]) {
      const banner = p.locator('[data-attention-banner="forsen"]')
      await banner.waitFor({ timeout: 15_000 })
      expect(await banner.innerText()).toContain('Titta på: Forsen')
    }
    for (const p of [cilla, bo]) await waitFor(() => zoneOnScreen(p, 'forsen'), 'the zone is brought into view')
    await shot(cilla, '07-attention-cilla-200pct')
    await shot(bo, '07-attention-bo-1024')
  })

  it("a participant's deletion of another's note, restored from the trash, keeps its original author and time", async () => {
    const bos = notes[2]!
    const id = await noteId(petra, bos)
    const before = await petra.evaluate((id) => (window as any).tavla.editor.getShape(id).meta, id)
    expect(before.authorName).toBe('Bo AF')
    // Anna deletes Bo's note on the canvas (selected, Delete)
    await clickNote(anna, bos)
    await anna.keyboard.press('Delete')
    for (const p of [petra, bo])
      await waitForNotes(
        p,
        notes.filter((n) => n !== bos),
      )

    await openTools(petra, 'after')
    const item = petra.locator(`[data-trash="${id}"]`)
    await item.waitFor({ timeout: 20_000 })
    expect(await item.locator('[data-trash-author]').innerText()).toBe('skriven av Bo AF')
    await item.scrollIntoViewIfNeeded()
    await shot(petra, '08-trash')
    await petra.getByRole('button', { name: `Återställ lappen ”${bos}”` }).click()
    for (const p of [petra, anna, bo, cilla]) await waitForNotes(p, notes)
    for (const p of [petra, anna]) {
      const meta = await p.evaluate((id) => (window as any).tavla.editor.getShape(id).meta, id)
      expect(meta).toMatchObject({ authorName: 'Bo AF', createdAt: before.createdAt })
    }
    await closeTools(petra)
  })

  it('a version saved and restored as a new board shows that board’s participant link on its page', async () => {
    await openTools(petra, 'after')
    const manual = petra.locator('li[data-snapshot]:not([data-auto])')
    const before = await manual.count()
    await petra
      .getByRole('button', { name: /Spara.*(version|ögonblicksbild)/i })
      .first()
      .click()
    // the version just saved (not the automatic one the lock made)
    await waitFor(async () => (await manual.count()) === before + 1, 'the saved version is listed')
    await manual.first().locator('[data-restore]').click()
    const restored = petra.locator('[data-restored]')
    await restored.waitFor({ timeout: 20_000 })
    const newId = await restored.getAttribute('data-restored')
    const facilitatorLink = await restored.locator('input').first().inputValue()
    expect(facilitatorLink).toContain(`/b/${newId}`)
    const other = await person({ width: 1440, height: 900 })
    await openBoard(other, facilitatorLink, 'Petra')
    await waitForNotes(other, notes)
    await openTools(other, 'before')
    const field = other.locator('[data-admin="links"] input[data-link="participant"]')
    await field.waitFor({ timeout: 20_000 })
    expect(await field.inputValue()).toMatch(new RegExp(`/b/${newId}\\?key=`))
    await field.scrollIntoViewIfNeeded()
    await shot(other, '09-restored-board-links')
  })
})
