// Issue 17: a facilitator signs in with OpenID Connect in Chromium (a real provider, oidc-provider,
// on a free port), creates a workshop session, signs out, signs in again from a fresh browser
// context and finds it with its links under "Mina tavlor", and opens it by its address alone
// (apps/server SPEC [O1]–[O15]); a
// participant joins by link without signing in; a tampered sign-in gets a clear page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../support/server.ts'
import { launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { CookieJar, signIn, signInInBrowser, startSignInServer, type TestProvider } from '../support/oidc.ts'
import { addNote, closeTools, openBoard, openSession, openTools, saved, seriousAxeViolations, waitForNotes } from './helpers.ts'

let server: RunningServer
let op: TestProvider
let browser: Browser
const contexts: WatchedContext[] = []
beforeAll(async () => {
  ;({ server, op } = await startSignInServer())
  browser = await launch()
}, 60_000)
afterAll(async () => {
  await browser?.close()
  await server?.stop()
  await op?.close()
  for (const c of contexts) {
    expect(c.outside).toEqual([])
    expect(c.errors).toEqual([])
  }
})
const context = async (opts: Parameters<typeof watchedContext>[1] = {}) => {
  const c = await watchedContext(browser, opts)
  contexts.push(c)
  return c
}

const signInAs = (page: Page, login: string) => signInInBrowser(page, server.url, op.issuer, login)

describe('sign-in for facilitators (issue 17)', () => {
  it('[O5][O10][O11][O12][O15] signs in, creates a session, signs out, signs in from a fresh context, finds it with its links and opens it without a key', async () => {
    const page = await (await context()).page()
    await page.goto(server.url)
    // not signed in: the start page says why and offers sign-in
    await page.locator('[data-sign-in]').first().waitFor()
    expect(await page.locator('#server-boards-title').textContent()).toBe('Mina tavlor')

    await signInAs(page, 'ada')
    expect(await page.locator('header [data-signed-in]').textContent()).toContain('Inloggad som Ada Lind')
    await page.locator('[data-server-boards]').getByText('Inga tavlor eller workshoppar än.').waitFor()

    await page.locator('[data-start-kind=session]').click()
    await page.locator('[data-builder]').waitFor()
    await page.locator('[data-builder-from]').selectOption('server:samverkansdag')
    await page.locator('[data-builder-use]').click()
    await page.locator('[data-exercise]').first().waitFor()
    await page.locator('input[name=sessionTitle]').fill('Inloggad samverkansdag')
    await page.locator('input[name=creatorName]').fill('Ada')
    await page.locator('[data-builder-create]').click()
    await page.locator('[data-session-created]').waitFor({ timeout: 30_000 })
    const id = (await page.locator('[data-session-created]').getAttribute('data-session-created'))!
    const links = Object.fromEntries(
      await Promise.all(
        ['facilitator', 'participant', 'viewer'].map(async (r) => [r, await page.locator(`[data-session-created] [data-link=${r}]`).inputValue()]),
      ),
    )
    expect(links.participant).toContain(`/s/${id}?key=`)
    // listed at once under "Mina tavlor"
    await page.locator(`[data-server-board="${id}"]`).waitFor()

    // sign out: the form posts; the start page offers sign-in again and lists nothing of the server's
    await page.locator('header [data-sign-out]').click()
    await page.waitForURL(`${server.url}/`)
    await page.locator('header [data-sign-in]').waitFor()
    expect(await page.locator('[data-server-board]').count()).toBe(0)

    // a fresh browser context (another computer): nothing in its storage, the server knows
    const fresh = await (await context()).page()
    await signInAs(fresh, 'ada')
    const row = fresh.locator(`[data-server-board="${id}"]`)
    await row.waitFor()
    expect(await row.getAttribute('data-kind')).toBe('session')
    expect(await row.locator('a').textContent()).toBe('Inloggad samverkansdag')
    expect(await row.locator('a').getAttribute('href')).toBe(`/s/${id}`) // [O15] opened on the sign-in, no key
    await row.locator('summary').click()
    for (const role of ['facilitator', 'participant', 'viewer']) expect(await row.locator(`[data-link=${role}]`).inputValue()).toBe(links[role])
    // [O15] signed in, the session's address alone (no key) opens it as its facilitator, who is
    // not asked a name on this computer: she goes by the one she signed in with
    await openSession(fresh, `${server.url}/s/${id}`)
    expect(await fresh.locator('input[name=name]').count()).toBe(0)
    expect(await fresh.evaluate(() => (window as any).tavla.editor.user.getName())).toBe('Ada Lind')
    expect(await fresh.locator('[data-session-bar]').textContent()).toContain('Inloggad samverkansdag')
    await fresh.locator('[data-session-start]').waitFor()
    expect(fresh.url()).toBe(`${server.url}/s/${id}`) // the key the sign-in gave left the address bar

    // a participant joins by link, never asked to sign in
    const participant = await (await context()).page()
    await openSession(participant, links.participant!, 'Dan')
    expect(participant.url()).toContain(server.url)
    expect(await participant.locator('[data-sign-in]').count()).toBe(0)
    expect(await participant.locator('[data-session-start]').count()).toBe(0)
  })

  it('[O13][O14] an owner shares a board by e-mail from "Mina tavlor"; the colleague finds it, and adds a board this computer remembers', async () => {
    const boPage = await (await context()).page()
    await signInAs(boPage, 'bo') // a colleague who has signed in once

    const ada = await (await context()).page()
    await signInAs(ada, 'ada')
    const makeBoard = async (title: string) => {
      await ada.goto(server.url)
      await ada.locator('input[name=title]').fill(title)
      await ada.locator('input[name=creatorName]').fill('Ada')
      await ada.getByRole('button', { name: 'Skapa tavla' }).click()
      await ada.locator('.created').waitFor()
      return {
        id: new URL(await ada.locator('.created [data-link=facilitator]').inputValue()).pathname.split('/')[2]!,
        facilitator: await ada.locator('.created [data-link=facilitator]').inputValue(),
      }
    }
    const shared = await makeBoard('Delad tavla')
    const row = ada.locator(`[data-server-board="${shared.id}"]`)
    await row.locator('summary').click()
    await row.getByLabel('Dela med en kollega (e-postadress)').fill('nobody@example.se')
    await row.getByRole('button', { name: 'Dela' }).click()
    await row.getByRole('alert').filter({ hasText: 'Ingen har loggat in här med den adressen än' }).waitFor()
    await row.getByLabel('Dela med en kollega (e-postadress)').fill('bo@example.se')
    await row.getByRole('button', { name: 'Dela' }).click()
    await row.locator('output').filter({ hasText: 'Delad med bo@example.se' }).waitFor()

    await boPage.reload()
    const theirs = boPage.locator(`[data-server-board="${shared.id}"]`)
    await theirs.waitFor()
    expect(await theirs.textContent()).toContain('delad med dig')
    expect(await theirs.locator('a').getAttribute('href')).toBe(`/b/${shared.id}`)

    // a board whose facilitator link this computer remembers (an old link): added to Bo's list
    const old = await makeBoard('Gammal länk')
    await boPage.evaluate(({ id, facilitator }) => {
      const key = new URL(facilitator).searchParams.get('key')
      const entry = {
        id,
        title: 'Gammal länk',
        template: 'golden-circle',
        createdAt: new Date().toISOString(),
        keys: { facilitator: key, participant: '', viewer: '' },
        links: { facilitator, participant: '', viewer: '' },
      }
      localStorage.setItem('tavla.myBoards', JSON.stringify([entry]))
    }, old)
    await boPage.reload()
    await boPage.getByRole('button', { name: 'Lägg till Gammal länk i Mina tavlor' }).click()
    await boPage.locator(`[data-server-board="${old.id}"]`).waitFor()
    expect(await boPage.locator('[data-attach-local]').count()).toBe(0)

    // opening someone's facilitator link while signed in: the board page offers to attach it
    const lent = await makeBoard('Lånad tavla')
    await openBoard(boPage, lent.facilitator, 'Bo')
    const offer = boPage.locator('[data-attach-offer]')
    await offer.getByText('Du är inloggad, men det här finns inte i Mina tavlor.').waitFor()
    await offer.getByRole('button', { name: 'Lägg till i Mina tavlor' }).click()
    await offer.getByText('Tillagd i Mina tavlor.').waitFor()
    await boPage.goto(server.url)
    expect(await boPage.locator(`[data-server-board="${lent.id}"]`).textContent()).toContain('delad med dig')
    // a workshop's facilitator link, likewise (made by Ada over HTTP)
    const jar = new CookieJar()
    await signIn(jar, server.url, 'ada')
    const made = await jar.fetch(`${server.url}/api/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Lånad workshop', meetings: [{ title: 'Möte', exercises: [{ kind: 'plain', title: 'Idéer' }] }] }),
    })
    const workshop = await made.json()
    await openSession(boPage, workshop.links.facilitator, 'Bo')
    await boPage.locator('[data-attach-offer]').getByRole('button', { name: 'Lägg till i Mina tavlor' }).click()
    await boPage.locator('[data-attach-offer]').getByText('Tillagd i Mina tavlor.').waitFor()
    await boPage.goto(server.url)
    expect(await boPage.locator(`[data-server-board="${workshop.id}"]`).getAttribute('data-kind')).toBe('session')

    // its owner is not asked
    await openBoard(ada, lent.facilitator, 'Ada')
    await new Promise((r) => setTimeout(r, 1000))
    expect(await ada.locator('[data-attach-offer]').count()).toBe(0)
  })

  it('[O15] a signed-in facilitator opens /b/<id> with no key: the address never gets one, the board loads with its links, and a note reaches a participant', async () => {
    // Ada's board, made over HTTP; she then signs in in a fresh browser that holds no key of it
    const jar = new CookieJar()
    await signIn(jar, server.url, 'ada')
    const made = await jar.fetch(`${server.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ template: 'blank', title: 'Utan nyckel' }),
    })
    const board = await made.json()
    const page = await (await context()).page()
    await signInAs(page, 'ada')
    // every address the page went to, and every request it made: none with a key
    const addresses: string[] = []
    page.on('framenavigated', (f) => f === page.mainFrame() && addresses.push(f.url()))
    const requests: string[] = []
    page.on('request', (r) => requests.push(r.url()))
    const row = page.locator(`[data-server-board="${board.id}"]`)
    await row.locator('a').click()
    await page.waitForURL(`${server.url}/b/${board.id}`)
    // no name asked: she goes by the name she signed in with
    await page.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    expect(await page.locator('input[name=name]').count()).toBe(0)
    expect(await page.evaluate(() => (window as any).tavla.editor.user.getName())).toBe('Ada Lind')
    expect(await page.evaluate(() => (window as any).tavla.editor.getInstanceState().isReadonly)).toBe(false)
    // the facilitator's tools: the links to share, derived by the server on the sign-in
    await openTools(page, 'before')
    const section = page.locator('[data-admin="links"]')
    await section.locator('input[data-link="participant"]').waitFor()
    expect(await section.locator('input[data-link="participant"]').inputValue()).toBe(board.links.participant)
    expect(await section.locator('input[data-link="facilitator"]').inputValue()).toBe(board.links.facilitator)
    await closeTools(page)

    const participant = await (await context()).page()
    await openBoard(participant, board.links.participant, 'Dan')
    await addNote(page, 420, 320, 'Från inloggningen')
    await waitForNotes(participant, ['Från inloggningen'])
    await saved(page)
    expect(addresses.length).toBeGreaterThan(0)
    for (const a of addresses) expect(new URL(a).searchParams.has('key')).toBe(false)
    for (const r of requests) expect(new URL(r).searchParams.get('key') ?? '').toBe('')
    expect(page.url()).toBe(`${server.url}/b/${board.id}`)

    // a key this browser kept, replaced since: the page drops it and opens the board on the sign-in
    await openBoard(page, board.links.facilitator)
    const rotated = await jar.fetch(`${server.url}/api/boards/${board.id}/keys/facilitator`, { method: 'POST' })
    expect(rotated.status).toBe(200)
    await page.goto(`${server.url}/b/${board.id}`)
    await page.waitForFunction(() => !!(window as any).tavla?.editor, null, { timeout: 30_000 })
    await waitForNotes(page, ['Från inloggningen'])
    expect(await page.locator('[role=alert]').count()).toBe(0)
  })

  it('[O6] a sign-in whose state was changed on the way back shows a clear page, and no sign-in', async () => {
    const c = await context()
    const page = await c.page()
    await page.goto(server.url)
    // sign-in started (its pending cookie set), then an answer with another state arrives
    // (a redirect's hops cannot be changed in Chromium; tests/integration/oidc.test.ts changes a real one)
    await page.locator('header [data-sign-in]').click()
    await page.getByLabel('Användarnamn').waitFor()
    await page.goto(`${server.url}/auth/callback?code=forged-code&state=tampered&iss=${encodeURIComponent(op.issuer)}`)
    await page.getByRole('heading', { name: 'Inloggningen misslyckades' }).waitFor()
    expect(await page.locator('main').textContent()).toContain('hör inte till den här inloggningen')
    expect((await c.context.cookies(server.url)).map((k) => k.name)).not.toContain('tavla_signin')
    await page.getByRole('link', { name: 'Till startsidan' }).click()
    await page.locator('header [data-sign-in]').waitFor()
  })

  it('[O12] the signed-in start page and the failed sign-in page: nothing serious for axe', async () => {
    // bypassCSP: axe comes as an inline script, which the page's policy (self only) rightly refuses
    const page = await (await context({ bypassCSP: true })).page()
    await signInAs(page, 'ada')
    await page.locator('[data-server-boards]').waitFor()
    await page
      .locator('[data-server-boards] summary')
      .first()
      .click()
      .catch(() => {}) // a list may be empty
    expect(await seriousAxeViolations(page)).toBe('')
    await page.goto(`${server.url}/auth/callback?code=x&state=y`, { waitUntil: 'load' })
    await page.getByRole('heading', { name: 'Inloggningen misslyckades' }).waitFor()
    expect(await seriousAxeViolations(page)).toBe('')
  })
})
