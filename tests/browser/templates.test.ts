// Issue 4: a board from every template, as a facilitator would start it, with a screenshot each
// (tests/artifacts/template-<id>.png). The template layer is locked for a participant.
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { startServer, type RunningServer } from '../support/server.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { openBoard } from './helpers.ts'

let server: RunningServer
let browser: Browser
let w: WatchedContext
beforeAll(async () => {
  server = await startServer()
  browser = await launch()
  w = await watchedContext(browser)
})
afterAll(async () => {
  await browser?.close()
  await server?.stop()
})

const ids = ['golden-circle', 'vattenfallet', 'samverkanskarta', 'tre-ar-framat', 'nulage-onskat-lage', 'persona', 'blank']

describe('every template in the browser', () => {
  for (const id of ids) {
    it(`${id}: created from the start page, shown whole, background locked`, async () => {
      const page = await w.page()
      await page.goto(`${server.url}/`)
      await page.locator(`[data-template=${id}]`).click()
      await page.fill('input[name=title]', `Workshop: ${id}`)
      await page.getByRole('button', { name: 'Skapa tavla' }).click()
      const participant = await page.inputValue('[data-link=participant]')
      await openBoard(page, participant, 'Anna')
      await page.waitForTimeout(800) // fonts and zoom-to-fit settle before the picture
      await page.screenshot({ path: join(artifacts, `template-${id}.png`) })
      const shapes = await page.evaluate(() => {
        const ed = (window as any).tavla.editor
        return ed.getCurrentPageShapes().map((s: any) => ({ locked: s.isLocked, layer: s.meta?.layer }))
      })
      expect(shapes.length).toBeGreaterThan(0) // the board title at least
      for (const s of shapes) expect(s).toEqual({ locked: true, layer: 'background' })
      await page.close()
    })
  }

  it('no request left the machine, no page errors', () => {
    expect(w.outside).toEqual([])
    expect(w.errors).toEqual([])
  })
})
