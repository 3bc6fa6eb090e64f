// Issue 6 in the browser: the facilitator runs a timer, private mode with reveal, and a vote
// with 3 dots; two participants take part; the results show on the page and in the export.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { addNote, closeTools, noteTexts, openBoard, voteClick, waitForNotes } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let facilitator: Page
let anna: Page
let bo: Page
let board: Awaited<ReturnType<typeof createBoard>>

async function page(url: string, name?: string) {
  const c = await watchedContext(browser)
  contexts.push(c)
  const p = await c.page()
  await openBoard(p, url, name)
  return p
}
/** The facilitator's tools, on the tab for during the session (timer, private mode, vote). */
const tools = async (p: Page) => {
  if ((await p.locator('details.tools').getAttribute('open')) === null) await p.locator('details.tools > summary').click()
  await p.locator('[data-tools-tab=during]').click()
}
/** Selects the note with this text by clicking it with the select tool, as a person would. */

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Prioritering' })
  facilitator = await page(board.links.facilitator.replace(/^https?:\/\/[^/]+/, server.url), 'Petra')
  anna = await page(board.links.participant.replace(/^https?:\/\/[^/]+/, server.url), 'Anna')
  bo = await page(board.links.participant.replace(/^https?:\/\/[^/]+/, server.url), 'Bo')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('facilitation in the browser', () => {
  it('the timer the facilitator starts runs on every page', async () => {
    await tools(facilitator)
    await facilitator.locator('[data-timer-input]').fill('3')
    await facilitator.getByRole('button', { name: 'Starta', exact: true }).click()
    for (const p of [facilitator, anna, bo]) await p.waitForSelector('[data-timer=running]')
    expect(await anna.locator('[role=timer]').innerText()).toMatch(/[23]:\d\d/)
    await facilitator.getByRole('button', { name: 'Pausa' }).click()
    await bo.waitForSelector('[data-timer=paused]')
  })

  it('private mode hides a participant’s new notes from the others until the reveal', async () => {
    await tools(facilitator)
    await facilitator.getByRole('button', { name: 'Starta privat läge' }).click()
    for (const p of [anna, bo]) await p.waitForSelector('.banner.private')
    await addNote(anna, 500, 400, 'Annas hemliga tanke')
    await addNote(bo, 800, 400, 'Bos hemliga tanke')
    await waitForNotes(anna, ['Annas hemliga tanke'])
    await bo.waitForTimeout(1500) // time enough for anything that would leak to arrive
    expect(await noteTexts(bo)).toEqual(['Bos hemliga tanke'])
    expect(await noteTexts(facilitator)).toEqual([])
    expect(await bo.evaluate(() => JSON.stringify((window as any).tavla.doc.toJSON()))).not.toContain('Annas hemliga')
    await facilitator.getByRole('button', { name: /Visa allas lappar/ }).click()
    for (const p of [facilitator, anna, bo]) await waitForNotes(p, ['Annas hemliga tanke', 'Bos hemliga tanke'])
  })

  it('a vote with 3 dots: dots stay private until the facilitator closes it, then show everywhere', async () => {
    await addNote(facilitator, 600, 650, 'Gemensam kartläggning')
    for (const p of [anna, bo]) await waitForNotes(p, ['Annas hemliga tanke', 'Bos hemliga tanke', 'Gemensam kartläggning'])
    await tools(facilitator)
    await facilitator.getByLabel('Prickar per person').fill('3')
    await facilitator.locator('[data-vote-per-note]').fill('2') // [H22] up to two of one person's dots on a note
    await facilitator.getByRole('button', { name: 'Starta röstning' }).click()
    await anna.waitForSelector('[data-dots-left="3"]')
    // [D14] a click on a note while the vote is open is a dot
    await voteClick(anna, 'Gemensam kartläggning')
    await anna.waitForSelector('[data-dots-left="2"]')
    await anna.waitForTimeout(600) // not a double click
    await voteClick(anna, 'Gemensam kartläggning')
    await anna.waitForSelector('[data-dots-left="1"]')
    await voteClick(anna, 'Bos hemliga')
    await anna.waitForSelector('[data-dots-left="0"]')
    await voteClick(bo, 'Gemensam kartläggning')
    await bo.waitForSelector('[data-dots-left="2"]')
    expect(await facilitator.locator('.vote-badge').count()).toBe(0) // nobody else sees dots yet
    await tools(facilitator)
    // [H21] the facilitator sees how many have voted (two people), not whose dots
    await facilitator.waitForSelector('[data-voters="2"][data-present="2"]', { timeout: 15_000 })
    expect(await facilitator.locator('[data-voters="2"]').innerText()).toBe('2 av 2 har röstat')
    await facilitator.getByRole('button', { name: 'Stäng och visa resultat' }).click()
    await closeTools(facilitator) // the results are in the top bar, under the open tools
    for (const p of [facilitator, anna, bo]) {
      await p.locator('details.results > summary').click()
      await p.waitForSelector('[data-result="3"]')
      await p.waitForSelector('[data-result="1"]')
    }
    await facilitator.screenshot({ path: join(artifacts, 'vote-results.png') })
    const md = await (await fetch(`${server.url}/api/boards/${board.id}/export?format=md&key=${board.keys.facilitator}`)).text()
    expect(md).toMatch(/Gemensam kartläggning — _3 röster/)
    expect(md).toMatch(/Bos hemliga tanke — _1 röst/)
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors).toEqual([])
  })
})
