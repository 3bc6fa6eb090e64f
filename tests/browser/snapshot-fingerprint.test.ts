// Issue 15 in the browser: the versions list shows each snapshot's fingerprint ([V5], storage
// [S16]) — the SHA-256 of the bytes the server stored for it — short, in groups of four, with a
// button that copies the whole; the fingerprint is the hash of what `format=yjs` hands back, and
// the snapshot cannot be changed in the database afterwards.
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { DatabaseSync } from 'node:sqlite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser } from 'playwright-core'
import { strFromU8, unzipSync } from 'fflate'
import { repoRoot, startServer, type RunningServer } from '../support/server.ts'
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

describe("a snapshot's fingerprint on the page (issue 15)", () => {
  it('[V5][H9] the versions list shows "Fingeravtryck (SHA-256)" in groups of four; "Kopiera hela" puts all 64 digits on the clipboard, and they hash the stored bytes', async () => {
    const board = await createBoard(server.url, { template: 'golden-circle', title: 'Fingeravtryck' })
    const ctx = await watchedContext(browser, { permissions: ['clipboard-read', 'clipboard-write'] })
    contexts.push(ctx)
    const petra = await ctx.page()
    await openBoard(petra, local(board.links.facilitator), 'Petra')
    await addNote(petra, 700, 450, 'Beslutat underlag')
    await saved(petra)
    await openTools(petra, 'after')
    await petra.getByRole('textbox', { name: 'Namn på versionen (frivilligt)' }).fill('Till styrelsen')
    await petra.getByRole('button', { name: 'Spara en version' }).click()
    const item = petra.locator('[data-snapshot]').filter({ has: petra.locator('.admin-name', { hasText: 'Till styrelsen' }) })
    await item.waitFor({ timeout: 15_000 })

    const { snapshots } = (await (await fetch(`${server.url}/api/boards/${board.id}/snapshots?key=${board.keys.facilitator}`)).json()) as {
      snapshots: { id: string; name: string; sha256: string }[]
    }
    const snap = snapshots.find((s) => s.name === 'Till styrelsen')!
    expect(snap.sha256).toMatch(/^[0-9a-f]{64}$/)
    const stored = new Uint8Array(
      await (await fetch(`${server.url}/api/boards/${board.id}/snapshots/${snap.id}/export?format=yjs&key=${board.keys.facilitator}`)).arrayBuffer(),
    )
    expect(createHash('sha256').update(stored).digest('hex')).toBe(snap.sha256)

    // shown: the label, the first 16 digits in four groups, the whole in the tooltip
    const fp = item.locator('.admin-fingerprint')
    expect(await fp.innerText()).toContain('Fingeravtryck (SHA-256):')
    const short = `${snap.sha256.slice(0, 4)} ${snap.sha256.slice(4, 8)} ${snap.sha256.slice(8, 12)} ${snap.sha256.slice(12, 16)} …`
    expect(await fp.locator('code').innerText()).toBe(short)
    expect(await fp.locator('code').getAttribute('title')).toBe(snap.sha256)
    mkdirSync(join(repoRoot, '.tavla-test'), { recursive: true })
    await item.screenshot({ path: join(repoRoot, '.tavla-test', 'snapshot-fingerprint.png') })

    // copied whole, by keyboard: the button is reachable and named after the version
    const copy = fp.getByRole('button', { name: 'Kopiera hela fingeravtrycket (SHA-256) för Till styrelsen' })
    await copy.focus()
    await petra.keyboard.press('Enter')
    await waitFor(async () => (await copy.innerText()) === 'Kopierad!', 'the button says it copied')
    expect(await petra.evaluate(() => navigator.clipboard.readText())).toBe(snap.sha256)

    // its archive package, from the same row: named by its id, its manifest names the same fingerprint (packages/export SPEC [A1], [A4])
    const [download] = await Promise.all([
      petra.waitForEvent('download', { timeout: 90_000 }),
      item.getByRole('button', { name: 'Ladda ner Till styrelsen som Arkivpaket' }).click(),
    ])
    expect(download.suggestedFilename()).toBe(`tavla-${board.id}-${snap.id}.zip`)
    const packed = unzipSync(new Uint8Array(readFileSync((await download.path())!)))
    const manifest = JSON.parse(strFromU8(packed[`tavla-${board.id}-${snap.id}/metadata/descriptive/manifest.json`]!))
    expect(manifest.snapshot).toMatchObject({ id: snap.id, name: 'Till styrelsen', sha256: snap.sha256 })
    expect(createHash('sha256').update(packed[`tavla-${board.id}-${snap.id}/representations/rep1/data/dokument.yjs`]!).digest('hex')).toBe(snap.sha256)

    // and the snapshot cannot change in the database any more
    const db = new DatabaseSync(join(server.dataDir, 'tavla.db'))
    try {
      db.exec('PRAGMA busy_timeout = 5000')
      expect(() => db.prepare("UPDATE session_snapshots SET name = 'Ändrad' WHERE id = ?").run(snap.id)).toThrow(/cannot change once taken/)
    } finally {
      db.close()
    }
  })
})
