// apps/server SPEC [R1] in the browser: a refused update never strands anyone. A raw client is
// refused (forbidden root, locked board); then a stock page in the same situation comes back to
// the board by itself, says why in Swedish and offers the text that did not get in. A locked
// board is read-only on every page, everyone stays connected, and work goes on after the unlock
// without a reload.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { join } from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { makeNote, recordsOf } from '@tavla/board'
import { CloseCode } from '@tavla/protocol'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { connectClient, createBoard, waitFor } from '../support/clients.ts'
import { addNote, openBoard, waitForNotes } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
let board: Awaited<ReturnType<typeof createBoard>>
let facilitator: Page
let anna: Page

const local = (link: string) => link.replace(/^https?:\/\/[^/]+/, server.url)
async function page(url: string, name: string) {
  const c = await watchedContext(browser)
  contexts.push(c)
  const p = await c.page()
  await p.setViewportSize({ width: 1024, height: 700 })
  await openBoard(p, url, name)
  return p
}
const act = (action: string) =>
  fetch(`${server.url}/api/boards/${board.id}/facilitation`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${board.keys.facilitator}` },
    body: JSON.stringify({ action }),
  })

/**
 * The page is on the board of its new generation: the editor's doc is alive and connected (a late
 * event of the torn-down generation once put the destroyed doc back under the editor, and what the
 * person wrote next went nowhere).
 */
const onLiveBoard = (p: Page) =>
  p.waitForFunction(
    () => {
      const t = (window as any).tavla
      return !!t?.editor && !t.doc.isDestroyed && t.provider.wsconnected && t.provider.synced
    },
    null,
    { timeout: 20_000 },
  )

/** What a page whose change the server will refuse does: one transaction with a note and `extra`. */
async function writeRefused(p: Page, text: string, extra: 'facilitation' | 'none') {
  await p.evaluate(
    ({ text, extra }) => {
      const { editor, doc } = (window as any).tavla
      const any = editor.getCurrentPageShapes().find((s: any) => s.type === 'note')
      const id = `shape:refused${Math.random().toString(36).slice(2)}`
      const note = {
        ...any,
        id,
        y: any.y + 300,
        props: { ...any.props, richText: { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] } },
      }
      doc.transact(() => {
        doc.getArray('records').push([{ key: id, val: note }])
        if (extra === 'facilitation') doc.getMap('facilitation').set('timer', { status: 'running', durationMs: 1, endsAt: 1 })
      })
    },
    { text, extra },
  )
}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  board = await createBoard(server.url, { template: 'blank', title: 'Avvisning' })
  facilitator = await page(local(board.links.facilitator), 'Petra')
  anna = await page(local(board.links.participant), 'Anna')
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('[R1] a refused update never strands anyone', () => {
  it('[R1] a raw client writing the facilitation state is closed 4403; a stock page doing the same is back on the board with its text to copy', async () => {
    await addNote(anna, 400, 300, 'Annas första lapp')
    await waitForNotes(facilitator, ['Annas första lapp'])

    const raw = connectClient(server.wsUrl, board.id, board.keys.participant)
    await raw.synced
    raw.doc.getMap('facilitation').set('timer', { status: 'running' })
    expect(await raw.closed).toBe(CloseCode.Forbidden)
    raw.destroy()

    await writeRefused(anna, 'Det här kom inte med', 'facilitation')
    const banner = anna.locator('[data-testid=refused]')
    await banner.waitFor({ timeout: 20_000 })
    expect(await banner.innerText()).toContain('bara processledaren får ändra')
    expect(await anna.locator('#refused-text').inputValue()).toBe('Det här kom inte med')
    // back on the board, from the server's state, by itself
    await onLiveBoard(anna)
    await waitForNotes(anna, ['Annas första lapp'])
    await waitForNotes(facilitator, ['Annas första lapp'])
    // the page went on under new database names ([R1], device.ts): the refused copy is never read back
    await waitFor(async () => {
      const names = await anna.evaluate(async () => (await indexedDB.databases()).map((d) => d.name ?? ''))
      return names.includes(`tavla-board-${board.id}~1`) && !names.includes(`tavla-board-${board.id}`)
    }, 'the copy is started afresh')
    await anna.screenshot({ path: join(artifacts, 'refusal-forbidden.png') })
    // the same at 200 % zoom (the CSS layout of 1024×700 at twice the size): the banner and its buttons stay usable
    await anna.setViewportSize({ width: 512, height: 350 })
    expect(await anna.locator('[data-testid=refused] button', { hasText: 'Kopiera texten' }).isVisible()).toBe(true)
    await anna.screenshot({ path: join(artifacts, 'refusal-forbidden-200.png') })
    await anna.setViewportSize({ width: 1024, height: 700 })
    expect(await facilitator.evaluate(() => (window as any).tavla.doc.getMap('facilitation').get('timer'))).toBeUndefined()
    // and it keeps working: a new note reaches the facilitator
    await anna.locator('[data-testid=refused] button', { hasText: 'Stäng' }).click()
    await addNote(anna, 600, 300, 'Efter avvisningen')
    await waitForNotes(facilitator, ['Annas första lapp', 'Efter avvisningen'])
  })

  it('[R1] a locked board is read-only on every page; what still comes is refused 4423 and the page recovers; after the unlock work goes on without a reload', async () => {
    expect((await act('board.lock')).status).toBe(200)
    for (const p of [facilitator, anna]) await p.locator('[data-testid=locked]').waitFor({ timeout: 20_000 })
    expect(await anna.locator('[data-testid=locked]').innerText()).toContain('Tavlan är låst')
    expect(await anna.evaluate(() => (window as any).tavla.editor.getInstanceState().isReadonly)).toBe(true)
    await anna.screenshot({ path: join(artifacts, 'refusal-locked.png') })

    const raw = connectClient(server.wsUrl, board.id, board.keys.participant)
    await raw.synced
    recordsOf(raw.doc).push([{ key: 'shape:late', val: makeNote({ id: 'late', x: 0, y: 0, text: 'för sent' }) }])
    expect(await raw.closed).toBe(CloseCode.Locked)
    raw.destroy()

    await writeRefused(anna, 'Skrivet under låset', 'none')
    await anna.locator('[data-testid=refused]').waitFor({ timeout: 20_000 })
    expect(await anna.locator('[data-testid=refused]').innerText()).toContain('Tavlan låstes')
    expect(await anna.locator('#refused-text').inputValue()).toBe('Skrivet under låset')
    await onLiveBoard(anna)
    await waitForNotes(anna, ['Annas första lapp', 'Efter avvisningen'])

    expect((await act('board.unlock')).status).toBe(200)
    for (const p of [facilitator, anna]) await p.locator('[data-testid=locked]').waitFor({ state: 'detached', timeout: 20_000 })
    await addNote(facilitator, 500, 500, 'Petra efter upplåsning')
    await waitForNotes(anna, ['Annas första lapp', 'Efter avvisningen', 'Petra efter upplåsning'])
    await addNote(anna, 300, 500, 'Anna efter upplåsning')
    await waitForNotes(facilitator, ['Annas första lapp', 'Efter avvisningen', 'Petra efter upplåsning', 'Anna efter upplåsning'])
    // the note written during the lock never enters, not even after a reload
    await anna.reload()
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await waitForNotes(anna, ['Annas första lapp', 'Efter avvisningen', 'Petra efter upplåsning', 'Anna efter upplåsning'])
    await anna.screenshot({ path: join(artifacts, 'refusal-unlocked.png') })
  })
})
