// Summarizes a .cpuprofile (from `npm run bench -- --profile`): self time per function, top N.
// Usage: node bench/src/profileSummary.ts <file.cpuprofile> [n]
import { readFileSync } from 'node:fs'

interface Node {
  id: number
  callFrame: { functionName: string; url: string; lineNumber: number }
  children?: number[]
}
interface Profile {
  nodes: Node[]
  samples: number[]
  timeDeltas: number[]
}

const [file, nArg] = process.argv.slice(2)
if (!file) {
  console.error('usage: node bench/src/profileSummary.ts <file.cpuprofile> [n]')
  process.exit(2)
}
const prof = JSON.parse(readFileSync(file, 'utf8')) as Profile
const byId = new Map(prof.nodes.map((n) => [n.id, n]))
const self = new Map<string, number>()
let total = 0
prof.samples.forEach((id, i) => {
  const n = byId.get(id)
  const dt = prof.timeDeltas[i] ?? 0
  total += dt
  if (!n) return
  const url = n.callFrame.url.replace(/^file:\/\/.*?node_modules\/(\.pnpm\/[^/]+\/node_modules\/)?/, '').replace(/^file:\/\/\/work\/main\//, '')
  const key = `${n.callFrame.functionName || '(anonymous)'}  ${url}:${n.callFrame.lineNumber + 1}`
  self.set(key, (self.get(key) ?? 0) + dt)
})
const idle = [...self.entries()].filter(([k]) => k.startsWith('(idle)')).reduce((a, [, v]) => a + v, 0)
const busy = total - idle
const top = [...self.entries()]
  .filter(([k]) => !k.startsWith('(idle)'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, Number(nArg ?? 30))
console.log(`${(total / 1e6).toFixed(2)} s sampled, ${(busy / 1e6).toFixed(2)} s busy; self time in % of busy:`)
for (const [k, v] of top) console.log(`${((v / busy) * 100).toFixed(1).padStart(5)} %  ${k}`)
