// Issue 13 item 5 in the browser (board SPEC [D16], apps/server SPEC [W16]): a participant's page
// offers the tools a workshop needs and nothing the server would refuse: no pen, eraser, media or
// embeds in the toolbar, no page menu, no "Exportera allt som", and the removed tools' keyboard
// shortcuts do nothing. The facilitator, on the same board, has them all; when they open free
// drawing, the participant's pen appears and what they draw reaches everyone. The style panel is
// folded into a button for everyone.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { closeTools, openBoard, openTools } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let board: Awaited<ReturnType<typeof createBoard>>
let petra: Page
let anna: Page

const shots = process.env.SHOTS_DIR ?? artifacts
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, server.url)
async function open(url: string, name: string) {
  const c = await watchedContext(browser)
  contexts.push(c)
  const p = await c.page()
  await p.setViewportSize({ width: 1024, height: 700 })
  await openBoard(p, url, name)
  return p
}
const toolId = (p: Page) => p.evaluate(() => (window as any).tavla.editor.getCurrentToolId() as string)
/** Presses a key on the canvas, with the select tool on and nothing being edited, as a person would. */
async function press(p: Page, key: string) {
  await p.evaluate(() => {
    const ed = (window as any).tavla.editor
    ed.setCurrentTool('select')
    ed.selectNone()
    ed.getContainer().focus()
  })
  await p.keyboard.press(key)
}
/** The tool ids tldraw shows in its toolbar, the overflow ("more") included. */
async function toolbarTools(p: Page): Promise<string[]> {
  const more = p.locator('[data-testid="tools.more-button"]')
  if (await more.isVisible()) await more.click()
  const ids = await p.$$eval('[data-testid^="tools."]', (els) => els.map((e) => e.getAttribute('data-testid')!.slice('tools.'.length)))
  if (await more.isVisible()) await p.keyboard.press('Escape')
  return [...new Set(ids)].filter((id) => id !== 'more-button' && id !== 'more-content')
}
/** The main menu's text, with its submenus opened. */
async function mainMenuText(p: Page): Promise<string> {
  await p.locator('[data-testid="main-menu.button"]').click()
  const menu = p.locator('.tlui-menu').first()
  await menu.waitFor()
  const text = await menu.innerText()
  await p.keyboard.press('Escape')
  return text
}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Verktyg' })
  petra = await open(local(board.links.facilitator), 'Petra')
  anna = await open(local(board.links.participant), 'Anna')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('[D16] the tools each role gets', () => {
  it('a participant: notes, text, arrows, shapes; no pen, eraser, media, embed, frame, line; the facilitator has them', async () => {
    const annas = await toolbarTools(anna)
    for (const id of ['select', 'hand', 'note', 'text', 'arrow', 'rectangle', 'ellipse']) expect(annas).toContain(id)
    for (const id of ['draw', 'highlight', 'eraser', 'asset', 'embed', 'frame', 'line']) expect(annas).not.toContain(id)
    const petras = await toolbarTools(petra)
    for (const id of ['draw', 'eraser', 'asset', 'frame']) expect(petras).toContain(id)
    await anna.screenshot({ path: join(shots, 'tools-participant.png') })
    // 200 % zoom (1024×700 at twice the size): tldraw's small layout, still without them
    await anna.setViewportSize({ width: 512, height: 350 })
    const small = await toolbarTools(anna)
    for (const id of ['draw', 'eraser', 'asset', 'embed', 'frame']) expect(small).not.toContain(id)
    await anna.screenshot({ path: join(shots, 'tools-participant-200.png') })
    await anna.setViewportSize({ width: 1024, height: 700 })
  })

  it('a participant has no page menu and no "Exportera allt som", "Ladda upp media" or "Infoga inbäddning"', async () => {
    expect(await anna.locator('[data-testid="page-menu.button"]').count()).toBe(0)
    expect(await petra.locator('[data-testid="page-menu.button"]').count()).toBe(1)
    const annaMenu = await mainMenuText(anna)
    expect(annaMenu).toContain('Redigera')
    for (const gone of ['Exportera allt som', 'Ladda upp media', 'Infoga inbäddning']) expect(annaMenu).not.toContain(gone)
    const petraMenu = await mainMenuText(petra)
    for (const there of ['Exportera allt som', 'Ladda upp media', 'Infoga inbäddning']) expect(petraMenu).toContain(there)
    await anna.locator('[data-testid="main-menu.button"]').click()
    await anna.screenshot({ path: join(shots, 'tools-participant-menu.png') })
    await anna.keyboard.press('Escape')
  })

  it("the removed tools' shortcuts do nothing on a participant's page (d, x, b draw; shift+d highlighter; e eraser; f frame; l line)", async () => {
    for (const key of ['d', 'x', 'b', 'Shift+D', 'e', 'f', 'l']) {
      await press(anna, key)
      expect(await toolId(anna), key).toBe('select')
    }
    // the tools it has still answer their keys, and the facilitator's pen does
    await press(anna, 'r')
    expect(await toolId(anna)).toBe('geo')
    await press(petra, 'd')
    expect(await toolId(petra)).toBe('draw')
    await press(petra, 'e')
    expect(await toolId(petra)).toBe('eraser')
  })

  it('the style panel is folded for everyone and opens from its button', async () => {
    for (const p of [anna, petra]) {
      await p.evaluate(() => {
        ;(window as any).tavla.editor.setCurrentTool('note')
      })
      await p.locator('[data-testid="mobile-styles.button"]').waitFor()
      expect(await p.locator('[data-testid="style.panel"]').count()).toBe(0)
    }
    await anna.locator('[data-testid="mobile-styles.button"]').click()
    await anna.locator('[data-testid="style.panel"]').waitFor()
    await anna.screenshot({ path: join(shots, 'tools-style-open.png') })
    await anna.keyboard.press('Escape')
    await anna.locator('[data-testid="style.panel"]').waitFor({ state: 'detached' })
  })

  it("when the facilitator opens free drawing, the participant's pen appears and its drawing reaches everyone; closed again, the pen goes", async () => {
    await openTools(petra, 'before')
    // the switch shows the board's state: it turns on once the server has taken it
    await petra.locator('[data-tools-draw]').click()
    await petra.waitForFunction(() => (document.querySelector('[data-tools-draw]') as HTMLInputElement).checked, null, { timeout: 20_000 })
    await petra.screenshot({ path: join(shots, 'tools-facilitator-card.png') })
    await anna.waitForFunction(() => (window as any).tavla.doc.getMap('facilitation').get('tools')?.draw === true, null, { timeout: 20_000 })
    await closeTools(petra)
    await anna.waitForFunction(() => !!document.querySelector('[data-testid="tools.draw"]'), null, { timeout: 20_000 })
    await press(anna, 'd')
    expect(await toolId(anna)).toBe('draw')
    // a stroke on an empty part of the canvas
    await anna.mouse.move(300, 450)
    await anna.mouse.down()
    for (let i = 1; i <= 10; i++) await anna.mouse.move(300 + i * 15, 450 + (i % 2) * 20)
    await anna.mouse.up()
    await petra.waitForFunction(() => (window as any).tavla.editor.getCurrentPageShapes().some((s: any) => s.type === 'draw'), null, { timeout: 20_000 })
    // nothing was refused on the way
    expect(await anna.locator('[data-testid=refused]').count()).toBe(0)
    await anna.screenshot({ path: join(shots, 'tools-participant-drew.png') })

    await openTools(petra, 'before')
    await petra.locator('[data-tools-draw]').click()
    await closeTools(petra)
    await anna.waitForFunction(() => !document.querySelector('[data-testid="tools.draw"]'), null, { timeout: 20_000 })
    expect(await toolId(anna)).toBe('select')
    await press(anna, 'd')
    expect(await toolId(anna)).toBe('select')
  })

  it('a link pasted by a participant becomes text, not a bookmark or an embed', async () => {
    await anna.evaluate(() =>
      (window as any).tavla.editor.putExternalContent({ type: 'url', url: 'https://www.youtube.com/watch?v=abc', point: { x: 700, y: 500 }, sources: [] }),
    )
    await anna.waitForFunction(() => (window as any).tavla.editor.getCurrentPageShapes().some((s: any) => s.type === 'text'), null, { timeout: 10_000 })
    const types = await anna.evaluate(() => (window as any).tavla.editor.getCurrentPageShapes().map((s: any) => s.type as string))
    expect(types).not.toContain('bookmark')
    expect(types).not.toContain('embed')
    expect(await anna.locator('[data-testid=refused]').count()).toBe(0)
  })

  it('a frame pasted by a participant is not made (the page takes it out before it is sent)', async () => {
    const made = await anna.evaluate(() => {
      const ed = (window as any).tavla.editor
      ed.createShape({ type: 'frame', x: 600, y: 100, props: { w: 200, h: 150 } })
      return ed.getCurrentPageShapes().filter((s: any) => s.type === 'frame').length
    })
    expect(made).toBe(0)
    expect(await anna.locator('[data-testid=refused]').count()).toBe(0)
  })
})
