// The browser scenarios of issue 16, run after the server races (each starts its own tavla server
// and Chromium): `weak-link` (slow 4G) and `big-board` (1,000 notes beside a plain tldraw page).
import { bigBoardGoals, bigBoardTable, runBigBoard, type BigBoardResult } from './bigBoard.ts'
import { runWeakLink, weakLinkGoals, weakLinkTable, type WeakLinkResult } from './weakLink.ts'

export const BROWSER_SCENARIOS = ['weak-link', 'big-board'] as const

export interface BrowserResults {
  weakLink?: WeakLinkResult
  bigBoard?: BigBoardResult
  goals: { goal: string; detail: string; met: boolean }[]
  text: string
}

export async function runBrowserScenarios(asked: string[], opts: { quick: boolean; rounds: number }): Promise<BrowserResults> {
  const out: BrowserResults = { goals: [], text: '' }
  const parts: string[] = []
  for (const s of BROWSER_SCENARIOS) {
    if (!asked.includes(s)) continue
    const t0 = performance.now()
    process.stdout.write(`  ${s} · tavla${s === 'big-board' ? ' + plain tldraw' : ''} (Chromium) … `)
    try {
      if (s === 'weak-link') {
        out.weakLink = await runWeakLink({ runs: opts.quick ? 1 : 3 * opts.rounds })
        parts.push(weakLinkTable(out.weakLink))
        out.goals.push(...weakLinkGoals(out.weakLink))
      } else {
        out.bigBoard = await runBigBoard({ notes: 1000, runs: opts.quick ? 1 : 3 * opts.rounds })
        parts.push(bigBoardTable(out.bigBoard))
        out.goals.push(...bigBoardGoals(out.bigBoard))
      }
      console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s`)
    } catch (err) {
      console.log(`error: ${(err as Error).message.split('\n')[0]}`)
      parts.push(`${s}: error: ${(err as Error).stack}`)
    }
  }
  out.text = parts.join('\n\n')
  return out
}
