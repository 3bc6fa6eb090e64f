// Prints the plain closing line CI reads ("N passed, N failed") from vitest's JSON report.
import { readFileSync } from 'node:fs'

const file = process.argv[2] ?? '.tavla-test/results.json'
try {
  const r = JSON.parse(readFileSync(file, 'utf8')) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number }
  const skipped = r.numPendingTests + r.numTodoTests
  console.log(`\ntests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ''}`)
} catch (err) {
  console.log(`\ntests: no report at ${file} (${(err as Error).message})`)
}
