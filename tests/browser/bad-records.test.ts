// Issue 12 item 2 in the browser (board SPEC [D2], [D8]): bad records put straight into storage,
// as an old board or a bad row would hold them (a note whose rich text has a mark tldraw does not
// know, nested Yjs types, a binary and a null in `records`, an `instance` and a `camera` record).
// The board opens on every page: the good notes show, the bad note is a placeholder, nothing says
// "Something went wrong", the session records change nobody's view, and the facilitator deletes
// the placeholder, which deletes the entry for everyone.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import * as Y from 'yjs'
import { makeNote, recordsOf, writeRecords } from '@tavla/board'
import { SqliteStorage } from '@tavla/storage'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { openBoard, saved, waitForNotes } from './helpers.ts'

const shots = join(repoRoot, '.tavla-test')
let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let board: Awaited<ReturnType<typeof createBoard>>
const GOOD = ['Kortare handläggningstider', 'En väg in för medborgaren', 'Gemensam kartläggning']
const BAD = 'shape:evilmark'

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)
async function page(url: string, name: string) {
  const ctx = await watchedContext(browser)
  contexts.push(ctx)
  const p = await ctx.page()
  await openBoard(p, local(url), name)
  return p
}

/** What the page shows: note shapes in the DOM and in the editor, placeholders, tldraw's crash screen. */
const view = (p: Page) =>
  p.evaluate((bad) => {
    const ed = (window as any).tavla.editor
    const shapes = ed.getCurrentPageShapes()
    const inst = ed.getInstanceState()
    return {
      domNotes: document.querySelectorAll('.tl-shape[data-shape-type="note"]').length,
      notes: shapes.filter((s: any) => s.type === 'note').length,
      placeholder: shapes.filter((s: any) => s.meta?.tavlaPlaceholder !== undefined).map((s: any) => s.id),
      placeholderInDom: !!document.querySelector(`.tl-shape[data-shape-id="${bad}"]`),
      crashed: /Something went wrong|Något gick fel/.test(document.body.innerText) || !!document.querySelector('.tl-error-boundary'),
      focusMode: inst.isFocusMode,
      debugMode: inst.isDebugMode,
      toolbar: !!document.querySelector('.tlui-toolbar, .tlui-main-toolbar'),
      docHasBad: (window as any).tavla.doc
        .getArray('records')
        .toArray()
        .some((e: any) => e && e.key === bad),
    }
  }, BAD)

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Trasiga lappar' })
  // With the server stopped, the bad records go into its SQLite file as one more stored update.
  await server.stop()
  const storage = new SqliteStorage(join(server.dataDir, 'tavla.db'))
  const doc = new Y.Doc()
  for (const u of (await storage.loadDoc(board.id)).updates) Y.applyUpdate(doc, u)
  const before = Y.encodeStateVector(doc)
  const notes = GOOD.map((text, i) => makeNote({ id: `good${i}`, x: 100 + i * 260, y: 100, text }))
  const evil = makeNote({ id: 'evilmark', x: 100, y: 400, text: 'x' })
  evil.props.richText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'trasig', marks: [{ type: 'evil' }] }] }] }
  writeRecords(recordsOf(doc), [...notes, evil as never])
  const records = recordsOf(doc) as unknown as Y.Array<unknown>
  const nested = new Y.Map()
  nested.set('key', 'shape:nested')
  nested.set('val', new Y.Map())
  records.push([nested, new Uint8Array([1, 2, 3]), null])
  records.push([
    { key: 'instance:instance', val: { id: 'instance:instance', typeName: 'instance', isFocusMode: true, isDebugMode: true, currentPageId: 'page:page' } },
    { key: 'camera:page:page', val: { id: 'camera:page:page', typeName: 'camera', x: -90000, y: -90000, z: 0.05, meta: {} } },
  ])
  await storage.appendUpdates(board.id, [Y.encodeStateAsUpdate(doc, before)])
  await storage.close()
  await server.restart()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('[D8] bad records in storage, in the browser', () => {
  let facilitator: Page
  let anna: Page

  it('every page shows the good notes and a placeholder for the bad one; nothing blanks the canvas', async () => {
    facilitator = await page(board.links.facilitator, 'Petra')
    anna = await page(board.links.participant, 'Anna')
    const viewer = await page(board.links.viewer, 'Vera')
    for (const [who, p] of [
      ['facilitator', facilitator],
      ['participant', anna],
      ['viewer', viewer],
    ] as const) {
      await waitForNotes(p, GOOD)
      await p.waitForFunction((bad) => !!document.querySelector(`.tl-shape[data-shape-id="${bad}"]`), BAD, { timeout: 15_000 })
      // tldraw draws after a frame or two: let it, then look
      await p.waitForTimeout(500)
      await p.screenshot({ path: join(shots, `bad-records-${who}.png`) })
      const v = await view(p)
      expect(v, who).toMatchObject({
        domNotes: 3,
        notes: 3,
        placeholder: [BAD],
        placeholderInDom: true,
        crashed: false,
        focusMode: false,
        debugMode: false,
        toolbar: true,
        docHasBad: true,
      })
      expect(await p.locator(`.tl-shape[data-shape-id="${BAD}"]`).innerText()).toContain('Det här kan inte visas')
    }
    for (const c of contexts) expect(c.errors, 'uncaught errors on the pages').toEqual([])
  })

  it('the facilitator deletes the placeholder, and the bad entry is gone for everyone', async () => {
    const at = await facilitator.evaluate((bad) => {
      const ed = (window as any).tavla.editor
      const b = ed.getShapePageBounds(bad)
      const pt = ed.pageToViewport({ x: b.center.x, y: b.center.y })
      const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: rect.left + pt.x, y: rect.top + pt.y }
    }, BAD)
    await facilitator.keyboard.press('Escape')
    await facilitator.locator('.tl-canvas').focus()
    await facilitator.keyboard.press('v')
    await facilitator.mouse.click(at.x, at.y)
    await facilitator.waitForFunction((bad) => (window as any).tavla.editor.getSelectedShapeIds().includes(bad), BAD, { timeout: 10_000 })
    await facilitator.keyboard.press('Delete')
    for (const p of [facilitator, anna]) {
      await p.waitForFunction(
        () =>
          !(window as any).tavla.doc
            .getArray('records')
            .toArray()
            .some((e: any) => e && e.key === 'shape:evilmark'),
        null,
        { timeout: 15_000 },
      )
      await p.waitForFunction((bad) => !(window as any).tavla.editor.getShape(bad), BAD, { timeout: 15_000 })
      const v = await view(p)
      expect(v).toMatchObject({ notes: 3, placeholder: [], crashed: false, docHasBad: false })
    }
    await anna.screenshot({ path: join(shots, 'bad-records-deleted-participant.png') })
    // stored: a page opened now has no placeholder (and the good notes are all there)
    const later = await page(board.links.participant, 'Cilla')
    await waitForNotes(later, GOOD)
    expect((await view(later)).placeholder).toEqual([])
  })

  it("formatted text from tldraw's own editor (a list, bold) passes the rich text check and is stored", async () => {
    await anna.locator('.tl-canvas').focus()
    await anna.keyboard.press('n')
    await anna.mouse.click(900, 650)
    await anna.waitForFunction(() => !!(window as any).tavla?.editor.getEditingShapeId(), null, { timeout: 10_000 })
    await anna.keyboard.type('- punkt', { delay: 5 })
    await anna.keyboard.press('Enter')
    await anna.keyboard.press('Control+b')
    await anna.keyboard.type('fet', { delay: 5 })
    await anna.keyboard.press('Escape')
    await anna.waitForFunction(() => !(window as any).tavla?.editor.getEditingShapeId(), null, { timeout: 10_000 })
    await saved(anna)
    const rich = await facilitator.waitForFunction(
      () => {
        const entry = (window as any).tavla.doc
          .getArray('records')
          .toArray()
          .find((e: any) => e?.val?.type === 'note' && JSON.stringify(e.val.props.richText).includes('fet'))
        return entry && JSON.stringify(entry.val.props.richText)
      },
      null,
      { timeout: 15_000 },
    )
    const json = String(await rich.jsonValue())
    expect(json).toContain('"bulletList"')
    expect(json).toContain('"bold"')
    await anna.screenshot({ path: join(shots, 'bad-records-formatted.png') })
    expect(await anna.locator('[data-testid=refused], .banner.refused').count()).toBe(0)
  })
})
