// Issue 15 in the browser: a participant gives their organisation (optional) when joining; it rides
// in the identity the server signs ([K3], [H19]), is recorded with their note ([D11]) and counted
// on the decision report's cover ([H8], read back with poppler's pdftotext). The device remembers
// it like the name; an anonymous session does not ask for it.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import * as Y from 'yjs'
import { authorsOf } from '@tavla/board'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { createBoard, waitFor } from '../support/clients.ts'
import { ensurePoppler, run } from '../support/documents.ts'
import { addNote, createSession, openBoard, saved } from './helpers.ts'

let server: RunningServer
let browser: Browser
const contexts: WatchedContext[] = []
const local = (url: string) => url.replace(/^https?:\/\/[^/]+/, server.url)

beforeAll(async () => {
  await ensurePoppler()
  server = await startServer()
  browser = await launch()
}, 600_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  for (const c of contexts) expect(c.outside).toEqual([])
})

describe('the organisation given when joining (issue 15)', () => {
  it("[K3][D11][H8] a participant joins with an organisation by keyboard: it is in her identity, recorded with her note and on the report's cover; the device remembers it", async () => {
    const board = await createBoard(server.url, { template: 'golden-circle', title: 'Organisationer i browsern' })
    const ctx = await watchedContext(browser)
    contexts.push(ctx)
    const anna = await ctx.page()
    await anna.goto(local(board.links.participant))
    const name = anna.getByLabel('Ditt namn')
    await name.waitFor()
    // optional: the form says so, and the name alone is required
    const org = anna.getByLabel('Organisation (frivilligt)')
    expect(await org.getAttribute('required')).toBeNull()
    await name.focus()
    await anna.keyboard.type('Anna')
    await anna.keyboard.press('Tab')
    expect(await anna.evaluate(() => document.activeElement?.getAttribute('name'))).toBe('org')
    await anna.keyboard.type('Försäkringskassan')
    mkdirSync(join(repoRoot, '.tavla-test'), { recursive: true })
    await anna.screenshot({ path: join(repoRoot, '.tavla-test', 'join-organisation.png') })
    await anna.keyboard.press('Enter')
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })

    const kept = await anna.evaluate((id) => ({ org: localStorage.getItem('tavla.org'), token: localStorage.getItem(`tavla.identity.${id}`) }), board.id)
    expect(kept.org).toBe('Försäkringskassan')
    const parts = kept.token!.split('.')
    expect(parts).toHaveLength(4)
    expect(Buffer.from(parts[2]!, 'base64url').toString()).toBe('Försäkringskassan')

    await addNote(anna, 700, 450, 'Annas lapp')
    await saved(anna)
    // the server's record of the note names her organisation
    const snap = await (
      await fetch(`${server.url}/api/boards/${board.id}/snapshots?key=${board.keys.facilitator}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: '{}',
      })
    ).json()
    const yjs = new Uint8Array(
      await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snap.id}/export?format=yjs&key=${board.keys.facilitator}`)).arrayBuffer(),
    )
    const doc = new Y.Doc()
    Y.applyUpdate(doc, yjs)
    expect([...authorsOf(doc).values()]).toContainEqual(expect.objectContaining({ name: 'Anna', org: 'Försäkringskassan' }))
    // the report's cover
    const pdf = Buffer.from(await (await fetch(`${server.url}/api/boards/${board.id}/export?format=pdf&key=${board.keys.facilitator}`)).arrayBuffer())
    const file = join(server.dataDir, 'organisation.pdf')
    writeFileSync(file, pdf)
    const text = (await run('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'])).replace(/\s+/g, ' ')
    expect(text).toContain('Antal deltagare: 1')
    expect(text).toContain('Organisationer: Försäkringskassan 1')

    // another board on this device: straight in (the name is remembered), with the organisation
    const other = await createBoard(server.url, { template: 'blank', title: 'Nästa tavla' })
    await anna.goto(local(other.links.participant))
    await anna.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await waitFor(async () => !!(await anna.evaluate((id) => localStorage.getItem(`tavla.identity.${id}`), other.id)), 'identity on the second board')
    const second = await anna.evaluate((id) => localStorage.getItem(`tavla.identity.${id}`)!, other.id)
    expect(Buffer.from(second.split('.')[2]!, 'base64url').toString()).toBe('Försäkringskassan')
  })

  it('[K3] an identity request a weak connection drops is asked again: the participant gets her identity and her private part', async () => {
    const board = await createBoard(server.url, { template: 'golden-circle', title: 'Tappad förfrågan' })
    const ctx = await watchedContext(browser)
    contexts.push(ctx)
    const bo = await ctx.page()
    let asked = 0
    await bo.route('**/api/boards/*/identity', (route) => (++asked === 1 ? route.abort('connectionreset') : route.continue()))
    const sockets: string[] = []
    bo.on('websocket', (ws) => sockets.push(ws.url()))
    await openBoard(bo, local(board.links.participant), 'Bo')
    expect(asked).toBe(2)
    // without an identity the page would open the board alone, with no private part (no votes, no private notes)
    await waitFor(() => sockets.some((u) => /\/ws\/[^/?]+\/private\?/.test(u) && u.includes('identity=')), 'her private part connects with the identity')
    expect(sockets.filter((u) => !u.includes('identity='))).toEqual([])
    const token = await bo.evaluate((id) => localStorage.getItem(`tavla.identity.${id}`), board.id)
    expect(token).toBeTruthy()
    expect(sockets.filter((u) => new URL(u).searchParams.get('identity') === token)).toHaveLength(2) // the board and her private part
  })

  it('[H19] an anonymous session asks only a name; English labels the field "Organisation (optional)"', async () => {
    const anon = await createSession(server.url, {
      title: 'Anonym workshop',
      anonymous: true,
      meetings: [{ title: 'Möte', exercises: [{ template: 'golden-circle' }] }],
    })
    const named = await createSession(server.url, { title: 'Named workshop', meetings: [{ title: 'Meeting', exercises: [{ template: 'golden-circle' }] }] })
    const ctx = await watchedContext(browser)
    contexts.push(ctx)
    const p = await ctx.page()
    await p.goto(local(anon.links.participant))
    await p.getByLabel('Ditt namn').waitFor()
    expect(await p.locator('input[name=org]').count()).toBe(0)
    await p.evaluate(() => localStorage.setItem('tavla.lang', 'en'))
    await p.goto(local(named.links.participant))
    await p.getByLabel('Organisation (optional)').waitFor()
  })
})
