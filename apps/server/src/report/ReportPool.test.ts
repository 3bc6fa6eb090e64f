// [L18] The report pool with real worker threads (a stand-in worker, testing/testWorker.ts): the
// limits, a failing and a dying worker, and closing.
import { afterEach, describe, expect, it } from 'vitest'
import type { HttpError } from '../errors.ts'
import { ReportPool } from './ReportPool.ts'
import type { RenderTask } from './tasks.ts'

const script = new URL('./testing/testWorker.ts', import.meta.url)
const pools: ReportPool[] = []
const pool = (maxRenders: number, maxQueue: number) => {
  const errors: string[] = []
  const p = new ReportPool(script, { maxRenders, maxQueue }, (_err, what) => errors.push(what))
  pools.push(p)
  return Object.assign(p, { errors })
}
afterEach(async () => {
  for (const p of pools.splice(0)) await p.close()
})
// the stand-in's tasks are not RenderTasks
const task = (t: Record<string, unknown>) => t as unknown as RenderTask
const gate = () => new Int32Array(new SharedArrayBuffer(4))
const release = (g: Int32Array) => {
  Atomics.store(g, 0, 1)
  Atomics.notify(g, 0)
}
const refusal = (p: Promise<unknown>) =>
  p.then(
    () => undefined,
    (e: HttpError) => ({ status: e.statusCode, code: e.code, message: e.message }),
  )

describe('ReportPool [L18]', () => {
  it('runs tasks in workers and hands back their bytes', async () => {
    const p = pool(2, 0)
    const [a, b] = await Promise.all([p.run(task({ action: 'echo', text: 'första' })), p.run(task({ action: 'echo', text: 'andra' }))])
    expect(a.toString()).toBe('första')
    expect(b.toString()).toBe('andra')
    expect(p.stats()).toEqual({ running: 0, queued: 0, workers: 2 })
  })

  it('runs at most maxRenders at once, queues maxQueue more and refuses the next with 429 report_busy', async () => {
    const p = pool(2, 1)
    const g = gate()
    const running = [p.run(task({ action: 'hold', gate: g, text: '1' })), p.run(task({ action: 'hold', gate: g, text: '2' }))]
    const queued = p.run(task({ action: 'echo', text: '3' }))
    expect(p.stats()).toMatchObject({ running: 2, queued: 1 })
    const refused = await refusal(p.run(task({ action: 'echo', text: '4' })))
    expect(refused).toMatchObject({ status: 429, code: 'report_busy' })
    expect(refused!.message).toMatch(
      /already making as many reports as it makes at once \(2, MAX_REPORT_RENDERS\) and 1 more are waiting \(MAX_REPORT_QUEUE\)\. Try again in a moment\./,
    )
    release(g)
    expect((await Promise.all([...running, queued])).map(String)).toEqual(['1', '2', '3'])
    expect(p.stats()).toMatchObject({ running: 0, queued: 0 })
    // room again
    expect(String(await p.run(task({ action: 'echo', text: '5' })))).toBe('5')
  })

  it('a task the worker reports as failed is a 500 report_failed, and the worker goes on', async () => {
    const p = pool(1, 0)
    const r = await refusal(p.run(task({ action: 'fail' })))
    expect(r).toMatchObject({ status: 500, code: 'report_failed' })
    expect(r!.message).toMatch(/could not be made: the font is missing.*still running/)
    expect(p.errors).toEqual(['report failed'])
    expect(String(await p.run(task({ action: 'echo', text: 'igen' })))).toBe('igen')
    expect(p.stats().workers).toBe(1)
  })

  it('a worker that dies (exits, or throws outside its task) fails its task with 500; a new worker takes the next one and the queue moves on', async () => {
    const p = pool(1, 2)
    const died = refusal(p.run(task({ action: 'exit' })))
    const next = p.run(task({ action: 'echo', text: 'efter' }))
    const threw = refusal(p.run(task({ action: 'throw' })))
    expect(await died).toMatchObject({ status: 500, code: 'report_failed' })
    expect(String(await next)).toBe('efter')
    expect(await threw).toMatchObject({ status: 500, code: 'report_failed', message: expect.stringMatching(/worker stopped/) })
    expect(p.errors).toEqual(['report worker died', 'report worker died'])
    expect(String(await p.run(task({ action: 'echo', text: 'sist' })))).toBe('sist')
  })

  it('close() ends the workers; what waits or runs is refused with 503 and nothing more is taken', async () => {
    const p = pool(1, 1)
    const g = gate()
    const running = refusal(p.run(task({ action: 'hold', gate: g, text: 'x' })))
    const waiting = refusal(p.run(task({ action: 'echo', text: 'y' })))
    await p.close()
    expect(await waiting).toMatchObject({ status: 503, code: 'report_busy' })
    expect(await running).toMatchObject({ status: 503, code: 'report_busy' })
    expect(await refusal(p.run(task({ action: 'echo', text: 'z' })))).toMatchObject({ status: 503 })
    expect(p.stats()).toEqual({ running: 0, queued: 0, workers: 0 })
  })
})
