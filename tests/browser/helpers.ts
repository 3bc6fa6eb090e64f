import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import type { Page } from 'playwright-core'

/** Adds a note the way a person does: N for the note tool, a click, typing, Escape. */
export async function addNote(page: Page, x: number, y: number, text: string): Promise<void> {
  await page.locator('.tl-canvas').focus()
  await page.keyboard.press('n')
  await page.mouse.click(x, y)
  await page.waitForFunction(() => !!(window as any).tavla?.editor.getEditingShapeId(), null, { timeout: 10_000 })
  // the text editor must have the focus before the first key: on a loaded machine it mounts a
  // moment after editing starts, and then puts the caret at the start of what was typed so far
  await page.waitForFunction(() => !!(document.activeElement as HTMLElement | null)?.isContentEditable, null, { timeout: 10_000 })
  await page.keyboard.type(text, { delay: 5 })
  await page.keyboard.press('Escape')
  await page.waitForFunction(() => !(window as any).tavla?.editor.getEditingShapeId(), null, { timeout: 10_000 })
}

/** The plain text of every note this page's editor shows. */
export async function noteTexts(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const ed = (window as any).tavla.editor
    const text = (n: any): string => (n?.type === 'text' ? n.text : (n?.content ?? []).map(text).join(n?.type === 'doc' ? '\n' : ''))
    return ed
      .getCurrentPageShapes()
      .filter((s: any) => s.type === 'note')
      .map((s: any) => text(s.props.richText).trim())
      .sort()
  })
}

/** Waits until the page shows exactly these notes. */
export async function waitForNotes(page: Page, expected: string[], timeout = 20_000): Promise<void> {
  const want = [...expected].sort()
  const start = Date.now()
  let got: string[] = []
  while (Date.now() - start < timeout) {
    got = await noteTexts(page).catch(() => [])
    if (JSON.stringify(got) === JSON.stringify(want)) return
    await page.waitForTimeout(100)
  }
  throw new Error(`notes on ${page.url()}: expected ${JSON.stringify(want)}, got ${JSON.stringify(got)}`)
}

export async function openBoard(page: Page, url: string, name?: string, timeout = 30_000): Promise<void> {
  await page.goto(url)
  if (name) {
    // A device that joined before remembers the name and goes straight in.
    const nameField = page.locator('input[name=name]')
    const first = await Promise.race([
      nameField.waitFor({ timeout: 15_000 }).then(() => 'form' as const),
      page.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 15_000 }).then(() => 'board' as const),
    ])
    if (first === 'form') {
      await nameField.fill(name)
      await page.keyboard.press('Enter')
    }
  }
  await page.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout })
}

export const saved = (page: Page) => page.waitForSelector('[data-save=saved]', { timeout: 20_000 })

/**
 * Opens the facilitator's tools panel (if it is not open already), on one of its tabs: before the
 * session (links, the template, the guide), during it (timer, private mode, vote, follow me,
 * attention, lock) or after it (versions, downloads, trash, log, deleting).
 */
export async function openTools(page: Page, tab?: 'before' | 'during' | 'after'): Promise<void> {
  if ((await page.locator('details.tools').getAttribute('open')) === null) await page.locator('details.tools > summary').click()
  if (tab) await page.locator(`[data-tools-tab=${tab}]`).click()
}

/** Closes the facilitator's tools panel (if it is open), so the canvas under it can be clicked. */
export async function closeTools(page: Page): Promise<void> {
  if ((await page.locator('details.tools').getAttribute('open')) !== null) await page.locator('details.tools > summary').click()
}

/** Selects the note holding this text by clicking it with the select tool, as a person would. */
export async function clickNote(page: Page, text: string): Promise<void> {
  const at = await page.evaluate((text) => {
    const ed = (window as any).tavla.editor
    const shape = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
    if (!shape) throw new Error(`no note with "${text}"`)
    const b = ed.getShapePageBounds(shape.id)
    const pt = ed.pageToViewport({ x: b.center.x, y: b.center.y })
    const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
    return { x: rect.left + pt.x, y: rect.top + pt.y }
  }, text)
  await page.keyboard.press('Escape')
  await page.keyboard.press('v')
  await page.mouse.click(at.x, at.y)
}

/** The id of the note holding this text, as this page's editor has it. */
export async function noteId(page: Page, text: string): Promise<string> {
  return page.evaluate((text) => {
    const ed = (window as any).tavla.editor
    return ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))?.id
  }, text)
}

/**
 * Waits until the vote tool is the current tool: the page switches to it a frame after the vote's
 * dots show ([data-dots-left]), and a click before that only selects the note.
 */
export async function voteToolOn(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as any).tavla?.editor.getCurrentToolId() === 'vote', null, { timeout: 10_000 })
}

/**
 * Clicks the note holding this text with whatever tool is on, no key pressed first: while a vote
 * is open that is the vote tool, and the click puts a dot on the note or takes one off (board SPEC [D14]).
 */
export async function voteClick(page: Page, text: string, opts: { shift?: boolean } = {}): Promise<void> {
  await voteToolOn(page)
  const at = await page.evaluate((text) => {
    const ed = (window as any).tavla.editor
    const shape = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
    if (!shape) throw new Error(`no note with "${text}"`)
    const b = ed.getShapePageBounds(shape.id)
    const pt = ed.pageToViewport({ x: b.center.x, y: b.center.y })
    const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
    return { x: rect.left + pt.x, y: rect.top + pt.y }
  }, text)
  if (opts.shift) await page.keyboard.down('Shift')
  await page.mouse.click(at.x, at.y)
  if (opts.shift) await page.keyboard.up('Shift')
}

// ---- sessions (issue 14; apps/server SPEC [SE1]–[SE12]) ----

export interface SessionExercise {
  id: string
  boardId: string
  title: string
  minutes: number
}
export interface CreatedSessionForTest {
  id: string
  title: string
  keys: { facilitator: string; participant: string; viewer: string }
  links: { facilitator: string; participant: string; viewer: string }
  /** Every exercise in agenda order (meeting by meeting). */
  exercises: SessionExercise[]
  session: { meetings: { id: string; title: string; date: string | null; exercises: SessionExercise[] }[] }
}

/**
 * [SE1] A session made through the API with its meetings given, e.g.
 * `{ title, meetings: [{ title: 'Workshop 2', exercises: [{ template: 'vattenfallet' }, { template: 'golden-circle' }] }] }`.
 */
export async function createSession(
  baseUrl: string,
  body: { title: string; meetings: unknown[]; lang?: 'sv' | 'en'; anonymous?: boolean },
): Promise<CreatedSessionForTest> {
  const res = await fetch(`${baseUrl}/api/sessions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  if (res.status !== 201) throw new Error(`create session: ${res.status} ${await res.text()}`)
  const created = (await res.json()) as Omit<CreatedSessionForTest, 'exercises'>
  return { ...created, exercises: created.session.meetings.flatMap((m) => m.exercises) }
}

/**
 * Opens a session link as a person: the name is asked once for the whole session (a device that
 * gave one before goes straight in), then the page shows an exercise's board.
 */
export async function openSession(page: Page, url: string, name?: string, timeout = 30_000): Promise<void> {
  await page.goto(url)
  if (name) {
    const nameField = page.locator('input[name=name]')
    const first = await Promise.race([
      nameField.waitFor({ timeout: 15_000 }).then(() => 'form' as const),
      page.waitForSelector('.session-page', { timeout: 15_000 }).then(() => 'session' as const),
    ])
    if (first === 'form') {
      await nameField.fill(name)
      await page.keyboard.press('Enter')
    }
  }
  await page.waitForSelector('.session-page[data-shown-board]', { timeout })
  await waitForShownBoard(page, timeout)
}

/** Waits until the board the session page shows is mounted (its editor on its own room). */
export async function waitForShownBoard(page: Page, timeout = 30_000): Promise<void> {
  await page.waitForFunction(
    () => {
      const board = document.querySelector('.session-page')?.getAttribute('data-shown-board')
      const t = (window as any).tavla
      return !!board && !!t?.editor && t.provider?.roomname === board && !!document.querySelector('.tl-canvas')
    },
    null,
    { timeout },
  )
}

/** Waits until the page shows this exercise (the facilitator moved everyone there, or the person looked) with its board mounted. */
export async function waitForExercise(page: Page, exercise: { id: string; boardId: string }, timeout = 30_000): Promise<void> {
  await page.waitForSelector(`.session-page[data-shown-exercise="${exercise.id}"][data-shown-board="${exercise.boardId}"]`, { timeout })
  await waitForShownBoard(page, timeout)
}

/** Waits until the session's current exercise is this one on this page (the session document arrived). */
export async function waitForCurrent(page: Page, exerciseId: string, timeout = 30_000): Promise<void> {
  await page.waitForSelector(`.session-page[data-current-exercise="${exerciseId}"]`, { timeout })
}

/**
 * The facilitator moves everyone on ([SE5]): "Nästa övning" (or, before the start, "Starta …"),
 * then waits until their own page is on `to`.
 */
export async function advance(page: Page, to: { id: string; boardId: string }): Promise<void> {
  const button = page.locator('[data-session-advance], [data-session-start]').first()
  await button.click()
  await waitForCurrent(page, to.id)
  await waitForExercise(page, to)
}

/** Opens the session's agenda panel (if it is not open). */
export async function openAgenda(page: Page): Promise<void> {
  if (!(await page.locator('[data-agenda-panel]').count())) await page.locator('[data-agenda-toggle]').click()
  await page.waitForSelector('[data-agenda-panel]')
}

/** Whether the shown board is read-only for this page (tldraw's instance state). */
export const isReadonly = (page: Page): Promise<boolean> => page.evaluate(() => (window as any).tavla.editor.getInstanceState().isReadonly === true)

/**
 * axe-core's WCAG 2.1 A/AA rules on the page as it is now: its serious and critical violations,
 * one line each ('' when none). The page's context needs `bypassCSP: true` (the script comes inline).
 */
export async function seriousAxeViolations(page: Page): Promise<string> {
  if (!(await page.evaluate(() => 'axe' in window))) {
    await page.addScriptTag({ content: readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8') })
  }
  const found = await page.evaluate(async () => {
    const r = await (window as any).axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
      resultTypes: ['violations'],
    })
    return r.violations
      .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
      .map(
        (v: any) =>
          `${v.impact} ${v.id}: ${v.help} — ${v.nodes
            .slice(0, 3)
            .map((n: any) => n.html)
            .join(' | ')}`,
      )
  })
  return (found as string[]).join('\n')
}

// ---- themes and comments (issue 15) ----

/** A point of a zone on this page's screen (away from its label), where a person would click to stick a note. */
export async function pointInZone(page: Page, zoneId: string, fx = 0.6, fy = 0.65): Promise<{ x: number; y: number }> {
  return page.evaluate(
    ({ zoneId, fx, fy }) => {
      const { editor, doc } = (window as any).tavla
      const zone = (doc.getMap('meta').get('zones') as any[]).find((z) => z.id === zoneId)
      if (!zone) throw new Error(`no zone ${zoneId}`)
      const r = zone.region
      const b = r.kind === 'rect' ? { x: r.x, y: r.y, w: r.w, h: r.h } : { x: r.cx - r.rx, y: r.cy - r.ry, w: r.rx * 2, h: r.ry * 2 }
      const pt = editor.pageToViewport({ x: b.x + b.w * fx, y: b.y + b.h * fy })
      const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: rect.left + pt.x, y: rect.top + pt.y }
    },
    { zoneId, fx, fy },
  )
}

/** Selects the notes holding these texts with the select tool, as a person does: a click, then Shift-clicks. */
export async function selectNotes(page: Page, texts: string[]): Promise<void> {
  const [first, ...rest] = texts
  await clickNote(page, first!)
  for (const text of rest) {
    const at = await page.evaluate((text) => {
      const ed = (window as any).tavla.editor
      const shape = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
      const pt = ed.pageToViewport(ed.getShapePageBounds(shape.id).center)
      const rect = document.querySelector('.tl-container')!.getBoundingClientRect()
      return { x: rect.left + pt.x, y: rect.top + pt.y }
    }, text)
    await page.keyboard.down('Shift')
    await page.mouse.click(at.x, at.y)
    await page.keyboard.up('Shift')
  }
}

/** The board's themes and memberships as this page's doc holds them ([D19], [D20]). */
export async function themesIn(page: Page): Promise<{ themes: { id: string; name: string; zoneId: string | null }[]; themeOf: Record<string, string> }> {
  return page.evaluate(() => {
    const { doc } = (window as any).tavla
    return { themes: [...doc.getMap('themes').values()], themeOf: Object.fromEntries(doc.getMap('themeOf').entries()) }
  })
}

/** Moves this page's camera to show the note holding this text at 100 % (notes at the first fit are small). */
export async function zoomToNote(page: Page, text: string, z = 1): Promise<void> {
  await page.evaluate(
    ({ text, z }) => {
      const ed = (window as any).tavla.editor
      const shape = ed.getCurrentPageShapes().find((s: any) => s.type === 'note' && JSON.stringify(s.props.richText).includes(text))
      ed.setCamera({ ...ed.getCamera(), z }, { animation: { duration: 0 } })
      ed.centerOnPoint(ed.getShapePageBounds(shape.id).center, { animation: { duration: 0 } })
    },
    { text, z },
  )
}
