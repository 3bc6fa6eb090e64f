// `npm run bench [-- --scenario big-room,conference --servers tavla,hocuspocus --quick --rounds 2]`
// Runs each scenario against each server (a fresh server process per run, the order rotating
// between scenarios and rounds), prints tables and the goals of issue 8, and writes
// bench/results/<timestamp>.json.
import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { DISTURBED, goalLines, goals, machine, medianRows, tables, type Row, type ScenarioResult } from './report.ts'
import { runChurn } from './scenarios/churn.ts'
import { runColdLoad } from './scenarios/coldLoad.ts'
import { runFanout, type FanoutParams, type FanoutResult } from './scenarios/fanout.ts'
import { runIdleMemory } from './scenarios/idleMemory.ts'
import { guardTable, runGuard } from './scenarios/guard.ts'
import { BROWSER_SCENARIOS, runBrowserScenarios } from './scenarios/browser.ts'
import { allTargets, repoRoot, tavlaEnv, tavlaNodeArgs, type Target } from './servers/targets.ts'

const { values } = parseArgs({
  options: {
    scenario: { type: 'string', default: 'all' },
    servers: { type: 'string', default: allTargets.map((t) => t.id).join(',') },
    quick: { type: 'boolean', default: false },
    duration: { type: 'string' },
    warmup: { type: 'string' },
    rounds: { type: 'string', default: '1' },
    profile: { type: 'boolean', default: false },
    help: { type: 'boolean', default: false },
  },
})

const SCENARIOS = ['big-room', 'conference', 'many-rooms', 'cold-load', 'idle-memory', 'churn'] as const
/** Not a server race: the guard's cost in this process ([W14]), printed beside the tables. */
const IN_PROCESS = ['guard', ...BROWSER_SCENARIOS] as const
type Scenario = (typeof SCENARIOS)[number]

if (values.help) {
  console.log(`npm run bench -- [--scenario ${SCENARIOS.join('|')}|all (comma list)] [--servers ${allTargets.map((t) => t.id).join(',')}]
                 [--quick] [--duration s] [--warmup s] [--rounds n] [--profile]
  --profile  runs tavla's server under node --cpu-prof; profiles land in bench/results/profiles/`)
  process.exit(0)
}

const quick = values.quick
const durationS = Number(values.duration ?? (quick ? 5 : 15))
const warmupS = Number(values.warmup ?? (quick ? 1.5 : 3))
const rounds = Math.max(1, Math.min(10, Number(values.rounds)))
const asked = values.scenario === 'all' ? [...SCENARIOS, ...IN_PROCESS] : values.scenario.split(',')
for (const s of asked)
  if (![...SCENARIOS, ...IN_PROCESS].includes(s as Scenario)) throw new Error(`unknown scenario "${s}" (${[...SCENARIOS, ...IN_PROCESS].join(', ')})`)
const scenarios = asked.filter((s): s is Scenario => SCENARIOS.includes(s as Scenario))
const guard = asked.includes('guard') ? runGuard({ boardBytes: 8 * 1024 * 1024, runs: quick ? 3 : 7 }) : undefined
if (guard) console.log(`${guardTable(guard)}\n`)
const targets: Target[] = values.servers.split(',').map((id) => {
  const t = allTargets.find((x) => x.id === id)
  if (!t) throw new Error(`unknown server "${id}" (${allTargets.map((x) => x.id).join(', ')})`)
  return t
})

const fanoutParams: Record<string, Omit<FanoutParams, 'warmupS' | 'durationS'>> = {
  'big-room': { rooms: 1, clientsPerRoom: 300, writersPerRoom: 20, rate: 10, probesPerRoom: 5 },
  conference: { rooms: 1, clientsPerRoom: 1000, writersPerRoom: 10, rate: 5, probesPerRoom: 5 },
  'many-rooms': { rooms: 100, clientsPerRoom: 15, writersPerRoom: 3, rate: 2, probesPerRoom: 1 },
}

async function runOne(scenario: Scenario, target: Target): Promise<ScenarioResult> {
  if (scenario === 'cold-load') return runColdLoad(target, { notes: 2000, restarts: quick ? 1 : 3 })
  if (scenario === 'churn') {
    // The reference without persistence (y-websocket) keeps nothing of a closed room either: it belongs beside tavla.
    return runChurn(target, { boards: 100, cycles: quick ? 4 : 12, notesPerBoard: 10, openS: quick ? 0.5 : 1 })
  }
  if (scenario === 'idle-memory') return runIdleMemory(target, { boards: quick ? 300 : 1000, notesPerBoard: 10, settleS: quick ? 2 : 4 })
  try {
    return await runFanout(target, { ...fanoutParams[scenario], warmupS, durationS })
  } catch (err) {
    const p = fanoutParams[scenario]
    return {
      kind: 'fanout',
      server: target.id,
      clients: p.rooms * p.clientsPerRoom,
      connected: 0,
      writers: 0,
      sentPerSec: 0,
      p50Ms: NaN,
      p99Ms: NaN,
      maxMs: NaN,
      samples: 0,
      deliveredPct: NaN,
      cpuPct: NaN,
      rssMiB: NaN,
      peakRssMiB: NaN,
      fanoutMsgsPerSec: NaN,
      fanoutMiBPerSec: NaN,
      generatorCpuPct: NaN,
      otherCpuPct: NaN,
      closes: {},
      connectSeconds: NaN,
      error: (err as Error).message,
    } satisfies FanoutResult
  }
}

const started = new Date()
if (values.profile) {
  const profiles = join(repoRoot, 'bench/results/profiles')
  mkdirSync(profiles, { recursive: true })
  tavlaNodeArgs.push('--cpu-prof', '--cpu-prof-dir', profiles)
  console.log(`profiling tavla: ${profiles} (summarize one with node bench/src/profileSummary.ts <file>)`)
}
console.log(
  `tavla bench: ${scenarios.join(', ')} × ${targets.map((t) => t.id).join(', ')}, ${rounds} round(s), window ${durationS} s after ${warmupS} s warm-up`,
)
console.log(`machine: ${JSON.stringify(machine())}`)
const rows: Row[] = []
let turn = 0
for (let round = 1; round <= rounds; round++) {
  for (const scenario of scenarios) {
    // Alternate: each scenario starts with the next server, so no server always runs first (or last).
    const order = targets.map((_, i) => targets[(i + turn) % targets.length])
    turn++
    for (const target of order) {
      if (target.fanoutOnly && !(scenario in fanoutParams)) continue
      const t0 = performance.now()
      process.stdout.write(`  ${scenario} · ${target.id} … `)
      const result = await runOne(scenario, target)
      rows.push({ scenario, round, result })
      console.log(`${((performance.now() - t0) / 1000).toFixed(1)} s${result.error ? ` (error: ${result.error.split('\n')[0]})` : ''}`)
    }
  }
}

// Fixed scenario order in the tables, whatever order the servers ran in.
rows.sort(
  (a, b) =>
    a.round - b.round ||
    SCENARIOS.indexOf(a.scenario as Scenario) - SCENARIOS.indexOf(b.scenario as Scenario) ||
    targets.findIndex((t) => t.id === a.result.server) - targets.findIndex((t) => t.id === b.result.server),
)
// One round: its numbers. Several: the median of each number over the rounds (the JSON keeps all).
const shown = rounds > 1 ? medianRows(rows) : rows
const table = tables(shown, targets)
const gs = goals(shown, targets)
console.log(`\n${rounds > 1 ? `Median over ${rounds} rounds:\n` : ''}${table}`)
if (guard) console.log(`${guardTable(guard)}\n`)
// In the browser (issue 16): after the server races, each with its own tavla server and Chromium.
const browser = await runBrowserScenarios(asked, { quick, rounds })
if (browser.text) console.log(`\n${browser.text}\n`)
if (browser.goals.length) console.log(`Goals of issue 16 (in the browser):\n${goalLines(browser.goals)}\n`)
if (shown.some((r) => r.result.kind === 'fanout' && r.result.otherCpuPct > DISTURBED)) {
  console.log(
    `⚠ other work used more than ${DISTURBED} % of a core during some windows: those rows are disturbed; run again (or with --rounds 3) on a quiet machine.\n`,
  )
}
if (gs.length) console.log(`Goals of issue 8 (tavla):\n${goalLines(gs)}\n`)

const dir = join(repoRoot, 'bench/results')
mkdirSync(dir, { recursive: true })
const file = join(dir, `${started.toISOString().replace(/[:.]/g, '-')}.json`)
writeFileSync(
  file,
  JSON.stringify(
    {
      startedAt: started.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: machine(),
      options: { scenarios, servers: targets.map((t) => t.id), quick, durationS, warmupS, rounds, tavlaEnv },
      guard,
      browser: { weakLink: browser.weakLink, bigBoard: browser.bigBoard, goals: browser.goals },
      results: rows,
      medians: rounds > 1 ? shown : undefined,
      goals: gs,
      table,
    },
    (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? null : v),
    2,
  ),
)
console.log(`results: ${file}`)
