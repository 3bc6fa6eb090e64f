// Issue 8, in the browser: a board with 1,000 notes and 30 other participants' moving cursors.
// Chromium's own timing APIs measure the frames (requestAnimationFrame intervals, and Long
// Animation Frames for the work behind slow ones) while the cursors move, while the person pans
// and while they drag a note. The figures are reported (console and tests/artifacts/frame-times.json),
// not held to a threshold: speed is shown by the benchmark, never by a timed test. What is asserted
// is the behaviour: every note and every cursor is on the page, and the page keeps up with the
// board (the last moves of the cursors and of the dragged note arrive).
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Browser, Page } from 'playwright-core'
import { makeNote, recordsOf, writeRecords } from '@tavla/board'
import { startServer, type RunningServer } from '../support/server.ts'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { cursorPeer, type CursorPeer } from '../support/cursors.ts'
import { artifacts, launch, watchedContext, type WatchedContext } from '../support/browser.ts'
import { openBoard } from './helpers.ts'

const NOTES = 1000
const CURSORS = 30
const COLUMNS = 40

let server: RunningServer
let browser: Browser
let context: WatchedContext
let page: Page
let writer: Client | undefined
const cursors: CursorPeer[] = []
let moving: ReturnType<typeof setInterval> | undefined
let framesSent = 0
let framesReceived = 0
const report: Record<string, unknown> = {}

interface FrameStats {
  frames: number
  fps: number
  p50: number
  p95: number
  p99: number
  max: number
  over50ms: number
  longAnimationFrames: number
  longestBlockingMs: number
}

/** Runs in the page: records every frame interval for `ms`, with Long Animation Frames beside. */
async function measureFrames(p: Page, ms: number, during: () => Promise<void>): Promise<FrameStats> {
  await p.evaluate((windowMs) => {
    const w = window as unknown as { __frames: Promise<unknown> }
    w.__frames = new Promise((resolve) => {
      const deltas: number[] = []
      const loafs: { duration: number; blockingDuration: number }[] = []
      let observer: PerformanceObserver | undefined
      try {
        observer = new PerformanceObserver((list) => {
          for (const e of list.getEntries())
            loafs.push({ duration: e.duration, blockingDuration: (e as unknown as { blockingDuration: number }).blockingDuration ?? 0 })
        })
        observer.observe({ type: 'long-animation-frame', buffered: false })
      } catch {
        // an older Chromium without Long Animation Frames: the intervals still tell
      }
      const start = performance.now()
      let last = start
      const tick = (now: number) => {
        deltas.push(now - last)
        last = now
        if (now - start < windowMs) requestAnimationFrame(tick)
        else {
          observer?.disconnect()
          resolve({ deltas: deltas.slice(1), loafs, elapsed: now - start })
        }
      }
      requestAnimationFrame(tick)
    })
  }, ms)
  await during()
  const raw = (await p.evaluate(() => (window as unknown as { __frames: Promise<unknown> }).__frames)) as {
    deltas: number[]
    loafs: { duration: number; blockingDuration: number }[]
    elapsed: number
  }
  const sorted = [...raw.deltas].sort((a, b) => a - b)
  const q = (f: number) => Math.round((sorted[Math.min(sorted.length - 1, Math.floor(f * sorted.length))] ?? 0) * 10) / 10
  return {
    frames: sorted.length,
    fps: Math.round((sorted.length / raw.elapsed) * 1000 * 10) / 10,
    p50: q(0.5),
    p95: q(0.95),
    p99: q(0.99),
    max: Math.round((sorted.at(-1) ?? 0) * 10) / 10,
    over50ms: sorted.filter((d) => d > 50).length,
    longAnimationFrames: raw.loafs.length,
    longestBlockingMs: Math.round(Math.max(0, ...raw.loafs.map((l) => l.blockingDuration))),
  }
}

/** A fractional index key (tldraw's z-order): 'a1' and a fraction that never ends in '0'. */
const indexKey = (n: number) => `a1${n.toString(36).padStart(3, '0')}V`

/** Where peer i's cursor is at step n: each circles over its own part of the board. */
const cursorAt = (i: number, n: number) => {
  const cx = 400 + (i % 6) * 1400
  const cy = 400 + Math.floor(i / 6) * 1000
  return { x: cx + Math.cos(n / 5 + i) * 300, y: cy + Math.sin(n / 5 + i) * 300 }
}

beforeAll(async () => {
  server = await startServer()
  browser = await launch()
})
afterAll(async () => {
  if (moving) clearInterval(moving)
  for (const c of cursors) c.close()
  writer?.destroy()
  await browser?.close()
  await server?.stop()
  expect(context?.outside ?? [], 'requests to other hosts').toEqual([])
})

describe('a large board in the browser', () => {
  let boardId = ''
  let key = ''

  it('a board with 1,000 notes and 30 other people, each with a moving cursor', async () => {
    const board = await createBoard(server.url, { template: 'blank', title: 'Stor tavla' })
    boardId = board.id
    key = board.keys.participant
    // The notes come from one participant's client, 100 to a transaction, as a busy session would.
    writer = connectClient(server.wsUrl, boardId, key)
    await writer.synced
    for (let start = 0; start < NOTES; start += 100) {
      const batch = Array.from({ length: 100 }, (_, k) => {
        const n = start + k
        return makeNote({
          id: `n${n}`,
          x: (n % COLUMNS) * 220,
          y: Math.floor(n / COLUMNS) * 220,
          text: `Idé ${n + 1}: fler mötesplatser mellan myndigheterna`,
          index: indexKey(n),
        })
      })
      writeRecords(recordsOf(writer.doc), batch)
    }
    for (let i = 0; i < CURSORS; i++) cursors.push(cursorPeer(server.wsUrl, boardId, key, i))
    await Promise.all(cursors.map((c) => c.opened))
    let step = 0
    const move = () => {
      step++
      cursors.forEach((c, i) => {
        const { x, y } = cursorAt(i, step)
        c.moveTo(x, y)
      })
    }
    move()
    // Ten moves a second for each of the 30: what a room of people pointing at notes sends.
    moving = setInterval(move, 100)

    context = await watchedContext(browser)
    page = await context.page()
    page.on('websocket', (ws) => {
      ws.on('framesent', () => framesSent++)
      ws.on('framereceived', () => framesReceived++)
    })
    const t0 = Date.now()
    await openBoard(page, board.links.participant, 'Mätaren', 90_000)
    await page.waitForFunction((n) => (window as any).tavla.editor.getCurrentPageShapes().filter((s: any) => s.type === 'note').length === n, NOTES, {
      timeout: 60_000,
    })
    report.openToAllNotesMs = Date.now() - t0
    await page.waitForFunction((n) => (window as any).tavla.editor.getCollaborators().length >= n, CURSORS, { timeout: 30_000 })
    await page.evaluate(() => (window as any).tavla.editor.zoomToFit({ animation: { duration: 0 } }))
    // Every cursor is drawn: tldraw puts one element per visible collaborator cursor on the page.
    await page.waitForFunction((n) => document.querySelectorAll('.tl-collaborator__cursor').length >= n, CURSORS, { timeout: 30_000 })
    await page.screenshot({ path: join(artifacts, 'board-1000-notes-30-cursors.png') })
  }, 300_000) // opening 1,000 notes takes tens of seconds when CI runs other tests beside it

  it('frame times while the 30 cursors move; the page sends only its own presence', async () => {
    const [sent, received] = [framesSent, framesReceived]
    const stats = await measureFrames(page, 5000, async () => {})
    report.cursorsMoving = { ...stats, framesReceived: framesReceived - received, framesSent: framesSent - sent }
    expect(stats.frames).toBeGreaterThan(0)
    // 30 people × 10 moves/s arrive (merged per server tick into fewer frames); an idle page sends
    // at most its own presence, never the others' moves back (y-websocket's provider would: [W4]).
    expect(framesReceived - received).toBeGreaterThan(100)
    expect(framesSent - sent).toBeLessThan(50)
    // The page keeps up: a cursor's latest position arrives (not only its first).
    const seen = await page.evaluate(() => (window as any).tavla.editor.getCollaborators().map((c: any) => c.cursor?.x))
    await page.waitForFunction((before) => (window as any).tavla.editor.getCollaborators().some((c: any, i: number) => c.cursor?.x !== before[i]), seen, {
      timeout: 5_000,
    })
  })

  it('frame times while panning across the whole board', async () => {
    await page.evaluate(() => (window as any).tavla.editor.setCurrentTool('hand'))
    const stats = await measureFrames(page, 5000, async () => {
      await page.mouse.move(700, 450)
      await page.mouse.down()
      for (let i = 0; i < 40; i++) await page.mouse.move(700 + Math.sin(i / 4) * 400, 450 + Math.cos(i / 4) * 250, { steps: 1 })
      await page.mouse.up()
    })
    report.panning = stats
    expect(stats.frames).toBeGreaterThan(0)
  })

  it('frame times while dragging a note at 100 % zoom, and the others see where it ends', async () => {
    await page.evaluate(() => {
      const ed = (window as any).tavla.editor
      ed.setCurrentTool('select')
      ed.setCamera({ x: 0, y: 0, z: 1 }, { animation: { duration: 0 } })
    })
    // The note nearest the middle of the view, clear of tldraw's menus.
    const target = await page.evaluate(() => {
      const ed = (window as any).tavla.editor
      const mid = ed.getViewportPageBounds().center
      let best: { id: string; x: number; cx: number; cy: number } | undefined
      let bestDistance = Infinity
      for (const shape of ed.getCurrentPageShapes()) {
        if (shape.type !== 'note') continue
        const b = ed.getShapePageBounds(shape.id)
        const d = Math.hypot(b.center.x - mid.x, b.center.y - mid.y)
        if (d < bestDistance) [best, bestDistance] = [{ id: shape.id, x: shape.x, cx: b.center.x, cy: b.center.y }, d]
      }
      const p = ed.pageToScreen({ x: best!.cx, y: best!.cy })
      return { id: best!.id, x: best!.x, sx: p.x, sy: p.y }
    })
    const screen = { x: target.sx, y: target.sy }
    const stats = await measureFrames(page, 4000, async () => {
      await page.mouse.move(screen.x, screen.y)
      await page.mouse.down()
      for (let i = 1; i <= 40; i++) await page.mouse.move(screen.x + i * 8, screen.y + i * 5, { steps: 1 })
      await page.mouse.up()
    })
    report.draggingANote = stats
    expect(stats.frames).toBeGreaterThan(0)
    const after = await page.evaluate((id) => (window as any).tavla.editor.getShape(id), target.id)
    expect(after.x).toBeGreaterThan(target.x + 200)
    // The drag went out through the server: the writer's doc has the note where the page left it.
    const { readRecords } = await import('@tavla/board')
    await waitFor(
      () => Math.abs(((readRecords(recordsOf(writer!.doc)).get(target.id) as { x: number } | undefined)?.x ?? 0) - after.x) < 0.5,
      'the dragged note reaches the other clients',
    )
  })

  it('reports the frame times', () => {
    const result = { notes: NOTES, cursors: CURSORS, cursorMovesPerSecond: CURSORS * 10, cores: 2, ...report }
    writeFileSync(join(artifacts, 'frame-times.json'), JSON.stringify(result, null, 2))
    console.log(`frame times (ms), 1,000 notes and 30 moving cursors:\n${JSON.stringify(result, null, 2)}`)
    expect(context.errors).toEqual([])
  })
})
