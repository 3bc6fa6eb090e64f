// A stand-in report worker for ReportPool's tests: it answers, fails, dies or waits as the task says.
import { parentPort } from 'node:worker_threads'

type TestTask =
  | { action: 'echo'; text: string }
  | { action: 'fail' }
  | { action: 'exit' }
  | { action: 'throw' }
  | { action: 'hold'; gate: Int32Array; text: string }

parentPort!.on('message', (t: TestTask) => {
  if (t.action === 'fail') return parentPort!.postMessage({ ok: false, message: 'the font is missing' })
  if (t.action === 'exit') process.exit(3)
  if (t.action === 'throw')
    setTimeout(() => {
      throw new Error('out of cheese')
    })
  if (t.action === 'hold') Atomics.wait(t.gate, 0, 0) // until the test releases it
  if (t.action === 'echo' || t.action === 'hold') parentPort!.postMessage({ ok: true, body: new TextEncoder().encode(t.text) })
})
