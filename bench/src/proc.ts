// Server cost from /proc: CPU time (utime + stime of the process, in clock ticks) and resident
// memory. Linux only; the bench spawns each server as its own child so the pid is the server.
import { readFileSync } from 'node:fs'
import { execFileSync } from 'node:child_process'

let clkTck = 100
try {
  clkTck = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100
} catch {
  // getconf missing: Linux's USER_HZ is 100 on every common build
}

/** CPU seconds (user + system) the process has used so far. */
export function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
  // The command name (field 2) may hold spaces; the fields after its closing paren are fixed.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  const utime = Number(rest[11])
  const stime = Number(rest[12])
  return (utime + stime) / clkTck
}

export interface Memory {
  rssBytes: number
  peakRssBytes: number
}

/** Zeros when the process is gone. */
export function memory(pid: number): Memory {
  let status = ''
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    // exited: the caller reports the exit
  }
  const kib = (name: string): number => {
    const m = new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)
    return m ? Number(m[1]) * 1024 : 0
  }
  return { rssBytes: kib('VmRSS'), peakRssBytes: kib('VmHWM') }
}

/** Measures one process's CPU share over a window: start() then stop() → percent of one core. */
export class CpuMeter {
  private readonly pid: number
  private t0 = 0
  private c0 = 0
  constructor(pid: number) {
    this.pid = pid
  }
  start(): void {
    this.t0 = performance.now()
    this.c0 = cpuSeconds(this.pid)
  }
  /** NaN when the process is gone. */
  stop(): number {
    const seconds = (performance.now() - this.t0) / 1000
    let c: number
    try {
      c = cpuSeconds(this.pid)
    } catch {
      return Number.NaN
    }
    return seconds > 0 ? ((c - this.c0) / seconds) * 100 : 0
  }
}

/** The load generator's own CPU share (all its threads), to tell when it, not the server, is the limit. */
export class SelfCpuMeter {
  private t0 = 0
  private u0: NodeJS.CpuUsage = { user: 0, system: 0 }
  start(): void {
    this.t0 = performance.now()
    this.u0 = process.cpuUsage()
  }
  stop(): number {
    const seconds = (performance.now() - this.t0) / 1000
    const u = process.cpuUsage(this.u0)
    return seconds > 0 ? ((u.user + u.system) / 1e6 / seconds) * 100 : 0
  }
}

function machineBusySeconds(): number {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0] // cpu  user nice system idle iowait irq softirq steal …
  const v = line.trim().split(/\s+/).slice(1, 9).map(Number)
  const busy = v[0] + v[1] + v[2] + v[5] + v[6] + v[7]
  return busy / clkTck
}

/** CPU used by the whole machine over a window, in % of one core (so 200 = both cores of 2). */
export class MachineCpuMeter {
  private t0 = 0
  private c0 = 0
  start(): void {
    this.t0 = performance.now()
    this.c0 = machineBusySeconds()
  }
  stop(): number {
    const seconds = (performance.now() - this.t0) / 1000
    return seconds > 0 ? ((machineBusySeconds() - this.c0) / seconds) * 100 : 0
  }
}
