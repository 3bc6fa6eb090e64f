// Issue 14: the session builder on the start page. A facilitator builds a workshop from the
// samverkansdag session template at 1024×700, changes a minute value and a tool, moves an exercise
// by keyboard, adds a plain one, creates it ([SE1]) and finds on the server ([SE3]) the agenda as
// built; saves it as an own template (this browser and a .json file) and picks both again; and the
// builder stays usable at 200 % zoom. Screenshots in /tmp/shots-builder/.
import { mkdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { loadTemplates, validateSessionTemplate } from '@tavla/templates'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'

const shots = '/tmp/shots-builder'
const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8')
let server: RunningServer
let browser: Browser
let w: WatchedContext
beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  // bypassCSP: the page's policy (self only) would rightly refuse the inline script that carries axe
  w = await watchedContext(browser, { viewport: { width: 1024, height: 700 }, acceptDownloads: true, locale: 'sv-SE', bypassCSP: true })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

type Ex = {
  kind?: string
  template?: string
  title?: { sv: string }
  minutes?: number
  tools?: { private?: boolean; vote?: { dots: number; perNote?: number } | null; edit?: string }
}
/** The shipped template's first meeting as the test expects the server to hold it (its own defaults). */
function shipped(): {
  title: string
  kind: string
  template: string
  minutes: number
  tools: { private: boolean; vote: { dots: number; perNote?: number } | null; edit: string }
}[] {
  const tpl = JSON.parse(readFileSync(join(repoRoot, 'templates/sessions/samverkansdag/session.json'), 'utf8'))
  const board = (id: string) => JSON.parse(readFileSync(join(repoRoot, 'templates', id, 'template.json'), 'utf8'))
  return tpl.meetings[0].exercises.map((e: Ex) => {
    const plain = e.kind === 'plain'
    const b = plain ? undefined : board(e.template!)
    const v = e.tools?.vote
    return {
      title: e.title?.sv ?? b.title.sv,
      kind: plain ? 'plain' : 'template',
      template: plain ? 'blank' : e.template!,
      minutes: e.minutes ?? b.guide.steps.reduce((s: number, x: { minutes: number }) => s + x.minutes, 0),
      tools: {
        private: e.tools?.private ?? false,
        vote: v ? { dots: v.dots, ...(v.perNote && v.perNote < v.dots ? { perNote: v.perNote } : {}) } : null,
        edit: e.tools?.edit ?? 'participants',
      },
    }
  })
}

/** axe-core's WCAG 2.1 A/AA rules on the page as it is now: the serious and critical violations, described. */
async function axe(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: axeSource })
  return page.evaluate(async () => {
    const r = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: any) =>
          `${v.id}: ${v.nodes
            .slice(0, 3)
            .map((n: any) => n.html)
            .join(' | ')}`,
      )
      .join('\n')
  })
}

/** The titles of the builder's exercises, in the order shown. */
const shownTitles = (page: Page) => page.locator('[data-exercise-title]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))

async function openBuilder(page: Page) {
  await page.goto(server.url)
  await page.locator('[data-start-kind=session]').click()
  await page.locator('[data-builder]').waitFor()
}

async function fromTemplate(page: Page, value: string) {
  await page.locator('[data-builder-from]').selectOption(value)
  await page.locator('[data-builder-use]').click()
  await page.locator('[data-exercise]').first().waitFor()
}

/** No horizontal scrolling and no control wider than the page. */
async function overflow(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = []
    const width = document.documentElement.clientWidth
    if (document.documentElement.scrollWidth > width + 1) out.push(`page scrolls sideways: ${document.documentElement.scrollWidth} > ${width}`)
    for (const el of document.querySelectorAll<HTMLElement>('.builder input, .builder select, .builder button, .builder label, .builder h4'))
      if (el.getBoundingClientRect().right > width + 1)
        out.push(`${el.tagName} ${el.getAttribute('aria-label') ?? el.textContent?.slice(0, 40)} ends at ${el.getBoundingClientRect().right}`)
    return out
  })
}

let expected: ReturnType<typeof shipped>
const sessionTitle = 'Samverkansdag i mars'

describe('issue 14: the session builder on the start page', () => {
  it('[SE1] [SE2] [SE3] a workshop from the samverkansdag template, edited by keyboard, is on the server as built', async () => {
    const page = await w.page()
    await openBuilder(page)
    await fromTemplate(page, 'server:samverkansdag')
    expected = shipped()
    expect(await shownTitles(page)).toEqual(expected.map((e) => e.title))
    await page.screenshot({ path: join(shots, 'builder-1024-top.png') })

    // a minute value: "Gemensam reflektion" 15 → 25
    await page.getByLabel('Minuter för Gemensam reflektion').fill('25')
    expected.find((e) => e.title === 'Gemensam reflektion')!.minutes = 25

    // a tool: a vote of 4 dots, at most 2 per note, on "Nuläge"; and only the facilitator edits it
    const nulage = page.locator('[data-exercise]').filter({ has: page.getByLabel('Minuter för Nuläge', { exact: true }) })
    await nulage.locator('summary').click()
    await nulage.locator('[data-tool-vote]').selectOption('on')
    await nulage.locator('[data-tool-dots]').fill('4')
    await nulage.locator('[data-tool-per-note]').fill('2')
    await nulage.locator('[data-tool-edit=facilitator]').check()
    expect(await nulage.locator('.builder-ex-meta').textContent()).toContain('4 prickar (högst 2 per lapp)')
    Object.assign(expected.find((e) => e.title === 'Nuläge')!.tools, { vote: { dots: 4, perNote: 2 }, edit: 'facilitator' })
    await page.screenshot({ path: join(shots, 'builder-1024-tools.png') })
    expect(await axe(page)).toBe('')

    // keyboard: "Samarbetskompetens" down one (Enter), focus stays on its down button; then "Paus" up one (Space)
    await page.getByRole('button', { name: 'Flytta ned övningen Samarbetskompetens' }).focus()
    await page.keyboard.press('Enter')
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Flytta ned övningen Samarbetskompetens')
    await expect.poll(() => page.locator('[data-builder-said]').textContent()).toBe('Samarbetskompetens är nu övning 3')
    await page.getByRole('button', { name: 'Flytta upp övningen Paus' }).focus()
    await page.keyboard.press('Space')
    const swap = (a: number, b: number) => ([expected[a], expected[b]] = [expected[b]!, expected[a]!])
    swap(1, 2)
    const paus = expected.findIndex((e) => e.title === 'Paus')
    swap(paus - 1, paus)
    expect(await shownTitles(page)).toEqual(expected.map((e) => e.title))

    // a plain exercise at the end: a presentation, renamed where the focus lands
    await page.locator('[data-add-choice]').selectOption('plain:presentation')
    await page.locator('[data-add-exercise]').click()
    await expect.poll(() => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.value)).toBe('Presentation')
    await page.keyboard.press('ControlOrMeta+a')
    await page.keyboard.type('Sammanfattning av dagen')
    await page.getByLabel('Minuter för Sammanfattning av dagen').fill('12')
    expected.push({
      title: 'Sammanfattning av dagen',
      kind: 'plain',
      template: 'blank',
      minutes: 12,
      tools: { private: false, vote: null, edit: 'facilitator' },
    })
    expect(await shownTitles(page)).toEqual(expected.map((e) => e.title))
    const total = expected.reduce((s, e) => s + e.minutes, 0)
    expect(await page.locator('[data-meeting-total]').textContent()).toBe(`Totalt ${total} min`)

    await page.locator('input[name=sessionTitle]').fill(sessionTitle)
    await page.locator('[data-meeting-date]').fill('2026-03-12')
    await page.locator('input[name=creatorName]').fill('Petra')
    await page.screenshot({ path: join(shots, 'builder-1024-full.png'), fullPage: true })
    expect(await overflow(page)).toEqual([])

    await page.locator('[data-builder-create]').click()
    await page.locator('[data-session-created]').waitFor({ timeout: 30_000 })
    await page.screenshot({ path: join(shots, 'builder-1024-created.png') })
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('builder-created-title')
    expect(await axe(page)).toBe('')
    const links = Object.fromEntries(
      await Promise.all(['participant', 'viewer', 'facilitator'].map(async (r) => [r, await page.locator(`[data-link=${r}]`).inputValue()] as const)),
    )
    const id = await page.locator('[data-session-created]').getAttribute('data-session-created')
    for (const url of Object.values(links)) expect(url).toMatch(new RegExp(`/s/${id}\\?key=`))
    const key = new URL(links.facilitator!).searchParams.get('key')!
    expect(await page.locator('[data-open-session]').getAttribute('href')).toBe(`/s/${id}?key=${key}`)

    const res = await fetch(`${server.url}/api/sessions/${id}?key=${encodeURIComponent(key)}`)
    expect(res.status).toBe(200)
    const body = await res.json()
    expect(body.role).toBe('facilitator')
    expect(body.session.title).toBe(sessionTitle)
    expect(body.session.meetings).toHaveLength(1)
    expect(body.session.meetings[0].date).toBe('2026-03-12')
    const got = body.session.meetings[0].exercises.map((e: Ex & { title: string }) => ({
      title: e.title,
      kind: e.kind,
      template: e.template,
      minutes: e.minutes,
      tools: {
        ...e.tools,
        vote: e.tools?.vote
          ? { dots: e.tools.vote.dots, ...(e.tools.vote.perNote && e.tools.vote.perNote < e.tools.vote.dots ? { perNote: e.tools.vote.perNote } : {}) }
          : null,
      },
    }))
    expect(got).toEqual(expected)
    // the grid exercise keeps its six areas
    const grid = body.session.meetings[0].exercises.find((e: { template: string }) => e.template === 'tre-ar-framat')
    expect(grid.params.areas.length).toBeGreaterThan(1)

    // the button opens the session page on its facilitator link (the name given here is not asked again)
    await page.locator('[data-open-session]').click()
    await page.locator(`[data-session="${id}"] [data-session-bar]`).waitFor({ timeout: 30_000 })
    expect(await page.locator('[data-session-bar]').textContent()).toContain(sessionTitle)

    // remembered on this device: "mina workshoppar" on the start page
    await page.goto(server.url)
    await expect.poll(() => page.locator('[data-my-sessions] a').first().textContent()).toBe(sessionTitle)
    expect(await page.locator('[data-my-sessions] a').first().getAttribute('href')).toBe(`/s/${id}?key=${key}`)
    await page.close()
  })

  it('an own session template: kept in this browser and downloaded in the server format, both picked again', async () => {
    const page = await w.page()
    await openBuilder(page)
    await fromTemplate(page, 'server:samverkansdag')
    await page.getByRole('button', { name: 'Flytta ned övningen Välkommen – dagens syfte' }).press('Enter')
    await page.locator('input[name=sessionTitle]').fill('Vår egen dag')
    const want = await shownTitles(page)
    const download = page.waitForEvent('download')
    await page.locator('[data-builder-save]').click()
    const file = await download
    const path = join(shots, file.suggestedFilename())
    await file.saveAs(path)
    const tpl = JSON.parse(readFileSync(path, 'utf8'))
    expect(tpl).toMatchObject({ schemaVersion: 1, title: { sv: 'Vår egen dag', en: 'Vår egen dag' } })
    expect(tpl.id).toMatch(/^[a-z0-9][a-z0-9-]*$/)
    expect(tpl.meetings[0].exercises.map((e: Ex) => e.title!.sv)).toEqual(want)
    // the server's format: its own loader takes it (schema, board templates, params); a plain
    // exercise names no template, a prompt is in both languages
    expect(() => validateSessionTemplate(tpl, path, loadTemplates())).not.toThrow()
    for (const e of tpl.meetings[0].exercises) {
      if (e.kind === 'plain') expect(e.template).toBeUndefined()
      if (e.prompt) expect(e.prompt.sv).toBe(e.prompt.en)
    }

    // picked again from this browser's own templates
    await openBuilder(page)
    await fromTemplate(page, `own:${tpl.id}`)
    expect(await shownTitles(page)).toEqual(want)
    expect(await page.locator('input[name=sessionTitle]').inputValue()).toBe('Vår egen dag')

    // and from the file, after starting from nothing
    await page.locator('[data-builder-from]').selectOption('')
    await page.locator('[data-builder-use]').click()
    await expect.poll(() => page.locator('[data-exercise]').count()).toBe(0)
    await page.locator('[data-builder-file]').setInputFiles(path)
    await expect.poll(() => shownTitles(page)).toEqual(want)
    // a file that is not a template says so
    await page.locator('[data-builder-file]').setInputFiles({ name: 'fel.json', mimeType: 'application/json', buffer: Buffer.from('{"tavla":"board"}') })
    await page.getByRole('alert').filter({ hasText: 'Filen är ingen workshopmall som går att läsa in.' }).waitFor()
    await page.close()
  })

  it('[E1] a refused creation says the page’s own Swedish sentence; nothing is sent while the agenda is incomplete', async () => {
    const page = await w.page()
    await openBuilder(page)
    await page.locator('[data-builder-from]').selectOption('')
    await page.locator('[data-builder-use]').click()
    let posted = 0
    page.on('request', (r) => {
      if (r.url().endsWith('/api/sessions') && r.method() === 'POST') posted++
    })
    await page.locator('[data-builder-create]').click()
    await page.getByRole('alert').filter({ hasText: 'Ge workshoppen ett namn.' }).waitFor()
    await page.locator('input[name=sessionTitle]').fill('Tom')
    await page.locator('[data-builder-create]').click()
    await page.getByRole('alert').filter({ hasText: 'Lägg till minst en övning.' }).waitFor()
    expect(posted).toBe(0)
    // the server refuses (a fake answer): its code's sentence, not its English message
    await page.route('**/api/sessions', (route) =>
      route.fulfill({
        status: 400,
        contentType: 'application/json',
        body: JSON.stringify({ error: { code: 'too_many_exercises', message: 'A session holds at most 40 exercises.' } }),
      }),
    )
    await page.locator('[data-add-exercise]').click()
    await page.locator('[data-builder-create]').click()
    const alert = page.getByRole('alert')
    await alert.waitFor()
    const text = await alert.textContent()
    expect(text).not.toContain('A session holds')
    expect(text).toBe((await import('../../apps/web/src/i18n.ts')).strings.sv.errorCodes.too_many_exercises)
    await page.unroute('**/api/sessions')
    await page.close()
  })

  it('at 200 % zoom (1024×700) the builder fits and every control is reachable (screenshots)', async () => {
    const ctx = await browser.newContext({ viewport: { width: 512, height: 350 }, deviceScaleFactor: 2, locale: 'sv-SE' })
    const page = await ctx.newPage()
    await openBuilder(page)
    await page.screenshot({ path: join(shots, 'builder-200-kind.png') })
    await fromTemplate(page, 'server:samverkansdag')
    const grid = page.locator('[data-exercise-template=tre-ar-framat]')
    await grid.locator('summary').click()
    await grid.scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'builder-200-exercise.png') })
    await page.locator('[data-exercise]').first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'builder-200-agenda.png') })
    await page.locator('[data-builder-create]').scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'builder-200-actions.png') })
    expect(await overflow(page)).toEqual([])
    // in English too: the same builder, no Swedish of the page's own
    await page.evaluate(() => localStorage.setItem('tavla.lang', 'en'))
    await openBuilder(page)
    await fromTemplate(page, 'server:samverkansdag')
    expect(await page.locator('#builder-title').textContent()).toBe('Build a workshop')
    expect(await shownTitles(page)).toContain('Collaboration competence')
    expect(await page.getByRole('button', { name: 'Move the exercise Collaboration competence down' }).count()).toBe(1)
    await page.locator('[data-exercise]').first().scrollIntoViewIfNeeded()
    await page.screenshot({ path: join(shots, 'builder-200-en.png') })
    expect(await overflow(page)).toEqual([])
    await ctx.close()
  })

  it('no request left the machine, no page errors', () => {
    expect(w.outside).toEqual([])
    expect(w.errors).toEqual([])
  })
})
