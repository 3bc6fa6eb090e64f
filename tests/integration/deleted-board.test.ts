// Issue 14 (attacker report): a server write that lands on a board deleted meanwhile. The storage
// refuses updates of a board that no longer exists, so such a room used to retry for ever, never
// unload, and keep /healthz at 503 `retrying` for good. apps/server SPEC [H15] and [W6]: a server
// change on a board whose row is gone opens no room (404 `board_not_found`); a room whose write
// fails because its board row is gone is dropped (4404), its updates discarded; a write that fails
// while the board exists is kept and retried. Each race is opened on purpose by holding one
// storage call, on SQLite and on Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'
import { startPostgres, type RunningPostgres } from '../support/postgres.ts'

/**
 * Holds the server's next call of `obj[method]` for `boardId` (its first argument) until released:
 * before the call reaches the original, or (`after`) once the original has answered, holding its
 * answer. A window inside a request, opened on purpose instead of hoped for.
 */
function pause<T extends object>(obj: T, method: keyof T & string, boardId: string, opts: { after?: boolean } = {}) {
  const own = obj as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
  const original = own[method]!
  const wasOwn = Object.hasOwn(obj, method)
  let release!: () => void
  let reached!: () => void
  const open = new Promise<void>((r) => (release = r))
  const at = new Promise<void>((r) => (reached = r))
  own[method] = async function (this: unknown, ...args: unknown[]) {
    if (args[0] !== boardId) return original.apply(this, args)
    if (wasOwn) own[method] = original
    else delete own[method] // the class's own method again
    if (opts.after) {
      const out = await original.apply(this, args)
      reached()
      await open
      return out
    }
    reached()
    await open
    return original.apply(this, args)
  }
  return { reached: at, release }
}

const backends: [string, () => Promise<{ env: Record<string, string>; stop?: () => Promise<void> }>][] = [
  ['SQLite', async () => ({ env: {} })],
  [
    'Postgres',
    async () => {
      const pg: RunningPostgres = await startPostgres()
      return { env: { DATABASE_URL: await pg.createDatabase('deleted'), KEY_SECRET: 'deleted-board-test-secret-0123456789abcdef' }, stop: () => pg.close() }
    },
  ],
]

describe.each(backends)('a late write to a deleted board (%s)', (_name, backend) => {
  let s: InProcessServer
  let stopBackend: (() => Promise<void>) | undefined
  const clients: Client[] = []
  beforeAll(async () => {
    const b = await backend()
    stopBackend = b.stop
    s = await startInProcess({ MAX_BOARDS_PER_MINUTE: '1000', ...b.env })
  }, 300_000)
  afterAll(async () => {
    for (const c of clients) c.destroy()
    await s?.close()
    await stopBackend?.()
  }, 60_000)

  const call = (method: string, path: string, key: string, json?: unknown) =>
    fetch(`${s.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: json === undefined ? undefined : JSON.stringify(json),
    })
  const errorOf = async (res: Response) => ({ status: res.status, code: ((await res.json()) as { error?: { code: string } }).error?.code })
  const health = async () => {
    const res = await fetch(`${s.url}/healthz`)
    return { status: res.status, body: (await res.json()) as { storage: string; unsavedUpdates: number } }
  }
  const storedNotes = async (boardId: string) => {
    const doc = new Y.Doc()
    for (const u of (await s.storage.loadDoc(boardId)).updates) Y.applyUpdate(doc, u)
    const notes = readRecords(recordsOf(doc))
    doc.destroy()
    return notes
  }
  /** Nothing of the deleted board is left: no room, nothing unsaved, no rows written after the delete, health ok. */
  const nothingLeft = async (boardId: string) => {
    await waitFor(() => !s.rooms.isOpen(boardId), 'no room of the deleted board', 5000)
    expect(s.rooms.stats()).toMatchObject({ unsavedUpdates: 0, retryingRooms: 0 })
    expect(await health()).toMatchObject({ status: 200, body: { storage: 'ok', unsavedUpdates: 0 } })
    expect(await s.storage.getBoard(boardId)).toBeUndefined()
    expect((await s.storage.loadDoc(boardId)).updates).toEqual([])
  }

  it('[H15] a facilitation action whose board is deleted midway answers 404 board_not_found and opens no room (healthz stays 200)', async () => {
    const b = await createBoard(s.url)
    // board.lock keeps a snapshot of the board before it writes anything: the delete lands there
    const gate = pause(s.rooms.history, 'trySave', b.id)
    const locked = call('POST', `/api/boards/${b.id}/facilitation`, b.keys.facilitator, { action: 'board.lock' })
    await gate.reached
    expect((await call('DELETE', `/api/boards/${b.id}`, b.keys.facilitator)).status).toBe(204)
    gate.release()
    expect(await errorOf(await locked)).toEqual({ status: 404, code: 'board_not_found' })
    await nothingLeft(b.id)
  })

  it('[H15] a trash restore whose board is deleted midway answers 404 board_not_found and opens no room', async () => {
    const b = await createBoard(s.url)
    const note = makeNote({ id: 'back', x: 0, y: 0, text: 'tillbaka' })
    await s.storage.addTrash([{ boardId: b.id, noteId: note.id, deletedAt: Date.now(), record: note as unknown as Record<string, unknown> }], 50)
    // the entry is read (it is there), then the board goes before the note is put back
    const gate = pause(s.storage, 'getTrash', b.id, { after: true })
    const restored = call('POST', `/api/boards/${b.id}/trash/${encodeURIComponent(note.id)}/restore`, b.keys.facilitator)
    await gate.reached
    expect((await call('DELETE', `/api/boards/${b.id}`, b.keys.facilitator)).status).toBe(204)
    gate.release()
    expect(await errorOf(await restored)).toEqual({ status: 404, code: 'board_not_found' })
    await nothingLeft(b.id)
  })

  it('[W6][H15] a room whose write fails because its board row is gone is dropped: 4404 to its connections, its updates discarded', async () => {
    const b = await createBoard(s.url)
    const c = connectClient(s.wsUrl, b.id, b.keys.participant)
    clients.push(c)
    await c.synced
    // The board is deleted where this process does not hear of it (another process, its word
    // lost while Redis reconnected): here the room stays open, and its next write is refused.
    const gate = pause(s.storage, 'appendUpdates', b.id)
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'late', x: 0, y: 0, text: 'för sent' })])
    await gate.reached
    expect(await s.storage.deleteBoard(b.id)).toBe(true)
    gate.release()
    expect(await Promise.race([c.closed, new Promise((r) => setTimeout(() => r('still open after 5 s'), 5000))])).toBe(4404)
    c.destroy()
    await nothingLeft(b.id)
    expect(s.rooms.stats().retryingRooms).toBe(0)
  })

  it('[W6] a write that fails while the board exists is kept in memory and retried until it is written', async () => {
    const b = await createBoard(s.url)
    const c = connectClient(s.wsUrl, b.id, b.keys.participant)
    clients.push(c)
    await c.synced
    const storage = s.storage as unknown as Record<string, (...args: unknown[]) => Promise<unknown>>
    const append = storage.appendUpdates!
    const wasOwn = Object.hasOwn(storage, 'appendUpdates')
    let failures = 0
    storage.appendUpdates = async function (this: unknown, ...args: unknown[]) {
      if (args[0] === b.id && failures < 3) {
        failures++
        throw new Error('storage unreachable (test)')
      }
      return append.apply(this, args)
    }
    try {
      writeRecords(recordsOf(c.doc), [makeNote({ id: 'kept', x: 0, y: 0, text: 'kvar' })])
      await waitFor(() => failures >= 1, 'the first write failed')
      expect(s.rooms.isOpen(b.id)).toBe(true)
      expect(s.rooms.rooms.get(b.id)!.unsavedCount).toBeGreaterThan(0)
      await waitFor(async () => (await storedNotes(b.id)).has('shape:kept'), 'written once storage takes it', 10_000)
    } finally {
      if (wasOwn) storage.appendUpdates = append
      else delete storage.appendUpdates // the class's own method again
    }
    expect(failures).toBe(3)
    await waitFor(() => s.rooms.rooms.get(b.id)?.unsavedCount === 0, 'nothing unsaved')
    expect((await health()).status).toBe(200)
    c.destroy()
    await waitFor(() => !s.rooms.isOpen(b.id), 'unloaded when the last connection left')
    expect(await s.storage.getBoard(b.id)).toBeDefined()
  })
})
