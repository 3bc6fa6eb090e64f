// Issue 3, done when: a facilitator creates a board from the start page; three participants join
// by link and add notes at the same moment; every page shows every note; a page that goes offline
// adds notes and merges when back; reload and server restart keep everything; no request leaves
// the machine. Real server process, Debian Chromium, the built page.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { addNote, openBoard, saved, waitForNotes } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
const ctx = async () => {
  const c = await watchedContext(browser)
  contexts.push(c)
  return c
}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) {
    expect(c.outside, 'requests to other hosts').toEqual([])
  }
})

describe('a workshop session in the browser', () => {
  let links: { facilitator: string; participant: string; viewer: string }
  let facilitator: Page
  const participants: Page[] = []
  const names = ['Anna Försäkringskassan', 'Bo Arbetsförmedlingen', 'Cilla Region']
  const expected: string[] = []

  it('a facilitator creates a board from the start page', async () => {
    const c = await ctx()
    facilitator = await c.page()
    await facilitator.goto(`${server.url}/`)
    await facilitator.locator('[data-template=golden-circle]').waitFor()
    await facilitator.screenshot({ path: join(artifacts, 'start-page.png') })
    await facilitator.locator('[data-template=golden-circle]').click()
    await facilitator.fill('input[name=title]', 'Beredningsgruppen, november')
    await facilitator.getByRole('button', { name: 'Skapa tavla' }).click()
    await facilitator.locator('[data-link=participant]').waitFor()
    links = {
      facilitator: await facilitator.inputValue('[data-link=facilitator]'),
      participant: await facilitator.inputValue('[data-link=participant]'),
      viewer: await facilitator.inputValue('[data-link=viewer]'),
    }
    expect(links.participant).toMatch(/\/b\/[\w-]+\?key=[\w-]+$/)
    expect(await facilitator.locator('.qr img').getAttribute('src')).toMatch(/^data:image\/png/)
    await facilitator.screenshot({ path: join(artifacts, 'board-created.png') })
    await openBoard(facilitator, links.facilitator, 'Petra Processledare')
  })

  it('three participants join by link and add notes at the same moment; every page shows every note', async () => {
    for (const name of names) {
      const c = await ctx()
      const p = await c.page()
      await openBoard(p, links.participant, name)
      participants.push(p)
    }
    await Promise.all(
      participants.map(async (p, i) => {
        for (let k = 0; k < 2; k++) {
          const text = `${names[i]!.split(' ')[0]} idé ${k + 1}`
          expected.push(text)
          await addNote(p, 380 + i * 260, 300 + k * 240, text)
        }
      }),
    )
    for (const p of [facilitator, ...participants]) await waitForNotes(p, expected)
    await Promise.all(participants.map(saved))
    // everyone sees everyone
    await facilitator.locator('details.people summary').click()
    for (const n of names) await facilitator.locator(`[data-person="${n}"]`).waitFor()
    await facilitator.locator('details.people summary').click()
    await facilitator.screenshot({ path: join(artifacts, 'board-three-people.png') })
  })

  it('a page that goes offline keeps working and merges when it is back', async () => {
    const p = participants[0]!
    await p.context().setOffline(true)
    await p.waitForSelector('[data-conn=offline]', { timeout: 15_000 })
    await addNote(p, 500, 600, 'Skrivet offline')
    expected.push('Skrivet offline')
    await addNote(participants[1]!, 800, 650, 'Skrivet medan Anna var borta')
    expected.push('Skrivet medan Anna var borta')
    await p.context().setOffline(false)
    for (const page of [facilitator, ...participants]) await waitForNotes(page, expected, 30_000)
    await saved(p)
  })

  it('a reload keeps everything', async () => {
    const p = participants[2]!
    await p.reload()
    await p.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await waitForNotes(p, expected)
  })

  it('a server restart keeps everything', async () => {
    await server.restart()
    const c = await ctx()
    const fresh = await c.page()
    await openBoard(fresh, links.viewer)
    await waitForNotes(fresh, expected)
    for (const page of participants) await page.waitForSelector('[data-conn=connected]', { timeout: 30_000 })
    await addNote(participants[1]!, 900, 400, 'Efter omstarten')
    expected.push('Efter omstarten')
    await waitForNotes(fresh, expected)
  })

  it('pages had no errors', () => {
    for (const c of contexts) expect(c.errors, `failed requests: ${c.failed.join(', ')}`).toEqual([])
  })
})
