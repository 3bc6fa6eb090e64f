// Issue 17, apps/server SPEC [O12][O13]: under "Länkar" in "Mina tavlor", who facilitates a board
// (owner, co-facilitators) and "Ta bort" where the server allows it, confirmed first, by keyboard.
// Chromium against the real server (a child process) and a real OpenID Provider (oidc-provider).
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import type { RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { CookieJar, signIn, signInInBrowser, startSignInServer, type TestProvider } from '../support/oidc.ts'

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
const page = async () => {
  const c = await watchedContext(browser, { viewport: { width: 1024, height: 700 } })
  contexts.push(c)
  return c.page()
}

const signInAs = (page: Page, login: string) => signInInBrowser(page, server.url, op.issuer, login)

const listed = async (jar: CookieJar) => ((await (await jar.fetch(`${server.url}/api/me/boards`)).json()).boards as { id: string }[]).map((b) => b.id)

describe('co-facilitators in "Mina tavlor" (issue 17)', () => {
  it('[O12][O13] the owner shares, sees the colleague listed, removes them (confirmed, by keyboard); the colleague no longer has it', async () => {
    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo') // a colleague who has signed in once
    const ada = await page()
    await signInAs(ada, 'ada')
    await ada.locator('input[name=title]').fill('Gemensam tavla')
    await ada.locator('input[name=creatorName]').fill('Ada')
    await ada.getByRole('button', { name: 'Skapa tavla' }).click()
    await ada.locator('.created').waitFor()
    const id = new URL(await ada.locator('.created [data-link=facilitator]').inputValue()).pathname.split('/')[2]!

    const row = ada.locator(`[data-server-board="${id}"]`)
    await row.locator('summary').click()
    const people = row.locator('[data-facilitators] li[data-facilitator]')
    await people.first().waitFor()
    // only the owner so far, with no "Ta bort"
    expect(await people.count()).toBe(1)
    expect(await people.first().textContent()).toContain('Ada Lind (ada@example.se)')
    expect(await people.first().textContent()).toContain('ägare · du')
    expect(await row.locator('[data-remove-facilitator]').count()).toBe(0)

    await row.getByLabel('Dela med en kollega (e-postadress)').fill('bo@example.se')
    await row.getByRole('button', { name: 'Dela', exact: true }).click()
    const boRow = row.locator('li[data-facilitator="bo@example.se"]')
    await boRow.waitFor()
    expect(await boRow.getAttribute('data-role')).toBe('co-facilitator')
    expect(await boRow.textContent()).toContain('Bo Ek (bo@example.se)')
    expect(await boRow.textContent()).toContain('medprocessledare')
    expect(await listed(bo)).toContain(id)
    // the owner's own row never offers removal; Bo's does
    expect(await row.locator('li[data-facilitator="ada@example.se"] [data-remove-facilitator]').count()).toBe(0)
    const remove = row.getByRole('button', { name: 'Ta bort Bo Ek (bo@example.se) som medprocessledare' })
    await remove.waitFor()
    await ada.screenshot({ path: join(artifacts, 'co-facilitators-1024.png'), fullPage: true })

    // by keyboard: the button, Enter, the question with "Ja, ta bort" focused; "Avbryt" first gives focus back
    await remove.focus()
    await ada.keyboard.press('Enter')
    const question = row.getByRole('group', { name: 'Ta bort Bo Ek (bo@example.se) som medprocessledare' })
    await question.waitFor()
    expect(await question.textContent()).toContain('hittar den inte längre under Mina tavlor')
    await ada.screenshot({ path: join(artifacts, 'co-facilitators-confirm-1024.png'), fullPage: true })
    await question.getByRole('button', { name: 'Avbryt' }).click()
    await ada.waitForFunction(() => document.activeElement?.hasAttribute('data-remove-facilitator'))
    expect(await listed(bo)).toContain(id) // cancelled: nothing happened
    await ada.keyboard.press('Enter')
    expect(await ada.evaluate(() => document.activeElement?.textContent)).toBe('Ja, ta bort')
    await ada.keyboard.press('Enter')
    await row.locator('[aria-live]').filter({ hasText: 'Bo Ek (bo@example.se) är borttagen som medprocessledare.' }).waitFor()
    expect(await boRow.count()).toBe(0)
    expect(await ada.evaluate(() => document.activeElement?.textContent)).toBe('Processledare') // focus stays in the part
    expect(await listed(bo)).not.toContain(id)
  })

  it('[O13] a co-facilitator sees "Ta bort" only on their own row, and leaving takes the board out of their list', async () => {
    const adaJar = new CookieJar()
    await signIn(adaJar, server.url, 'ada')
    const boPage = await page()
    await signInAs(boPage, 'bo')
    const cilla = new CookieJar()
    await signIn(cilla, server.url, 'cilla')
    const board = await (
      await adaJar.fetch(`${server.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ template: 'blank', title: 'Tre processledare' }),
      })
    ).json()
    for (const email of ['bo@example.se', 'cilla@example.se'])
      expect(
        (
          await adaJar.fetch(`${server.url}/api/boards/${board.id}/facilitators`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ email }),
          })
        ).status,
      ).toBe(201)

    await boPage.reload()
    const row = boPage.locator(`[data-server-board="${board.id}"]`)
    await row.locator('summary').click()
    await row.locator('li[data-facilitator="cilla@example.se"]').waitFor()
    expect(await row.locator('li[data-facilitator="bo@example.se"]').textContent()).toContain('medprocessledare · du')
    // neither the owner nor the other co-facilitator can be taken off by Bo: no button there
    expect(await row.locator('[data-remove-facilitator]').count()).toBe(1)
    const leave = row.getByRole('button', { name: 'Ta bort dig själv som medprocessledare' })
    await leave.click()
    expect(await row.getByRole('group', { name: 'Ta bort dig själv som medprocessledare' }).textContent()).toContain('försvinner från dina Mina tavlor')
    await row.getByRole('button', { name: 'Ja, ta bort' }).click()
    await row.waitFor({ state: 'detached' })
    const boJar = new CookieJar()
    await signIn(boJar, server.url, 'bo')
    expect(await listed(boJar)).not.toContain(board.id)
    expect(await listed(cilla)).toContain(board.id) // the others stay
  })
})
