// Issue 14: a whole workshop on one link. A facilitator and participants on the ONE participant
// link of a three-exercise session (seed 000's vattenfallet, golden circle, nuläge/önskat läge):
// every move to the next exercise brings every page there (waited for, not timed), a late joiner
// lands on the current exercise, a participant looks back at a closed exercise read-only and comes
// back with one button, and the facilitator sees who is on which exercise. Screenshots of a
// participant's view with the agenda at 1024×700 and at 200 % go to /tmp/shots-session/.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { waitFor } from '../support/clients.ts'
import { stockholmDay } from '@tavla/board'
import {
  addNote,
  advance,
  createSession,
  isReadonly,
  openAgenda,
  openSession,
  seriousAxeViolations,
  waitForExercise,
  waitForNotes,
  type CreatedSessionForTest,
} from './helpers.ts'

const shots = '/tmp/shots-session'
let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let s: CreatedSessionForTest
let petra: Page // processledare
let anna: Page // 1024×700
let bo: Page // 1440×900 at 200 % (720×450 CSS px at device scale 2)
let cilla: Page // joins late

async function person(viewport = { width: 1440, height: 900 }, deviceScaleFactor = 1): Promise<Page> {
  // bypassCSP: axe comes into the page as an inline script; the page itself makes no request for it
  const c = await watchedContext(browser, { viewport, deviceScaleFactor, bypassCSP: true })
  contexts.push(c)
  return c.page()
}
const announced = (p: Page) => p.locator('[data-session-announce]').textContent()
const shownIds = (pages: Page[]) => Promise.all(pages.map((p) => p.locator('.session-page').getAttribute('data-shown-exercise')))

beforeAll(async () => {
  mkdirSync(shots, { recursive: true })
  server = await startServer()
  browser = await launch()
  s = await createSession(server.url, {
    title: 'Samspelet – beredningsgruppen',
    meetings: [{ title: 'Workshop 2', exercises: [{ template: 'vattenfallet' }, { template: 'golden-circle' }, { template: 'nulage-onskat-lage' }] }],
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

describe('a session on one link', () => {
  it('[SE3] [SE12] before the start participants wait on the first exercise, read-only; the facilitator is offered to start', async () => {
    expect(s.exercises).toHaveLength(3)
    petra = await person()
    anna = await person({ width: 1024, height: 700 })
    bo = await person({ width: 720, height: 450 }, 2)
    await Promise.all([
      openSession(petra, s.links.facilitator, 'Petra Processledare'),
      openSession(anna, s.links.participant, 'Anna Försäkringskassan'),
      openSession(bo, s.links.participant, 'Bo Arbetsförmedlingen'),
    ])
    for (const p of [petra, anna, bo]) await waitForExercise(p, s.exercises[0]!)
    // the key has left the address bar (as on /b/)
    expect(new URL(anna.url()).searchParams.get('key')).toBeNull()
    await anna.waitForSelector('[data-testid=closed]')
    expect(await anna.locator('[data-testid=closed]').textContent()).toContain('Processledaren har inte startat övningen än')
    expect(await isReadonly(anna)).toBe(true)
    expect(await petra.locator('[data-testid=closed]').count()).toBe(0)
    expect(await isReadonly(petra)).toBe(false)
    expect(await petra.locator('[data-session-start]').textContent()).toBe('Starta första övningen')
    expect(await anna.locator('[data-session-start], [data-session-advance]').count()).toBe(0)
    await anna.screenshot({ path: join(shots, 'participant-1024x700-waiting.png') })
  })

  it('[SE5] starting brings every page to exercise 1, open to participants, and says so', async () => {
    await advance(petra, s.exercises[0]!)
    for (const p of [anna, bo]) {
      await p.waitForSelector(`.session-page[data-current-exercise="${s.exercises[0]!.id}"][data-waiting=false]`)
      await waitForExercise(p, s.exercises[0]!)
      await waitFor(async () => !(await isReadonly(p)), 'exercise 1 open to participants', 15_000)
      expect(await announced(p)).toBe(`Nu: Övning 1 av 3 – ${s.exercises[0]!.title}`)
    }
    expect(await anna.locator('[data-testid=closed]').count()).toBe(0)
    expect(await anna.locator('[data-session-now]').textContent()).toBe(`Övning 1 av 3: ${s.exercises[0]!.title}`)
  })

  it('[SE5] [SE12] "Nästa övning" brings every page to exercise 2 on a new board', async () => {
    await advance(petra, s.exercises[1]!)
    for (const p of [anna, bo]) {
      await waitForExercise(p, s.exercises[1]!)
      await waitFor(async () => (await announced(p)) === `Nu: Övning 2 av 3 – ${s.exercises[1]!.title}`, 'announced exercise 2', 15_000)
      await waitFor(async () => !(await isReadonly(p)), 'exercise 2 open to participants', 15_000)
    }
    expect(await shownIds([petra, anna, bo])).toEqual([s.exercises[1]!.id, s.exercises[1]!.id, s.exercises[1]!.id])
  })

  it('[SE12] a participant who joins during exercise 2 lands on exercise 2', async () => {
    cilla = await person()
    await openSession(cilla, s.links.participant, 'Cilla Region')
    await waitForExercise(cilla, s.exercises[1]!)
    expect(await isReadonly(cilla)).toBe(false)
    // the session's identity holds on the exercise board ([SE6]): her note reaches the others
    await addNote(cilla, 700, 600, 'Samordning ger en väg in')
    await waitForNotes(anna, ['Samordning ger en väg in'])
    await waitForNotes(petra, ['Samordning ger en väg in'])
  })

  it('[D18] [SE12] a participant looks back at exercise 1: read-only with the closed banner, and comes back with one button', async () => {
    await openAgenda(anna)
    await anna.locator(`[data-agenda-panel] [data-look="${s.exercises[0]!.id}"]`).click()
    await waitForExercise(anna, s.exercises[0]!)
    await anna.waitForSelector('[data-testid=closed]')
    expect(await anna.locator('[data-testid=closed]').textContent()).toBe('Övningen är stängd – du kan läsa men inte ändra.')
    expect(await isReadonly(anna)).toBe(true)
    expect(await anna.locator(`[data-agenda-panel] [data-exercise="${s.exercises[0]!.id}"]`).getAttribute('data-status')).toBe('done')
    expect(await anna.locator('[data-session-now]').textContent()).toBe(`Du tittar på Övning 1 av 3: ${s.exercises[0]!.title}`)
    await anna.screenshot({ path: join(shots, 'participant-1024x700-looking-back.png') })
    // the others stay where they are
    expect(await shownIds([bo, cilla])).toEqual([s.exercises[1]!.id, s.exercises[1]!.id])
  })

  it('[SE11] the facilitator sees who is on which exercise', async () => {
    await openAgenda(petra)
    const count = (e: { id: string }) => petra.locator(`[data-agenda-panel] [data-exercise="${e.id}"]`).getAttribute('data-presence')
    // Anna looks at exercise 1; Petra, Bo and Cilla are on exercise 2
    await waitFor(async () => (await count(s.exercises[0]!)) === '1' && (await count(s.exercises[1]!)) === '3', 'presence per exercise', 15_000)
    expect(await count(s.exercises[2]!)).toBe('0')
    const item = petra.locator(`[data-agenda-panel] [data-exercise="${s.exercises[0]!.id}"]`)
    await item.locator('[data-presence-names] > summary').click()
    expect(await item.locator('[data-presence-names] li').allTextContents()).toEqual([expect.stringContaining('Anna Försäkringskassan')])
    // a participant's page lists no one
    expect(await anna.locator('[data-presence-names]').count()).toBe(0)
    await petra.screenshot({ path: join(shots, 'facilitator-1440x900-presence.png') })
    expect(await seriousAxeViolations(petra)).toBe('')
  })

  it('[SE12] back to the current exercise with "Tillbaka till nuvarande övning"', async () => {
    await anna.locator('[data-session-back]').first().click()
    await waitForExercise(anna, s.exercises[1]!)
    await waitFor(async () => !(await isReadonly(anna)), 'exercise 2 writable again', 15_000)
    expect(await anna.locator('[data-session-back]').count()).toBe(0)
    await anna.screenshot({ path: join(shots, 'participant-1024x700-agenda.png') })
    expect(await seriousAxeViolations(anna)).toBe('')
  })

  it('[SE4] [D18] the facilitator reopens exercise 1: the participant looking at it may change it, until it is closed again', async () => {
    const ex1 = s.exercises[0]!
    await anna.locator(`[data-agenda-panel] [data-look="${ex1.id}"]`).click()
    await waitForExercise(anna, ex1)
    await waitFor(async () => await isReadonly(anna), 'exercise 1 read-only', 15_000)
    await petra.locator(`[data-agenda-panel] [data-reopen="${ex1.id}"]`).click()
    await waitFor(async () => !(await isReadonly(anna)), 'exercise 1 reopened for participants', 15_000)
    expect(await anna.locator('[data-testid=closed]').count()).toBe(0)
    await anna.waitForSelector(`[data-agenda-panel] [data-exercise="${ex1.id}"] .agenda-open`)
    await petra.locator(`[data-agenda-panel] [data-close="${ex1.id}"]`).click()
    await waitFor(async () => await isReadonly(anna), 'exercise 1 closed again', 15_000)
    await anna.waitForSelector('[data-testid=closed]')
    await anna.locator('[data-session-back]').first().click()
    await waitForExercise(anna, s.exercises[1]!)
  })

  it('[SE12] the list view lists the agenda: by keyboard a participant looks at exercise 1 and comes back', async () => {
    await anna.locator('[data-list-toggle]').click()
    await anna.waitForSelector('[data-listview] [data-list-agenda]')
    await anna.locator('[data-list-agenda]').scrollIntoViewIfNeeded()
    await anna.screenshot({ path: join(shots, 'participant-1024x700-list-agenda.png') })
    expect(await anna.locator(`[data-list-agenda] [data-exercise="${s.exercises[1]!.id}"]`).getAttribute('data-status')).toBe('current')
    await anna.locator(`[data-list-agenda] [data-look="${s.exercises[0]!.id}"]`).focus()
    await anna.keyboard.press('Enter')
    await waitForExercise(anna, s.exercises[0]!)
    // the new board's list has the focus on its heading, and the way back is in it
    await anna.waitForFunction(() => document.activeElement?.id === 'listview-title')
    await anna.locator('[data-list-agenda] [data-session-back]').focus()
    await anna.keyboard.press('Enter')
    await waitForExercise(anna, s.exercises[1]!)
    await anna.locator('[data-list-toggle]').click()
    await anna.waitForSelector('[data-listview]', { state: 'detached' })
  })

  it('the agenda at 200 %: the panel opens over the board and closes again', async () => {
    await openAgenda(bo)
    await bo.screenshot({ path: join(shots, 'participant-200pct-agenda.png') })
    await bo.locator('[data-agenda-panel] .agenda-panel-head button').click()
    await bo.waitForSelector('[data-agenda-panel]', { state: 'detached' })
    await bo.screenshot({ path: join(shots, 'participant-200pct-board.png') })
  })

  it('[SE5] the last "Nästa övning" brings everyone, the one looking back too, to exercise 3', async () => {
    await anna.locator(`[data-agenda-panel] [data-look="${s.exercises[0]!.id}"]`).click()
    await waitForExercise(anna, s.exercises[0]!)
    await advance(petra, s.exercises[2]!)
    for (const p of [anna, bo, cilla]) await waitForExercise(p, s.exercises[2]!)
    expect(await petra.locator('[data-session-advance]').count()).toBe(0)
    expect(await petra.locator('.session-bar-next').textContent()).toBe('Sista övningen')
  })
})

describe('a series of meetings on one link', () => {
  it('[SE12] each day finds its own meeting on the one link (the clock moved): waiting with "Starta dagens möte", started by the facilitator on its day, the earlier meeting still readable', async () => {
    const now = Date.now()
    const today = stockholmDay(now)
    const tomorrow = stockholmDay(now + 86_400_000)
    const series = await createSession(server.url, {
      title: 'Samspelet – serien',
      meetings: [
        { title: 'Workshop 1', date: today, exercises: [{ template: 'vattenfallet' }] },
        { title: 'Workshop 2', date: tomorrow, exercises: [{ template: 'golden-circle' }, { template: 'nulage-onskat-lage' }] },
      ],
    })
    const [w1, w2a] = [series.exercises[0]!, series.exercises[1]!]
    const lead = await person()
    const dag = await person({ width: 1024, height: 700 })
    await openSession(lead, series.links.facilitator, 'Petra Processledare')
    await openSession(dag, series.links.participant, 'Dag Kommunen')
    for (const p of [lead, dag]) await waitForExercise(p, w1)
    expect(await lead.locator('[data-session-start]').textContent()).toBe('Starta dagens möte')
    expect(await dag.locator('.session-bar-title').textContent()).toContain('Workshop 1')
    await advance(lead, w1)
    await dag.waitForSelector(`.session-page[data-current-exercise="${w1.id}"][data-waiting=false]`)
    await waitFor(async () => !(await isReadonly(dag)), 'workshop 1 open', 15_000)
    // the next day (this device's clock moved on): the link opens workshop 2, not started yet
    const later = await person({ width: 1024, height: 700 })
    await later.clock.setFixedTime(now + 86_400_000)
    await openSession(later, series.links.participant, 'Dag Kommunen')
    await waitForExercise(later, w2a)
    await later.waitForSelector('[data-testid=closed]')
    expect(await later.locator('[data-testid=closed]').textContent()).toContain('Processledaren har inte startat övningen än')
    expect(await later.locator('.session-bar-title').textContent()).toContain('Workshop 2')
    // the facilitator on that day (their clock moved too) opens the day's meeting: everyone is on it
    const nextDay = await person()
    await nextDay.clock.setFixedTime(now + 86_400_000)
    await openSession(nextDay, series.links.facilitator, 'Petra Processledare')
    await waitForExercise(nextDay, w2a)
    expect(await nextDay.locator('[data-session-start]').textContent()).toBe('Starta dagens möte')
    await advance(nextDay, w2a)
    await later.waitForSelector(`.session-page[data-current-exercise="${w2a.id}"][data-waiting=false]`)
    await waitFor(async () => !(await isReadonly(later)), 'workshop 2 open on its day', 15_000)
    // the earlier meeting stays readable: workshop 1 is in the agenda, closed now
    await openAgenda(later)
    await later.locator(`[data-agenda-panel] [data-look="${w1.id}"]`).click()
    await waitForExercise(later, w1)
    expect(await isReadonly(later)).toBe(true)
  })
})

describe('a workshop as a participant and a facilitator live it (the UX walk-through of issue 14)', () => {
  it('[SE12] [SE5] a welcome only the facilitator writes on: its prompt on the page, a banner that says it runs; the vote button gives way to the open vote; a move keeps the focus', async () => {
    const day = await createSession(server.url, {
      title: 'Samverkansdag',
      meetings: [
        {
          title: 'Dagen',
          exercises: [
            { kind: 'plain', title: 'Välkommen', prompt: 'Syftet med dagen är en gemensam bild av nuläget.', tools: { edit: 'facilitator' } },
            { kind: 'plain', title: 'Områden', prompt: 'En lapp per område, sedan tre prickar.', tools: { vote: { dots: 3 } } },
          ],
        },
      ],
    })
    const [welcome, areas] = [day.exercises[0]!, day.exercises[1]!]
    const lead = await person({ width: 1024, height: 700 })
    const eva = await person({ width: 720, height: 450 }, 2)
    await openSession(lead, day.links.facilitator, 'Petra Processledare')
    await openSession(eva, day.links.participant, 'Eva Regionen')
    await advance(lead, welcome)
    await eva.waitForSelector(`.session-page[data-current-exercise="${welcome.id}"][data-waiting=false]`)
    // the prompt is on the page, not only in the agenda (which is closed)
    expect(await eva.locator('[data-agenda-panel]').count()).toBe(0)
    expect(await eva.locator('[data-session-prompt]').isVisible()).toBe(true)
    expect(await eva.locator('[data-session-prompt] p').textContent()).toBe('Syftet med dagen är en gemensam bild av nuläget.')
    // it is running, only the facilitator writes: not "closed"
    await eva.waitForSelector('[data-testid=closed]')
    expect(await eva.locator('[data-testid=closed]').textContent()).toBe('Processledaren leder den här övningen – du kan läsa men inte skriva här.')
    expect(await isReadonly(eva)).toBe(true)
    await eva.screenshot({ path: join(shots, 'participant-200pct-welcome-prompt.png') })

    // a keyboard user whose focus was on the board: the move takes the board away, the focus goes to the bar
    await eva.locator('.tl-canvas').focus()
    await advance(lead, areas)
    await waitForExercise(eva, areas)
    await eva.waitForFunction(() => document.activeElement?.hasAttribute('data-session-now'))
    await waitFor(async () => !(await isReadonly(eva)), 'areas open to participants', 15_000)
    expect(await eva.locator('[data-testid=closed]').count()).toBe(0)
    expect(await eva.locator('[data-session-prompt] p').textContent()).toBe('En lapp per område, sedan tre prickar.')

    // the board was empty: the facilitator opens the vote; the button is gone once it is open
    await addNote(eva, 300, 300, 'Psykisk hälsa')
    await openAgenda(lead)
    const vote = lead.locator(`[data-agenda-panel] [data-exercise-vote="${areas.id}"]`)
    expect(await vote.textContent()).toBe('Öppna röstningen (3 prickar)')
    await vote.click()
    await lead.waitForSelector(`[data-agenda-panel] [data-exercise-vote-open="${areas.id}"]`)
    expect(await vote.count()).toBe(0)
    expect(await lead.locator(`[data-agenda-panel] [data-exercise-vote-open="${areas.id}"] [role=status]`).textContent()).toBe('Röstningen är öppen')
    // the focus stays where the button was (it is not dropped on the page's body)
    expect(await lead.evaluate(() => !!document.activeElement?.closest('[data-exercise-vote-open]'))).toBe(true)
    await lead.screenshot({ path: join(shots, 'facilitator-1024x700-vote-open.png') })
    expect(await seriousAxeViolations(lead)).toBe('')
  })
})
