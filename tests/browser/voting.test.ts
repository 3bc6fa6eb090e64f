// Issue 13 items 3 and 8 in the browser: a facilitator and three participants on real sockets
// (Anna at 1024×700, Bo at 200 % zoom, Cia by keyboard in the list view). Voting by clicking
// notes (board SPEC [D14], apps/server SPEC [H22]): a click puts a dot on, the next takes it off,
// "N av M har röstat" live, ranked results with each note's whole text, the dots in the picture
// and the reports. Reactions ([D9]): at low zoom a click on a note is the note's, not a
// reaction; reactions from the list view by keyboard; icons drawn, not taken from a font.
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, noteId, openBoard, openTools, closeTools, waitForNotes } from './helpers.ts'

const shots = '/tmp/h2-shots'
let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let facilitator: Page
let anna: Page
let bo: Page
let cia: Page
let board: Awaited<ReturnType<typeof createBoard>>

const LONG = 'Gemensam kartläggning av behoven hos unga vuxna som står långt från arbetsmarknaden, med FK, AF, regionen och kommunen vid samma bord'
const NOTES = [LONG, 'Samlokalisering', 'Tidiga insatser']

async function page(url: string, name: string, opts: Parameters<Browser['newContext']>[0] = {}) {
  const c = await watchedContext(browser, { viewport: { width: 1024, height: 700 }, ...opts })
  contexts.push(c)
  const p = await c.page()
  await openBoard(p, url.replace(/^https?:\/\/[^/]+/, server.url), name)
  return p
}
const shot = (p: Page, name: string) => p.screenshot({ path: join(shots, `${name}.png`) })

/** Where a note is on the screen: its center and its corners, in page (CSS) pixels of the window. */
async function noteOnScreen(p: Page, text: string) {
  return p.evaluate((text) => {
    const ed = (window as any).tavla.editor
    const s = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
    const b = ed.getShapePageBounds(s.id)
    const r = document.querySelector('.tl-container')!.getBoundingClientRect()
    const at = (x: number, y: number) => {
      const v = ed.pageToViewport({ x, y })
      return { x: r.left + v.x, y: r.top + v.y }
    }
    return {
      id: s.id as string,
      x: s.x as number,
      y: s.y as number,
      center: at(b.center.x, b.center.y),
      bottomLeft: at(b.minX, b.maxY),
      topRight: at(b.maxX, b.minY),
    }
  }, text)
}
/** Brings the note into view at this zoom (as a person scrolling and zooming would end up). */
async function zoomTo(p: Page, text: string, zoom: number) {
  await p.evaluate(
    ({ text, zoom }) => {
      const ed = (window as any).tavla.editor
      const s = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
      const b = ed.getShapePageBounds(s.id)
      ed.centerOnPoint(b.center, { animation: { duration: 0 } })
      ed.setCamera({ ...ed.getCamera(), z: zoom }, { animation: { duration: 0 } })
      ed.centerOnPoint(b.center, { animation: { duration: 0 } })
    },
    { text, zoom },
  )
  await p.waitForTimeout(150) // a frame or two for the overlays to follow the camera
}
const dotsLeft = (p: Page, n: number) => p.waitForSelector(`[data-dots-left="${n}"]`, { timeout: 15_000 })
const voterText = (n: number, m: number) => facilitator.waitForSelector(`[data-voters="${n}"][data-present="${m}"]`, { timeout: 20_000 })
const reactionKeys = (p: Page) => p.evaluate(() => [...(window as any).tavla.doc.getMap('reactions').keys()] as string[])

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Prioritering' })
  facilitator = await page(board.links.facilitator, 'Petra')
  anna = await page(board.links.participant, 'Anna')
  // 200 % browser zoom: half the CSS pixels, each drawn twice as large
  bo = await page(board.links.participant, 'Bo', { viewport: { width: 512, height: 350 }, deviceScaleFactor: 2 })
  cia = await page(board.links.participant, 'Cia')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('voting by clicking notes ([D14], [H22])', () => {
  it('[D14][H22] a click on a note puts a dot on, the next click takes it off, and nothing is selected, edited or moved; the facilitator sees "N av M har röstat" live', async () => {
    await addNote(facilitator, 300, 330, LONG)
    await addNote(facilitator, 560, 330, 'Samlokalisering')
    await addNote(facilitator, 820, 330, 'Tidiga insatser')
    for (const p of [anna, bo, cia]) await waitForNotes(p, NOTES)

    await openTools(facilitator)
    const during = facilitator.locator('[data-tools-tab=during]')
    if (await during.count()) await during.click()
    await facilitator.getByLabel('Prickar per person').fill('3')
    expect(await facilitator.locator('[data-vote-per-note]').inputValue()).toBe('1') // one dot per note unless the facilitator says more
    await facilitator.getByRole('button', { name: 'Starta röstning' }).click()
    // [H22] M: the three participants on the board (the facilitator is not one until they vote)
    expect(await (await voterText(0, 3)).innerText()).toBe('0 av 3 har röstat')

    await dotsLeft(anna, 3)
    const hint = anna.locator('[data-vote-hint]')
    await hint.waitFor()
    expect(await hint.innerText()).toBe('Klicka på en lapp för att sätta en prick, klicka igen för att ta bort den.')
    await shot(anna, 'vote-open-1024')
    await shot(facilitator, 'vote-open-facilitator-1024')

    await zoomTo(anna, 'Samlokalisering', 0.8)
    // Anna clicks the long note: a dot, and the note stays where it was, unselected, not being edited
    const before = await noteOnScreen(anna, 'Gemensam kartläggning')
    await anna.mouse.click(before.center.x, before.center.y)
    await dotsLeft(anna, 2)
    await anna.waitForSelector(`.vote-badge.mine[data-vote-badge-for="${before.id}"][data-votes="1"]`)
    const state = await anna.evaluate(() => {
      const ed = (window as any).tavla.editor
      return { editing: ed.getEditingShapeId(), selected: ed.getSelectedShapeIds(), tool: ed.getCurrentToolId() }
    })
    expect(state).toEqual({ editing: null, selected: [], tool: 'vote' })
    const after = await noteOnScreen(anna, 'Gemensam kartläggning')
    expect({ x: after.x, y: after.y }).toEqual({ x: before.x, y: before.y })
    expect(await (await voterText(1, 3)).innerText()).toBe('1 av 3 har röstat')

    // the same note again: the dot comes off (a drag across it moves nothing either)
    await anna.mouse.click(before.center.x, before.center.y)
    await dotsLeft(anna, 3)
    expect(await anna.locator('.vote-badge').count()).toBe(0)
    await voterText(0, 3)
    await anna.mouse.move(before.center.x, before.center.y)
    await anna.mouse.down()
    await anna.mouse.move(before.center.x + 120, before.center.y + 60, { steps: 5 })
    await anna.mouse.up()
    await dotsLeft(anna, 2) // the press was a click on the note: one dot
    expect(await noteOnScreen(anna, 'Gemensam kartläggning')).toMatchObject({ x: before.x, y: before.y })
    const samlok = await noteOnScreen(anna, 'Samlokalisering')
    await anna.mouse.click(samlok.center.x, samlok.center.y)
    await dotsLeft(anna, 1)

    // Bo at 200 % zoom clicks the long note
    await zoomTo(bo, 'Gemensam kartläggning', 0.6)
    const boNote = await noteOnScreen(bo, 'Gemensam kartläggning')
    await bo.mouse.click(boNote.center.x, boNote.center.y)
    await dotsLeft(bo, 2)
    await shot(bo, 'vote-open-200pct')
    // the vote's hint floats over the top of the canvas at 200 %: a click through it still reaches the note
    const panel = (await bo.locator('.boardbar-float > .vote').boundingBox())!
    const under = { x: boNote.center.x, y: panel.y + panel.height - 4 }
    expect(under.y).toBeGreaterThan(boNote.topRight.y) // the panel does cover the note's top here
    // the point is on the panel, and what takes a click there is the canvas
    expect(await bo.evaluate(({ x, y }) => !!document.elementFromPoint(x, y)?.closest('.tl-canvas'), under)).toBe(true)
    await bo.mouse.click(under.x, under.y)
    await dotsLeft(bo, 3) // the note's dot came off
    await bo.mouse.click(boNote.center.x, boNote.center.y)
    await dotsLeft(bo, 2)

    // Cia by keyboard in the list view: Enter puts a dot, Space takes it off, Enter again
    await cia.locator('[data-list-toggle]').click()
    const ciaItem = cia.locator(`[data-note="${await noteId(cia, 'Gemensam kartläggning')}"]`)
    await ciaItem.locator('[data-dot]').focus()
    await cia.keyboard.press('Enter')
    await dotsLeft(cia, 2)
    // one dot per note: the note takes no more of Cia's
    expect(await ciaItem.locator('[data-dot]').isDisabled()).toBe(true)
    await ciaItem.locator('[data-undot]').focus()
    await cia.keyboard.press(' ')
    await dotsLeft(cia, 3)
    await ciaItem.locator('[data-dot]').focus()
    await cia.keyboard.press('Enter')
    await dotsLeft(cia, 2)
    await shot(cia, 'vote-listview-1024')

    expect(await (await voterText(3, 3)).innerText()).toBe('3 av 3 har röstat')
    expect(await facilitator.locator('.vote-badge').count()).toBe(0) // nobody else sees anyone's dots while the vote is open
  })

  it('[H22] closing shows the results ranked, most dots first, with each note’s whole text, on every page', async () => {
    await openTools(facilitator)
    await facilitator.getByRole('button', { name: 'Stäng och visa resultat' }).click()
    await closeTools(facilitator)
    for (const p of [facilitator, anna, bo, cia]) {
      await p.locator('details.results > summary').click()
      await p.waitForSelector('[data-result="3"]')
      const rows = await p
        .locator('.bars li')
        .evaluateAll((lis) => lis.map((li) => [li.querySelector('.bar-label')!.textContent, li.getAttribute('data-result')]))
      expect(rows).toEqual([
        [LONG, '3'],
        ['Samlokalisering', '1'],
      ])
      // the whole text is shown, not cut off, and inside the window
      const label = p.locator('.bars li .bar-label').first()
      expect(await label.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true)
      const r = (await label.boundingBox())!
      expect(r.x).toBeGreaterThanOrEqual(0)
      expect(r.x + r.width).toBeLessThanOrEqual(p.viewportSize()!.width)
    }
    // the tool goes back: a click selects again
    expect(await anna.evaluate(() => (window as any).tavla.editor.getCurrentToolId())).not.toBe('vote')
    await shot(facilitator, 'vote-results-1024')
    await shot(bo, 'vote-results-200pct')
    for (const p of [facilitator, anna, bo, cia]) await p.locator('details.results > summary').click()
  })

  it('[H22] the picture of the board shows the dots (SVG source and PNG pixels), the md report ranks the results and the csv has the counts', async () => {
    await openTools(facilitator)
    const after = facilitator.locator('[data-tools-tab=after]')
    if (await after.count()) await after.click()
    const grab = async (name: RegExp) => {
      const [download] = await Promise.all([facilitator.waitForEvent('download'), facilitator.getByRole('button', { name }).click()])
      return readFileSync((await download.path())!)
    }
    const svg = (await grab(/SVG/)).toString('utf8')
    const long = await noteId(facilitator, 'Gemensam kartläggning')
    expect(svg).toContain(`data-tavla-votes="${long}" data-votes="3"`)
    expect(svg).toMatch(/data-votes="1"/)
    const png = await grab(/PNG/)
    // decode in the page and count the dot badge's red
    const red = await facilitator.evaluate(async (b64) => {
      const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))
      const bmp = await createImageBitmap(new Blob([bytes], { type: 'image/png' }))
      const c = new OffscreenCanvas(bmp.width, bmp.height)
      const g = c.getContext('2d')!
      g.drawImage(bmp, 0, 0)
      const d = g.getImageData(0, 0, bmp.width, bmp.height).data
      let n = 0
      for (let i = 0; i < d.length; i += 4) if (Math.abs(d[i]! - 0xe0) < 6 && Math.abs(d[i + 1]! - 0x31) < 6 && Math.abs(d[i + 2]! - 0x31) < 6) n++
      return n
    }, png.toString('base64'))
    // two badges of 24 px height at pixel ratio 2: thousands of red pixels (none without a vote)
    expect(red).toBeGreaterThan(2000)
    await closeTools(facilitator)

    const md = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=md&key=${board.keys.facilitator}`)).text()
    const results = md.slice(md.indexOf('## Röstningsresultat'))
    expect(results).toContain(`1. ${LONG} — _3 röster_`)
    expect(results).toContain('2. Samlokalisering — _1 röst_')
    const csv = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=csv&key=${board.keys.facilitator}`)).text()
    const row = (text: string) => csv.split('\r\n').find((r) => r.includes(text))!
    expect(row('Gemensam kartläggning')).toMatch(/"3"/)
    expect(row('Samlokalisering')).toMatch(/"1"/)
  })
})

describe('reactions that never take a note’s clicks ([D9], issue 13 item 3)', () => {
  it('[D9] at 10 % zoom (and at 200 % browser zoom) a click where a note is hits the note, never a reaction', async () => {
    for (const [p, name] of [
      [anna, '1024'],
      [bo, '200pct'],
    ] as const) {
      await p.keyboard.press('Escape')
      await p.locator('.tl-canvas').focus()
      await p.keyboard.press('v')
      await zoomTo(p, 'Samlokalisering', 0.1)
      const n = await noteOnScreen(p, 'Samlokalisering')
      // the select tool on the note: it is selected, and its reaction bar does not fit, so it is hidden
      await p.mouse.click(n.center.x, n.center.y)
      await p.waitForFunction((id) => (window as any).tavla.editor.getOnlySelectedShape()?.id === id, n.id)
      const bar = p.locator(`[data-reactions-for="${n.id}"]`)
      expect(await bar.getAttribute('data-fits')).toBe('false')
      expect(await bar.isVisible()).toBe(false)
      // where the bar would be (its lower left corner) and the note's own corner: still the note
      for (const at of [
        { x: n.bottomLeft.x + 3, y: n.bottomLeft.y - 3 },
        { x: n.center.x, y: n.center.y + 2 },
      ]) {
        const hit = await p.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-reactions-for], .tl-canvas')?.className ?? '', at)
        expect(hit).toContain('tl-canvas')
        // nothing selected, then the click: it selects the note (a click on a selected note would edit it)
        await p.evaluate(() => void (window as any).tavla.editor.selectNone())
        await p.waitForTimeout(600) // apart, so no two clicks make a double click
        await p.mouse.click(at.x, at.y)
        await p.waitForFunction((id) => (window as any).tavla.editor.getOnlySelectedShape()?.id === id, n.id)
      }
      expect(await reactionKeys(p)).toEqual([])
      await p.evaluate(() => void (window as any).tavla.editor.selectNone())
      await shot(p, `reactions-zoom10-${name}`)
    }
  })

  it('[D9] at 100 % the selected note’s bar fits inside it and reacts; counts on other notes let clicks through to the note', async () => {
    await zoomTo(anna, 'Tidiga insatser', 1)
    await anna.waitForTimeout(600) // the last click was at the same spot: not a double click
    const n = await noteOnScreen(anna, 'Tidiga insatser')
    await anna.mouse.click(n.center.x, n.center.y)
    const bar = anna.locator(`[data-reactions-for="${n.id}"]`)
    await anna.waitForSelector(`[data-reactions-for="${n.id}"][data-fits="true"]`)
    const box = (await bar.boundingBox())!
    expect(box.x).toBeGreaterThanOrEqual(n.bottomLeft.x)
    expect(box.y + box.height).toBeLessThanOrEqual(n.bottomLeft.y)
    expect(box.x + box.width).toBeLessThanOrEqual(n.topRight.x)
    await bar.locator('button[data-reaction="💡"]').click()
    await anna.waitForFunction(() => [...(window as any).tavla.doc.getMap('reactions').keys()].length === 1)
    expect((await reactionKeys(anna))[0]).toMatch(new RegExp(`^${n.id}\\|💡\\|`))
    await shot(anna, 'reactions-zoom100-1024')

    // another note selected: the idea's count stays on "Tidiga insatser" as a count that takes no click
    const other = await noteOnScreen(anna, 'Samlokalisering')
    await zoomTo(anna, 'Tidiga insatser', 1)
    await anna.keyboard.press('Escape')
    const chip = anna.locator(`[data-reactions-for="${n.id}"] [data-reaction="💡"]`)
    await chip.waitFor()
    expect(await chip.evaluate((el) => el.tagName)).toBe('SPAN')
    const c = (await chip.boundingBox())!
    const hit = await anna.evaluate(({ x, y }) => document.elementFromPoint(x, y)?.closest('[data-reactions-for], .tl-canvas')?.className ?? '', {
      x: c.x + c.width / 2,
      y: c.y + c.height / 2,
    })
    expect(hit).toContain('tl-canvas')
    expect(other.id).not.toBe(n.id)
  })

  it('[D9] reactions from the list view, by keyboard: Enter gives one, Space takes it back; the canvas shows it', async () => {
    const id = await noteId(cia, 'Samlokalisering')
    const item = cia.locator(`[data-note="${id}"]`)
    const heart = item.locator('button[data-list-reaction="❤️"]')
    await heart.focus()
    await cia.keyboard.press('Enter')
    await cia.waitForSelector(`[data-note="${id}"] button[data-list-reaction="❤️"][aria-pressed="true"][data-count="1"]`)
    expect(await heart.getAttribute('aria-label')).toBe('Reagera med hjärta, 1 person')
    await anna.waitForFunction((id) => [...(window as any).tavla.doc.getMap('reactions').keys()].some((k: string) => k.startsWith(`${id}|❤️|`)), id)
    await shot(cia, 'reactions-listview-1024')
    await heart.focus()
    await cia.keyboard.press(' ')
    await cia.waitForSelector(`[data-note="${id}"] button[data-list-reaction="❤️"][aria-pressed="false"]`)
    await anna.waitForFunction((id) => ![...(window as any).tavla.doc.getMap('reactions').keys()].some((k: string) => k.startsWith(`${id}|❤️|`)), id)
  })

  it('the reaction and vote symbols are drawn as SVG icons, not font glyphs (no empty boxes without an emoji font)', async () => {
    for (const p of [anna, cia]) {
      const text = await p.evaluate(() => document.body.innerText)
      expect(text).not.toMatch(/[👍❤💡❓⏱●]/u)
    }
    expect(await cia.locator('.list-reactions button svg[data-icon]').count()).toBeGreaterThanOrEqual(4)
    expect(await anna.locator('[data-reactions-for] svg[data-icon="💡"]').count()).toBeGreaterThan(0)
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
