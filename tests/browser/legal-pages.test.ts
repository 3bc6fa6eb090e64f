// Issue 17, the pages the law asks for: the accessibility statement (/tillganglighet, DIGG's
// model for lagen (2018:1937)) and what is stored and for how long (/lagring), both linked from
// every page — the start page, the name prompt, and a board's "Mer" menu (in a new tab, so nobody
// leaves the workshop) — with the operator's contact and the retention from the server's settings
// (apps/server SPEC [H5]). Axe finds nothing serious on either, at 1024×700 and at 200 %.
import { mkdirSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard } from '../support/clients.ts'
import { openBoard, seriousAxeViolations } from './helpers.ts'

const SHOTS = '/tmp/shots-legal'
let server: RunningServer
let bare: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true })
  ;[server, bare] = await Promise.all([
    startServer({ env: { OPERATOR_NAME: 'Samordningsförbundet Östra', ACCESSIBILITY_CONTACT: 'tillganglighet@example.se', RETENTION_DAYS: '365' } }),
    startServer(),
  ])
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await Promise.all([server?.stop(), bare?.stop()])
  for (const c of contexts) expect(c.outside).toEqual([]) // a link is not a request: nothing left the machine
})
const context = async (opts: Parameters<typeof watchedContext>[1] = {}) => {
  // bypassCSP: axe comes as an inline script, which the page's policy (self only) rightly refuses
  const c = await watchedContext(browser, { viewport: { width: 1024, height: 700 }, bypassCSP: true, ...opts })
  contexts.push(c)
  return c
}

// DIGG's model: these headings, in this order
const DIGG_HEADINGS = [
  'Hur tillgänglig är tjänsten?',
  'Vad kan du göra om du inte kan använda delar av tjänsten?',
  'Rapportera brister i tjänstens tillgänglighet',
  'Tillsyn',
  'Teknisk information om tjänstens tillgänglighet',
  'Innehåll som inte är tillgängligt',
  'Hur vi testat tjänsten',
]

describe('the accessibility statement and the storage page (issue 17)', () => {
  it('[H5] from the start page: the statement follows DIGG’s model, names the operator, its contact and the known problems; nothing serious for axe', async () => {
    const page = await (await context()).page()
    await page.goto(`${server.url}/`)
    await page.getByRole('navigation', { name: 'Om tjänsten' }).getByRole('link', { name: 'Tillgänglighet' }).click()
    await page.waitForURL(/\/tillganglighet$/)
    await page.locator('[data-legal-contact]').first().waitFor()
    expect(await page.locator('h1').innerText()).toBe('Tillgänglighet för tavla')
    expect(await page.locator('h2').allInnerTexts()).toEqual(DIGG_HEADINGS)
    const text = await page.locator('article').innerText()
    expect(text).toContain('Samordningsförbundet Östra står bakom den här tjänsten')
    expect(text).toContain('lagen (2018:1937) om tillgänglighet till digital offentlig service')
    expect(text).toContain('delvis förenlig')
    expect(text).toMatch(/Senaste bedömningen gjordes den \d{4}-\d\d-\d\d/)
    expect(text).toContain('listvyn')
    // the contact, as a mail link, in both sections that ask for it
    const contact = page.locator('[data-legal-contact] a')
    expect(await contact.count()).toBe(2)
    expect(await contact.first().getAttribute('href')).toBe('mailto:tillganglighet@example.se')
    expect(await page.getByRole('link', { name: /Myndigheten för digital förvaltning/ }).getAttribute('href')).toMatch(/^https:\/\/www\.digg\.se\//)
    expect(await page.title()).toBe('Tillgänglighet för tavla – tavla')
    expect(await seriousAxeViolations(page)).toBe('')
    await page.screenshot({ path: `${SHOTS}/tillganglighet-1024.png`, fullPage: true })

    // in English on request
    await page.getByRole('combobox').first().selectOption('en')
    await page.locator('h1', { hasText: 'Accessibility of tavla' }).waitFor()
    expect(await page.locator('h2').count()).toBe(DIGG_HEADINGS.length)
    expect(await page.locator('html').getAttribute('lang')).toBe('en')
  })

  it('[H5] the storage page says how long boards stay on this server; without RETENTION_DAYS it says boards stay until deleted, and without a contact whom to ask', async () => {
    const page = await (await context({ deviceScaleFactor: 2, viewport: { width: 512, height: 350 } })).page() // 200 % of 1024×700
    await page.goto(`${server.url}/lagring`)
    await page.locator('h1', { hasText: 'Vad tavla sparar, och hur länge' }).waitFor()
    await page.locator('main[aria-busy=false]').waitFor()
    const text = await page.locator('article').innerText()
    expect(text).toContain('Samordningsförbundet Östra driver den här servern själv')
    expect(text).toContain('tills ingen har rört den på 365 dagar')
    expect(text).toContain('fingeravtryck (SHA-256)')
    expect(await seriousAxeViolations(page)).toBe('')
    // nothing wider than the window at 200 %
    expect(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth + 1)).toBe(true)
    await page.screenshot({ path: `${SHOTS}/lagring-200pct.png`, fullPage: true })

    await page.goto(`${bare.url}/lagring`)
    await page.locator('main[aria-busy=false]').waitFor()
    expect(await page.locator('article').innerText()).toContain('Den här servern raderar inte tavlor av sig själv')
    await page.goto(`${bare.url}/tillganglighet`)
    await page.locator('main[aria-busy=false]').waitFor()
    expect(await page.locator('[data-legal-contact=none]').first().innerText()).toContain('ACCESSIBILITY_CONTACT')
    expect(await page.locator('article').innerText()).toContain('Den organisation som driver den här tjänsten står bakom')
  })

  it('the name prompt and a board’s "Mer" menu link both pages, opening in a new tab', async () => {
    const board = await createBoard(server.url, { template: 'golden-circle', title: 'Länkarna' })
    const ctx = await context()
    const page = await ctx.page()
    await page.goto(board.links.participant.replace(/^https?:\/\/[^/]+/, server.url))
    const prompt = page.locator('.join [data-legal-links]')
    await prompt.waitFor()
    expect(await prompt.getByRole('link').evaluateAll((as) => as.map((a) => [a.textContent, a.getAttribute('href'), a.getAttribute('target')]))).toEqual([
      ['Tillgänglighet', '/tillganglighet', '_blank'],
      ['Vad som sparas', '/lagring', '_blank'],
    ])
    await openBoard(page, board.links.participant.replace(/^https?:\/\/[^/]+/, server.url), 'Anna')
    await page.locator('[data-more] > summary').click()
    const menu = page.locator('[data-more] [data-legal-links]')
    await menu.waitFor()
    const [tab] = await Promise.all([ctx.context.waitForEvent('page'), menu.getByRole('link', { name: 'Vad som sparas' }).click()])
    await tab.locator('h1', { hasText: 'Vad tavla sparar, och hur länge' }).waitFor()
    // the board is still open in its own tab
    expect(page.url()).toContain('/b/')
    await page.screenshot({ path: `${SHOTS}/board-more-menu-1024.png` })
  })
})
