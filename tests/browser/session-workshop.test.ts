// Issue 14, done when: seed 000's series as a three-exercise session (vattenfallet, the golden
// circle, nuläge/önskat läge) with a facilitator and three participants on ONE participant link.
// Each move to the next exercise brings every page there (waited for, never timed), the timer
// starts with the exercise's minutes, private mode switches on for the writing exercise and the
// reveal shows the notes, a vote on the last exercise counts, a participant who joins during
// exercise 2 lands on exercise 2, and the session export lists the three exercises in order with
// their notes under their zones (apps/server SPEC [SE1], [SE5], [SE9], [SE12]). Screenshots go to
// /tmp/shots-workshop14/.
import { mkdirSync, readFileSync } from 'node:fs'
import { strFromU8, unzipSync } from 'fflate'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { loadTemplates, validateSessionTemplate } from '@tavla/templates'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { startServer, type RunningServer } from '../support/server.ts'
import {
  addNote,
  advance,
  closeTools,
  createSession,
  openSession,
  openAgenda,
  openTools,
  voteClick,
  waitForExercise,
  waitForNotes,
  type CreatedSessionForTest,
} from './helpers.ts'

const shots = '/tmp/shots-workshop14'
let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let s: CreatedSessionForTest
let petra: Page // processledare, 1440×900
let anna: Page // 1024×700
let bo: Page // 200 %: 720×450 CSS px at device scale 2
let cilla: Page // joins during exercise 2
const shot = (p: Page, name: string) => p.screenshot({ path: join(shots, `${name}.png`) })

async function person(viewport = { width: 1440, height: 900 }, deviceScaleFactor = 1): Promise<Page> {
  const c = await watchedContext(browser, { viewport, deviceScaleFactor })
  contexts.push(c)
  return c.page()
}

/**
 * A point well inside a zone of the shown board, in the page's pixels: in a box, below its label
 * in the middle; in a ring, of a grid over the zone's bounds, the point whose zone (the first that
 * holds it, board SPEC [D6]: rings hold the inner ones) is this one and that lies farthest from
 * every point whose zone is not.
 */
async function inZone(p: Page, zoneId: string): Promise<{ x: number; y: number }> {
  return p.evaluate((zoneId) => {
    const { editor, doc } = (window as any).tavla
    const zones = doc.getMap('meta').get('zones') as any[]
    const zone = zones.find((z) => z.id === zoneId)
    if (!zone) throw new Error(`no zone ${zoneId}`)
    const holds = (r: any, x: number, y: number) =>
      r.kind === 'rect' ? x >= r.x && x <= r.x + r.w && y >= r.y && y <= r.y + r.h : ((x - r.cx) / r.rx) ** 2 + ((y - r.cy) / r.ry) ** 2 <= 1
    const r = zone.region
    if (r.kind === 'rect') {
      const pt = editor.pageToViewport({ x: r.x + r.w * 0.5, y: r.y + r.h * 0.65 })
      const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: rect.left + pt.x, y: rect.top + pt.y }
    }
    const b = r.kind === 'rect' ? { x: r.x, y: r.y, w: r.w, h: r.h } : { x: r.cx - r.rx, y: r.cy - r.ry, w: r.rx * 2, h: r.ry * 2 }
    const pts: { x: number; y: number; ok: boolean }[] = []
    for (let i = 0; i <= 24; i++)
      for (let j = 0; j <= 24; j++) {
        const x = b.x + (b.w * i) / 24
        const y = b.y + (b.h * j) / 24
        pts.push({ x, y, ok: zones.find((z) => holds(z.region, x, y))?.id === zoneId })
      }
    const bad = pts.filter((q) => !q.ok)
    let best = pts.find((q) => q.ok)!
    let bestD = -1
    for (const q of pts) {
      if (!q.ok) continue
      const d = Math.min(...bad.map((o) => Math.hypot(o.x - q.x, o.y - q.y)))
      if (d > bestD) [best, bestD] = [q, d]
    }
    const pt = editor.pageToViewport({ x: best.x, y: best.y })
    const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
    return { x: rect.left + pt.x, y: rect.top + pt.y }
  }, zoneId)
}
const zoneIds = (p: Page): Promise<string[]> => p.evaluate(() => ((window as any).tavla.doc.getMap('meta').get('zones') as any[]).map((z) => z.id))
/** The zone the server's export will put a note in: the page's own rule (board SPEC [D6]). */
const zoneOfNote = (p: Page, text: string): Promise<string | undefined> =>
  p.evaluate((text) => {
    const { editor, doc } = (window as any).tavla
    const shape = editor.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
    const c = editor.getShapePageBounds(shape.id).center
    const zones = doc.getMap('meta').get('zones') as any[]
    const inside = (r: any) =>
      r.kind === 'rect' ? c.x >= r.x && c.x <= r.x + r.w && c.y >= r.y && c.y <= r.y + r.h : ((c.x - r.cx) / r.rx) ** 2 + ((c.y - r.cy) / r.ry) ** 2 <= 1
    return zones.find((z) => inside(z.region))?.id
  }, text)
/** The running timer as this page shows it, in whole minutes rounded up (m:ss). */
const timerMinutes = async (p: Page) => {
  await p.waitForSelector('[data-timer=running]', { timeout: 20_000 })
  const text = (await p.locator('[role=timer]').first().innerText()).trim()
  const m = /(\d+):(\d\d)/.exec(text)
  if (!m) throw new Error(`timer shows "${text}"`)
  return Number(m[1]) + (Number(m[2]) > 0 ? 1 : 0)
}

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  s = await createSession(server.url, {
    title: 'Samspelet – beredningsgruppen',
    meetings: [
      {
        title: 'Workshop 2 och 3',
        exercises: [
          { template: 'vattenfallet', minutes: 30 },
          { template: 'golden-circle', minutes: 20, tools: { private: true } },
          { template: 'nulage-onskat-lage', params: { areas: ['Rehabilitering', 'Arbete'] }, minutes: 25, tools: { vote: { dots: 2 } } },
        ],
      },
    ],
  })
}, 60_000)

afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) {
    expect(c.outside, 'requests to other hosts').toEqual([])
    expect(c.errors, 'page errors').toEqual([])
  }
})

describe('the seed 000 series as one session on one link', () => {
  const [e1, e2, e3] = [0, 1, 2].map((i) => () => s.exercises[i]!)
  const notes1: string[] = []
  const notes2: string[] = []
  const notes3: string[] = []

  it('[SE5] exercise 1: everyone is brought there, the timer runs with its 30 minutes, notes go up', async () => {
    petra = await person()
    anna = await person({ width: 1024, height: 700 })
    bo = await person({ width: 720, height: 450 }, 2)
    await Promise.all([
      openSession(petra, s.links.facilitator, 'Petra Processledare'),
      openSession(anna, s.links.participant, 'Anna Försäkringskassan'),
      openSession(bo, s.links.participant, 'Bo Arbetsförmedlingen'),
    ])
    await advance(petra, e1())
    for (const p of [anna, bo]) await waitForExercise(p, e1())
    for (const p of [petra, anna, bo]) expect(await timerMinutes(p)).toBe(30)
    expect(await zoneIds(anna)).toEqual(['dammen', 'kanten', 'forsen', 'tillbaka'])
    const a = await inZone(anna, 'dammen')
    await addNote(anna, a.x, a.y, 'Tryggt att lära sig simma i dammen')
    const b = await inZone(bo, 'forsen')
    await addNote(bo, b.x, b.y, 'Forsen: rehabilitering tar tid')
    notes1.push('Tryggt att lära sig simma i dammen', 'Forsen: rehabilitering tar tid')
    for (const p of [petra, anna, bo]) await waitForNotes(p, notes1)
    expect(await zoneOfNote(petra, 'simma')).toBe('dammen')
    expect(await zoneOfNote(petra, 'Forsen')).toBe('forsen')
    await shot(anna, '01-exercise1-anna-1024')
    await shot(bo, '01-exercise1-bo-200pct')
  })

  it('[SE5] exercise 2 writes in private: every page arrives, private mode is on, a late joiner lands there, the reveal shows everyone’s notes', async () => {
    await advance(petra, e2())
    for (const p of [anna, bo]) await waitForExercise(p, e2())
    for (const p of [anna, bo]) await p.waitForSelector('.banner.private', { timeout: 20_000 })
    for (const p of [petra, anna, bo]) expect(await timerMinutes(p)).toBe(20)
    // Cilla opens the same participant link now: she is on exercise 2, in private mode
    cilla = await person({ width: 1024, height: 700 })
    await openSession(cilla, s.links.participant, 'Cilla Region')
    await waitForExercise(cilla, e2())
    await cilla.waitForSelector('.banner.private', { timeout: 20_000 })
    await shot(cilla, '02-cilla-joins-exercise2')

    const writes: [Page, string, string][] = [
      [anna, 'varfor', 'Individen i centrum'],
      [bo, 'hur', 'Gemensamma möten'],
      [cilla, 'vad', 'Insatser som hänger ihop'],
    ]
    for (const [p, zone, text] of writes) {
      const at = await inZone(p, zone)
      await addNote(p, at.x, at.y, text)
      notes2.push(text)
    }
    // private: each sees only their own until the reveal
    await waitForNotes(anna, ['Individen i centrum'])
    await waitForNotes(cilla, ['Insatser som hänger ihop'])
    expect(await petra.evaluate(() => JSON.stringify((window as any).tavla.doc.toJSON()))).not.toContain('Gemensamma möten')
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: /Visa allas lappar/ }).click()
    await closeTools(petra)
    for (const p of [petra, anna, bo, cilla]) await waitForNotes(p, notes2)
    expect(await zoneOfNote(petra, 'Individen')).toBe('varfor')
    expect(await zoneOfNote(petra, 'Gemensamma')).toBe('hur')
    expect(await zoneOfNote(petra, 'Insatser')).toBe('vad')
    await shot(petra, '02-exercise2-revealed')
  })

  it('[SE5] exercise 3 with its vote: the facilitator opens the exercise’s vote once the notes are up, every vote counts', async () => {
    await advance(petra, e3())
    for (const p of [anna, bo, cilla]) await waitForExercise(p, e3())
    for (const p of [petra, cilla]) expect(await timerMinutes(p)).toBe(25)
    const zones = await zoneIds(anna)
    expect(zones.length).toBe(2 * 3)
    const rehabNu = zones.find((z) => z.startsWith('rehabilitering') && z.includes('nulage'))!
    const arbeteNu = zones.find((z) => z.startsWith('arbete') && z.includes('nulage'))!
    const rehabOnskat = zones.find((z) => z.startsWith('rehabilitering') && z.includes('onskat'))!
    expect([rehabNu, arbeteNu, rehabOnskat].every(Boolean)).toBe(true)
    const writes: [Page, string, string][] = [
      [anna, rehabNu, 'Långa väntetider'],
      [bo, arbeteNu, 'Få arbetsträningsplatser'],
      [cilla, rehabOnskat, 'Samma system för alla'],
    ]
    for (const [p, zone, text] of writes) {
      const at = await inZone(p, zone)
      await addNote(p, at.x, at.y, text)
      notes3.push(text)
    }
    for (const p of [petra, anna, bo, cilla]) await waitForNotes(p, notes3)
    // the exercise's vote opened no vote on the empty board: the facilitator opens it now
    expect(await anna.locator('[data-dots-left]').count()).toBe(0)
    await openAgenda(petra)
    await petra.locator(`[data-exercise-vote="${e3().id}"]`).click()
    for (const p of [anna, bo, cilla]) await p.waitForSelector('[data-dots-left="2"]', { timeout: 20_000 })
    await shot(bo, '03-vote-bo-200pct')
    await voteClick(anna, 'Långa väntetider')
    await anna.waitForSelector('[data-dots-left="1"]')
    await voteClick(anna, 'Samma system för alla')
    await anna.waitForSelector('[data-dots-left="0"]')
    await voteClick(bo, 'Långa väntetider')
    await bo.waitForSelector('[data-dots-left="1"]')
    await voteClick(cilla, 'Långa väntetider')
    await cilla.waitForSelector('[data-dots-left="1"]')
    await openTools(petra, 'during')
    await petra.getByRole('button', { name: 'Stäng och visa resultat' }).click()
    await closeTools(petra)
    for (const p of [petra, anna]) {
      await p.locator('details.results > summary').click()
      await p.waitForSelector('[data-result="3"]', { timeout: 20_000 })
      const rows = await p
        .locator('.bars li')
        .evaluateAll((lis) => lis.map((li) => [li.querySelector('.bar-label')!.textContent, li.getAttribute('data-result')]))
      expect(rows).toEqual([
        ['Långa väntetider', '3'],
        ['Samma system för alla', '1'],
      ])
      await p.locator('details.results > summary').click()
    }
    await shot(petra, '03-vote-results')
  })

  it('[SE9] the session report, downloaded from the page, lists the three exercises in order with their notes under their zones', async () => {
    const download = petra.waitForEvent('download')
    await openAgenda(petra)
    await petra.locator('[data-session-export="md"]').click()
    const file = await (await download).path()
    const md = readFileSync(file!, 'utf8')
    await shot(petra, '04-record')
    const at = (text: string, from = 0) => {
      const i = md.indexOf(text, from)
      if (i < 0) throw new Error(`the report lacks "${text}":\n${md}`)
      return i
    }
    const h1 = at(`### 1. ${e1().title}`)
    const h2 = at(`### 2. ${e2().title}`)
    const h3 = at(`### 3. ${e3().title}`)
    expect(h1 < h2 && h2 < h3).toBe(true)
    // each note under its zone's heading, inside its exercise's section
    const under = (zoneLabel: string, note: string, start: number, end: number) => {
      const z = at(`#### ${zoneLabel}`, start)
      const n = at(note, z)
      expect(z, `${zoneLabel} inside its exercise`).toBeLessThan(end)
      expect(n, `${note} under ${zoneLabel}`).toBeLessThan(end)
      const next = md.indexOf('\n#### ', z + 1)
      if (next >= 0) expect(n, `${note} before the next zone`).toBeLessThan(next)
    }
    under('Dammen', 'Tryggt att lära sig simma i dammen', h1, h2)
    under('Forsen', 'Forsen: rehabilitering tar tid', h1, h2)
    under('Varför?', 'Individen i centrum', h2, h3)
    under('Hur?', 'Gemensamma möten', h2, h3)
    under('Vad?', 'Insatser som hänger ihop', h2, h3)
    // the vote's results in exercise 3's section (after the exercise-by-exercise checks below)
    expect(at('Långa väntetider', h3)).toBeGreaterThan(h3)
    expect(md.slice(h3)).toMatch(/Långa väntetider\S* — _3 röster/)
  })

  it('[SE9] the session’s archive package, downloaded from the agenda: a picture of each of the three exercises, METS.xml listing them', async () => {
    const download = petra.waitForEvent('download', { timeout: 120_000 })
    await petra.locator('[data-session-export="archive"]').click()
    const got = await download
    expect(got.suggestedFilename()).toMatch(/^tavla-[A-Za-z0-9_-]+-\d{8}T\d{6}Z\.zip$/)
    const files = unzipSync(new Uint8Array(readFileSync((await got.path())!)))
    const root = got.suggestedFilename().replace(/\.zip$/, '')
    const mets = strFromU8(files[`${root}/METS.xml`]!)
    for (const n of ['01', '02', '03']) expect(mets).toContain(`xlink:href="representations/rep1/data/bild-${n}.png"`)
    expect(strFromU8(files[`${root}/representations/rep1/data/anteckningar.csv`]!)).toContain('Tryggt att lära sig simma i dammen')
    await petra
      .locator('[data-record-said=files]')
      .filter({ hasText: `${root}.zip har laddats ner` })
      .waitFor()
  })

  it('the session’s agenda saved as the facilitator’s own template: a file in the template format, and offered on the start page', async () => {
    const download = petra.waitForEvent('download')
    await petra.locator('[data-session-save-template]').click()
    const tpl = JSON.parse(readFileSync((await (await download).path())!, 'utf8'))
    expect(tpl.schemaVersion).toBe(1)
    expect(tpl.meetings[0].exercises.map((e: any) => [e.template, e.minutes, e.tools.private, e.tools.vote?.dots ?? null])).toEqual([
      ['vattenfallet', 30, false, null],
      ['golden-circle', 20, true, null],
      ['nulage-onskat-lage', 25, false, 2],
    ])
    expect(tpl.meetings[0].exercises[2].params).toEqual({ areas: ['Rehabilitering', 'Arbete'] })
    // the server's own loader takes it (schema, board templates, params)
    expect(() => validateSessionTemplate(tpl, 'saved.json', loadTemplates())).not.toThrow()
    // the start page's builder offers it, and builds the same agenda from it
    await petra.goto(`${server.url}/`)
    await petra.locator('[data-start-kind=session]').click()
    await petra.locator('[data-builder-from]').selectOption(`own:${tpl.id}`)
    await petra.locator('[data-builder-use]').click()
    await petra.locator('[data-exercise]').first().waitFor()
    expect(await petra.locator('[data-exercise-title]').evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value))).toEqual(
      s.exercises.map((e) => e.title),
    )
  })
})
