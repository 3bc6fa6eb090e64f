// A report worker thread (ReportPool): makes the decision report (PDF, Word) and the board's
// picture (SVG, PNG) off the server's event loop, one task at a time (tasks.ts).
import { parentPort } from 'node:worker_threads'
import * as Y from 'yjs'
import { boardPng, boardSvg, buildReport, reportDocx, reportPdf } from '@tavla/report'
import type { RenderResult, RenderTask } from './tasks.ts'

const docOf = (state: Uint8Array) => {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, state)
  return doc
}

async function render(task: RenderTask): Promise<Uint8Array> {
  if (task.kind === 'picture') {
    const svg = boardSvg(docOf(task.state), task.options)
    return task.format === 'svg' ? Buffer.from(svg, 'utf8') : boardPng(svg)
  }
  const { exercises, ...rest } = task.request
  const report = buildReport({ ...rest, exercises: exercises.map(({ state, ...e }) => ({ ...e, doc: docOf(state) })) })
  return task.format === 'pdf' ? reportPdf(report) : reportDocx(report)
}

const port = parentPort
if (!port) throw new Error('reportWorker.ts runs as a worker thread (ReportPool), not on its own.')
port.on('message', (task: RenderTask) => {
  render(task).then(
    (body) => {
      const out: RenderResult = { ok: true, body }
      // a Buffer may be a slice of Node's shared pool: transfer only a buffer of its own
      const own = body.byteOffset === 0 && body.byteLength === body.buffer.byteLength
      try {
        port.postMessage(out, own ? [body.buffer as ArrayBuffer] : [])
      } catch {
        // resvg's PNG lives in native memory, which cannot be handed over: it is copied instead
        port.postMessage(out)
      }
    },
    (err: unknown) => {
      const out: RenderResult = { ok: false, message: err instanceof Error ? err.message : String(err) }
      port.postMessage(out)
    },
  )
})
