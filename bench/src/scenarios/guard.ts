// The update guard's cost (apps/server SPEC [W14]) for the worst shapes of update, on a board at
// the size limit (MAX_BOARD_BYTES, 8 MiB by default), measured in this process beside what Yjs
// itself takes to apply the same update. `npm run bench -- --scenario guard`.
import * as Y from 'yjs'
import { BoardPolicy, craftUpdate, ensureRoots } from '@tavla/server'

export interface GuardRow {
  shape: string
  updateBytes: number
  /** median over the runs, milliseconds */
  guardMs: number
  /** Y.applyUpdate of the same update on a copy of the board, for scale */
  applyMs: number
  verdict: string
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!

function note(i: number) {
  const id = `shape:n${i}`
  return {
    key: id,
    val: {
      id,
      typeName: 'shape',
      type: 'note',
      x: (i % 100) * 220,
      y: Math.floor(i / 100) * 220,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: { createdAt: 1, updatedAt: 1, authorId: 'u1', authorName: 'Anna Andersson' },
      props: {
        color: 'yellow',
        labelColor: 'black',
        size: 'm',
        font: 'draw',
        fontSizeAdjustment: 1,
        align: 'middle',
        verticalAlign: 'middle',
        growY: 0,
        url: '',
        scale: 1,
        textLastEditedBy: null,
        richText: {
          type: 'doc',
          content: [{ type: 'paragraph', content: [{ type: 'text', text: `Lapp nummer ${i} med lite text om samverkan mellan myndigheterna` }] }],
        },
      },
    },
  }
}

export function runGuard(opts: { boardBytes: number; runs: number }): { boardBytes: number; notes: number; rows: GuardRow[] } {
  const board = new Y.Doc()
  ensureRoots(board, '')
  const records = board.getArray('records')
  let n = 0
  while (Y.encodeStateAsUpdate(board).byteLength < opts.boardBytes) {
    board.transact(() => {
      for (let i = 0; i < 500; i++) records.push([note(n++)])
    })
  }
  const state = Y.encodeStateAsUpdate(board)
  const items = board.store.clients.get(board.clientID)!
  const conn = { role: 'participant', id: 1 } as never
  const shapes: [string, Uint8Array][] = []
  // one note, as a page sends it
  {
    const c = new Y.Doc()
    Y.applyUpdate(c, state)
    const sv = Y.encodeStateVector(c)
    c.getArray('records').push([note(n + 1)])
    shapes.push(['one note (a page’s edit)', Y.encodeStateAsUpdate(c, sv)])
  }
  // a reconnecting page's full sync: everything known
  shapes.push(['a whole board the server has (reconnect)', state])
  // a chain at the struct limit: each valid note right after the one before, one struct each
  {
    const last = items.at(-1)!
    const structs = [{ item: { any: [note(n + 10)] }, origin: [board.clientID, last.id.clock + last.length - 1] as const }] as {
      item: { any: unknown[] }
      origin: readonly [number, number]
    }[]
    for (let i = 1; i < 5_000; i++) structs.push({ item: { any: [note(n + 10 + i)] }, origin: [777, i - 1] })
    shapes.push(['a chain of 5,000 notes, one struct each (MAX_UPDATE_STRUCTS)', craftUpdate([{ client: 777, clock: 0, structs }])])
    const over = [...structs, { item: { any: [note(n + 9)] }, origin: [777, 4_999] as const }]
    shapes.push(['the same chain with one more struct', craftUpdate([{ client: 777, clock: 0, structs: over }])])
  }
  // many structs: 5,000 clients, each one note next to a different note of the board
  {
    const groups = []
    for (let i = 0; i < 5_000; i++) {
      const s = items[Math.floor((i / 5_000) * items.length)]!
      groups.push({ client: 100_000 + i, clock: 0, structs: [{ item: { any: [note(n + 20_000 + i)] }, origin: [s.id.client, s.id.clock] as const }] })
    }
    shapes.push(['5,000 notes from 5,000 clients, each by another note', craftUpdate(groups)])
  }
  // many deletes: one range per note of the board
  {
    const ranges: [number, number, number][] = []
    for (const s of items) for (let c = s.id.clock; c < s.id.clock + s.length; c += 2) ranges.push([board.clientID, c, 1])
    shapes.push([`${ranges.length.toLocaleString('en')} delete ranges (every other note)`, craftUpdate([], ranges)])
  }
  const rows: GuardRow[] = []
  for (const [shape, update] of shapes) {
    if (process.env.GUARD_DEBUG) console.log(shape, update.byteLength)
    const guard: number[] = []
    const apply: number[] = []
    let verdict = 'accepted'
    for (let r = 0; r < opts.runs; r++) {
      const t0 = performance.now()
      try {
        new BoardPolicy(() => ({}), '', { maxUpdateStructs: 5_000 }).check(board, update, conn)
      } catch (err) {
        verdict = `refused: ${(err as Error).message.slice(0, 60)}`
      }
      guard.push(performance.now() - t0)
      if (process.env.GUARD_DEBUG) console.log('  guard', guard.at(-1))
      if (verdict !== 'accepted') continue // what the guard refuses, Yjs never sees
      const copy = new Y.Doc()
      Y.applyUpdate(copy, state)
      const t1 = performance.now()
      Y.applyUpdate(copy, update)
      apply.push(performance.now() - t1)
      copy.destroy()
    }
    rows.push({ shape, updateBytes: update.byteLength, guardMs: median(guard), applyMs: apply.length ? median(apply) : NaN, verdict })
  }
  return { boardBytes: state.byteLength, notes: n, rows }
}

export function guardTable(r: ReturnType<typeof runGuard>): string {
  const lines = [
    `Update guard on a board of ${(r.boardBytes / 1048576).toFixed(1)} MiB (${r.notes.toLocaleString('en')} notes), median of the runs:`,
    '',
    '| update | bytes | guard ms | Yjs apply ms | verdict |',
    '|---|---:|---:|---:|---|',
  ]
  for (const row of r.rows)
    lines.push(
      `| ${row.shape} | ${row.updateBytes.toLocaleString('en')} | ${row.guardMs.toFixed(2)} | ${Number.isNaN(row.applyMs) ? '—' : row.applyMs.toFixed(2)} | ${row.verdict} |`,
    )
  return lines.join('\n')
}
