// Issue 13, "No English on any Swedish page, export or message": a short session on a Swedish page
// (a processledare and one participant: a board made from a template on the start page behind a
// creation code, a join, notes, every tools tab, tldraw's menus and dialogs, private mode, a vote,
// a refused change, a lock and a note tried during it, offline, a wrong link) collects at every
// step all text the page renders (document.body.innerText, aria-labels, titles, placeholders, alt
// texts, and everything that came and went meanwhile, such as toasts), the server's close codes and
// error codes the page received (apps/server SPEC [E1]: the page shows its own sentence for each,
// never the server's English one), and the csv and md exports; and fails on English words: those
// of the i18n table's English column that its Swedish column does not also use, and a list of
// common English words. tldraw's licence mark is the one allowed exception (no licence key set).
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { strings } from '../../apps/web/src/i18n.ts'
import { addNote, noteId, openTools, saved, waitForNotes } from './helpers.ts'

const CREATE_TOKEN = 'kod-for-att-skapa-tavlor-123'
const TITLE = 'Beredningsgruppen december'
const NOTES = ['Gemensam kartläggning av behoven', 'Fler träffar med regionen', 'Samordnad rehabilitering']

// ---------------------------------------------------------------- what counts as English

/** The words of a text, addresses left out (a link's `?key=` is not English on the page); one letter is a shortcut, not a word. */
const words = (s: string): string[] =>
  (
    s
      .replace(/\b(https?|wss?):\/\/\S+/g, ' ')
      .toLowerCase()
      .match(/\p{L}+/gu) ?? []
  ).filter((w) => w.length > 1)

/** Every text a value of the table can produce (functions called with sample arguments). */
function texts(v: unknown): string[] {
  if (typeof v === 'string') return [v]
  if (typeof v === 'function') {
    const out: string[] = []
    for (const args of [
      [1, 2],
      [2, 3],
      ['x', 1],
      [true],
      [false],
      [{ format: 'json', dots: 3, perNote: 1, zones: ['a', 'b'], anonymous: true, name: 'x', seconds: 60 }],
      [{}],
    ]) {
      try {
        const r = (v as (...a: unknown[]) => unknown)(...args)
        if (typeof r === 'string') out.push(r)
      } catch {}
    }
    return out
  }
  if (v && typeof v === 'object') return Object.values(v).flatMap(texts)
  return []
}
const svWords = new Set(texts(strings.sv).flatMap(words))
/** Names, formats and what Swedish and English spell alike; Swedish words English also has. */
const ALLOWED = new Set(
  (
    'tavla tldraw csv png zip svg md markdown tldr json qr ok min max id url ctrl shift alt cmd option del esc enter tab home end pdf emoji ' +
    // Swedish words English spells the same (tldraw's Swedish translation uses them too)
    'hand start media laser text version sans serif mono'
  ).split(' '),
)
const COMMON = new Set(
  (
    'the and or of to in on at is are was be been it this that these those with without for from by as not no yes you your we our they their ' +
    'board boards note notes error errors locked lock unlock vote votes voting export exports import share link links copy paste delete undo redo ' +
    'save saved saving loading close open cancel select selected tool tools page pages shape shapes text menu settings help keyboard shortcuts ' +
    'zoom fit reset edit view insert arrange align group ungroup duplicate back front move rotate flip color colour colors fill dash size font ' +
    'draw eraser arrow hand laser frame sticky line highlight upload media embed file new create created join joined reconnecting offline ' +
    'online connecting connected server session over something went wrong try again later please only may not cannot could would should ' +
    'participant participants facilitator viewer viewers time up paused timer start stop pause resume reveal private mode follow following ' +
    'results dots dot left of here now who everyone all none some more less show hide get license production made'
  ).split(' '),
)
const enOnly = new Set(
  texts(strings.en)
    .flatMap(words)
    .filter((w) => !svWords.has(w)),
)
/** Words the people in the session typed (names, notes, the title) are theirs, not the page's. */
const typed = new Set([TITLE, ...NOTES, 'Petra', 'Anna', 'Processledare'].flatMap(words))

function englishIn(text: string): string[] {
  const found = new Set<string>()
  for (const w of words(text)) {
    if (ALLOWED.has(w) || svWords.has(w) || [...typed].some((t) => t.startsWith(w))) continue // a note half typed is the person's
    if (enOnly.has(w) || COMMON.has(w)) found.add(w)
  }
  return [...found]
}

// ---------------------------------------------------------------- what a page shows

/** Installed before the page's own scripts: every text that shows up, every close, every HTTP error. */
function watchPage() {
  const w = window as any
  w.__seen = new Map<string, string>()
  w.__closes = []
  w.__errors = []
  // the licence mark is the allowed exception; a <style> is no text a person reads
  const isLicence = (el: Element | null) => !!el?.closest?.('[data-testid^="tl-watermark"], style, script')
  const note = (where: string, text: string | null | undefined) => {
    const s = text?.trim()
    if (s && !w.__seen.has(`${where}\u0000${s}`)) w.__seen.set(`${where}\u0000${s}`, s)
  }
  const ATTRS = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-valuetext']
  const look = (el: Element) => {
    if (isLicence(el)) return
    for (const a of ATTRS) if (el.hasAttribute(a)) note(`${a} of <${el.tagName.toLowerCase()}>`, el.getAttribute(a))
    if (el instanceof HTMLElement && el.childElementCount === 0) note(`text of <${el.tagName.toLowerCase()}>`, el.textContent)
  }
  new MutationObserver((records) => {
    for (const r of records) {
      if (r.type === 'characterData') {
        if (!isLicence(r.target.parentElement)) note(`text of <${r.target.parentElement?.tagName.toLowerCase()}>`, r.target.textContent)
      } else if (r.type === 'attributes') look(r.target as Element)
      else
        for (const n of r.addedNodes) {
          if (n.nodeType === 3) {
            if (!isLicence(n.parentElement)) note(`text of <${n.parentElement?.tagName.toLowerCase()}>`, n.textContent)
          } else if (n.nodeType === 1) {
            look(n as Element)
            for (const el of (n as Element).querySelectorAll('*')) look(el)
          }
        }
    }
  }).observe(document, { subtree: true, childList: true, characterData: true, attributes: true, attributeFilter: ATTRS })

  const Native = window.WebSocket
  window.WebSocket = class extends Native {
    constructor(url: string | URL, protocols?: string | string[]) {
      super(url, protocols)
      this.addEventListener('close', (e) => w.__closes.push({ url: String(url).replace(/\?.*/, ''), code: e.code, reason: e.reason }))
    }
  } as typeof WebSocket
  const nativeFetch = window.fetch.bind(window)
  window.fetch = async (...args: Parameters<typeof fetch>) => {
    const res = await nativeFetch(...args)
    if (!res.ok)
      res
        .clone()
        .json()
        .then((b) => w.__errors.push({ url: String(args[0]), status: res.status, code: b?.error?.code, message: b?.error?.message }))
        .catch(() => w.__errors.push({ url: String(args[0]), status: res.status }))
    return res
  }
}

interface Finding {
  step: string
  who: string
  where: string
  words: string[]
  text: string
}
const findings: Finding[] = []
const closes: { who: string; code: number; reason: string }[] = []
const httpErrors: { who: string; status: number; code?: string; message?: string }[] = []
const serverSentences = new Set<string>()

/** Everything the page shows now and showed since the last look, held against English. */
async function look(p: Page, who: string, step: string): Promise<void> {
  const got = await p.evaluate(() => {
    const w = window as any
    const licence = [...document.querySelectorAll('[data-testid^="tl-watermark"]')]
    const hide = licence.map((el) => (el as HTMLElement).innerText).filter(Boolean)
    let body = document.body.innerText
    for (const h of hide) body = body.split(h).join('')
    const now: [string, string][] = [['document.body.innerText', body]]
    const ATTRS = ['aria-label', 'title', 'placeholder', 'alt', 'aria-description', 'aria-valuetext']
    for (const el of document.querySelectorAll(ATTRS.map((a) => `[${a}]`).join(','))) {
      if (el.closest('[data-testid^="tl-watermark"]')) continue
      for (const a of ATTRS) if (el.hasAttribute(a)) now.push([`${a} of <${el.tagName.toLowerCase()}>`, el.getAttribute(a)!])
    }
    for (const el of document.querySelectorAll('input, textarea'))
      if (!['password', 'checkbox', 'radio'].includes((el as HTMLInputElement).type) && (el as HTMLInputElement).value)
        now.push([`value of <${el.tagName.toLowerCase()}>`, (el as HTMLInputElement).value])
    const seen = [...w.__seen].map(([k, v]: [string, string]) => [`${k.split('\u0000')[0]} (shown meanwhile)`, v])
    w.__seen.clear()
    const out = { now: [...now, ...seen], closes: w.__closes.splice(0), errors: w.__errors.splice(0) }
    return out
  })
  for (const [where, text] of got.now as [string, string][]) {
    const en = englishIn(text)
    if (en.length) findings.push({ step, who, where, words: en, text: text.length > 300 ? `${text.slice(0, 300)}…` : text })
    for (const s of serverSentences)
      if (s && text.includes(s)) findings.push({ step, who, where: `${where}: the server's own sentence`, words: ['(server)'], text: s })
  }
  for (const c of got.closes) {
    closes.push({ who, ...c })
    if (c.reason) serverSentences.add(c.reason)
  }
  for (const e of got.errors) {
    httpErrors.push({ who, ...e })
    if (e.message) serverSentences.add(e.message)
  }
}

// ---------------------------------------------------------------- the session

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let petra: Page
let anna: Page
let board: { id: string; keys: Record<string, string>; links: Record<string, string> }

async function newPage(viewport = { width: 1440, height: 900 }) {
  const c = await watchedContext(browser, { acceptDownloads: true, viewport, locale: 'sv-SE', timezoneId: 'Europe/Stockholm' })
  contexts.push(c)
  await c.context.addInitScript(watchPage)
  return c.page()
}
const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, server.url)
const act = (body: Record<string, unknown>) =>
  fetch(`${server.url}/api/boards/${board.id}/facilitation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.keys.facilitator}` },
    body: JSON.stringify(body),
  }).then((r) => expect(r.status).toBe(200))

/** Opens every closed <details> and every tab in the tools, looking at each. */
async function lookThroughTools(p: Page, step: string) {
  await openTools(p)
  const tabs = p.locator('details.tools [role=tab]')
  const n = await tabs.count()
  for (let i = 0; i < Math.max(n, 1); i++) {
    if (n) await tabs.nth(i).click()
    for (const d of await p.locator('details.tools details:not([open]) > summary').all()) if (await d.isVisible()) await d.click().catch(() => {})
    await p.waitForTimeout(300)
    await look(p, 'processledare', `${step}, verktyg flik ${i + 1}`)
  }
}

/** tldraw's own menus and dialogs (in its Swedish translation). */
async function lookThroughTldraw(p: Page, who: string, step: string) {
  for (const testid of [
    'main-menu.button',
    'page-menu.button',
    'quick-actions.more-button',
    'actions-menu.button',
    'help-menu.button',
    'tools.more-button',
    'style.menu.button',
  ]) {
    const b = p.locator(`[data-testid="${testid}"]`)
    if (!(await b.count()) || !(await b.first().isVisible())) continue
    await b.first().click()
    await p.waitForTimeout(300)
    // submenus one level down
    for (const sub of await p.locator('[data-radix-popper-content-wrapper] [aria-haspopup=menu]').all()) {
      if (!(await sub.isVisible())) continue
      await sub.hover().catch(() => {})
      await p.waitForTimeout(150)
    }
    await look(p, who, `${step}, tldraw ${testid}`)
    await p.keyboard.press('Escape')
    await p.keyboard.press('Escape')
  }
  // the keyboard shortcuts dialog
  await p.locator('.tl-canvas').focus()
  await p.keyboard.press('Control+/')
  await p.waitForTimeout(400)
  await look(p, who, `${step}, tldraw kortkommandon`)
  await p.keyboard.press('Escape')
  // the context menu on a note
  const at = await p.evaluate(() => {
    const ed = (window as any).tavla.editor
    const shape = ed.getCurrentPageShapes().find((s: any) => s.type === 'note')
    if (!shape) return null
    const b = ed.getShapePageBounds(shape.id)
    const pt = ed.pageToViewport({ x: b.center.x, y: b.center.y })
    const r = document.querySelector('.tl-container')!.getBoundingClientRect()
    return { x: r.left + pt.x, y: r.top + pt.y }
  })
  if (at) {
    await p.keyboard.press('v')
    await p.mouse.click(at.x, at.y, { button: 'right' })
    await p.waitForTimeout(300)
    await look(p, who, `${step}, tldraw högerklicksmeny`)
    await p.keyboard.press('Escape')
  }
}

beforeAll(async () => {
  server = await startServer({ env: { CREATE_TOKEN } })
  browser = await launch()
  petra = await newPage()
  anna = await newPage({ width: 1024, height: 700 })
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('issue 13: no English on a Swedish page, export or message', () => {
  it('a short session on a Swedish page, every step looked at', async () => {
    // The start page, a creation refused without the code and with a wrong one, then made.
    await petra.goto(server.url)
    await petra.locator('[data-template="vattenfallet"]').click()
    await look(petra, 'processledare', 'startsidan')
    await petra.locator('details.guide > summary').click()
    await petra.locator('input[name=title]').fill(TITLE)
    await petra.locator('button[type=submit]').click()
    await petra.locator('input[name=createToken]').waitFor()
    await look(petra, 'processledare', 'skapa utan kod')
    await petra.locator('input[name=createToken]').fill('fel-kod')
    await petra.locator('button[type=submit]').click()
    await petra.getByRole('alert').filter({ hasText: strings.sv.createTokenWrong }).waitFor()
    await look(petra, 'processledare', 'skapa med fel kod')
    await petra.locator('input[name=createToken]').fill(CREATE_TOKEN)
    await petra.locator('button[type=submit]').click()
    await petra.locator('.created').waitFor()
    await look(petra, 'processledare', 'tavlan är skapad')
    board = await petra.evaluate(() => JSON.parse(localStorage.getItem('tavla.myBoards')!)[0])

    // The facilitator's board; the participant's join form; a wrong link.
    await petra.goto(local(board.links.facilitator))
    const nameOrBoard = await Promise.race([
      petra
        .locator('input[name=name]')
        .waitFor({ timeout: 20_000 })
        .then(() => 'form'),
      petra.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 20_000 }).then(() => 'board'),
    ])
    if (nameOrBoard === 'form') {
      await look(petra, 'processledare', 'namnfrågan')
      await petra.locator('input[name=name]').fill('Petra')
      await petra.keyboard.press('Enter')
    }
    await petra.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await saved(petra)
    await look(petra, 'processledare', 'tavlan')

    await anna.goto(`${server.url}/b/${board.id}?key=fel-nyckel`)
    await anna.waitForFunction(() => /länk|tavla/i.test(document.body.innerText) && !document.body.innerText.includes(' Laddar'), null, { timeout: 20_000 })
    await anna.waitForTimeout(1000)
    await look(anna, 'deltagare', 'fel länk')
    await anna.goto(local(board.links.participant))
    await anna.locator('input[name=name]').waitFor({ timeout: 20_000 })
    await look(anna, 'deltagare', 'gå med')
    await anna.locator('input[name=name]').fill('Anna')
    await anna.keyboard.press('Enter')
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await look(anna, 'deltagare', 'tavlan')

    // Notes from both.
    await addNote(petra, 560, 420, NOTES[0]!)
    await addNote(anna, 420, 360, NOTES[1]!)
    await waitForNotes(petra, NOTES.slice(0, 2))
    await waitForNotes(anna, NOTES.slice(0, 2))
    await saved(anna)
    await look(petra, 'processledare', 'lappar')
    await look(anna, 'deltagare', 'lappar')

    // The tools, tldraw's menus and dialogs, the list view.
    await lookThroughTools(petra, 'verktyg')
    await petra.keyboard.press('Escape')
    await lookThroughTldraw(petra, 'processledare', 'menyer')
    await lookThroughTldraw(anna, 'deltagare', 'menyer')
    for (const [p, who] of [
      [petra, 'processledare'],
      [anna, 'deltagare'],
    ] as const) {
      const list = p.getByRole('button', { name: strings.sv.listView })
      if (await list.count()) {
        await list.first().click()
        await p.waitForTimeout(500)
        await look(p, who, 'listvy')
        await list.first().click()
      }
    }

    // Private mode, a note in it, reveal.
    await act({ action: 'private.start' })
    await anna.getByText(strings.sv.privateParticipant).waitFor({ timeout: 15_000 })
    await addNote(anna, 520, 520, NOTES[2]!)
    await petra.waitForTimeout(800)
    await look(petra, 'processledare', 'privat läge')
    await look(anna, 'deltagare', 'privat läge')
    await act({ action: 'private.reveal' })
    await waitForNotes(petra, NOTES)

    // A vote: a dot on a note, then the results.
    await act({ action: 'vote.start', dots: 3 })
    await anna.waitForFunction(() => /Prick/i.test(document.body.innerText), null, { timeout: 15_000 })
    await look(anna, 'deltagare', 'röstning')
    await look(petra, 'processledare', 'röstning')
    // a click on a note puts a dot on it while the vote is open ([H22])
    const tool = anna.locator('[data-vote-tool]')
    if ((await tool.count()) && (await tool.first().isVisible())) await tool.first().click()
    const at = await anna.evaluate(
      (id) => {
        const ed = (window as any).tavla.editor
        const b = ed.getShapePageBounds(id)
        const pt = ed.pageToViewport({ x: b.center.x, y: b.center.y })
        const r = document.querySelector('.tl-container')!.getBoundingClientRect()
        return { x: r.left + pt.x, y: r.top + pt.y }
      },
      await noteId(anna, NOTES[0]!),
    )
    await anna.mouse.click(at.x, at.y)
    await anna.waitForTimeout(800)
    await act({ action: 'vote.close' })
    await petra.waitForTimeout(1500)
    await look(anna, 'deltagare', 'röstresultat')
    await look(petra, 'processledare', 'röstresultat')

    // A timer that runs out, on both pages.
    await act({ action: 'timer.start', seconds: 1 })
    await anna.waitForSelector('[data-timer]', { timeout: 15_000 })
    await anna.waitForTimeout(2500)
    await look(anna, 'deltagare', 'timern är slut')
    await look(petra, 'processledare', 'timern är slut')
    await act({ action: 'timer.stop' })

    // A refused change: the participant's page writes what only the facilitator may.
    await anna.evaluate(() => (window as any).tavla.doc.getMap('facilitation').set('timer', { status: 'running', durationMs: 1, endsAt: 1 }))
    await anna.getByTestId('refused').waitFor({ timeout: 20_000 })
    await look(anna, 'deltagare', 'avvisad ändring')
    await anna.getByTestId('refused').getByRole('button', { name: strings.sv.dismiss }).click()
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })

    // The lock, and a note tried during it (the canvas is read-only; the doc written directly).
    await act({ action: 'board.lock' })
    await anna.waitForFunction(() => /låst/i.test(document.body.innerText), null, { timeout: 15_000 })
    await look(anna, 'deltagare', 'låst tavla')
    await look(petra, 'processledare', 'låst tavla')
    await anna.evaluate(() => {
      const { editor, doc } = (window as any).tavla
      const any = editor.getCurrentPageShapes().find((s: any) => s.type === 'note')
      const nid = 'shape:underlaset'
      doc.getArray('records').push([{ key: nid, val: { ...any, id: nid, y: any.y + 300 } }])
    })
    await anna.getByTestId('refused').waitFor({ timeout: 20_000 })
    await look(anna, 'deltagare', 'lapp under låset')
    await act({ action: 'board.unlock' })
    await anna.waitForTimeout(800)
    await look(anna, 'deltagare', 'upplåst')

    // The facilitator's log, the trash and versions (the admin panel) after all that.
    await lookThroughTools(petra, 'efter passet')
    await petra.keyboard.press('Escape')

    // Offline for a moment.
    const annaContext = contexts[1]!.context
    await annaContext.setOffline(true)
    await anna.evaluate(() => window.dispatchEvent(new Event('offline')))
    await anna.waitForTimeout(2500)
    await look(anna, 'deltagare', 'offline')
    await annaContext.setOffline(false)
    await anna.evaluate(() => window.dispatchEvent(new Event('online')))
    await anna.waitForTimeout(1500)
    await look(anna, 'deltagare', 'online igen')
    // tldraw's licence mark (no TLDRAW_LICENSE_KEY here) is shown, but Tab never lands on it
    const mark = petra.locator('[data-testid^="tl-watermark"] button')
    expect(await mark.count(), 'the licence mark is shown without a key').toBeGreaterThan(0)
    expect(await mark.first().getAttribute('tabindex')).toBe('-1')
    await petra.locator('.tl-canvas').focus()
    await petra.keyboard.press('Escape')
    const landed: string[] = []
    for (let i = 0; i < 120; i++) {
      await petra.keyboard.press('Tab')
      const on = await petra.evaluate(() => {
        const el = document.activeElement
        return el?.closest('[data-testid^="tl-watermark"]') ? (el as HTMLElement).innerText || el.outerHTML.slice(0, 80) : ''
      })
      if (on) landed.push(on)
    }
    expect(landed, 'Tab landed on the licence mark').toEqual([])
    await petra.screenshot({ path: join(artifacts, 'no-english-facilitator.png') })
    await anna.screenshot({ path: join(artifacts, 'no-english-participant.png') })
  }, 300_000)

  it('the csv and md the page downloads are Swedish (headers, colours, local times)', async () => {
    await openTools(petra)
    const tabs = petra.locator('details.tools [role=tab]')
    for (let i = 0; i < (await tabs.count()); i++) {
      await tabs.nth(i).click()
      if (await petra.locator('details.tools a[download]:visible, details.tools button:visible').filter({ hasText: /CSV/ }).count()) break
    }
    for (const [name, ext] of [
      [/CSV/, 'csv'],
      [/Markdown/, 'md'],
      [/\.tldr/, 'tldr'],
    ] as const) {
      // the download as the facilitator finds it: a link or button in the tools naming the format
      const target = petra.locator('details.tools a[download]:visible, details.tools button:visible').filter({ hasText: name }).first()
      const [download] = await Promise.all([petra.waitForEvent('download', { timeout: 30_000 }), target.click()])
      const file = await download.path()
      if (ext === 'tldr') continue // tldraw's own file format, in no language
      const text = readFileSync(file!, 'utf8')
      const en = englishIn(text)
      if (en.length) findings.push({ step: `export ${ext}`, who: 'processledare', where: `the ${ext} file`, words: en, text: text.slice(0, 400) })
      // times in Swedish local time, never UTC ISO
      if (/\d{4}-\d\d-\d\dT\d\d:\d\d/.test(text))
        findings.push({
          step: `export ${ext}`,
          who: 'processledare',
          where: `the ${ext} file`,
          words: ['(UTC ISO time)'],
          text: text.match(/.*\d{4}-\d\d-\d\dT\d\d:\d\d.*/)![0],
        })
      await look(petra, 'processledare', `nedladdning ${ext}`)
    }
    // the log names each download ('Export (JSON)' before), once it has been asked again
    for (const b of await petra.locator('details.tools button:visible').filter({ hasText: strings.sv.refresh }).all()) await b.click()
    await petra.waitForTimeout(1000)
    await lookThroughTools(petra, 'loggen efter nedladdningarna')
  }, 120_000)

  it('every close code and error code the server sent has a Swedish sentence on the page, and no English was shown anywhere', () => {
    const report = findings.map((f) => `- [${f.step}] ${f.who}, ${f.where}: ${f.words.join(', ')}\n    «${f.text.replace(/\s+/g, ' ')}»`).join('\n')
    const closeCodes = [...new Set(closes.map((c) => c.code).filter((c) => c >= 4000))]
    const errorCodes = [...new Set(httpErrors.map((e) => e.code).filter((c): c is string => !!c))]
    // the session did meet refusals, a lock and wrong keys
    expect(closeCodes.length, JSON.stringify(closes)).toBeGreaterThan(0)
    expect(errorCodes.length, JSON.stringify(httpErrors)).toBeGreaterThan(0)
    const sv = strings.sv as unknown as { closeReasons?: Record<number, string>; errorCodes?: Record<string, string> }
    const untranslated = [
      ...closeCodes.filter((c) => !sv.closeReasons?.[c]).map((c) => `close ${c}`),
      ...errorCodes.filter((c) => !sv.errorCodes?.[c]).map((c) => `error ${c}`),
    ]
    writeFileSync(join(artifacts, 'no-english-findings.txt'), `${report}\n\nclose codes: ${JSON.stringify(closes)}\nerrors: ${JSON.stringify(httpErrors)}\n`)
    expect(findings.length, `English on the Swedish page:\n${report}`).toBe(0)
    expect(untranslated, 'codes the page has no Swedish sentence for').toEqual([])
  })
})
