// The storage contract suite (SPEC.md). Every backend runs it against a real instance:
//   storageContract('sqlite', async () => new SqliteStorage(file), { reopen })
import { createHash } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import type { BoardRow, BoardStorage } from './BoardStorage.ts'

export interface ContractOptions {
  /** Opens the same store again (for [S8]); omit when the backend cannot. */
  reopen?: () => Promise<BoardStorage>
  /**
   * Runs one SQL statement on the same database past the store (`$1`, `$2` … for parameters),
   * as someone with the database's password would: for [S16], what the database itself refuses.
   */
  raw?: (sql: string, params?: unknown[]) => Promise<void>
}

let counter = 0
const row = (over: Partial<BoardRow> = {}): BoardRow => ({
  id: `board-${Date.now().toString(36)}-${++counter}`,
  title: 'Beredningsgruppen, vår',
  template: 'blank',
  createdAt: Date.now() + counter,
  updatedAt: Date.now(),
  keyHashes: { facilitator: 'f'.repeat(64), participant: 'p'.repeat(64), viewer: 'v'.repeat(64) },
  settings: {},
  ...over,
})

function textUpdate(doc: Y.Doc, text: string): Uint8Array {
  let out: Uint8Array | undefined
  const onUpdate = (u: Uint8Array) => (out = u)
  doc.once('update', onUpdate)
  doc.getText('t').insert(doc.getText('t').length, text)
  return out!
}

function stateOf(updates: Uint8Array[]): string {
  const d = new Y.Doc()
  for (const u of updates) Y.applyUpdate(d, u)
  return d.getText('t').toString()
}

export function storageContract(name: string, open: () => Promise<BoardStorage>, opts: ContractOptions = {}): void {
  describe(`storage contract: ${name}`, () => {
    let store: BoardStorage
    const openStore = async () => (store = await open())
    afterEach(async () => {
      await store?.close()
    })

    it('[S1] creates a board with its first state, and refuses a duplicate id', async () => {
      await openStore()
      const doc = new Y.Doc()
      const first = textUpdate(doc, 'hej')
      const r = row()
      await store.createBoard(r, first)
      expect(await store.getBoard(r.id)).toEqual(r)
      const loaded = await store.loadDoc(r.id)
      expect(stateOf(loaded.updates)).toBe('hej')
      await expect(store.createBoard(r, first)).rejects.toThrow()
    })

    it('[S2] unknown board is undefined; list is newest first', async () => {
      await openStore()
      expect(await store.getBoard('nope')).toBeUndefined()
      const a = row({ createdAt: 1000 })
      const b = row({ createdAt: 2000 })
      await store.createBoard(a, new Uint8Array([0, 0]))
      await store.createBoard(b, new Uint8Array([0, 0]))
      const ids = (await store.listBoards()).map((x) => x.id)
      expect(ids.indexOf(b.id)).toBeLessThan(ids.indexOf(a.id))
    })

    it('[S3][S4] appended updates load back in order with counts', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      const u1 = textUpdate(doc, 'Varför ')
      const u2 = textUpdate(doc, 'finns ')
      const seq1 = await store.appendUpdates(r.id, [u1])
      const seq2 = await store.appendUpdates(r.id, [u2, textUpdate(doc, 'vi?')])
      expect(seq2).toBeGreaterThan(seq1)
      const loaded = await store.loadDoc(r.id)
      expect(loaded.rows).toBe(3)
      expect(loaded.lastSeq).toBe(seq2)
      expect(loaded.bytes).toBeGreaterThan(0)
      expect(stateOf(loaded.updates)).toBe('Varför finns vi?')
    })

    it('[S5] compaction keeps later updates and drops earlier rows', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      const seqA = await store.appendUpdates(r.id, [textUpdate(doc, 'a'), textUpdate(doc, 'b')])
      const snapshot = Y.encodeStateAsUpdate(doc)
      await store.appendUpdates(r.id, [textUpdate(doc, 'c')])
      await store.compact(r.id, snapshot, seqA)
      const loaded = await store.loadDoc(r.id)
      expect(loaded.rows).toBe(1)
      expect(loaded.updates).toHaveLength(2)
      expect(stateOf(loaded.updates)).toBe('abc')
    })

    it('[S5] an out-of-date compaction (through an older seq than the stored snapshot) loses nothing', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      const seqA = await store.appendUpdates(r.id, [textUpdate(doc, 'a')])
      const stateA = Y.encodeStateAsUpdate(doc)
      const seqB = await store.appendUpdates(r.id, [textUpdate(doc, 'b')])
      // two processes compact; the one that read less commits last
      await store.compact(r.id, Y.encodeStateAsUpdate(doc), seqB)
      await store.compact(r.id, stateA, seqA)
      await store.appendUpdates(r.id, [textUpdate(doc, 'c')])
      expect(stateOf((await store.loadDoc(r.id)).updates)).toBe('abc')
    })

    it('[S6] delete removes the board and its document', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      await store.appendUpdates(r.id, [textUpdate(doc, 'x')])
      expect(await store.deleteBoard(r.id)).toBe(true)
      expect(await store.deleteBoard(r.id)).toBe(false)
      expect(await store.getBoard(r.id)).toBeUndefined()
      expect((await store.loadDoc(r.id)).updates).toHaveLength(0)
    })

    it('[S7] a failing append (unknown board) rejects and writes nothing', async () => {
      await openStore()
      await expect(store.appendUpdates('no-such-board', [new Uint8Array([1, 2, 3])])).rejects.toThrow()
      expect((await store.loadDoc('no-such-board')).rows).toBe(0)
    })

    it('[S4][S7] appends of many boards at once each land in order; a failing one fails alone', async () => {
      await openStore()
      const boards = Array.from({ length: 20 }, () => row())
      for (const r of boards) await store.createBoard(r, new Uint8Array([0, 0]))
      const docs = boards.map(() => new Y.Doc())
      // three rounds of appends, every board's handed in together as busy rooms do (a room has
      // one append in flight at a time: RoomPersistence), with one bad one in the last round
      const seqs: number[] = []
      for (let k = 0; k < 3; k++) {
        const round = boards.map((r, i) => store.appendUpdates(r.id, [textUpdate(docs[i]!, `${k}`)]))
        if (k === 2) await expect(store.appendUpdates('no-such-board', [new Uint8Array([1, 2, 3])])).rejects.toThrow()
        seqs.push(...(await Promise.all(round)))
      }
      expect(new Set(seqs).size).toBe(seqs.length)
      for (const [i, r] of boards.entries()) {
        const stored = await store.loadDoc(r.id)
        expect(stored.rows).toBe(3)
        const back = new Y.Doc()
        for (const u of stored.updates.slice(1)) Y.applyUpdate(back, u)
        expect(back.getText('t').toString()).toBe('012')
        expect(stored.lastSeq).toBe(seqs[2 * boards.length + i])
      }
      expect((await store.loadDoc('no-such-board')).rows).toBe(0)
    })

    it('[S4][S12] appends handed in together touch every one of their boards, also when one of them fails', async () => {
      await openStore()
      const since = Date.now() - 60_000
      for (const withBad of [false, true]) {
        const boards = Array.from({ length: 5 }, () => row({ updatedAt: 1_000 }))
        for (const r of boards) await store.createBoard(r, new Uint8Array([0, 0]))
        const calls = boards.map((r) => store.appendUpdates(r.id, [textUpdate(new Y.Doc(), 'x')]))
        const bad = withBad ? store.appendUpdates('no-such-board', [new Uint8Array([1, 2, 3])]) : undefined
        if (bad) await expect(bad).rejects.toThrow()
        await Promise.all(calls)
        const stale = await store.listBoardsUpdatedBefore(since)
        for (const r of boards) {
          expect(stale).not.toContain(r.id)
          expect((await store.getBoard(r.id))!.updatedAt).toBeGreaterThan(since)
        }
      }
    })

    it('updateBoard changes settings and keys', async () => {
      await openStore()
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      expect(await store.updateBoard(r.id, { settings: { locked: true }, title: 'Ny titel' })).toBe(true)
      expect(await store.getBoard(r.id)).toMatchObject({ title: 'Ny titel', settings: { locked: true } })
      expect(await store.updateBoard('nope', { title: 'x' })).toBe(false)
    })

    it('[S9] snapshots are stored whole, listed newest first, and go with the board', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      textUpdate(doc, 'före')
      const first = Y.encodeStateAsUpdate(doc)
      await store.saveSnapshot({ id: 's1', boardId: r.id, name: 'Efter passet', createdAt: 1000, auto: false, bytes: first.byteLength }, first)
      textUpdate(doc, ' efter')
      const second = Y.encodeStateAsUpdate(doc)
      await store.saveSnapshot({ id: 's2', boardId: r.id, name: 'Auto', createdAt: 2000, auto: true, bytes: second.byteLength }, second)
      await expect(store.saveSnapshot({ id: 's1', boardId: r.id, name: 'dup', createdAt: 3000, auto: false, bytes: 1 }, first)).rejects.toThrow()
      const list = await store.listSnapshots(r.id)
      expect(list.map((x) => [x.id, x.name, x.auto])).toEqual([
        ['s2', 'Auto', true],
        ['s1', 'Efter passet', false],
      ])
      expect(list[1]!.bytes).toBe(first.byteLength)
      const got = await store.getSnapshot(r.id, 's1')
      expect(stateOf([got!.state])).toBe('före')
      expect(await store.getSnapshot(r.id, 'nope')).toBeUndefined()
      expect(await store.getSnapshot('other-board', 's1')).toBeUndefined()
      await store.deleteBoard(r.id)
      expect(await store.listSnapshots(r.id)).toEqual([])
    })

    it('[S16] a snapshot carries the SHA-256 of its stored bytes, computed at save: the caller cannot set it', async () => {
      await openStore()
      const doc = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(doc))
      textUpdate(doc, 'fingeravtryck')
      const state = Y.encodeStateAsUpdate(doc)
      const saved = await store.saveSnapshot(
        { id: 'f1', boardId: r.id, name: 'Efter', createdAt: 1000, auto: false, bytes: state.byteLength, sha256: '0'.repeat(64) } as never,
        state,
      )
      const expected = createHash('sha256').update(state).digest('hex')
      expect(saved.sha256).toBe(expected)
      expect(saved.sha256).toMatch(/^[0-9a-f]{64}$/)
      expect((await store.listSnapshots(r.id))[0]!.sha256).toBe(expected)
      const got = await store.getSnapshot(r.id, 'f1')
      // the bytes handed back hash to the fingerprint
      expect(createHash('sha256').update(got!.state).digest('hex')).toBe(got!.info.sha256)
      expect(got!.info.sha256).toBe(expected)
    })

    it.skipIf(!opts.raw)('[S16] the database refuses to change a snapshot (data, name, time, fingerprint); deleting it still works', async () => {
      await openStore()
      const raw = opts.raw!
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      const state = new Uint8Array([1, 2, 3, 4])
      const { sha256 } = await store.saveSnapshot({ id: 'im1', boardId: r.id, name: 'Beslut', createdAt: 1000, auto: false, bytes: 4 }, state)
      const attempts: [string, unknown[]][] = [
        ['UPDATE session_snapshots SET data = $1 WHERE board_id = $2 AND id = $3', [Buffer.from([9, 9]), r.id, 'im1']],
        ['UPDATE session_snapshots SET name = $1 WHERE board_id = $2 AND id = $3', ['Ändrad', r.id, 'im1']],
        ['UPDATE session_snapshots SET created_at = $1 WHERE board_id = $2 AND id = $3', [5, r.id, 'im1']],
        ['UPDATE session_snapshots SET sha256 = $1 WHERE board_id = $2 AND id = $3', ['0'.repeat(64), r.id, 'im1']],
        ['UPDATE session_snapshots SET id = $1 WHERE board_id = $2 AND id = $3', ['im2', r.id, 'im1']],
      ]
      for (const [sql, params] of attempts) await expect(raw(sql, params), sql).rejects.toThrow(/a snapshot cannot change once taken/)
      const got = await store.getSnapshot(r.id, 'im1')
      expect(got?.info).toMatchObject({ name: 'Beslut', createdAt: 1000, sha256 })
      expect([...got!.state]).toEqual([1, 2, 3, 4])
      // deleting (the facilitator's delete, retention) is allowed, through the store and past it
      await store.saveSnapshot({ id: 'im3', boardId: r.id, name: 'Auto', createdAt: 2000, auto: true, bytes: 4 }, state)
      expect(await store.deleteSnapshot(r.id, 'im1')).toBe(true)
      await raw('DELETE FROM session_snapshots WHERE board_id = $1 AND id = $2', [r.id, 'im3'])
      expect(await store.listSnapshots(r.id)).toEqual([])
    })

    it.skipIf(!opts.raw)('[S16] a snapshot stored before fingerprints gets its own when read, and keeps it', async () => {
      await openStore()
      const raw = opts.raw!
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      const old = Buffer.from([7, 7, 7])
      await raw('INSERT INTO session_snapshots (board_id, id, name, created_at, auto, data) VALUES ($1, $2, $3, $4, $5, $6)', [
        r.id,
        'old1',
        'Från förr',
        500,
        store.kind === 'sqlite' ? 0 : false,
        old,
      ])
      const expected = createHash('sha256').update(old).digest('hex')
      expect((await store.listSnapshots(r.id))[0]!.sha256).toBe(expected)
      expect((await store.getSnapshot(r.id, 'old1'))!.info.sha256).toBe(expected)
      // it is kept: now it too cannot change
      await expect(raw('UPDATE session_snapshots SET sha256 = $1 WHERE board_id = $2', ['0'.repeat(64), r.id])).rejects.toThrow(/cannot change/)
    })

    it('[S13] the trash keeps notes newest first with author and deleter, bounded, and goes with the board', async () => {
      await openStore()
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      const note = (id: string) => ({ id, typeName: 'shape', type: 'note', meta: { authorName: 'Åsa', createdAt: 5 } })
      await store.addTrash(
        [
          { boardId: r.id, noteId: 'shape:a', deletedAt: 100, record: note('shape:a'), author: { id: 'u1', name: 'Åsa' }, deletedBy: { id: 'u2', name: 'Bo' } },
          { boardId: r.id, noteId: 'shape:b', deletedAt: 200, record: note('shape:b') },
        ],
        3,
      )
      expect((await store.listTrash(r.id)).map((e) => e.noteId)).toEqual(['shape:b', 'shape:a'])
      const a = await store.getTrash(r.id, 'shape:a')
      expect(a).toEqual({
        boardId: r.id,
        noteId: 'shape:a',
        deletedAt: 100,
        record: note('shape:a'),
        author: { id: 'u1', name: 'Åsa' },
        deletedBy: { id: 'u2', name: 'Bo' },
      })
      expect(await store.getTrash(r.id, 'shape:b')).not.toHaveProperty('deletedBy')
      // the same note deleted again replaces its entry; past `keep` the oldest go
      await store.addTrash([{ boardId: r.id, noteId: 'shape:a', deletedAt: 300, record: note('shape:a') }], 3)
      await store.addTrash(
        [
          { boardId: r.id, noteId: 'shape:c', deletedAt: 400, record: note('shape:c') },
          { boardId: r.id, noteId: 'shape:d', deletedAt: 500, record: note('shape:d') },
        ],
        3,
      )
      expect((await store.listTrash(r.id)).map((e) => e.noteId)).toEqual(['shape:d', 'shape:c', 'shape:a'])
      expect(await store.removeTrash(r.id, 'shape:c')).toBe(true)
      expect(await store.removeTrash(r.id, 'shape:c')).toBe(false)
      expect(await store.getTrash(r.id, 'shape:c')).toBeUndefined()
      await store.deleteBoard(r.id)
      expect(await store.listTrash(r.id)).toEqual([])
    })

    it('[S14] pruning keeps the newest automatic snapshots and never touches manual ones', async () => {
      await openStore()
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      const state = new Uint8Array([0, 0])
      for (let i = 1; i <= 5; i++) await store.saveSnapshot({ id: `a${i}`, boardId: r.id, name: `auto ${i}`, createdAt: i * 1000, auto: true, bytes: 2 }, state)
      await store.saveSnapshot({ id: 'm1', boardId: r.id, name: 'manual', createdAt: 1, auto: false, bytes: 2 }, state)
      expect(await store.pruneAutoSnapshots(r.id, 2)).toBe(3)
      expect((await store.listSnapshots(r.id)).map((s) => s.id)).toEqual(['a5', 'a4', 'm1'])
      expect(await store.pruneAutoSnapshots(r.id, 2)).toBe(0)
    })

    it('[S15] deleting a snapshot removes that one only, of that board only', async () => {
      await openStore()
      const r = row()
      const other = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      await store.createBoard(other, new Uint8Array([0, 0]))
      const state = new Uint8Array([0, 0])
      await store.saveSnapshot({ id: 's1', boardId: r.id, name: 'one', createdAt: 1, auto: false, bytes: 2 }, state)
      await store.saveSnapshot({ id: 's2', boardId: r.id, name: 'two', createdAt: 2, auto: false, bytes: 2 }, state)
      await store.saveSnapshot({ id: 's1', boardId: other.id, name: 'other', createdAt: 1, auto: false, bytes: 2 }, state)
      expect(await store.deleteSnapshot(r.id, 's1')).toBe(true)
      expect(await store.deleteSnapshot(r.id, 's1')).toBe(false)
      expect((await store.listSnapshots(r.id)).map((s) => s.id)).toEqual(['s2'])
      expect((await store.listSnapshots(other.id)).map((s) => s.id)).toEqual(['s1'])
    })

    it('[S10] private parts are stored apart from the shared document and go with the board', async () => {
      await openStore()
      const shared = new Y.Doc()
      const mine = new Y.Doc()
      const r = row()
      await store.createBoard(r, Y.encodeStateAsUpdate(shared))
      await store.appendUpdates(r.id, [textUpdate(shared, 'alla')])
      const seq = await store.appendUpdates(r.id, [textUpdate(mine, 'bara ')], 'voter-a')
      await store.appendUpdates(r.id, [textUpdate(mine, 'jag')], 'voter-a')
      await store.compact(r.id, Y.encodeStateAsUpdate(mine), seq, 'voter-a')
      await store.appendUpdates(r.id, [textUpdate(new Y.Doc(), 'b')], 'voter-b')
      expect(stateOf((await store.loadDoc(r.id)).updates)).toBe('alla')
      expect(stateOf((await store.loadDoc(r.id, 'voter-a')).updates)).toBe('bara jag')
      expect(await store.listDocParts(r.id)).toEqual(['voter-a', 'voter-b'])
      await store.deleteBoard(r.id)
      expect((await store.loadDoc(r.id, 'voter-a')).updates).toHaveLength(0)
      expect(await store.listDocParts(r.id)).toEqual([])
    })

    it('[S11] the audit trail keeps facilitator actions in order and goes with the board', async () => {
      await openStore()
      const r = row()
      await store.createBoard(r, new Uint8Array([0, 0]))
      await store.appendAudit({ boardId: r.id, at: 1, action: 'created', detail: { template: 'blank' } })
      await store.appendAudit({ boardId: r.id, at: 2, action: 'export', detail: { format: 'md' } })
      expect((await store.listAudit(r.id)).map((e) => [e.action, e.detail])).toEqual([
        ['created', { template: 'blank' }],
        ['export', { format: 'md' }],
      ])
      await store.deleteBoard(r.id)
      expect(await store.listAudit(r.id)).toEqual([])
    })

    it('[S17] keeps one account per issuer and subject: made on the first sign-in, its name and e-mail renewed on each', async () => {
      await openStore()
      const iss = `https://login.example.se/${++counter}`
      const first = await store.upsertAccount({ id: `acc-${counter}-a`, issuer: iss, subject: 'u1', name: 'Ada Lind', email: 'Ada@Example.se', at: 1000 })
      expect(first).toEqual({
        id: `acc-${counter}-a`,
        issuer: iss,
        subject: 'u1',
        name: 'Ada Lind',
        email: 'Ada@Example.se',
        createdAt: 1000,
        lastSignInAt: 1000,
      })
      // the same person again (a new id offered is not taken): same account, new name, new time
      const again = await store.upsertAccount({ id: `acc-${counter}-b`, issuer: iss, subject: 'u1', name: 'Ada Lind-Berg', at: 2000 })
      expect(again).toEqual({ id: first.id, issuer: iss, subject: 'u1', name: 'Ada Lind-Berg', createdAt: 1000, lastSignInAt: 2000 })
      expect(await store.getAccount(first.id)).toEqual(again)
      // the same subject at another issuer is someone else
      const other = await store.upsertAccount({ id: `acc-${counter}-c`, issuer: `${iss}/other`, subject: 'u1', email: 'bo@example.se', at: 3000 })
      expect(other.id).not.toBe(first.id)
      expect(await store.getAccount('no-such-account')).toBeUndefined()
      expect((await store.findAccounts({ email: 'BO@example.SE' })).map((a) => a.id)).toEqual([other.id])
      expect((await store.findAccounts({ subject: 'u1' })).map((a) => a.id)).toEqual(expect.arrayContaining([first.id, other.id]))
      expect(await store.findAccounts({})).toEqual([])
      // every account, oldest first
      const all = (await store.listAccounts()).filter((a) => a.issuer.startsWith(iss))
      expect(all).toEqual([again, other])
    })

    it('[S18] records who owns and co-facilitates a board; the records go with the board', async () => {
      await openStore()
      const iss = `https://login.example.se/${++counter}`
      const ada = await store.upsertAccount({ id: `acc-${counter}-ada`, issuer: iss, subject: 'ada', at: 1 })
      const bo = await store.upsertAccount({ id: `acc-${counter}-bo`, issuer: iss, subject: 'bo', at: 1 })
      const a = row()
      const b = row()
      await store.createBoard(a, new Uint8Array([0, 0]))
      await store.createBoard(b, new Uint8Array([0, 0]))
      await store.setBoardAccount({ accountId: ada.id, boardId: a.id, role: 'owner', addedAt: 10 })
      await store.setBoardAccount({ accountId: ada.id, boardId: b.id, role: 'owner', addedAt: 20 })
      await store.setBoardAccount({ accountId: bo.id, boardId: a.id, role: 'co-facilitator', addedAt: 30 })
      expect(await store.listAccountBoards(ada.id)).toEqual([
        { accountId: ada.id, boardId: b.id, role: 'owner', addedAt: 20 },
        { accountId: ada.id, boardId: a.id, role: 'owner', addedAt: 10 },
      ])
      expect(await store.listBoardAccounts(a.id)).toEqual([
        { accountId: ada.id, boardId: a.id, role: 'owner', addedAt: 10 },
        { accountId: bo.id, boardId: a.id, role: 'co-facilitator', addedAt: 30 },
      ])
      // a second call sets the role (and keeps when it was added)
      await store.setBoardAccount({ accountId: bo.id, boardId: a.id, role: 'owner', addedAt: 99 })
      expect(await store.listAccountBoards(bo.id)).toEqual([{ accountId: bo.id, boardId: a.id, role: 'owner', addedAt: 30 }])
      await expect(store.setBoardAccount({ accountId: bo.id, boardId: 'no-such-board', role: 'owner', addedAt: 1 })).rejects.toThrow()
      await expect(store.setBoardAccount({ accountId: bo.id, boardId: b.id, role: 'boss' as never, addedAt: 1 })).rejects.toThrow()
      expect(await store.removeBoardAccount(bo.id, a.id)).toBe(true)
      expect(await store.removeBoardAccount(bo.id, a.id)).toBe(false)
      await store.deleteBoard(a.id)
      expect(await store.listAccountBoards(ada.id)).toEqual([{ accountId: ada.id, boardId: b.id, role: 'owner', addedAt: 20 }])
      expect(await store.listBoardAccounts(a.id)).toEqual([])
    })

    it('[S12] lists boards not touched since a time', async () => {
      await openStore()
      const old = row({ updatedAt: 1_000 })
      const fresh = row({ updatedAt: Date.now() })
      await store.createBoard(old, new Uint8Array([0, 0]))
      await store.createBoard(fresh, new Uint8Array([0, 0]))
      const stale = await store.listBoardsUpdatedBefore(Date.now() - 60_000)
      expect(stale).toContain(old.id)
      expect(stale).not.toContain(fresh.id)
    })

    if (opts.reopen) {
      it('[S8] data survives closing and reopening', async () => {
        await openStore()
        const doc = new Y.Doc()
        const r = row()
        await store.createBoard(r, Y.encodeStateAsUpdate(doc))
        await store.appendUpdates(r.id, [textUpdate(doc, 'kvar')])
        await store.close()
        store = await opts.reopen!()
        expect(stateOf((await store.loadDoc(r.id)).updates)).toBe('kvar')
      })
    }
  })
}
