// Issue 12 item 6: nothing lost that a facilitator wants back. The trash of deleted notes
// (apps/server SPEC [T1]–[T5]), the history of automatic snapshots ([V1]–[V4]) and restoring a
// snapshot in place ([H18]), against the real server with y-websocket clients.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  commentAuthorsOf,
  commentsOf,
  createTheme,
  deleteComment,
  deleteRecords,
  makeNote,
  moveToTheme,
  readRecords,
  readThemes,
  recordsOf,
  themeOfMap,
  updateTheme,
  writeRecords,
  type NoteRecord,
} from '@tavla/board'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const open: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ HISTORY_KEEP: '3', MAX_TRASH_PER_BOARD: '40' })
})
afterAll(async () => {
  for (const c of open) c.destroy()
  await s.close()
})

/**
 * A signed identity for this board (issue 12 item 5, POST /api/boards/:id/identity), so the server
 * knows who writes and deletes; undefined on a server without identities yet.
 */
async function identity(server: InProcessServer, boardId: string, key: string, name: string): Promise<string | undefined> {
  const res = await fetch(`${server.url}/api/boards/${boardId}/identity`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  })
  return res.status === 200 ? ((await res.json()) as { identity: string }).identity : undefined
}

async function client(server: InProcessServer, boardId: string, key: string, doc?: Y.Doc, name?: string): Promise<Client> {
  const token = name ? await identity(server, boardId, key, name) : undefined
  const c = connectClient(server.wsUrl, boardId, key, { doc, params: token ? { identity: token } : {} })
  open.push(c)
  await c.synced
  return c
}

const serverNotes = (server: InProcessServer, boardId: string) => readRecords<NoteRecord>(recordsOf(server.rooms.rooms.get(boardId)!.doc))
const api = async (server: InProcessServer, path: string, init: RequestInit = {}) => {
  const res = await fetch(`${server.url}${path}`, init)
  return { status: res.status, body: res.status === 204 ? undefined : await res.json() }
}
const post = (server: InProcessServer, path: string, body?: unknown) =>
  api(server, path, body === undefined ? { method: 'POST' } : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })

type TrashJson = {
  noteId: string
  text: string
  author?: { name?: string; id?: string }
  deletedBy?: { name?: string; role?: string }
  deletedAt: string
  createdAt?: string
}

function thirtyNotes(): NoteRecord[] {
  return Array.from({ length: 30 }, (_, i) =>
    makeNote({ id: `n${i}`, x: i * 10, y: 0, text: `Lapp ${i}`, authorId: 'asa-1', authorName: 'Åsa', now: 1_700_000_000_000 + i }),
  )
}

describe('trash [T1]–[T5]', () => {
  it('[T1][T2][T3][V3] a participant deletes all 30 notes: all 30 in the trash with author and deleter, one restored with its author, a snapshot from before', async () => {
    const b = await createBoard(s.url)
    const asa = await client(s, b.id, b.keys.participant, undefined, 'Åsa')
    writeRecords(recordsOf(asa.doc), thirtyNotes())
    await waitFor(() => serverNotes(s, b.id).size === 30, 'notes on the server')
    const bo = await client(s, b.id, b.keys.participant, undefined, 'Bo')
    const named = !!(await identity(s, b.id, b.keys.participant, 'Bo'))
    deleteRecords(
      recordsOf(bo.doc),
      thirtyNotes().map((n) => n.id),
    )
    await waitFor(() => serverNotes(s, b.id).size === 0, 'notes deleted')

    let trash: TrashJson[] = []
    await waitFor(async () => (trash = (await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries).length === 30, 'all 30 in the trash')
    for (const e of trash) {
      expect(e.author).toMatchObject({ name: 'Åsa' })
      expect(e.deletedBy).toMatchObject(named ? { role: 'participant', name: 'Bo' } : { role: 'participant' })
      expect(e.text).toMatch(/^Lapp \d+$/)
      expect(Date.parse(e.deletedAt)).toBeGreaterThan(Date.now() - 60_000)
    }
    expect((await api(s, `/api/boards/${b.id}/trash?key=${b.keys.participant}`)).status).toBe(403)

    // [V3] a bulk delete leaves an automatic snapshot of the board as it was before
    await waitFor(async () => (await s.storage.listSnapshots(b.id)).some((x) => x.auto && x.name.includes('före borttagningen')), 'bulk-delete snapshot')
    const snap = (await s.storage.listSnapshots(b.id)).find((x) => x.name.includes('före borttagningen'))!
    const snapDoc = new Y.Doc()
    Y.applyUpdate(snapDoc, (await s.storage.getSnapshot(b.id, snap.id))!.state)
    expect(readRecords(recordsOf(snapDoc)).size).toBe(30)

    const restored = await post(s, `/api/boards/${b.id}/trash/${encodeURIComponent('shape:n7')}/restore?key=${b.keys.facilitator}`)
    expect(restored.status).toBe(200)
    expect(restored.body).toMatchObject({ restored: true, note: { noteId: 'shape:n7', text: 'Lapp 7', author: { name: 'Åsa' } } })
    await waitFor(() => readRecords<NoteRecord>(recordsOf(bo.doc)).has('shape:n7'), 'restored note reaches the participants')
    const back = readRecords<NoteRecord>(recordsOf(bo.doc)).get('shape:n7')!
    expect(back.meta).toMatchObject({ authorName: 'Åsa', authorId: 'asa-1', createdAt: 1_700_000_000_007 })
    expect((await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries).toHaveLength(29)
    expect((await post(s, `/api/boards/${b.id}/trash/${encodeURIComponent('shape:n7')}/restore?key=${b.keys.facilitator}`)).status).toBe(404)
  })

  it('[T1] a move, an edit and a duplicate cleaned up are not trash entries', async () => {
    const b = await createBoard(s.url)
    const c = await client(s, b.id, b.keys.participant)
    const note = makeNote({ id: 'm', x: 0, y: 0, text: 'flyttas', authorName: 'Åsa' })
    writeRecords(recordsOf(c.doc), [note])
    writeRecords(recordsOf(c.doc), [{ ...note, x: 300 }]) // a move: delete + push in one transaction
    writeRecords(recordsOf(c.doc), [{ ...note, x: 300, props: { ...note.props, color: 'blue' } }])
    // two entries of one key, as concurrent edits leave them; deleting the older one keeps the note
    recordsOf(c.doc).push([{ key: note.id, val: { ...note, x: 400 } }])
    recordsOf(c.doc).delete(0, 1)
    await waitFor(() => serverNotes(s, b.id).get('shape:m')?.x === 400, 'moves on the server')
    // a deletion after all this is one entry, the note as it last was
    deleteRecords(recordsOf(c.doc), ['shape:m'])
    let trash: TrashJson[] = []
    await waitFor(
      async () => (trash = (await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries).length > 0,
      'deleted note in the trash',
    )
    await new Promise((r) => setTimeout(r, 100))
    trash = (await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries
    expect(trash.map((e) => e.noteId)).toEqual(['shape:m'])
    expect((await s.storage.getTrash(b.id, 'shape:m'))!.record).toMatchObject({ x: 400 })
  })

  it('[T2] a note that is back on the board (its deletion undone) is no longer listed', async () => {
    const b = await createBoard(s.url)
    const c = await client(s, b.id, b.keys.participant)
    const note = makeNote({ id: 'u', x: 0, y: 0, text: 'ångrad', authorName: 'Bo' })
    writeRecords(recordsOf(c.doc), [note])
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note stored')
    deleteRecords(recordsOf(c.doc), [note.id])
    await waitFor(async () => (await s.storage.listTrash(b.id)).length === 1, 'in the trash')
    writeRecords(recordsOf(c.doc), [note]) // what tldraw's undo writes: the same record again
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note back')
    expect((await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries).toEqual([])
    expect(await s.storage.listTrash(b.id)).toEqual([])
  })

  it("[T1] the author is the server's record when the board has one, not what the note claims", async () => {
    const b = await createBoard(s.url)
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'claimed', x: 0, y: 0, text: 'vem?', authorName: 'Någon annan' })])
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note stored')
    // as the server records it at the first insert (issue 12 item 5): here, written directly
    await s.rooms.withRoom(b.id, '', (room) => room.change((d) => d.getMap('authors').set('shape:claimed', { id: 'id-anna', name: 'Anna', at: 1 })))
    deleteRecords(recordsOf(c.doc), ['shape:claimed'])
    await waitFor(async () => (await s.storage.listTrash(b.id)).length === 1, 'in the trash')
    expect((await s.storage.getTrash(b.id, 'shape:claimed'))!.author).toEqual({ id: 'id-anna', name: 'Anna' })
  })

  it('[T5] on an anonymous board the trash names no one', async () => {
    const res = await post(s, '/api/boards', { template: 'blank', title: 'Anonym', anonymous: true })
    const b = res.body as { id: string; keys: Record<string, string> }
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'a', x: 0, y: 0, text: 'ingen vet' })])
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note stored')
    deleteRecords(recordsOf(c.doc), ['shape:a'])
    let trash: TrashJson[] = []
    await waitFor(async () => (trash = (await api(s, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)).body.entries).length === 1, 'in the trash')
    expect(trash[0]).not.toHaveProperty('deletedBy')
    expect(trash[0]).not.toHaveProperty('author')
  })

  it('[T4] the trash survives a restart and goes with the board', async () => {
    const first = await startInProcess()
    const b = await createBoard(first.url)
    const c = await client(first, b.id, b.keys.participant, undefined, 'Bo')
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'k', x: 0, y: 0, text: 'kvar efter omstart', authorName: 'Bo' })])
    await waitFor(() => serverNotes(first, b.id).size === 1, 'note stored')
    deleteRecords(recordsOf(c.doc), ['shape:k'])
    await waitFor(async () => (await first.storage.listTrash(b.id)).length === 1, 'in the trash')
    c.destroy()
    await first.close()

    const second = await startInProcess({ DATA_DIR: first.dataDir })
    try {
      const listed = await api(second, `/api/boards/${b.id}/trash?key=${b.keys.facilitator}`)
      expect(listed.body.entries).toMatchObject([{ noteId: 'shape:k', text: 'kvar efter omstart', author: { name: 'Bo' } }])
      expect((await api(second, `/api/boards/${b.id}?key=${b.keys.facilitator}`, { method: 'DELETE' })).status).toBe(204)
      expect(await second.storage.listTrash(b.id)).toEqual([])
    } finally {
      await second.close()
    }
  })
})

describe('history [V1]–[V4]', () => {
  it('[V3] an automatic snapshot before the board is locked and before private notes are revealed', async () => {
    const b = await createBoard(s.url)
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'x', x: 0, y: 0, text: 'före' })])
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note stored')
    const act = (action: string) => post(s, `/api/boards/${b.id}/facilitation?key=${b.keys.facilitator}`, { action })
    expect((await act('private.start')).status).toBe(200)
    expect((await act('private.reveal')).status).toBe(200)
    expect((await act('board.lock')).status).toBe(200)
    const names = (await s.storage.listSnapshots(b.id)).filter((x) => x.auto).map((x) => x.name)
    expect(names.some((n) => n.startsWith('Automatisk: före avslöjandet'))).toBe(true)
    expect(names.some((n) => n.startsWith('Automatisk: före låsningen'))).toBe(true)
    const listed = (await api(s, `/api/boards/${b.id}/snapshots?key=${b.keys.facilitator}`)).body.snapshots as { auto: boolean; name: string }[]
    expect(listed.filter((x) => x.auto)).toHaveLength(2)
  })

  it('[V3] notes deleted one by one count as a bulk delete once BULK_DELETE_NOTES go within a minute', async () => {
    const b = await createBoard(s.url)
    const c = await client(s, b.id, b.keys.participant)
    const notes = Array.from({ length: 6 }, (_, i) => makeNote({ id: `o${i}`, x: i * 10, y: 0, text: `En i taget ${i}` }))
    writeRecords(recordsOf(c.doc), notes)
    await waitFor(() => serverNotes(s, b.id).size === 6, 'notes stored')
    const bulk = async () => (await s.storage.listSnapshots(b.id)).filter((x) => x.name.includes('före borttagningen'))
    for (const [i, n] of notes.entries()) {
      deleteRecords(recordsOf(c.doc), [n.id])
      await waitFor(() => serverNotes(s, b.id).size === 5 - i, 'deleted')
      if (i === 3) expect(await bulk()).toHaveLength(0) // four so far
    }
    await waitFor(async () => (await bulk()).length === 1, 'bulk-delete snapshot')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, (await s.storage.getSnapshot(b.id, (await bulk())[0]!.id))!.state)
    // the board before the five deletions of the minute: all six (the sixth deletion came after)
    expect(readRecords(recordsOf(doc)).size).toBe(6)
  })

  it('[V2] retention keeps the newest HISTORY_KEEP automatic snapshots and every manual one', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    expect((await post(s, `/api/boards/${b.id}/snapshots?key=${f}`, { name: 'Manuell' })).status).toBe(201)
    for (let i = 0; i < 3; i++) {
      expect((await post(s, `/api/boards/${b.id}/facilitation?key=${f}`, { action: 'board.lock' })).status).toBe(200)
      expect((await post(s, `/api/boards/${b.id}/facilitation?key=${f}`, { action: 'board.unlock' })).status).toBe(200)
      await new Promise((r) => setTimeout(r, 5))
    }
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'r', x: 0, y: 0 })])
    await waitFor(() => serverNotes(s, b.id).size === 1, 'note stored')
    const closing = c.closed
    c.destroy()
    await closing.catch(() => {})
    // the "all have left" snapshot is automatic too, and counts against the same rule
    await waitFor(async () => (await s.storage.listSnapshots(b.id)).some((x) => x.name.startsWith('Automatisk: alla har lämnat')), 'snapshot when all left')
    const snaps = await s.storage.listSnapshots(b.id)
    expect(snaps.filter((x) => x.auto)).toHaveLength(3)
    expect(snaps.filter((x) => !x.auto).map((x) => x.name)).toEqual(['Manuell'])
  })
})

describe('restore in place [H18]', () => {
  it('[H18] replaces the live board with the snapshot for everyone, same links, after an automatic snapshot', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(
      recordsOf(c.doc),
      ['a', 'b', 'c'].map((id) => makeNote({ id, x: 0, y: 0, text: id, authorName: 'Åsa' })),
    )
    await waitFor(() => serverNotes(s, b.id).size === 3, 'notes stored')
    const sid = (await post(s, `/api/boards/${b.id}/snapshots?key=${f}`, { name: 'Tre lappar' })).body.id as string
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'd', x: 0, y: 0, text: 'd' })])
    deleteRecords(recordsOf(c.doc), ['shape:a'])
    await waitFor(() => serverNotes(s, b.id).has('shape:d') && !serverNotes(s, b.id).has('shape:a'), 'changes stored')

    const res = await post(s, `/api/boards/${b.id}/snapshots/${sid}/restore?mode=in-place&key=${f}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ inPlace: true, before: { auto: true } })
    await waitFor(() => [...readRecords(recordsOf(c.doc)).keys()].sort().join() === 'shape:a,shape:b,shape:c', 'participant sees the restored board')
    // the note the restore took off is in the trash, named as the facilitator's doing
    expect((await s.storage.getTrash(b.id, 'shape:d'))?.deletedBy).toMatchObject({ role: 'facilitator' })
    // the board as it was is kept
    const before = (await s.storage.getSnapshot(b.id, res.body.before.id))!
    const beforeDoc = new Y.Doc()
    Y.applyUpdate(beforeDoc, before.state)
    expect([...readRecords(recordsOf(beforeDoc)).keys()].sort()).toEqual(['shape:b', 'shape:c', 'shape:d'])
  })

  it('[H18] a page that reconnects with an older copy does not undo the restore; its offline edit merges', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    const c = await client(s, b.id, b.keys.participant)
    writeRecords(
      recordsOf(c.doc),
      ['a', 'b'].map((id) => makeNote({ id, x: 0, y: 0, text: id })),
    )
    await waitFor(() => serverNotes(s, b.id).size === 2, 'notes stored')
    const sid = (await post(s, `/api/boards/${b.id}/snapshots?key=${f}`)).body.id as string
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'late', x: 0, y: 0, text: 'efter ögonblicksbilden' })])
    writeRecords(recordsOf(c.doc), [{ ...makeNote({ id: 'a', x: 0, y: 0, text: 'a' }), x: 500 }])
    await waitFor(() => serverNotes(s, b.id).has('shape:late') && serverNotes(s, b.id).get('shape:a')?.x === 500, 'changes stored')

    // the old copy: what the page held (IndexedDB) when it went offline
    const old = new Y.Doc()
    Y.applyUpdate(old, Y.encodeStateAsUpdate(c.doc))
    c.destroy()

    expect((await post(s, `/api/boards/${b.id}/snapshots/${sid}/restore?mode=in-place&key=${f}`)).status).toBe(200)
    await waitFor(() => !serverNotes(s, b.id).has('shape:late') && serverNotes(s, b.id).get('shape:a')?.x === 0, 'restored on the server')

    // offline, the old copy writes one new note, then comes back
    writeRecords(recordsOf(old), [makeNote({ id: 'offline', x: 0, y: 0, text: 'skriven offline' })])
    const back = await client(s, b.id, b.keys.participant, old)
    const keys = (d: Y.Doc) => [...readRecords(recordsOf(d)).keys()].sort().join()
    await waitFor(() => keys(back.doc) === 'shape:a,shape:b,shape:offline' && serverNotes(s, b.id).has('shape:offline'), 'merged')
    expect(keys(s.rooms.rooms.get(b.id)!.doc)).toBe('shape:a,shape:b,shape:offline')
    expect(serverNotes(s, b.id).get('shape:a')!.x).toBe(0)
    // a page that opens fresh sees the same
    const fresh = await client(s, b.id, b.keys.viewer)
    expect(keys(fresh.doc)).toBe('shape:a,shape:b,shape:offline')
  })

  it('[H18] themes, memberships, comments and their authors come back as the snapshot had them; those made since go, also from an older copy', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    const fac = await client(s, b.id, f)
    const asaToken = (await identity(s, b.id, b.keys.participant, 'Åsa'))!
    const asAsa = (doc?: Y.Doc) => {
      const c = connectClient(s.wsUrl, b.id, b.keys.participant, { doc, params: { identity: asaToken } })
      open.push(c)
      return c.synced.then(() => c)
    }
    const asa = await asAsa()
    writeRecords(
      recordsOf(fac.doc),
      ['a', 'b'].map((id) => makeNote({ id, x: 0, y: 0, text: id })),
    )
    createTheme(fac.doc, { id: 'tema-rehab', name: 'Rehabilitering', zoneId: null, now: 1, notes: ['shape:a'] })
    await waitFor(() => readRecords(recordsOf(asa.doc)).size === 2, 'Åsa has the notes')
    const first = addComment(asa.doc, 'shape:a', 'kommentar-1', 'Vem äger frågan?', 2)
    const server = () => s.rooms.rooms.get(b.id)!.doc
    await waitFor(() => commentAuthorsOf(server()).has(first), 'the server recorded who wrote it')
    const asaId = (commentAuthorsOf(server()).get(first) as { id?: string }).id
    expect(asaId).toBeTruthy()
    const sid = (await post(s, `/api/boards/${b.id}/snapshots?key=${f}`, { name: 'Med tema' })).body.id as string

    // after the snapshot: renamed, a second theme, note a out of its theme and b in the new one, her comment taken back, another written
    updateTheme(fac.doc, 'tema-rehab', { name: 'Nytt namn' })
    createTheme(fac.doc, { id: 'tema-senare', name: 'Senare', zoneId: null, now: 3, notes: ['shape:b'] })
    moveToTheme(fac.doc, ['shape:a'], null)
    deleteComment(asa.doc, first)
    const later = addComment(asa.doc, 'shape:b', 'kommentar-2', 'Skriven efteråt', 4)
    await waitFor(
      () => commentAuthorsOf(server()).has(later) && !commentsOf(server()).has(first) && themeOfMap(server()).get('shape:b') === 'tema-senare',
      'the changes reached the server',
    )
    // a copy of the board as it is now, to come back after the restore
    const old = new Y.Doc()
    Y.applyUpdate(old, Y.encodeStateAsUpdate(asa.doc))

    const res = await post(s, `/api/boards/${b.id}/snapshots/${sid}/restore?mode=in-place&key=${f}`)
    expect(res.status).toBe(200)
    expect(res.body).toMatchObject({ inPlace: true, records: 2, themes: 1, comments: 1 })
    const asWas = (d: Y.Doc) => ({
      themes: readThemes(d).map((t) => [t.id, t.name]),
      themeOf: themeOfMap(d).toJSON(),
      comments: Object.keys(commentsOf(d).toJSON()),
      authors: Object.fromEntries([...commentAuthorsOf(d).entries()].map(([k, v]) => [k, (v as { name?: string }).name])),
    })
    const expected = {
      themes: [['tema-rehab', 'Rehabilitering']],
      themeOf: { 'shape:a': 'tema-rehab' },
      comments: [first],
      authors: { [first]: 'Åsa' },
    }
    expect(asWas(server())).toEqual(expected)
    await waitFor(() => JSON.stringify(asWas(fac.doc)) === JSON.stringify(expected), 'the facilitator sees the snapshot')
    await waitFor(() => JSON.stringify(asWas(asa.doc)) === JSON.stringify(expected), 'Åsa sees the snapshot')
    expect(commentsOf(asa.doc).get(first)).toEqual({ text: 'Vem äger frågan?', at: 2 })

    // an older copy coming back does not bring the second theme, the move or the later comment back
    asa.destroy()
    const back = await asAsa(old)
    await waitFor(() => JSON.stringify(asWas(back.doc)) === JSON.stringify(expected), 'the old copy takes the restore')
    expect(asWas(server())).toEqual(expected)
    // the board as it was before the restore is kept, with what the restore took away
    const before = (await s.storage.getSnapshot(b.id, res.body.before.id))!
    const beforeDoc = new Y.Doc()
    Y.applyUpdate(beforeDoc, before.state)
    expect(asWas(beforeDoc)).toMatchObject({
      themes: [
        ['tema-rehab', 'Nytt namn'],
        ['tema-senare', 'Senare'],
      ],
      themeOf: { 'shape:b': 'tema-senare' },
      comments: [later],
    })
    // the comment is hers again: she may take it back ([W17] reads the restored record of who wrote it)
    deleteComment(back.doc, first)
    await waitFor(() => !commentsOf(server()).has(first), 'her deletion is taken')
    expect(back.provider.wsconnected).toBe(true)
  })

  it('[H18] errors: unknown snapshot 404, a participant 403, a locked board 409', async () => {
    const b = await createBoard(s.url)
    const f = b.keys.facilitator
    const sid = (await post(s, `/api/boards/${b.id}/snapshots?key=${f}`)).body.id as string
    expect((await post(s, `/api/boards/${b.id}/snapshots/nope/restore?mode=in-place&key=${f}`)).status).toBe(404)
    expect((await post(s, `/api/boards/${b.id}/snapshots/${sid}/restore?mode=in-place&key=${b.keys.participant}`)).status).toBe(403)
    await post(s, `/api/boards/${b.id}/facilitation?key=${f}`, { action: 'board.lock' })
    expect((await post(s, `/api/boards/${b.id}/snapshots/${sid}/restore?mode=in-place&key=${f}`)).body.error.code).toBe('board_locked')
  })
})
