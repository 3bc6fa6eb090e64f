// Issue 12 item 5 in the browser: the facilitator finds every link of the board on the board page
// at any time ([H13]); a participant's page joins with an identity the server signed ([K3]), so
// its private part (dot votes) opens and its notes are recorded with its name ([D11]).
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { authorsOf } from '@tavla/board'
import * as Y from 'yjs'
import { startServer, repoRoot, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard, waitFor } from '../support/clients.ts'
import { addNote, openBoard, openTools, saved } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('links and identity on the board page', () => {
  it('[H13] the facilitator sees the participant and viewer links in the session tools; [K3][D11] a participant page joins with an identity', async () => {
    const board = await createBoard(server.url, { template: 'golden-circle', title: 'Länkar' })
    const fc = await watchedContext(browser)
    contexts.push(fc)
    const facilitator = await fc.page()
    await openBoard(facilitator, local(board.links.facilitator), 'Petra')
    await openTools(facilitator, 'before')
    const section = facilitator.locator('[data-admin="links"]')
    await section.getByRole('heading', { name: 'Tavlans länkar' }).waitFor()
    await waitFor(async () => (await section.locator('input[data-link="participant"]').count()) === 1, 'participant link shown')
    expect(await section.locator('input[data-link="participant"]').inputValue()).toBe(board.links.participant)
    expect(await section.locator('input[data-link="viewer"]').inputValue()).toBe(board.links.viewer)
    expect(await section.getByRole('button', { name: 'Kopiera' }).count()).toBeGreaterThanOrEqual(2)
    mkdirSync(join(repoRoot, '.tavla-test'), { recursive: true })
    await section.scrollIntoViewIfNeeded()
    await facilitator.screenshot({ path: join(repoRoot, '.tavla-test', 'links.png') })

    const pc = await watchedContext(browser)
    contexts.push(pc)
    const anna = await pc.page()
    await openBoard(anna, local(board.links.participant), 'Anna')
    const token = await anna.evaluate((id) => localStorage.getItem(`tavla.identity.${id}`), board.id)
    expect(token).toMatch(/^[A-Za-z0-9_-]{16,64}\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]{24}$/)
    await addNote(anna, 700, 450, 'Annas lapp')
    await saved(anna)
    const res = await fetch(`${server.url}/api/boards/${board.id}/export?format=csv&key=${board.keys.facilitator}`)
    expect(await res.text()).toContain('Anna')
    // the author comes from the server's record
    const json = await (
      await fetch(`${server.url}/api/boards/${board.id}/snapshots?key=${board.keys.facilitator}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()
    const yjs = new Uint8Array(
      await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${json.id}/export?format=yjs&key=${board.keys.facilitator}`)).arrayBuffer(),
    )
    const doc = new Y.Doc()
    Y.applyUpdate(doc, yjs)
    expect([...authorsOf(doc).values()].map((a) => a.name)).toContain('Anna')
  })

  it('[H13] the facilitator replaces the viewer link and their own from the page: the old ones stop working, the page goes on with the new key', async () => {
    const board = await createBoard(server.url, { template: 'blank', title: 'Nya länkar' })
    const fc = await watchedContext(browser)
    contexts.push(fc)
    const facilitator = await fc.page()
    await openBoard(facilitator, local(board.links.facilitator), 'Petra')
    await openTools(facilitator, 'before')
    const section = facilitator.locator('[data-admin="links"]')
    await section.locator('input[data-link="viewer"]').waitFor()
    // the viewer link
    await section.locator('[data-replace="viewer"]').click()
    await section.getByRole('button', { name: 'Ja, byt länk' }).click()
    await waitFor(async () => (await section.locator('input[data-link="viewer"]').inputValue()) !== board.links.viewer, 'a new viewer link shown')
    expect((await fetch(`${server.url}/api/boards/${board.id}?key=${board.keys.viewer}`)).status).toBe(401)
    const viewerLink = await section.locator('input[data-link="viewer"]').inputValue()
    expect((await fetch(`${server.url}/api/boards/${board.id}?key=${new URL(viewerLink).searchParams.get('key')}`)).status).toBe(200)
    // their own: the page reloads with the new key, without it in the address bar
    await section.locator('[data-replace="facilitator"]').click()
    await section.getByRole('button', { name: 'Ja, byt länk' }).click()
    await facilitator.waitForURL((u) => u.pathname === `/b/${board.id}` && !u.search.includes('key='), { timeout: 20_000 })
    await facilitator.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    expect((await fetch(`${server.url}/api/boards/${board.id}?key=${board.keys.facilitator}`)).status).toBe(401)
    await facilitator.locator('details.tools > summary').waitFor()
    await openTools(facilitator, 'before')
    const ownField = facilitator.locator('[data-admin="links"] input[data-link="facilitator"]')
    await ownField.waitFor({ timeout: 20_000 })
    await facilitator.screenshot({ path: join(repoRoot, '.tavla-test', 'links-after-replace.png') })
    const own = await ownField.inputValue()
    expect(own).not.toBe(board.links.facilitator)
    const res = await (await fetch(`${server.url}/api/boards/${board.id}?key=${new URL(own).searchParams.get('key')}`)).json()
    expect(res.role).toBe('facilitator')
  })
})
