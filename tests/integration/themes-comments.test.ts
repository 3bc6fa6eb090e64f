// Issue 15: themes (affinity grouping) and comments on notes, the server's side (apps/server SPEC
// [W17], [L17], [H22], [H8]; board SPEC [D19]–[D24]). Real server in this process, raw
// y-websocket clients with issued identities, as the page connects; a client that breaks the
// rules is a modified page writing straight into the doc.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  addComment,
  commentAuthorsOf,
  commentKey,
  commentsByNote,
  commentsOf,
  createTheme,
  deleteComment,
  deleteTheme,
  listNotes,
  makeNote,
  moveToTheme,
  notesByTheme,
  readRecords,
  readThemes,
  recordsOf,
  themeMembership,
  themeOfMap,
  themesOf,
  themeTarget,
  updateTheme,
  writeRecords,
  zonesOf,
  type Zone,
} from '@tavla/board'
import { connectClient, type createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ MAX_THEMES_PER_BOARD: '3', MAX_COMMENTS_PER_NOTE: '2', MAX_BOARDS_PER_MINUTE: '1000', MAX_IDENTITIES_PER_MINUTE: '1000' })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})

type Board = Awaited<ReturnType<typeof createBoard>>
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const api = (path: string, key: string, json?: unknown) =>
  fetch(`${s.url}${path}`, {
    method: json === undefined ? 'GET' : 'POST',
    headers: { authorization: `Bearer ${key}`, ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
const act = (b: Board, body: Record<string, unknown>) => api(`/api/boards/${b.id}/facilitation`, b.keys.facilitator, body)
const serverDoc = (id: string) => s.rooms.rooms.get(id)!.doc
const closeOf = (c: Client) =>
  new Promise<{ code: number; reason: string }>((res) =>
    c.provider.on('connection-close', (ev) => res({ code: (ev as CloseEvent | null)?.code ?? 0, reason: (ev as CloseEvent | null)?.reason ?? '' })),
  )
const center = (z: Zone) => (z.region.kind === 'rect' ? { x: z.region.x + z.region.w / 2, y: z.region.y + z.region.h / 2 } : { x: z.region.cx, y: z.region.cy })
const noteIn = (z: Zone, id: string, text: string) => {
  const c = center(z)
  return makeNote({ id, x: c.x - 100, y: c.y - 100, text })
}

async function newBoard(body: Record<string, unknown> = {}): Promise<Board> {
  const res = await fetch(`${s.url}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'blank', title: 'Teman', ...body }),
  })
  expect(res.status).toBe(201)
  return (await res.json()) as Board
}

/** A person on the shared board as the page is: with an identity the server issued. */
async function person(b: Board, name: string, key = b.keys.participant) {
  const identity = await issueIdentity(s.url, b.id, key, { name })
  const c = connect(b.id, key, { identity })
  await c.synced
  return c
}

/** A board with three notes (and, on a template with zones, each in a zone), written by the facilitator. */
async function boardWithNotes(body: Record<string, unknown> = {}) {
  const b = await newBoard(body)
  const f = await person(b, 'Petra', b.keys.facilitator)
  const zones = zonesOf(f.doc)
  const notes = zones.length
    ? [noteIn(zones[0]!, 'a', 'A'), noteIn(zones[0]!, 'b', 'B'), noteIn(zones[1]!, 'c', 'C')]
    : [makeNote({ id: 'a', x: 0, y: 0, text: 'A' }), makeNote({ id: 'b', x: 300, y: 0, text: 'B' }), makeNote({ id: 'c', x: 600, y: 0, text: 'C' })]
  writeRecords(recordsOf(f.doc), notes)
  await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).size === 3, 'notes stored')
  return { b, f, zones }
}

/** The writer is closed with `code` and a reason matching `reason`; the server's doc (and a reload) has nothing of it. */
async function refused(b: Board, c: Client, write: (doc: Y.Doc) => void, code: number, reason: RegExp) {
  const before = JSON.stringify(Y.encodeStateVector(serverDoc(b.id)))
  const roots = () => ['themes', 'themeOf', 'comments', 'commentAuthors'].map((r) => serverDoc(b.id).getMap(r).toJSON())
  const was = roots()
  const closed = closeOf(c)
  write(c.doc)
  const close = await closed
  c.destroy()
  expect(close.code).toBe(code)
  expect(close.reason).toMatch(reason)
  expect(Buffer.byteLength(close.reason)).toBeLessThanOrEqual(123)
  expect(roots()).toEqual(was)
  expect(JSON.stringify(Y.encodeStateVector(serverDoc(b.id)))).toBe(before)
}

/** The write reaches the server and another client, and the writer stays connected. */
async function accepted(b: Board, c: Client, write: (doc: Y.Doc) => void, reached: (doc: Y.Doc) => boolean, what: string) {
  const watcher = connect(b.id, b.keys.viewer)
  await watcher.synced
  let code = 0
  void c.closed.then((x) => (code = x))
  write(c.doc)
  await waitFor(() => reached(serverDoc(b.id)) && reached(watcher.doc), what)
  expect(code).toBe(0)
  watcher.destroy()
}

const theme = (id: string, name: string, zoneId: string | null = null) => ({ id, name, zoneId, createdAt: Date.now() })

describe('themes: who may group [W17] [D24]', () => {
  it('[W17][D24] the facilitator makes, renames and fills themes; a participant writing themes or themeOf while not allowed is refused 4403', async () => {
    const { b, f } = await boardWithNotes()
    await accepted(
      b,
      f,
      (d) => createTheme(d, { id: 'theme0001', name: 'Samverkan', zoneId: null, now: 1, notes: ['shape:a'] }),
      (d) => themeMembership(d).get('shape:a') === 'theme0001',
      'the facilitator’s theme',
    )
    await accepted(
      b,
      f,
      (d) => updateTheme(d, 'theme0001', { name: 'Samverkan över gränser' }),
      (d) => readThemes(d)[0]?.name === 'Samverkan över gränser',
      'renamed',
    )
    await refused(b, await person(b, 'Anna'), (d) => moveToTheme(d, ['shape:b'], 'theme0001'), 4403, /deltagare får inte gruppera/)
    await refused(b, await person(b, 'Anna'), (d) => themesOf(d).set('theme0002', theme('theme0002', 'Eget')), 4403, /deltagare får inte gruppera/)
    await refused(b, await person(b, 'Anna'), (d) => deleteTheme(d, 'theme0001'), 4403, /deltagare får inte gruppera/)
    await refused(b, await person(b, 'Anna'), (d) => moveToTheme(d, ['shape:a'], null), 4403, /deltagare får inte gruppera/)
  })

  it('[D24][H12] with tools.set { themes: true } participants group too; switched off again, they are refused', async () => {
    const { b } = await boardWithNotes()
    const on = await act(b, { action: 'tools.set', themes: true })
    expect(on.status).toBe(200)
    expect((await on.json()).facilitation.tools).toEqual({ draw: false, frames: false, themes: true })
    const anna = await person(b, 'Anna')
    await accepted(
      b,
      anna,
      (d) => createTheme(d, { id: 'theme0001', name: 'Annas tema', zoneId: null, now: 1, notes: ['shape:a', 'shape:b'] }),
      (d) => notesByTheme(d)[0]?.notes.length === 2,
      'a participant’s theme',
    )
    await accepted(
      b,
      anna,
      (d) => moveToTheme(d, ['shape:b'], null),
      (d) => !themeOfMap(d).has('shape:b'),
      'a note taken out',
    )
    await accepted(
      b,
      anna,
      (d) => deleteTheme(d, 'theme0001'),
      (d) => readThemes(d).length === 0,
      'deleted',
    )
    expect((await (await act(b, { action: 'tools.set', themes: false })).json()).facilitation.tools).toEqual({ draw: false, frames: false })
    await refused(b, await person(b, 'Bo'), (d) => themesOf(d).set('theme0002', theme('theme0002', 'Sent')), 4403, /deltagare får inte gruppera/)
  })

  it('[W17][D19][D20] malformed themes and memberships are refused for everyone, the facilitator too', async () => {
    const { b } = await boardWithNotes()
    const cases: [string, (d: Y.Doc) => void, RegExp][] = [
      ['id not the key', (d) => themesOf(d).set('theme0001', theme('theme0002', 'X')), /id och nyckel/],
      ['a short id', (d) => themesOf(d).set('t1', theme('t1', 'X')), /id/],
      ['a name too long', (d) => themesOf(d).set('theme0001', theme('theme0001', 'x'.repeat(81))), /1–80/],
      ['an extra field', (d) => themesOf(d).set('theme0001', { ...theme('theme0001', 'X'), owner: 'me' }), /fält/],
      ['a colour tldraw has not', (d) => themesOf(d).set('theme0001', { ...theme('theme0001', 'X'), color: 'pink' }), /färg/],
      ['membership of a non-note', (d) => themeOfMap(d).set('page:page', 'theme0001'), /lappens id/],
      ['membership that is not a theme id', (d) => themeOfMap(d).set('shape:a', { theme: 'theme0001' }), /temas id/],
    ]
    for (const [what, write, reason] of cases) {
      const f = await person(b, 'Petra', b.keys.facilitator)
      await refused(b, f, write, 4403, reason).catch((e) => {
        throw new Error(`${what}: ${(e as Error).message}`)
      })
    }
  })

  it('[L17] past MAX_THEMES_PER_BOARD a new theme is refused with 4413; renaming one that exists still goes', async () => {
    const { b, f } = await boardWithNotes()
    await accepted(
      b,
      f,
      (d) => {
        for (const i of [1, 2, 3]) createTheme(d, { id: `theme000${i}`, name: `T${i}`, zoneId: null, now: i })
      },
      (d) => readThemes(d).length === 3,
      'three themes',
    )
    await refused(b, await person(b, 'Petra', b.keys.facilitator), (d) => themesOf(d).set('theme0004', theme('theme0004', 'T4')), 4413, /MAX_THEMES_PER_BOARD/)
    const f2 = await person(b, 'Petra', b.keys.facilitator)
    await accepted(
      b,
      f2,
      (d) => updateTheme(d, 'theme0003', { name: 'Tre' }),
      (d) => readThemes(d).some((t) => t.name === 'Tre'),
      'rename at the limit',
    )
  })

  it('[D20] seeded concurrent moves by four clients converge through the server: every doc equal, every note in at most one theme', async () => {
    const { b, f } = await boardWithNotes()
    expect((await act(b, { action: 'tools.set', themes: true })).status).toBe(200)
    await accepted(
      b,
      f,
      (d) => {
        for (const i of [0, 1, 2]) createTheme(d, { id: `theme000${i}`, name: `T${i}`, zoneId: null, now: i })
      },
      (d) => readThemes(d).length === 3,
      'three themes (MAX_THEMES_PER_BOARD here)',
    )
    const people = [f, await person(b, 'Anna'), await person(b, 'Bo'), await person(b, 'Cia')]
    let seed = 15
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648
      return seed / 2147483648
    }
    const notes = ['shape:a', 'shape:b', 'shape:c']
    for (let round = 0; round < 30; round++) {
      // every client moves in the same turn, before any of them hears the others: concurrent
      for (const p of people) {
        const note = notes[Math.floor(rand() * notes.length)]!
        moveToTheme(p.doc, [note], rand() < 0.2 ? null : `theme000${Math.floor(rand() * 3)}`)
      }
      if (round % 10 === 9) await new Promise((r) => setTimeout(r, 20))
    }
    const entries = (d: Y.Doc) => JSON.stringify([...themeOfMap(d).entries()].sort())
    const vector = (d: Y.Doc) => Buffer.from(Y.encodeStateVector(d)).toString('base64')
    const same = () => people.every((p) => entries(p.doc) === entries(serverDoc(b.id)) && vector(p.doc) === vector(serverDoc(b.id)))
    await waitFor(same, 'every client has the server’s memberships')
    for (const p of people) {
      expect(p.provider.wsconnected).toBe(true)
      const members = notesByTheme(p.doc).flatMap((g) => g.notes.map((n) => n.id))
      expect(new Set(members).size).toBe(members.length)
      expect(p.doc.getMap('themes').toJSON()).toEqual(serverDoc(b.id).getMap('themes').toJSON())
    }
  })
})

describe('comments on notes [W17] [D22] [D23]', () => {
  it('[D23][W15] a participant’s comment gets the server’s author record (id and name); every participant may comment', async () => {
    const { b } = await boardWithNotes()
    const anna = await person(b, 'Anna')
    const bo = await person(b, 'Bo')
    let key = ''
    await accepted(
      b,
      anna,
      (d) => (key = addComment(d, 'shape:a', 'annacomment1', 'Vad menar du med samverkan?', Date.now())),
      (d) => commentsByNote(d).has('shape:a'),
      'Anna’s comment',
    )
    await waitFor(() => commentsByNote(serverDoc(b.id)).get('shape:a')?.[0]?.authorName === 'Anna', 'author recorded')
    await accepted(
      b,
      bo,
      (d) => addComment(d, 'shape:a', 'bocomment01', 'Jag håller med', Date.now() + 1),
      (d) => commentsByNote(d).get('shape:a')?.length === 2,
      'Bo’s comment',
    )
    await waitFor(() => commentsByNote(serverDoc(b.id)).get('shape:a')?.[1]?.authorName === 'Bo', 'Bo recorded')
    const recorded = commentAuthorsOf(serverDoc(b.id)).get(key) as { id: string; name: string }
    expect(recorded.name).toBe('Anna')
    expect(recorded.id).toMatch(/\S/)
    // the facilitator comments too
    const f = await person(b, 'Petra', b.keys.facilitator)
    await accepted(
      b,
      f,
      (d) => addComment(d, 'shape:b', 'petracomment', 'Kan du ge ett exempel?', Date.now()),
      (d) => commentsByNote(d).has('shape:b'),
      'the facilitator’s',
    )
  })

  it('[W17][D23] a participant may delete their own comment, not someone else’s (4403); the facilitator may delete any', async () => {
    const { b } = await boardWithNotes()
    const annaId = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' })
    const anna = connect(b.id, b.keys.participant, { identity: annaId })
    await anna.synced
    const bo = await person(b, 'Bo')
    const mine = commentKey('shape:a', 'annacomment1')
    const boS = commentKey('shape:a', 'bocomment01')
    await accepted(
      b,
      anna,
      (d) => addComment(d, 'shape:a', 'annacomment1', 'Annas', 1),
      (d) => commentsOf(d).has(mine),
      'Anna’s',
    )
    await accepted(
      b,
      bo,
      (d) => addComment(d, 'shape:a', 'bocomment01', 'Bos', 2),
      (d) => commentsOf(d).has(boS),
      'Bo’s',
    )
    await waitFor(() => commentAuthorsOf(serverDoc(b.id)).has(boS), 'Bo recorded')
    await waitFor(() => commentsOf(anna.doc).has(boS), 'Anna has Bo’s comment') // else her delete would change nothing
    await refused(b, anna, (d) => deleteComment(d, boS), 4403, /bara ta bort sina egna/)
    // Anna, back with the same identity, deletes her own
    const anna2 = connect(b.id, b.keys.participant, { identity: annaId })
    await anna2.synced
    await accepted(
      b,
      anna2,
      (d) => deleteComment(d, mine),
      (d) => !commentsOf(d).has(mine),
      'her own deleted',
    )
    // the author record stays: Anna's undo brings it back under her name, nobody else can take the key
    await refused(b, await person(b, 'Cia'), (d) => commentsOf(d).set(mine, { text: 'Cias nu', at: 3 }), 4403, /någon annans/)
    await accepted(
      b,
      anna2,
      (d) => commentsOf(d).set(mine, { text: 'Annas', at: 1 }),
      (d) => commentsOf(d).has(mine),
      'undo',
    )
    expect(
      commentsByNote(serverDoc(b.id))
        .get('shape:a')!
        .find((c) => c.key === mine)!.authorName,
    ).toBe('Anna')
    const f = await person(b, 'Petra', b.keys.facilitator)
    await accepted(
      b,
      f,
      (d) => deleteComment(d, boS),
      (d) => !commentsOf(d).has(boS),
      'the facilitator deletes Bo’s',
    )
  })

  it('[W17][D22] a forged author, someone else’s comment overwritten, authors written or a malformed comment: refused 4403', async () => {
    const { b } = await boardWithNotes()
    const anna = await person(b, 'Anna')
    const key = commentKey('shape:a', 'annacomment1')
    await accepted(
      b,
      anna,
      (d) => addComment(d, 'shape:a', 'annacomment1', 'Annas', 1),
      (d) => commentsOf(d).has(key),
      'Anna’s',
    )
    await waitFor(() => commentAuthorsOf(serverDoc(b.id)).has(key), 'recorded')
    const cases: [string, string, (d: Y.Doc) => void, RegExp][] = [
      [
        'participant',
        'an author in the value',
        (d) => commentsOf(d).set(commentKey('shape:a', 'forged0001'), { text: 'Hej', at: 1, authorName: 'Anna' }),
        /servern skriver/,
      ],
      [
        'participant',
        'the author record itself',
        (d) => commentAuthorsOf(d).set(commentKey('shape:a', 'forged0002'), { id: 'x', name: 'Anna', at: 1 }),
        /bara servern/,
      ],
      ['facilitator', 'the author record, even by the facilitator', (d) => commentAuthorsOf(d).delete(key), /bara servern/],
      ['participant', 'someone else’s comment overwritten', (d) => commentsOf(d).set(key, { text: 'Ändrad av Bo', at: 2 }), /någon annans/],
      ['facilitator', 'someone else’s comment overwritten by the facilitator', (d) => commentsOf(d).set(key, { text: 'Ändrad', at: 2 }), /någon annans/],
      ['participant', 'an empty comment', (d) => commentsOf(d).set(commentKey('shape:a', 'empty00001'), { text: '  ', at: 1 }), /1–500/],
      ['participant', 'a comment too long', (d) => commentsOf(d).set(commentKey('shape:a', 'long000001'), { text: 'x'.repeat(501), at: 1 }), /1–500/],
      ['participant', 'a bad key', (d) => commentsOf(d).set('shape:a', { text: 'x', at: 1 }), /nyckeln/],
    ]
    for (const [role, what, write, reason] of cases) {
      const c = await person(b, 'Bo', role === 'facilitator' ? b.keys.facilitator : b.keys.participant)
      await refused(b, c, write, 4403, reason).catch((e) => {
        throw new Error(`${what}: ${(e as Error).message}`)
      })
    }
    expect(
      commentsByNote(serverDoc(b.id))
        .get('shape:a')!
        .map((c) => [c.text, c.authorName]),
    ).toEqual([['Annas', 'Anna']])
  })

  it('[L17] past MAX_COMMENTS_PER_NOTE a new comment on that note is refused with 4413; other notes still take comments', async () => {
    const { b } = await boardWithNotes()
    const anna = await person(b, 'Anna')
    await accepted(
      b,
      anna,
      (d) => {
        addComment(d, 'shape:a', 'comment0001', 'ett', 1)
        addComment(d, 'shape:a', 'comment0002', 'två', 2)
      },
      (d) => commentsByNote(d).get('shape:a')?.length === 2,
      'two comments',
    )
    await refused(b, await person(b, 'Bo'), (d) => addComment(d, 'shape:a', 'comment0003', 'tre', 3), 4413, /MAX_COMMENTS_PER_NOTE/)
    await accepted(
      b,
      await person(b, 'Bo'),
      (d) => addComment(d, 'shape:b', 'comment0004', 'på b', 4),
      (d) => commentsByNote(d).has('shape:b'),
      'another note',
    )
  })

  it('[D23] on an anonymous board a comment names no one, yet its writer (and only they) may delete it', async () => {
    const { b } = await boardWithNotes({ anonymous: true })
    const annaId = await issueIdentity(s.url, b.id, b.keys.participant, {})
    const anna = connect(b.id, b.keys.participant, { identity: annaId })
    await anna.synced
    const key = commentKey('shape:a', 'annacomment1')
    await accepted(
      b,
      anna,
      (d) => addComment(d, 'shape:a', 'annacomment1', 'Anonymt', 1),
      (d) => commentsOf(d).has(key),
      'an anonymous comment',
    )
    await waitFor(() => commentAuthorsOf(serverDoc(b.id)).has(key), 'owner recorded')
    const recorded = commentAuthorsOf(serverDoc(b.id)).get(key) as Record<string, unknown>
    expect(Object.keys(recorded).sort()).toEqual(['at', 'owner'])
    expect(JSON.stringify(recorded)).not.toContain(annaId.split('.')[0]!)
    expect(commentsByNote(serverDoc(b.id)).get('shape:a')![0]).not.toHaveProperty('authorName')
    expect(commentsByNote(serverDoc(b.id)).get('shape:a')![0]).not.toHaveProperty('authorId')
    await refused(b, await person(b, ''), (d) => deleteComment(d, key), 4403, /bara ta bort sina egna/)
    await accepted(
      b,
      anna,
      (d) => deleteComment(d, key),
      (d) => !commentsOf(d).has(key),
      'the writer takes it back',
    )
  })

  it('[W9] a private part has no themes or comments: writing them there is refused (4403)', async () => {
    const { b } = await boardWithNotes()
    const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' })
    const part = connect(`${b.id}/private`, b.keys.participant, { identity })
    await part.synced
    const closed = closeOf(part)
    addComment(part.doc, 'shape:a', 'privcomment1', 'privat', 1)
    expect((await closed).code).toBe(4403)
  })
})

describe('votes on themes [H22] [D21]', () => {
  it('[H22][D21] dots on existing themes are counted beside notes; a dot on a deleted theme or beyond the limits is not', async () => {
    const { b, f, zones } = await boardWithNotes({ template: 'tre-ar-framat' })
    const zoneOf = (id: string) => listNotes(serverDoc(b.id)).find((n) => n.id === id)?.zone?.id
    expect(zoneOf('shape:a')).toBe(zones[0]!.id)
    expect(zoneOf('shape:c')).toBe(zones[1]!.id)
    await accepted(
      b,
      f,
      (d) => {
        createTheme(d, { id: 'theme0001', name: 'Inne', zoneId: zones[0]!.id, now: 1, notes: ['shape:a'] })
        createTheme(d, { id: 'theme0002', name: 'Över allt', zoneId: null, now: 2 })
        createTheme(d, { id: 'theme0003', name: 'Borta', zoneId: null, now: 3 })
      },
      (d) => readThemes(d).length === 3,
      'three themes',
    )
    const vote = (await (await act(b, { action: 'vote.start', dots: 3, perNote: 1 })).json()).facilitation.vote.id as string
    const voter = async (name: string, dots: string[]) => {
      const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name })
      const part = connect(`${b.id}/private`, b.keys.participant, { identity })
      await part.synced
      part.doc.getMap('votes').set(vote, dots)
    }
    await voter('Anna', [themeTarget('theme0001'), themeTarget('theme0001'), themeTarget('theme0002'), 'shape:a'])
    await voter('Bo', [themeTarget('theme0001'), themeTarget('theme0003'), 'shape:c'])
    await waitFor(async () => ((await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()) as { voters: number }).voters === 2, 'two voters')
    await accepted(
      b,
      f,
      (d) => deleteTheme(d, 'theme0003'),
      (d) => readThemes(d).length === 2,
      'a theme deleted before the count',
    )
    const closed = (await (await act(b, { action: 'vote.close' })).json()).facilitation
    expect(closed.results).toEqual({ 'theme:theme0001': 2, 'theme:theme0002': 1, 'shape:a': 1, 'shape:c': 1 })
    // a vote limited to the first zone counts its theme, not the theme across zones
    const vote2 = (await (await act(b, { action: 'vote.start', dots: 3, zones: [zones[0]!.id] })).json()).facilitation.vote.id as string
    const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Cia' })
    const part = connect(`${b.id}/private`, b.keys.participant, { identity })
    await part.synced
    part.doc.getMap('votes').set(vote2, [themeTarget('theme0001'), themeTarget('theme0002'), 'shape:c'])
    await waitFor(async () => ((await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()) as { voters: number }).voters === 1, 'Cia voted')
    expect((await (await act(b, { action: 'vote.close' })).json()).facilitation.results).toEqual({ 'theme:theme0001': 1 })
  })
})

describe('themes and comments leave the board in every export, and come back [H8] [H7] [H9] [T3]', () => {
  /** A tre-ar-framat board with a theme in a zone, one across zones, two comments and a closed vote on a theme. */
  async function grouped() {
    const { b, f, zones } = await boardWithNotes({ template: 'tre-ar-framat' })
    await accepted(
      b,
      f,
      (d) => {
        createTheme(d, { id: 'themeSamv', name: 'Samverkan', zoneId: zones[0]!.id, now: 1, notes: ['shape:a', 'shape:b'] })
        createTheme(d, { id: 'themeOver', name: 'Över gränserna', zoneId: null, now: 2, notes: ['shape:c'] })
      },
      (d) => notesByTheme(d).every((g) => g.notes.length > 0),
      'two themes',
    )
    const anna = await person(b, 'Anna')
    await accepted(
      b,
      anna,
      (d) => addComment(d, 'shape:a', 'annacomment1', 'Vad menar du med kartläggning?', 1),
      (d) => commentsByNote(d).has('shape:a'),
      'a comment',
    )
    await waitFor(() => commentsByNote(serverDoc(b.id)).get('shape:a')?.[0]?.authorName === 'Anna', 'Anna recorded')
    const vote = (await (await act(b, { action: 'vote.start', dots: 2 })).json()).facilitation.vote.id as string
    const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Bo' })
    const part = connect(`${b.id}/private`, b.keys.participant, { identity })
    await part.synced
    part.doc.getMap('votes').set(vote, [themeTarget('themeOver'), themeTarget('themeOver')])
    await waitFor(async () => ((await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()) as { voters: number }).voters === 1, 'Bo voted')
    expect((await (await act(b, { action: 'vote.close' })).json()).facilitation.results).toEqual({ 'theme:themeOver': 2 })
    return { b, zones }
  }
  const text = async (b: Board, format: string, lang = 'sv') =>
    (await api(`/api/boards/${b.id}/export?format=${format}&lang=${lang}`, b.keys.facilitator)).text()

  it('[H8] the md report groups by zone and theme, lists comments under the note and ranks the vote on the theme; the csv has tema and kommentarer', async () => {
    const { b, zones } = await grouped()
    const md = await text(b, 'md')
    const at = (s: string) => md.indexOf(s)
    expect(at('1. Tema: Över gränserna — _2 röster_')).toBeGreaterThan(at('## Röstningsresultat'))
    expect(at('### Tema: Samverkan')).toBeGreaterThan(at(`## ${zones[0]!.label.sv}`))
    expect(at('- A')).toBeGreaterThan(at('### Tema: Samverkan'))
    expect(at('  - Vad menar du med kartläggning? — _Anna_')).toBeGreaterThan(at('- A'))
    expect(at('### Tema: Över gränserna')).toBeGreaterThan(at('## Teman över zonerna'))
    expect(at('- C')).toBeGreaterThan(at('### Tema: Över gränserna'))
    const csv = await text(b, 'csv')
    expect(
      csv
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]!
        .endsWith(',reaktioner,tema,kommentarer'),
    ).toBe(true)
    const row = (t: string) => csv.split('\r\n').find((l) => l.includes(`"${t}"`) && l.includes('Samverkan'))
    expect(row('A')!.endsWith('"Samverkan","Anna: Vad menar du med kartläggning?"')).toBe(true)
    expect(
      (await text(b, 'csv', 'en'))
        .replace(/^\uFEFF/, '')
        .split('\r\n')[0]!
        .endsWith(',reactions,theme,comments'),
    ).toBe(true)
  })

  it('[H9][H7] a snapshot restored as a new board, and the .tldr file imported, keep themes, memberships, comments and their authors', async () => {
    const { b } = await grouped()
    const snap = (await (await api(`/api/boards/${b.id}/snapshots`, b.keys.facilitator, { name: 'Efter grupperingen' })).json()) as { id: string }
    const restored = (await (await api(`/api/boards/${b.id}/snapshots/${snap.id}/restore`, b.keys.facilitator, {})).json()) as Board
    const file = JSON.parse(await text(b, 'json'))
    const imported = await fetch(`${s.url}/api/boards`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ title: 'Importerad', file }),
    })
    expect(imported.status).toBe(201)
    for (const nb of [restored, (await imported.json()) as Board]) {
      const c = connect(nb.id, nb.keys.facilitator)
      await c.synced
      expect(notesByTheme(c.doc).map((g) => [g.theme.name, g.notes.map((n) => n.id).sort()])).toEqual([
        ['Samverkan', ['shape:a', 'shape:b']],
        ['Över gränserna', ['shape:c']],
      ])
      expect(
        commentsByNote(c.doc)
          .get('shape:a')!
          .map((x) => [x.text, x.authorName]),
      ).toEqual([['Vad menar du med kartläggning?', 'Anna']])
      expect(c.doc.getMap('facilitation').get('results')).toEqual({ 'theme:themeOver': 2 })
      c.destroy()
    }
  })

  it('[T3][D20] a note deleted and put back from the trash is in its theme again, with its comments', async () => {
    const { b } = await grouped()
    const f = await person(b, 'Petra', b.keys.facilitator)
    await accepted(
      b,
      f,
      (d) => {
        const arr = recordsOf(d)
        arr.delete(
          arr.toArray().findIndex((e) => e.key === 'shape:a'),
          1,
        )
      },
      (d) => !readRecords(recordsOf(d)).has('shape:a'),
      'note a deleted',
    )
    expect(notesByTheme(serverDoc(b.id))[0]!.notes.map((n) => n.id)).toEqual(['shape:b'])
    await waitFor(async () => {
      const res = await api(`/api/boards/${b.id}/trash`, b.keys.facilitator)
      return ((await res.json()) as { entries: { noteId: string }[] }).entries.some((e) => e.noteId === 'shape:a')
    }, 'in the trash')
    const res = await api(`/api/boards/${b.id}/trash/${encodeURIComponent('shape:a')}/restore`, b.keys.facilitator, {})
    expect(res.status).toBe(200)
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:a'), 'restored')
    expect(
      notesByTheme(serverDoc(b.id))[0]!
        .notes.map((n) => n.id)
        .sort(),
    ).toEqual(['shape:a', 'shape:b'])
    expect(commentsByNote(serverDoc(b.id)).get('shape:a')).toHaveLength(1)
  })
})
