// Tables (markdown, readable in a terminal too), ratios against the best reference server, and
// the goals of issue 8 checked against one run.
import { cpus, availableParallelism, totalmem, release } from 'node:os'
import { readFileSync } from 'node:fs'
import type { ChurnResult } from './scenarios/churn.ts'
import type { ColdLoadResult } from './scenarios/coldLoad.ts'
import type { FanoutResult } from './scenarios/fanout.ts'
import type { IdleMemoryResult } from './scenarios/idleMemory.ts'
import type { Target } from './servers/targets.ts'
import { median } from './stats.ts'

export type ScenarioResult = FanoutResult | ColdLoadResult | IdleMemoryResult | ChurnResult
export interface Row {
  scenario: string
  round: number
  result: ScenarioResult
}

export function machine(): Record<string, string | number> {
  let model = cpus()[0]?.model ?? 'unknown'
  try {
    model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? model
  } catch {
    // not Linux: os.cpus() is good enough
  }
  return { nproc: availableParallelism(), cpu: model, memGiB: Math.round(totalmem() / 2 ** 30), node: process.version, kernel: release() }
}

/** Other work on the machine above this (% of one core) during a window marks the row as disturbed. */
export const DISTURBED = 20

const f = (x: number, digits = 0): string => (Number.isFinite(x) ? x.toFixed(digits) : 'n/a')
const ratio = (x: number, best: number): string => (Number.isFinite(x) && Number.isFinite(best) && best > 0 ? `${(x / best).toFixed(2)}×` : 'n/a')

function bestRef<T extends ScenarioResult>(rows: T[], targets: Target[], key: (r: T) => number): T | undefined {
  const refs = rows.filter((r) => targets.find((t) => t.id === r.server)?.isReference && !r.error && Number.isFinite(key(r)))
  return refs.sort((a, b) => key(a) - key(b))[0]
}

export function tables(rows: Row[], targets: Target[]): string {
  const out: string[] = []
  const groups = new Map<string, Row[]>()
  for (const r of rows) {
    const k = `${r.scenario}#${r.round}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  const fan = [...groups.values()].filter((g) => g[0].result.kind === 'fanout')
  if (fan.length) {
    out.push(
      '| scenario | server | clients | p50 ms | p99 ms | CPU % | RSS MiB | fan-out msg/s | delivered % | CPU × best ref | p99 × best ref | gen CPU % | other CPU % |',
    )
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|')
    for (const g of fan) {
      const rs = g.map((r) => r.result as FanoutResult)
      const best = bestRef(rs, targets, (r) => r.cpuPct)
      for (const r of rs) {
        const name = `${r.server}${best === r ? ' (best ref)' : ''}`
        if (r.error && !Number.isFinite(r.cpuPct)) {
          out.push(`| ${g[0].scenario} | ${name} | ${r.clients} | error: ${r.error.slice(0, 80)} ||||||||||`)
          continue
        }
        out.push(
          `| ${g[0].scenario} | ${name} | ${r.connected}/${r.clients} | ${f(r.p50Ms, 1)} | ${f(r.p99Ms, 1)} | ${f(r.cpuPct)} | ${f(r.rssMiB)} | ${f(r.fanoutMsgsPerSec)} | ${f(r.deliveredPct, 1)} | ${best ? ratio(r.cpuPct, best.cpuPct) : 'n/a'} | ${best ? ratio(r.p99Ms, best.p99Ms) : 'n/a'} | ${f(r.generatorCpuPct)} | ${f(r.otherCpuPct)}${r.otherCpuPct > DISTURBED ? ' ⚠' : ''} |`,
        )
      }
    }
    out.push('')
  }
  const cold = [...groups.values()].filter((g) => g[0].result.kind === 'cold-load')
  if (cold.length) {
    out.push('| scenario | server | notes | doc KiB | first sync ms (median) | each restart ms | warm sync ms | RSS MiB | × best ref |')
    out.push('|---|---|---:|---:|---:|---|---:|---:|---:|')
    for (const g of cold) {
      const rs = g.map((r) => r.result as ColdLoadResult)
      const best = bestRef(rs, targets, (r) => r.firstSyncMedianMs)
      for (const r of rs) {
        const note = r.skipped ? `n/a (${r.skipped})` : r.error ? `error: ${r.error.slice(0, 80)}` : f(r.firstSyncMedianMs)
        out.push(
          `| ${g[0].scenario} | ${r.server}${best === r ? ' (best ref)' : ''} | ${r.notes} | ${f(r.docBytes / 1024)} | ${note} | ${r.firstSyncMs.map((x) => f(x)).join(', ')} | ${f(r.warmSyncMs)} | ${f(r.rssMiBAfterLoad)} | ${best ? ratio(r.firstSyncMedianMs, best.firstSyncMedianMs) : 'n/a'} |`,
        )
      }
    }
    out.push('')
  }
  const mem = [...groups.values()].filter((g) => g[0].result.kind === 'idle-memory')
  if (mem.length) {
    out.push('| scenario | server | boards loaded | data B/board | RSS 1 board MiB | RSS all MiB | KiB per board | idle CPU % | × best ref |')
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|')
    for (const g of mem) {
      const rs = g.map((r) => r.result as IdleMemoryResult)
      const best = bestRef(rs, targets, (r) => r.perBoardKiB)
      for (const r of rs) {
        if (r.error && !Number.isFinite(r.perBoardKiB)) {
          out.push(`| ${g[0].scenario} | ${r.server} | error: ${r.error.slice(0, 80)} |||||||`)
          continue
        }
        out.push(
          `| ${g[0].scenario} | ${r.server}${best === r ? ' (best ref)' : ''} | ${r.loaded}/${r.boards} | ${f(r.dataBytesPerBoard)} | ${f(r.baselineRssMiB)} | ${f(r.rssMiB)} | ${f(r.perBoardKiB, 1)} | ${f(r.idleCpuPct, 1)} | ${best ? ratio(r.perBoardKiB, best.perBoardKiB) : 'n/a'} |`,
        )
      }
    }
    out.push('')
  }
  const churn = [...groups.values()].filter((g) => g[0].result.kind === 'churn')
  if (churn.length) {
    out.push(
      '| scenario | server | boards × cycles | RSS at start MiB | RSS open MiB | RSS after 1st MiB | RSS after last MiB | last ÷ first | heap 1st → last MiB | RSS after each cycle MiB |',
    )
    out.push('|---|---|---:|---:|---:|---:|---:|---:|---:|---|')
    for (const g of churn) {
      for (const r of g.map((x) => x.result as ChurnResult)) {
        const first = r.rssMiB[0] ?? Number.NaN
        const last = r.rssMiB[r.rssMiB.length - 1] ?? Number.NaN
        const heap = Number.isFinite(r.heapMiB[0] ?? Number.NaN) ? `${f(r.heapMiB[0]!)} → ${f(r.heapMiB[r.heapMiB.length - 1]!)}` : 'n/a'
        const note = r.error ? ` (error: ${r.error.slice(0, 60)})` : r.roomsLeft ? ` (${r.roomsLeft} rooms still loaded)` : ''
        out.push(
          `| ${g[0].scenario} | ${r.server} | ${r.boards} × ${r.rssMiB.length}/${r.cycles} | ${f(r.startRssMiB)} | ${f(r.openRssMiB)} | ${f(first)} | ${f(last)} | ${ratio(last, first)} | ${heap} | ${r.rssMiB.map((x) => f(x)).join(', ')}${note} |`,
        )
      }
    }
    out.push('')
  }
  return out.join('\n')
}

export interface Goal {
  goal: string
  met: boolean | null
  detail: string
}

/** Issue 8's goals, checked for tavla against the best reference server of the same run and round. */
export function goals(rows: Row[], targets: Target[]): Goal[] {
  const out: Goal[] = []
  const find = <T extends ScenarioResult>(scenario: string, round: number): T[] =>
    rows.filter((r) => r.scenario === scenario && r.round === round).map((r) => r.result as T)
  const rounds = [...new Set(rows.map((r) => r.round))]
  for (const round of rounds) {
    for (const scenario of ['big-room', 'conference']) {
      const rs = find<FanoutResult>(scenario, round)
      const ours = rs.find((r) => r.server === 'tavla')
      const best = bestRef(rs, targets, (r) => r.cpuPct)
      if (!ours || !best) continue
      const cpuOk = ours.cpuPct <= best.cpuPct / 2
      const p99Ok = ours.p99Ms <= best.p99Ms
      out.push({
        goal: `${scenario}: CPU ≤ ½ of best ref (${best.server})`,
        met: !ours.error && cpuOk,
        detail: `${f(ours.cpuPct)} % vs ${f(best.cpuPct)} % (${ratio(ours.cpuPct, best.cpuPct)})`,
      })
      out.push({ goal: `${scenario}: p99 ≤ best ref (${best.server})`, met: !ours.error && p99Ok, detail: `${f(ours.p99Ms, 1)} ms vs ${f(best.p99Ms, 1)} ms` })
      if (scenario === 'conference')
        out.push({
          goal: 'conference: 1,000 clients in one room at p99 < 100 ms',
          met: !ours.error && ours.connected === ours.clients && ours.p99Ms < 100,
          detail: `${ours.connected}/${ours.clients} connected, p99 ${f(ours.p99Ms, 1)} ms, delivered ${f(ours.deliveredPct, 1)} %`,
        })
    }
    const cold = find<ColdLoadResult>('cold-load', round).find((r) => r.server === 'tavla')
    if (cold)
      out.push({
        goal: '2,000-note board loads in < 300 ms',
        met: !cold.error && cold.firstSyncMedianMs < 300,
        detail: cold.error ?? `median ${f(cold.firstSyncMedianMs)} ms (${cold.firstSyncMs.map((x) => f(x)).join(', ')})`,
      })
    const churn = find<ChurnResult>('churn', round).find((r) => r.server === 'tavla')
    if (churn) {
      const first = churn.rssMiB[0] ?? Number.NaN
      const last = churn.rssMiB[churn.rssMiB.length - 1] ?? Number.NaN
      out.push({
        goal: `churn: RSS after ${churn.cycles} open/close cycles ≤ 1.25× after the first (issue 16)`,
        met: !churn.error && churn.rssMiB.length === churn.cycles && last <= 1.25 * first,
        detail: churn.error ?? `${f(first)} → ${f(last)} MiB (${ratio(last, first)})`,
      })
    }
    const mem = find<IdleMemoryResult>('idle-memory', round).find((r) => r.server === 'tavla')
    if (mem)
      out.push({
        goal: 'idle loaded board < 100 KiB beyond its data',
        met: !mem.error && mem.perBoardKiB - mem.dataBytesPerBoard / 1024 < 100,
        detail: mem.error ?? `${f(mem.perBoardKiB, 1)} KiB per board, of which data ${f(mem.dataBytesPerBoard / 1024, 1)} KiB`,
      })
  }
  return out
}

export function goalLines(gs: Goal[]): string {
  return gs.map((g) => `- ${g.met === null ? '?' : g.met ? 'met' : 'NOT met'}: ${g.goal} — ${g.detail}`).join('\n')
}

/**
 * With several rounds: one row per scenario and server holding the median of each number over the
 * rounds (cold-load keeps every restart's time), as round 0.
 */
export function medianRows(rows: Row[]): Row[] {
  const groups = new Map<string, Row[]>()
  for (const r of rows) {
    const k = `${r.scenario}\u0000${r.result.server}`
    groups.set(k, [...(groups.get(k) ?? []), r])
  }
  const out: Row[] = []
  for (const g of groups.values()) {
    // Rounds disturbed by other work on the machine are left out when an undisturbed one exists.
    const calm = g.filter((r) => !(r.result.kind === 'fanout' && r.result.otherCpuPct > DISTURBED) && !r.result.error)
    const results = (calm.length ? calm : g).map((r) => r.result as unknown as Record<string, unknown>)
    const merged: Record<string, unknown> = { ...results[0] }
    for (const [key, v] of Object.entries(results[0])) {
      if (typeof v === 'number') {
        const xs = results
          .map((r) => r[key] as number)
          .filter(Number.isFinite)
          .sort((a, b) => a - b)
        merged[key] = median(xs)
      }
    }
    if (results[0].kind === 'cold-load') {
      merged.firstSyncMs = results.flatMap((r) => r.firstSyncMs as number[])
      const all = (merged.firstSyncMs as number[]).slice().sort((a, b) => a - b)
      merged.firstSyncMedianMs = median(all)
    }
    if (results[0].kind === 'churn') {
      // cycle by cycle: the median of each cycle's RSS (and heap) over the rounds
      for (const key of ['rssMiB', 'heapMiB'])
        merged[key] = (results[0][key] as number[]).map((_, i) =>
          median(results.map((r) => (r[key] as number[])[i]).filter((x): x is number => Number.isFinite(x))),
        )
    }
    const errors = g.map((r) => r.result.error).filter(Boolean)
    merged.error = errors.length ? `${errors.length} of ${g.length} rounds failed: ${errors[0]}` : undefined
    merged.rounds = results.length
    out.push({ scenario: g[0].scenario, round: 0, result: merged as unknown as ScenarioResult })
  }
  return out
}
