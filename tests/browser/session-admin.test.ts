// The facilitator's session administration on the board page (apps/server SPEC [H9] [H13] [H14]
// [H15], vote options of [H12]): snapshots saved, listed, downloaded and restored as a new board;
// a new participant link that shuts out the old one; the log; a vote limited to one zone; and
// deleting the board after typing its title. Everything through the page, as a person would.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, closeTools, openBoard, openTools, saved, waitForNotes } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let facilitatorContext: WatchedContext
let facilitator: Page
let anna: Page
let bo: Page
let board: Awaited<ReturnType<typeof createBoard>>
let newParticipantLink = ''
const TITLE = 'Verkstad Norra'
const FIRST = 'Snabbare beslut, åäö'
const SECOND = 'Fler röster från medborgarna'

const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)

async function context() {
  const c = await watchedContext(browser, { acceptDownloads: true })
  contexts.push(c)
  return c
}
async function page(url: string, name: string) {
  const p = await (await context()).page()
  await openBoard(p, local(url), name)
  return p
}
const snapshotItem = (name: string) => facilitator.locator('[data-snapshot]').filter({ has: facilitator.locator('.admin-name', { hasText: name }) })

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'golden-circle', title: TITLE })
  facilitatorContext = await context()
  facilitator = await facilitatorContext.page()
  await openBoard(facilitator, local(board.links.facilitator), 'Petra')
  anna = await page(board.links.participant, 'Anna')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('session administration in the browser', () => {
  it('[H9] the facilitator saves snapshots and sees them listed, newest first', async () => {
    await addNote(facilitator, 700, 450, FIRST)
    await saved(facilitator)
    await openTools(facilitator, 'after')
    await facilitator.getByRole('textbox', { name: 'Namn på versionen (frivilligt)' }).fill('Före paus')
    await facilitator.getByRole('button', { name: 'Spara en version' }).click()
    await snapshotItem('Före paus').waitFor({ timeout: 15_000 })
    await facilitator.getByRole('status').filter({ hasText: 'Versionen är sparad' }).waitFor()

    await closeTools(facilitator)
    await addNote(facilitator, 900, 450, SECOND)
    await saved(facilitator)
    await openTools(facilitator, 'after')
    await facilitator.getByRole('textbox', { name: 'Namn på versionen (frivilligt)' }).fill('Efter paus')
    await facilitator.getByRole('button', { name: 'Spara en version' }).click()
    await snapshotItem('Efter paus').waitFor({ timeout: 15_000 })
    expect(await facilitator.locator('[data-snapshot] .admin-name').allInnerTexts()).toEqual(['Efter paus', 'Före paus'])
    // Saved by hand: not marked automatic, and the time is shown.
    expect(await facilitator.locator('[data-snapshot][data-auto]').count()).toBe(0)
    expect(await snapshotItem('Före paus').locator('time').innerText()).toMatch(/\d\d:\d\d/)
  })

  it('[H9] the facilitator downloads a snapshot as Markdown, named after the title and time', async () => {
    const [download] = await Promise.all([
      facilitator.waitForEvent('download', { timeout: 30_000 }),
      facilitator.getByRole('button', { name: 'Ladda ner Före paus som Markdown' }).click(),
    ])
    expect(download.suggestedFilename()).toMatch(/^Verkstad Norra \d{4}-\d\d-\d\d \d\d\.\d\d\.md$/)
    const file = join(artifacts, 'session-admin-snapshot.md')
    await download.saveAs(file)
    const md = readFileSync(file, 'utf8')
    expect(md).toContain(TITLE)
    expect(md).toContain(FIRST)
    expect(md).not.toContain(SECOND) // taken before the second note
  })

  it('[H9] restoring a snapshot opens a new board with its notes and remembers it on this device', async () => {
    const [tab] = await Promise.all([
      facilitatorContext.context.waitForEvent('page', { timeout: 30_000 }),
      facilitator.getByRole('button', { name: 'Återställ Före paus som ny tavla' }).click(),
    ])
    const restored = facilitator.locator('[data-restored]')
    await restored.waitFor({ timeout: 15_000 })
    const newId = (await restored.getAttribute('data-restored'))!
    expect(await restored.getByRole('textbox', { name: 'Processledarlänk till den nya tavlan' }).inputValue()).toContain(`/b/${newId}?key=`)
    await tab.waitForURL(new RegExp(`/b/${newId}\\?key=`), { timeout: 30_000 })
    // The name is remembered on this device: straight onto the board.
    await tab.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await waitForNotes(tab, [FIRST])
    expect(await tab.locator('.board-title').innerText()).toBe(`${TITLE} (Före paus)`)
    const mine = await facilitator.evaluate(() => JSON.parse(localStorage.getItem('tavla.myBoards') ?? '[]').map((b: { id: string }) => b.id))
    expect(mine).toContain(newId)
    // The board we are on is unchanged.
    await waitForNotes(facilitator, [FIRST, SECOND])
    await tab.close()
  })

  it('[H13] a new participant link, after a confirmation, shuts out the old one', async () => {
    await openTools(facilitator, 'before')
    await facilitator.getByRole('button', { name: 'Ny deltagarlänk…' }).click()
    const confirm = facilitator.getByRole('button', { name: 'Ja, skapa ny deltagarlänk' })
    await confirm.waitFor()
    // The explanation says what happens to the old link and to those connected with it; focus is on the choice.
    expect(await facilitator.locator('#rotate-explain').innerText()).toMatch(/slutar fungera.*måste gå med igen/s)
    expect(await facilitator.evaluate(() => document.activeElement?.textContent)).toBe('Ja, skapa ny deltagarlänk')
    await confirm.click()
    await facilitator
      .getByRole('status')
      .filter({ hasText: 'Den nya deltagarlänken gäller nu. De som var inne med den gamla länken har kopplats bort.' })
      .waitFor({ timeout: 15_000 })
    newParticipantLink = await facilitator.getByRole('textbox', { name: 'Ny deltagarlänk' }).inputValue()
    expect(newParticipantLink).toMatch(new RegExp(`/b/${board.id}\\?key=`))
    expect(newParticipantLink).not.toBe(board.links.participant)
    expect(await facilitator.getByRole('button', { name: 'Kopiera' }).count()).toBeGreaterThan(0)

    // Anna, in with the old link, is told her link no longer opens the board.
    await anna.getByRole('alert').filter({ hasText: 'Länken öppnar inte den här tavlan längre' }).waitFor({ timeout: 15_000 })
    // A page opening the old link is refused.
    const old = await (await context()).page()
    await old.goto(local(board.links.participant))
    await old.getByRole('alert').filter({ hasText: 'Länken öppnar inte den här tavlan längre. Be processledaren om en ny länk.' }).waitFor({ timeout: 15_000 })
    // The new one works.
    bo = await page(newParticipantLink, 'Bo')
    await waitForNotes(bo, [FIRST, SECOND])
  })

  it('[H12] the facilitator starts a vote limited to one zone', async () => {
    await openTools(facilitator, 'during')
    await facilitator.getByRole('group', { name: 'Bara lappar i zonerna' }).getByRole('checkbox', { name: 'Hur?' }).check()
    await facilitator.getByRole('region', { name: 'Röstning' }).screenshot({ path: join(artifacts, 'session-admin-vote-options.png') })
    await facilitator.getByRole('button', { name: 'Starta röstning' }).click()
    await facilitator.waitForFunction(() => (window as any).tavla.doc.getMap('facilitation').get('vote')?.status === 'open', null, { timeout: 15_000 })
    const vote = await facilitator.evaluate(() => (window as any).tavla.doc.getMap('facilitation').get('vote'))
    expect(vote.zones).toEqual(['hur'])
    expect(vote.dots).toBe(3)
  })

  it('[H14] the log lists the snapshots, the restore, the new link and the vote, newest first', async () => {
    await openTools(facilitator, 'after')
    const log = facilitator.locator('[data-admin=audit]')
    await log.locator('[data-audit="vote.start"]').waitFor({ timeout: 15_000 })
    expect(await log.locator('[data-audit="vote.start"]').innerText()).toContain('Röstning startad (3 prickar, högst 1 per lapp, 1 zon)')
    expect(await log.locator('[data-audit="key.rotate"]').innerText()).toContain('Ny deltagarlänk skapad (den gamla slutade gälla)')
    expect(await log.locator('[data-audit=snapshot]').allInnerTexts()).toEqual([
      expect.stringContaining('Version sparad: Efter paus'),
      expect.stringContaining('Version sparad: Före paus'),
    ])
    expect(await log.locator('[data-audit=restore]').count()).toBe(1)
    expect(await log.locator('[data-audit=export]').innerText()).toContain('En version laddades ner som dokument (Markdown)')
    const order = await log.locator('li').evaluateAll((lis) => lis.map((li) => li.getAttribute('data-audit')))
    expect(order[0]).toBe('vote.start')
    expect(order.at(-1)).toBe('created')
    await facilitator.screenshot({ path: join(artifacts, 'session-admin.png') })
    await facilitator.locator('.tools-panel').screenshot({ path: join(artifacts, 'session-admin-panel.png') })
  })

  it('[H15] the board is deleted after its title is typed, and the page says so', async () => {
    await openTools(facilitator, 'after')
    await facilitator.getByRole('button', { name: 'Radera tavlan…' }).click()
    const field = facilitator.getByRole('textbox', { name: `Skriv tavlans namn, "${TITLE}", för att bekräfta` })
    const remove = facilitator.getByRole('button', { name: 'Radera tavlan för alltid' })
    await field.waitFor()
    expect(await remove.isDisabled()).toBe(true)
    await field.fill('Verkstad')
    expect(await remove.isDisabled()).toBe(true)
    await field.fill(TITLE)
    const copies = (p: Page) => p.evaluate(async (id) => (await indexedDB.databases()).filter((d) => d.name?.endsWith(id)).map((d) => d.name), board.id)
    expect(await copies(bo)).toContain(`tavla-board-${board.id}`) // Bo's device keeps the board, for working offline
    const kept = (p: Page) => p.evaluate((id) => Object.keys(localStorage).filter((k) => k.includes(id)), board.id)
    expect(await kept(bo)).toContain(`tavla.identity.${board.id}`) // and what the board needs there (apps/web device.ts)
    await facilitator.locator('[data-admin=delete]').scrollIntoViewIfNeeded()
    await facilitator.locator('.tools-panel').screenshot({ path: join(artifacts, 'session-admin-delete.png') })
    await remove.click()
    const gone = facilitator.getByRole('alertdialog', { name: 'Tavlan är raderad' })
    await gone.waitFor({ timeout: 15_000 })
    expect(await gone.innerText()).toContain('allt som sparats om den på servern')
    expect(await gone.getByRole('link', { name: 'Till startsidan' }).getAttribute('href')).toBe('/')
    await facilitator.screenshot({ path: join(artifacts, 'session-admin-deleted.png') })
    const res = await fetch(`${server.url}/api/boards/${board.id}`, { headers: { authorization: `Bearer ${board.keys.facilitator}` } })
    expect(res.status).toBe(404)
    expect((await res.json()).error.code).toBe('board_not_found')
    // Bo, still on the board, is closed with 4404, and nothing of the board stays on his device.
    await bo.waitForFunction(async (id) => !(await indexedDB.databases()).some((d) => d.name?.endsWith(id)), board.id, { timeout: 15_000 })
    // issue 13: no key of the board is left on either device (link key, role, identity, reactor id, notes made here)
    await bo.waitForFunction((id) => !Object.keys(localStorage).some((k) => k.includes(id)), board.id, { timeout: 15_000 })
    expect(await kept(facilitator)).toEqual([])
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
