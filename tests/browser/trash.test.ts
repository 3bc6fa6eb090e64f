// Issue 12 item 6 in the browser: a participant deletes another's note, the facilitator finds it
// in the trash ("Papperskorg", apps/server SPEC [T2] [T3]) and puts it back with its author; a
// participant's undo of their own deletion keeps author and createdAt; and a restore in place
// ([H18]) survives a participant coming back with an older copy of the board in IndexedDB.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, clickNote, closeTools, noteId, openBoard, openTools, saved, waitForNotes } from './helpers.ts'

const shots = join(repoRoot, '.tavla-test')
let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let facilitator: Page
let anna: Page
let bo: Page
let annaContext: WatchedContext
let board: Awaited<ReturnType<typeof createBoard>>
const ANNAS = 'Kortare handläggningstider'
const BOS = 'En väg in för medborgaren'

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)
async function page(url: string, name: string, c?: WatchedContext) {
  const ctx = c ?? (await watchedContext(browser))
  if (!c) contexts.push(ctx)
  const p = await ctx.page()
  await openBoard(p, local(url), name)
  return p
}
const metaOf = (p: Page, id: string) => p.evaluate((id) => (window as any).tavla.editor.getShape(id)?.meta, id)

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Papperskorgen' })
  facilitator = await page(board.links.facilitator, 'Petra')
  annaContext = await watchedContext(browser)
  contexts.push(annaContext)
  anna = await page(board.links.participant, 'Anna', annaContext)
  bo = await page(board.links.participant, 'Bo')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('trash in the browser', () => {
  it("[T1][T3] the facilitator restores a participant's deleted note from the trash, with its author", async () => {
    await addNote(anna, 500, 400, ANNAS)
    await saved(anna)
    await waitForNotes(bo, [ANNAS])
    const id = await noteId(bo, ANNAS)
    const createdAt = (await metaOf(anna, id)).createdAt
    // Bo deletes Anna's note
    await clickNote(bo, ANNAS)
    await bo.keyboard.press('Delete')
    await waitForNotes(facilitator, [])

    await openTools(facilitator, 'after')
    const item = facilitator.locator(`[data-trash="${id}"]`)
    await item.waitFor({ timeout: 20_000 })
    expect(await item.locator('[data-trash-text]').innerText()).toBe(ANNAS)
    expect(await item.locator('[data-trash-author]').innerText()).toBe('skriven av Anna')
    expect(await item.locator('[data-trash-deleted]').innerText()).toMatch(/^borttagen av (Bo|en deltagare) \d\d:\d\d$/)
    await facilitator.locator('[data-admin=trash]').scrollIntoViewIfNeeded()
    await facilitator.locator('[data-admin=trash]').screenshot({ path: join(shots, 'trash-panel.png') })

    await facilitator.getByRole('button', { name: `Återställ lappen ”${ANNAS}”` }).click()
    await facilitator.getByRole('status').filter({ hasText: 'Lappen är tillbaka på tavlan.' }).waitFor({ timeout: 15_000 })
    await facilitator.locator('[data-admin=trash]').getByText('Papperskorgen är tom.').waitFor({ timeout: 15_000 })
    for (const p of [facilitator, anna, bo]) await waitForNotes(p, [ANNAS])
    for (const p of [facilitator, bo]) expect(await metaOf(p, id)).toMatchObject({ authorName: 'Anna', createdAt })
    await facilitator.locator('.tools-panel').screenshot({ path: join(shots, 'trash-restored.png') })
    await closeTools(facilitator)
  })

  it("[T1] a participant's undo of their own deletion keeps the note's author and createdAt", async () => {
    await addNote(bo, 800, 400, BOS)
    await saved(bo)
    const id = await noteId(bo, BOS)
    const before = await metaOf(bo, id)
    expect(before.authorName).toBe('Bo')
    await clickNote(bo, BOS)
    await bo.keyboard.press('Delete')
    await waitForNotes(anna, [ANNAS])
    await bo.waitForTimeout(50)
    await bo.keyboard.press('Control+z')
    await waitForNotes(anna, [ANNAS, BOS])
    const after = await metaOf(anna, id)
    expect(after).toMatchObject({ authorName: 'Bo', authorId: before.authorId, createdAt: before.createdAt })
  })

  it('[H18] a restore in place holds when a participant comes back with an older copy in IndexedDB', async () => {
    // a snapshot of the board with Anna's and Bo's notes
    await openTools(facilitator, 'after')
    await facilitator.getByRole('textbox', { name: 'Namn på versionen (frivilligt)' }).fill('Två lappar')
    await facilitator.getByRole('button', { name: 'Spara en version' }).click()
    await facilitator.locator('[data-snapshot]').filter({ hasText: 'Två lappar' }).waitFor({ timeout: 15_000 })
    await closeTools(facilitator)
    // Anna writes one more note, then leaves: her device keeps the board with that note in it
    const LATE = 'Skriven efter bilden'
    await addNote(anna, 500, 650, LATE)
    await saved(anna)
    await waitForNotes(facilitator, [ANNAS, BOS, LATE])
    await anna.close()

    await openTools(facilitator, 'after')
    const snap = facilitator.locator('[data-snapshot]').filter({ hasText: 'Två lappar' })
    await snap.getByRole('button', { name: 'Återställ Två lappar på den här tavlan' }).click()
    await facilitator.getByRole('button', { name: 'Ja, återställ på den här tavlan' }).click()
    await facilitator.getByRole('status').filter({ hasText: 'Tavlan är återställd.' }).waitFor({ timeout: 15_000 })
    for (const p of [facilitator, bo]) await waitForNotes(p, [ANNAS, BOS])
    await facilitator.locator('.tools-panel').screenshot({ path: join(shots, 'restore-in-place.png') })

    // Anna comes back on the same device: her IndexedDB copy still holds the late note
    anna = await annaContext.page()
    await anna.goto(local(board.links.participant))
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await saved(anna)
    await waitForNotes(anna, [ANNAS, BOS])
    // and nobody else gets it back either
    await bo.waitForTimeout(500)
    await waitForNotes(bo, [ANNAS, BOS])
    await waitForNotes(facilitator, [ANNAS, BOS])
    // the late note is in the trash, put there by the restore
    await facilitator.locator('[data-admin=trash]').getByRole('button', { name: 'Uppdatera: Papperskorg' }).click()
    await facilitator.locator('[data-admin=trash] [data-trash-text]').filter({ hasText: LATE }).waitFor({ timeout: 15_000 })
    // Bo's note, whose deletion he undid, is on the board and so not in the trash
    expect(await facilitator.locator('[data-admin=trash] [data-trash-text]').allInnerTexts()).toEqual([LATE])
    await facilitator.screenshot({ path: join(shots, 'restore-in-place-board.png') })
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
