// Issue 12 item 5: keys and identities the server issues. Real server, raw y-websocket clients.
import { createHash } from 'node:crypto'
import { statSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { addComment, authorsOf, commentAuthorsOf, makeNote, readRecords, recordsOf, writeRecords } from '@tavla/board'
import { loadConfig } from '@tavla/server'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
beforeAll(async () => {
  s = await startInProcess({ MAX_IDENTITIES_PER_MINUTE: '8', MAX_BOARDS_PER_MINUTE: '1000' })
})
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s.close()
})
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const api = (path: string, key: string, init: RequestInit & { json?: unknown } = {}) =>
  fetch(`${s.url}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, ...(init.json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: init.json !== undefined ? JSON.stringify(init.json) : init.body,
  })
const hashKey = (key: string) => createHash('sha256').update(key).digest('hex')
const links = async (id: string, key: string) => (await api(`/api/boards/${id}/links`, key)).json()
const replace = async (id: string, role: string, key: string) => {
  const res = await api(`/api/boards/${id}/keys/${role}`, key, { method: 'POST' })
  expect(res.status).toBe(200)
  return (await res.json()) as { role: string; key: string; link: string; disconnected: number }
}

describe('keys derived under the server secret (K1, K2, H13)', () => {
  it('[K1] the secret is generated into the data folder, readable by the server only', () => {
    const st = statSync(join(s.dataDir, 'key-secret'))
    expect(st.mode & 0o777).toBe(0o600)
  })

  it('[K1] KEY_SECRET is required with DATABASE_URL, and must be long enough', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u@localhost/db' })).toThrow(/KEY_SECRET must be set/)
    expect(() => loadConfig({ KEY_SECRET: 'short' })).toThrow(/at least 32/)
    expect(loadConfig({ DATABASE_URL: 'postgres://u@localhost/db', KEY_SECRET: 'x'.repeat(32) }).keySecret).toBe('x'.repeat(32))
  })

  it('[K2] the facilitator is shown every current link again, any time; others are not', async () => {
    const b = await createBoard(s.url)
    const res = await links(b.id, b.keys.facilitator)
    expect(res.links).toEqual(b.links)
    expect(res.missing).toEqual([])
    expect((await api(`/api/boards/${b.id}/links`, b.keys.participant)).status).toBe(403)
    expect((await api(`/api/boards/${b.id}/links`, b.keys.viewer)).status).toBe(403)
    expect((await api(`/api/boards/${b.id}/links`, 'x'.repeat(32))).status).toBe(401)
  })

  for (const role of ['participant', 'viewer', 'facilitator'] as const) {
    it(`[H13] the ${role} key can be replaced: holders closed 4401, old link refused, new one shown`, async () => {
      const b = await createBoard(s.url)
      const holder = connect(b.id, b.keys[role])
      await holder.synced
      const other = connect(b.id, b.keys[role === 'viewer' ? 'participant' : 'viewer'])
      await other.synced
      const closed = holder.closed
      const r = await replace(b.id, role, b.keys.facilitator)
      expect(r.key).not.toBe(b.keys[role])
      expect(r.link).toBe(`${s.url}/b/${b.id}?key=${r.key}`)
      expect(r.disconnected).toBe(1)
      expect(await closed).toBe(4401)
      holder.destroy()
      // the old key opens nothing any more, on the websocket and over HTTP
      const old = connect(b.id, b.keys[role])
      expect(await old.closed).toBe(4401)
      old.destroy()
      expect((await api(`/api/boards/${b.id}`, b.keys[role])).status).toBe(401)
      // the new one does, and is the one shown
      const fresh = connect(b.id, r.key)
      await fresh.synced
      const facilitatorKey = role === 'facilitator' ? r.key : b.keys.facilitator
      expect((await links(b.id, facilitatorKey)).links[role]).toBe(r.link)
      // a second replacement is yet another generation
      const again = await replace(b.id, role, facilitatorKey)
      expect(again.key).not.toBe(r.key)
      // the other role's connection stayed
      expect(other.provider.wsconnected).toBe(true)
    })
  }

  it('[K2] a board made before derived keys keeps its old links until a role is replaced', async () => {
    const b = await createBoard(s.url)
    // an old board: random keys, stored only as hashes, no generations
    const old = {
      facilitator: 'old-facilitator-key-0123456789abcd',
      participant: 'old-participant-key-0123456789abcd',
      viewer: 'old-viewer-key-0123456789abcdefgh',
    }
    await s.storage.updateBoard(b.id, {
      keyHashes: { facilitator: hashKey(old.facilitator), participant: hashKey(old.participant), viewer: hashKey(old.viewer) },
    })
    const p = connect(b.id, old.participant)
    await p.synced
    const shown = await links(b.id, old.facilitator)
    expect(shown.links).toEqual({ facilitator: null, participant: null, viewer: null })
    expect(shown.missing).toEqual(['facilitator', 'participant', 'viewer'])
    expect(shown.message).toMatch(/still works/)
    const r = await replace(b.id, 'participant', old.facilitator)
    expect(await p.closed).toBe(4401)
    const after = await links(b.id, old.facilitator)
    expect(after.links.participant).toBe(r.link)
    expect(after.missing).toEqual(['facilitator', 'viewer'])
    // the roles not replaced still open the board with their old keys
    const v = connect(b.id, old.viewer)
    await v.synced
  })
})

const act = (b: { id: string; keys: { facilitator: string } }, body: Record<string, unknown>) =>
  api(`/api/boards/${b.id}/facilitation`, b.keys.facilitator, { method: 'POST', json: body })
const serverDoc = (id: string) => s.rooms.rooms.get(id)!.doc

describe('identities the server signs (K3, H19, W15)', () => {
  it('[K3] a forged, altered or foreign identity is refused with 4401, on the board and its private part', async () => {
    const a = await createBoard(s.url)
    const other = await createBoard(s.url)
    const token = await issueIdentity(s.url, a.id, a.keys.participant, { name: 'Anna' })
    const [id, name, mac] = token.split('.') as [string, string, string]
    const forged = [
      `${'A'.repeat(22)}.${name}.${mac}`, // another id under Anna's mac
      `${id}.${Buffer.from('Bo').toString('base64url')}.${mac}`, // another name
      `${id}.${name}.${'x'.repeat(24)}`, // a made-up mac
      'not-a-token',
      await issueIdentity(s.url, other.id, other.keys.participant), // another board's
    ]
    for (const t of forged) {
      for (const room of [a.id, `${a.id}/private`]) {
        const c = connect(room, a.keys.participant, { identity: t })
        expect(await c.closed).toBe(4401)
        c.destroy()
      }
    }
    // the real one opens both
    const ok = connect(a.id, a.keys.participant, { identity: token })
    await ok.synced
    const okPrivate = connect(`${a.id}/private`, a.keys.participant, { identity: token })
    await okPrivate.synced
    // and is worth nothing on the other board
    expect((await api(`/api/boards/${other.id}/identity`, other.keys.participant, { method: 'POST', json: { identity: token } })).status).toBe(401)
  })

  it('[H19] only a participant or the facilitator gets one; an anonymous board gets no name in it', async () => {
    const b = await createBoard(s.url)
    expect((await api(`/api/boards/${b.id}/identity`, b.keys.viewer, { method: 'POST', json: {} })).status).toBe(403)
    const res = await (await api(`/api/boards/${b.id}/identity`, b.keys.facilitator, { method: 'POST', json: { name: '  Processledaren  ' } })).json()
    expect(res.name).toBe('Processledaren')
    const anon = await (
      await fetch(`${s.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Anonym', anonymous: true }),
      })
    ).json()
    const r = await (await api(`/api/boards/${anon.id}/identity`, anon.keys.participant, { method: 'POST', json: { name: 'Anna' } })).json()
    expect(r.name).toBeUndefined()
    expect(Buffer.from(r.identity.split('.')[1], 'base64url').toString()).toBe('')
  })

  it('[K3][H19] an organisation rides in the signed identity: bounded, kept on a rename, cleared with "", refused when altered, none on an anonymous board', async () => {
    const b = await createBoard(s.url)
    const issue = async (json: unknown) => {
      const res = await api(`/api/boards/${b.id}/identity`, b.keys.participant, { method: 'POST', json })
      expect(res.status).toBe(200)
      return (await res.json()) as { identity: string; id: string; name?: string; org?: string }
    }
    const first = await issue({ name: 'Anna', org: '  Försäkringskassan  ' })
    expect(first.org).toBe('Försäkringskassan')
    const parts = first.identity.split('.')
    expect(parts).toHaveLength(4)
    expect(Buffer.from(parts[2]!, 'base64url').toString()).toBe('Försäkringskassan')
    // a rename keeps the organisation and the id; "" clears it, and the token has its old shape again
    const renamed = await issue({ name: 'Anna Å', identity: first.identity })
    expect(renamed).toMatchObject({ id: first.id, name: 'Anna Å', org: 'Försäkringskassan' })
    const cleared = await issue({ org: '', identity: renamed.identity })
    expect(cleared.org).toBeUndefined()
    expect(cleared.name).toBe('Anna Å')
    expect(cleared.identity.split('.')).toHaveLength(3)
    // bounded: MAX_IDENTITY_ORG characters (counted as characters, not bytes)
    const long = await issue({ org: 'Ö'.repeat(150) })
    expect(long.org).toBe('Ö'.repeat(100))
    const withLongName = await issue({ name: '𝔸'.repeat(100), org: '𝔹'.repeat(100), identity: long.identity })
    const full = connect(b.id, b.keys.participant, { identity: withLongName.identity })
    await full.synced
    // another organisation under the same mac, or the organisation dropped: refused
    const [id, name, org, mac] = first.identity.split('.') as [string, string, string, string]
    for (const t of [
      `${id}.${name}.${Buffer.from('Arbetsförmedlingen').toString('base64url')}.${mac}`,
      `${id}.${name}.${mac}`,
      `${id}.${org}.${name}.${mac}`,
    ]) {
      const c = connect(b.id, b.keys.participant, { identity: t })
      expect(await c.closed).toBe(4401)
      c.destroy()
    }
    expect((await api(`/api/boards/${b.id}/identity`, b.keys.participant, { method: 'POST', json: { org: 5 } })).status).toBe(400)
    const anon = await (
      await fetch(`${s.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Anonym', anonymous: true }),
      })
    ).json()
    const r = await (await api(`/api/boards/${anon.id}/identity`, anon.keys.participant, { method: 'POST', json: { name: 'Anna', org: 'Region' } })).json()
    expect(r.org).toBeUndefined()
    expect(r.identity.split('.')).toHaveLength(3)
  })

  it("[D11][D23] the organisation is recorded with the name: on the note's author and the comment's", async () => {
    const b = await createBoard(s.url)
    const c = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Cecilia', org: 'Region Skåne' }) })
    const plain = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Dan' }) })
    await Promise.all([c.synced, plain.synced])
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'o1', x: 0, y: 0, text: 'regionens lapp' })])
    writeRecords(recordsOf(plain.doc), [makeNote({ id: 'o2', x: 300, y: 0, text: 'utan organisation' })])
    await waitFor(() => authorsOf(serverDoc(b.id)).has('shape:o1') && authorsOf(serverDoc(b.id)).has('shape:o2'), 'authors recorded')
    expect(authorsOf(serverDoc(b.id)).get('shape:o1')).toMatchObject({ name: 'Cecilia', org: 'Region Skåne' })
    expect(authorsOf(serverDoc(b.id)).get('shape:o2')).not.toHaveProperty('org')
    const key = addComment(c.doc, 'shape:o2', 'comment1', 'Vad menar du?', Date.now())
    await waitFor(() => commentAuthorsOf(serverDoc(b.id)).has(key), 'comment author recorded')
    expect(commentAuthorsOf(serverDoc(b.id)).get(key)).toMatchObject({ name: 'Cecilia', org: 'Region Skåne' })
  })

  it('[W10] a private part hangs on the identity: a made-up secret opens nothing, 25 secrets are not 25 voters', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'vote.start', dots: 3 })).status).toBe(200)
    const p = connect(b.id, b.keys.participant)
    await p.synced
    writeRecords(recordsOf(p.doc), [makeNote({ id: 'a', x: 0, y: 0, text: 'A' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:a'), 'note stored')
    const vote = (await (await act(b, { action: 'timer.stop' })).json()).facilitation.vote.id as string
    for (let i = 0; i < 25; i++) {
      const c = connect(`${b.id}/private`, b.keys.participant, { secret: `made-up-secret-${i}-0123456789` })
      expect(await c.closed).toBe(4401)
      c.destroy()
    }
    // one identity on two devices' sockets is one private part, so one voter
    const me = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' })
    for (let i = 0; i < 3; i++) {
      const c = connect(`${b.id}/private`, b.keys.participant, { identity: me })
      await c.synced
      const votes = c.doc.getMap('votes')
      votes.set(vote, [...((votes.get(vote) as string[] | undefined) ?? []), 'shape:a'])
      await waitFor(async () => ((await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()).voters as number) === 1, 'one voter')
      c.destroy()
    }
    const bo = connect(`${b.id}/private`, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Bo' }) })
    await bo.synced
    bo.doc.getMap('votes').set(vote, ['shape:a'])
    await waitFor(async () => (await (await api(`/api/boards/${b.id}/voters`, b.keys.facilitator)).json()).voters === 2, 'two voters')
    const closed = (await (await act(b, { action: 'vote.close' })).json()).facilitation
    expect(closed.vote.voters).toBe(2)
    expect(closed.results).toEqual({ 'shape:a': 4 })
  })

  it('[L16][H19] one address mints only MAX_IDENTITIES_PER_MINUTE identities per board and minute (429); renaming is free', async () => {
    const b = await createBoard(s.url)
    const first = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' })
    for (let i = 1; i < 8; i++) await issueIdentity(s.url, b.id, b.keys.participant)
    const res = await api(`/api/boards/${b.id}/identity`, b.keys.participant, { method: 'POST', json: {} })
    expect(res.status).toBe(429)
    expect((await res.json()).error.message).toMatch(/MAX_IDENTITIES_PER_MINUTE/)
    // the same person taking a new name keeps their id, and is not a new identity
    const renamed = await (await api(`/api/boards/${b.id}/identity`, b.keys.participant, { method: 'POST', json: { identity: first, name: 'Anna A.' } })).json()
    expect(renamed.id).toBe(first.split('.')[0])
    expect(renamed.name).toBe('Anna A.')
    // another board is counted apart
    const other = await createBoard(s.url)
    await issueIdentity(s.url, other.id, other.keys.participant)
  })
})

describe('the author the server records (D11)', () => {
  const note = (id: string, text: string, meta: Record<string, unknown> = {}) => ({
    ...makeNote({ id, x: 0, y: 0, text }),
    meta: { createdAt: 1, updatedAt: 1, ...meta },
  })

  it('[D11] the author is recorded at the first insert from the identity, and B rewriting the note (name and all) keeps A', async () => {
    const b = await createBoard(s.url)
    const anna = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' }) })
    const bo = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Bo' }) })
    await Promise.all([anna.synced, bo.synced])
    writeRecords(recordsOf(anna.doc), [note('n1', 'Annas idé', { authorName: 'Anna' })])
    await waitFor(() => authorsOf(serverDoc(b.id)).has('shape:n1'), 'author recorded')
    expect(authorsOf(serverDoc(b.id)).get('shape:n1')).toMatchObject({ name: 'Anna' })
    await waitFor(() => authorsOf(bo.doc).has('shape:n1') && readRecords(recordsOf(bo.doc)).has('shape:n1'), 'reaches Bo')
    // Bo rewrites it and claims it, then deletes it and puts it back (an undo)
    writeRecords(recordsOf(bo.doc), [note('n1', 'Bos text', { authorName: 'Bo', authorId: 'bo' })])
    await waitFor(
      () => (readRecords(recordsOf(serverDoc(b.id))).get('shape:n1') as { meta: { authorName?: string } } | undefined)?.meta.authorName === 'Bo',
      'edit applied',
    )
    const arr = recordsOf(bo.doc)
    const at = arr.toArray().findIndex((e) => e.key === 'shape:n1')
    arr.delete(at, 1)
    writeRecords(recordsOf(bo.doc), [note('n1', 'tillbaka', { authorName: 'Bo' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(b.id))).has('shape:n1'), 'back')
    expect(authorsOf(serverDoc(b.id)).get('shape:n1')).toMatchObject({ name: 'Anna' })
    const md = await (await api(`/api/boards/${b.id}/export?format=md`, b.keys.facilitator)).text()
    expect(md).toContain('Anna')
    expect(md).not.toContain('Bo')
    const csv = await (await api(`/api/boards/${b.id}/export?format=csv`, b.keys.facilitator)).text()
    expect(csv).toContain('Anna')
  })

  it('[D11][H9] a snapshot restored as a new board keeps the recorded authors; its .tldr file carries them too', async () => {
    const b = await createBoard(s.url)
    const anna = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' }) })
    await anna.synced
    // the note claims Bo in its meta: the server's record says Anna, and that is what travels
    writeRecords(recordsOf(anna.doc), [note('r1', 'Annas lapp', { authorName: 'Bo' })])
    await waitFor(() => authorsOf(serverDoc(b.id)).has('shape:r1'), 'author recorded')
    const snap = await (await api(`/api/boards/${b.id}/snapshots`, b.keys.facilitator, { method: 'POST', json: { name: 'före' } })).json()
    const file = await (await api(`/api/boards/${b.id}/snapshots/${snap.id}/export?format=json`, b.keys.facilitator)).json()
    const documentRecord = file.records.find((r: { typeName: string }) => r.typeName === 'document')
    expect(documentRecord.meta.tavla.session.authors['shape:r1']).toMatchObject({ name: 'Anna' })
    const restored = await (await api(`/api/boards/${b.id}/snapshots/${snap.id}/restore`, b.keys.facilitator, { method: 'POST', json: {} })).json()
    const md = await (await api(`/api/boards/${restored.id}/export?format=md`, restored.keys.facilitator)).text()
    expect(md).toContain('Anna')
    expect(md).not.toContain('Bo')
  })

  it('[D11] nobody writes "authors": a participant and the facilitator are refused with 4403', async () => {
    const b = await createBoard(s.url)
    for (const key of [b.keys.participant, b.keys.facilitator]) {
      const c = connect(b.id, key, { identity: await issueIdentity(s.url, b.id, key, { name: 'Eve' }) })
      await c.synced
      const closed = c.closed
      authorsOf(c.doc).set('shape:someone-else', { id: 'x', name: 'Någon annan', at: 1 })
      expect(await closed).toBe(4403)
      c.destroy()
    }
    expect(authorsOf(serverDoc(b.id)).size).toBe(0)
  })

  it('[D11] a writer without an identity is recorded as nobody: the name a note claims does not count', async () => {
    const b = await createBoard(s.url)
    const c = connect(b.id, b.keys.participant)
    await c.synced
    writeRecords(recordsOf(c.doc), [note('n2', 'påstår', { authorName: 'Anna' })])
    await waitFor(() => authorsOf(serverDoc(b.id)).has('shape:n2'), 'entry')
    expect(authorsOf(serverDoc(b.id)).get('shape:n2')!.name).toBeUndefined()
    const csv = await (await api(`/api/boards/${b.id}/export?format=csv`, b.keys.facilitator)).text()
    expect(csv).not.toContain('Anna')
  })

  it('[D11] a note from before the record keeps the author it carried when someone else edits it', async () => {
    const b = await createBoard(s.url)
    const old = new Y.Doc()
    writeRecords(recordsOf(old), [note('old', 'gammal', { authorName: 'Anna', authorId: 'anna-old' })])
    await s.rooms.withRoom(b.id, '', (r) => r.change((d) => Y.applyUpdate(d, Y.encodeStateAsUpdate(old))))
    const bo = connect(b.id, b.keys.participant, { identity: await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Bo' }) })
    await bo.synced
    writeRecords(recordsOf(bo.doc), [note('old', 'Bo skrev om', { authorName: 'Bo' })])
    await waitFor(() => authorsOf(serverDoc(b.id)).has('shape:old'), 'entry')
    expect(authorsOf(serverDoc(b.id)).get('shape:old')).toMatchObject({ id: 'anna-old', name: 'Anna' })
  })

  it('[D11] none on an anonymous board', async () => {
    const anon = await (
      await fetch(`${s.url}/api/boards`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Anonym', anonymous: true }),
      })
    ).json()
    const c = connect(anon.id, anon.keys.participant, { identity: await issueIdentity(s.url, anon.id, anon.keys.participant, { name: 'Anna' }) })
    await c.synced
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'n3', x: 0, y: 0, text: 'anonym' })])
    await waitFor(() => readRecords(recordsOf(serverDoc(anon.id))).has('shape:n3'), 'stored')
    await new Promise((r) => setTimeout(r, 50))
    expect(authorsOf(serverDoc(anon.id)).size).toBe(0)
  })

  it('[D11] a revealed private note keeps the author recorded in the private part', async () => {
    const b = await createBoard(s.url)
    expect((await act(b, { action: 'private.start' })).status).toBe(200)
    const token = await issueIdentity(s.url, b.id, b.keys.participant, { name: 'Anna' })
    const mine = connect(`${b.id}/private`, b.keys.participant, { identity: token })
    await mine.synced
    writeRecords(recordsOf(mine.doc), [makeNote({ id: 'p1', x: 0, y: 0, text: 'hemlig' })])
    await waitFor(() => authorsOf(mine.doc).has('shape:p1'), 'recorded in the part')
    expect((await act(b, { action: 'private.reveal' })).status).toBe(200)
    await s.rooms.withRoom(b.id, '', (r) => expect(authorsOf(r.doc).get('shape:p1')).toMatchObject({ name: 'Anna' }))
  })
})

describe('private parts per board (L15)', () => {
  let small: InProcessServer
  beforeAll(async () => {
    small = await startInProcess({ MAX_PRIVATE_PARTS_PER_BOARD: '2' })
  })
  afterAll(() => small.close())

  it('[L15] past MAX_PRIVATE_PARTS_PER_BOARD a new private part is closed with 4413; existing ones still open', async () => {
    const b = await createBoard(small.url)
    const tokens = await Promise.all([0, 1, 2].map(() => issueIdentity(small.url, b.id, b.keys.participant)))
    const open = tokens.slice(0, 2).map((t) => connectClient(small.wsUrl, `${b.id}/private`, b.keys.participant, { params: { identity: t } }))
    clients.push(...open)
    await Promise.all(open.map((c) => c.synced))
    const third = connectClient(small.wsUrl, `${b.id}/private`, b.keys.participant, { params: { identity: tokens[2]! } })
    clients.push(third)
    expect(await third.closed).toBe(4413)
    const again = connectClient(small.wsUrl, `${b.id}/private`, b.keys.participant, { params: { identity: tokens[0]! } })
    clients.push(again)
    await again.synced
  })
})
