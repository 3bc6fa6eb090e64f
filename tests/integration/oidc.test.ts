// Sign-in for facilitators with OpenID Connect (apps/server SPEC [O1]–[O9]) against a real
// OpenID Provider (oidc-provider) on a free port, over HTTP with a cookie jar.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { CLIENT_ID, CLIENT_SECRET, CookieJar, signIn, startOidcProvider, type TestProvider } from '../support/oidc.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'
import { freePort } from '../support/server.ts'
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { backgroundOf, readRecords, writeRecords } from '@tavla/board'
import { waitFor } from '../support/clients.ts'

let op: TestProvider
let server: InProcessServer
let clock = Date.now()
const now = () => clock

beforeAll(async () => {
  const opPort = await freePort()
  // the server discovers the provider on the first sign-in: it may start first
  server = await startInProcess(
    {
      OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_FACILITATOR_CLAIM: 'groups',
      OIDC_FACILITATOR_VALUE: 'processledare',
    },
    { now },
  )
  op = await startOidcProvider({ port: opPort, redirectUris: [`${server.url}/auth/callback`] })
})
afterAll(async () => {
  await server?.close()
  await op?.close()
})

const json = { 'content-type': 'application/json' }
const createBoard = (jar: CookieJar) =>
  jar.fetch(`${server.url}/api/boards`, { method: 'POST', headers: json, body: JSON.stringify({ template: 'blank', title: 'Inloggad tavla' }) })
const createSession = (jar: CookieJar) =>
  jar.fetch(`${server.url}/api/sessions`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ title: 'Inloggad workshop', meetings: [{ title: 'Möte 1', exercises: [{ kind: 'plain', title: 'Idéer' }] }] }),
  })
const me = async (jar: CookieJar) => (await jar.fetch(`${server.url}/api/me`)).json()

describe('sign-in with OpenID Connect', () => {
  it('[O5] with OIDC configured, creating a board or a session without sign-in is refused with 401 sign_in_required', async () => {
    const jar = new CookieJar()
    const b = await createBoard(jar)
    expect(b.status).toBe(401)
    expect((await b.json()).error.code).toBe('sign_in_required')
    const s = await createSession(jar)
    expect(s.status).toBe(401)
    expect((await s.json()).error.code).toBe('sign_in_required')
    expect(await me(jar)).toEqual({ oidc: true, signedIn: false })
  })

  it('[O2][O3][O8] a facilitator signs in (code flow with PKCE, state, nonce), gets an HttpOnly SameSite=Lax cookie and creates a board and a session', async () => {
    const jar = new CookieJar()
    const login = await jar.fetch(`${server.url}/auth/login?returnTo=/start`)
    expect(login.status).toBe(302)
    const to = new URL(login.headers.get('location')!)
    expect(to.origin).toBe(op.issuer)
    expect(to.searchParams.get('code_challenge_method')).toBe('S256')
    expect(to.searchParams.get('code_challenge')).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(to.searchParams.get('state')).toBeTruthy()
    expect(to.searchParams.get('nonce')).toBeTruthy()
    expect(to.searchParams.get('redirect_uri')).toBe(`${server.url}/auth/callback`)
    const pending = login.headers.getSetCookie().find((c) => c.startsWith('tavla_oidc='))!
    expect(pending).toMatch(/HttpOnly/i)
    expect(pending).toMatch(/SameSite=Lax/i)
    expect(pending).toMatch(/Path=\/auth/i)

    const jar2 = new CookieJar()
    const { res } = await signIn(jar2, server.url, 'ada', { returnTo: '/start' })
    expect(res.status).toBe(303)
    expect(res.headers.get('location')).toBe('/start')
    const cookie = res.headers.getSetCookie().find((c) => c.startsWith('tavla_signin='))!
    expect(cookie).toMatch(/HttpOnly/i)
    expect(cookie).toMatch(/SameSite=Lax/i)
    expect(cookie).not.toMatch(/Secure/i) // plain http here; behind https it is Secure
    expect(jar2.cookies.has('tavla_oidc')).toBe(false) // the pending sign-in is used up
    expect(await me(jar2)).toMatchObject({ oidc: true, signedIn: true, name: 'Ada Lind', email: 'ada@example.se', facilitator: true })
    const b = await createBoard(jar2)
    expect(b.status).toBe(201)
    expect((await b.json()).links.facilitator).toContain('/b/')
    const s = await createSession(jar2)
    expect(s.status).toBe(201)
  })

  it('[O4] someone without the facilitator claim is signed in but may not create (403 not_facilitator)', async () => {
    const jar = new CookieJar()
    await signIn(jar, server.url, 'cilla')
    expect(await me(jar)).toMatchObject({ signedIn: true, facilitator: false, email: 'cilla@example.se' })
    const b = await createBoard(jar)
    expect(b.status).toBe(403)
    expect((await b.json()).error.code).toBe('not_facilitator')
  })

  it('[O7] sign-out is a POST from this server only; afterwards nothing can be created', async () => {
    const jar = new CookieJar()
    await signIn(jar, server.url, 'bo')
    const cross = await jar.fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { origin: 'https://evil.example' } })
    expect(cross.status).toBe(403)
    expect((await me(jar)).signedIn).toBe(true)
    // GET signs no one out (with the web app built it is the page's fallback, without it a 404)
    expect((await jar.fetch(`${server.url}/auth/logout`, { redirect: 'manual' })).status).not.toBe(303)
    expect((await me(jar)).signedIn).toBe(true)
    const out = await jar.fetch(`${server.url}/auth/logout`, {
      method: 'POST',
      headers: { origin: server.url, 'content-type': 'application/x-www-form-urlencoded', accept: 'text/html' },
      body: '',
    })
    expect(out.status).toBe(303)
    expect(out.headers.get('location')).toBe('/')
    expect(jar.cookies.has('tavla_signin')).toBe(false)
    expect((await me(jar)).signedIn).toBe(false)
    expect((await createBoard(jar)).status).toBe(401)
  })

  it('[O6] a tampered state gets a clear auth_failed error and no sign-in', async () => {
    const jar = new CookieJar()
    const { res } = await signIn(jar, server.url, 'ada', {
      tamper: (u) => {
        u.searchParams.set('state', `${u.searchParams.get('state')}x`)
        return u
      },
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('auth_failed')
    expect(body.error.message).toMatch(/state/i)
    expect(res.headers.getSetCookie().some((c) => c.startsWith('tavla_signin=') && !/tavla_signin=;/.test(c))).toBe(false)
    expect(await me(jar)).toEqual({ oidc: true, signedIn: false })
  })

  it('[O6] an answer naming another issuer gets a clear auth_failed error and no sign-in', async () => {
    const jar = new CookieJar()
    const { res } = await signIn(jar, server.url, 'ada', {
      tamper: (u) => {
        expect(u.searchParams.get('iss')).toBe(op.issuer) // RFC 9207: the provider names itself
        u.searchParams.set('iss', 'http://127.0.0.1:1/evil')
        return u
      },
    })
    expect(res.status).toBe(400)
    const body = await res.json()
    expect(body.error.code).toBe('auth_failed')
    expect(body.error.message).toMatch(/issuer/i)
    expect(await me(jar)).toEqual({ oidc: true, signedIn: false })
  })

  it('[O6] an expired authorization code gets a clear auth_failed error and no sign-in; the page is HTML for a browser', async () => {
    op.setCodeTtl(1)
    try {
      const jar = new CookieJar()
      const { res } = await signIn(jar, server.url, 'ada', {
        accept: 'text/html',
        tamper: async (u) => {
          await new Promise((r) => setTimeout(r, 2100))
          return u
        },
      })
      expect(res.status).toBe(400)
      expect(res.headers.get('content-type')).toMatch(/text\/html/)
      const html = await res.text()
      expect(html).toContain('Inloggningen misslyckades')
      expect(html).toContain('auth_failed')
      expect(html).toMatch(/gå ut|för gammal/)
      expect(await me(jar)).toEqual({ oidc: true, signedIn: false })
    } finally {
      op.setCodeTtl(60)
    }
  })

  it('[O6] an expired ID token (issued by the provider with its exp past) gets a clear auth_failed error naming the expiry and no sign-in', async () => {
    op.setIdTokensExpired(true)
    try {
      const jar = new CookieJar()
      const { res } = await signIn(jar, server.url, 'ada')
      expect(res.status).toBe(400)
      const body = await res.json()
      expect(body.error.code).toBe('auth_failed')
      expect(body.error.message).toMatch(/ID token/)
      expect(body.error.message).toMatch(/expired/)
      expect(res.headers.getSetCookie().some((c) => c.startsWith('tavla_signin=') && !/tavla_signin=;/.test(c))).toBe(false)
      expect(jar.cookies.has('tavla_signin')).toBe(false)
      expect(jar.cookies.has('tavla_oidc')).toBe(false) // the pending sign-in is dropped too
      expect(await me(jar)).toEqual({ oidc: true, signedIn: false })
      expect((await createBoard(jar)).status).toBe(401)

      // a browser gets the reason in Swedish
      const page = await signIn(new CookieJar(), server.url, 'ada', { accept: 'text/html' })
      expect(page.res.status).toBe(400)
      const html = await page.res.text()
      expect(html).toContain('Inloggningen misslyckades')
      expect(html).toContain('har gått ut')
    } finally {
      op.setIdTokensExpired(false)
    }
    // the same provider's fresh token signs in again: it was the expiry that was refused
    const again = new CookieJar()
    expect((await signIn(again, server.url, 'ada')).res.status).toBe(303)
    expect((await me(again)).signedIn).toBe(true)
  })

  it('[O6] a callback without the pending sign-in (another browser, or too late) is refused', async () => {
    const jar = new CookieJar()
    const { res } = await signIn(jar, server.url, 'ada', {
      tamper: (u) => {
        jar.cookies.delete('tavla_oidc')
        return u
      },
    })
    expect(res.status).toBe(400)
    expect((await res.json()).error.message).toMatch(/another browser|too long ago/)
    expect((await me(jar)).signedIn).toBe(false)
  })

  it('[O3] a changed sign-in cookie is no sign-in, and a sign-in ends after 12 hours', async () => {
    const jar = new CookieJar()
    await signIn(jar, server.url, 'ada')
    const real = jar.cookies.get('tavla_signin')!
    const [value, mac] = real.split('.')
    const forged = Buffer.from(
      JSON.stringify({ ...JSON.parse(Buffer.from(decodeURIComponent(value!), 'base64url').toString()), sub: 'someone-else' }),
    ).toString('base64url')
    jar.cookies.set('tavla_signin', `${forged}.${mac}`)
    expect((await me(jar)).signedIn).toBe(false)
    expect((await createBoard(jar)).status).toBe(401)
    jar.cookies.set('tavla_signin', real)
    expect((await me(jar)).signedIn).toBe(true)
    clock += 12 * 60 * 60 * 1000 + 1000
    try {
      expect((await me(jar)).signedIn).toBe(false)
      expect((await createBoard(jar)).status).toBe(401)
    } finally {
      clock = Date.now()
    }
  })
})

describe("a facilitator's boards on the server", () => {
  it("[O10][O11] what a signed-in facilitator creates is theirs: listed with every link wherever they sign in again, and no one else's", async () => {
    const first = new CookieJar()
    await signIn(first, server.url, 'ada')
    const board = await (await createBoard(first)).json()
    const session = await (await createSession(first)).json()
    await first.fetch(`${server.url}/auth/logout`, { method: 'POST', headers: { origin: server.url } })
    expect((await first.fetch(`${server.url}/api/me/boards`)).status).toBe(401)

    // another browser, another day: signing in again finds both, with their links
    const second = new CookieJar()
    await signIn(second, server.url, 'ada')
    const res = await second.fetch(`${server.url}/api/me/boards`)
    expect(res.status).toBe(200)
    const { boards } = await res.json()
    const b = boards.find((x: { id: string }) => x.id === board.id)
    const s = boards.find((x: { id: string }) => x.id === session.id)
    expect(b).toMatchObject({ kind: 'board', title: 'Inloggad tavla', role: 'owner', links: board.links, missing: [] })
    expect(s).toMatchObject({ kind: 'session', title: 'Inloggad workshop', role: 'owner', links: session.links, missing: [] })
    expect(s.links.participant).toContain(`/s/${session.id}?key=`)
    expect(boards.indexOf(s)).toBeLessThan(boards.indexOf(b)) // newest first
    // the links work: each opens its board with its role
    for (const role of ['facilitator', 'participant', 'viewer'] as const) {
      const key = new URL(b.links[role]).searchParams.get('key')
      expect((await (await fetch(`${server.url}/api/boards/${board.id}?key=${key}`)).json()).role).toBe(role)
    }

    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo')
    const theirs = (await (await bo.fetch(`${server.url}/api/me/boards`)).json()).boards.map((x: { id: string }) => x.id)
    expect(theirs).not.toContain(board.id)
    expect(theirs).not.toContain(session.id)

    // a deleted board leaves the list
    const key = new URL(board.links.facilitator).searchParams.get('key')
    expect((await fetch(`${server.url}/api/boards/${board.id}?key=${key}`, { method: 'DELETE' })).status).toBe(204)
    const after = (await (await second.fetch(`${server.url}/api/me/boards`)).json()).boards.map((x: { id: string }) => x.id)
    expect(after).not.toContain(board.id)
    expect(after).toContain(session.id)
  })
})

describe('sharing and attaching by sign-in', () => {
  const post = (jar: CookieJar, url: string, body?: unknown) =>
    jar.fetch(url, { method: 'POST', ...(body === undefined ? {} : { headers: json, body: JSON.stringify(body) }) })

  it('[O13] an owner shares a board with a colleague by e-mail: the colleague sees it with its links; only they or the owner take them off', async () => {
    const ada = new CookieJar()
    await signIn(ada, server.url, 'ada')
    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo') // a colleague has signed in once
    const board = await (await createBoard(ada)).json()
    const share = `${server.url}/api/boards/${board.id}/facilitators`

    expect((await post(new CookieJar(), share, { email: 'bo@example.se' })).status).toBe(401)
    const nobody = await post(ada, share, { email: 'nobody@example.se' })
    expect(nobody.status).toBe(404)
    expect((await nobody.json()).error.code).toBe('account_not_found')
    expect((await post(ada, share, { email: 'bo@example.se', subject: 'bo' })).status).toBe(400)
    // someone with no role on the board may not share it
    const cilla = new CookieJar()
    await signIn(cilla, server.url, 'cilla')
    expect((await post(cilla, share, { email: 'cilla@example.se' })).status).toBe(403)
    expect((await cilla.fetch(share)).status).toBe(403)

    const shared = await post(ada, share, { email: 'BO@example.se' })
    expect(shared.status).toBe(201)
    const { accounts } = await shared.json()
    expect(accounts.map((a: { email: string; role: string }) => [a.email, a.role])).toEqual([
      ['ada@example.se', 'owner'],
      ['bo@example.se', 'co-facilitator'],
    ])
    expect((await post(ada, share, { subject: 'bo' })).status).toBe(200) // already shared: nothing new

    const mine = (await (await bo.fetch(`${server.url}/api/me/boards`)).json()).boards.find((b: { id: string }) => b.id === board.id)
    expect(mine).toMatchObject({ role: 'co-facilitator', links: board.links })
    // the co-facilitator manages the list too, but cannot take the owner off
    expect((await bo.fetch(share)).status).toBe(200)
    const adaId = accounts[0].accountId
    const boId = accounts[1].accountId
    expect((await bo.fetch(`${share}/${adaId}`, { method: 'DELETE' })).status).toBe(409)
    expect((await bo.fetch(`${share}/${boId}`, { method: 'DELETE' })).status).toBe(204)
    const after = (await (await bo.fetch(`${server.url}/api/me/boards`)).json()).boards.map((b: { id: string }) => b.id)
    expect(after).not.toContain(board.id)
    expect((await bo.fetch(share)).status).toBe(403)
  })

  it('[O13] the list says, for whoever asks, which account is theirs and whom they may take off', async () => {
    const ada = new CookieJar()
    await signIn(ada, server.url, 'ada')
    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo')
    const cilla = new CookieJar()
    await signIn(cilla, server.url, 'cilla')
    const board = await (await createBoard(ada)).json()
    const share = `${server.url}/api/boards/${board.id}/facilitators`
    await post(ada, share, { email: 'bo@example.se' })
    const { accounts } = await (await post(ada, share, { email: 'cilla@example.se' })).json()
    const view = (list: { email: string; you: boolean; removable: boolean }[]) => list.map((a) => [a.email, a.you, a.removable])
    // the owner: may take either colleague off, never themself
    expect(view(accounts)).toEqual([
      ['ada@example.se', true, false],
      ['bo@example.se', false, true],
      ['cilla@example.se', false, true],
    ])
    // a co-facilitator: only themself
    expect(view((await (await bo.fetch(share)).json()).accounts)).toEqual([
      ['ada@example.se', false, false],
      ['bo@example.se', true, true],
      ['cilla@example.se', false, false],
    ])
    // and the server holds to it: what is not removable is refused
    const cillaId = accounts[2].accountId
    expect((await bo.fetch(`${share}/${cillaId}`, { method: 'DELETE' })).status).toBe(403)
    // the facilitator link, with no sign-in: anyone but the owner
    const key = new URL(board.links.facilitator).searchParams.get('key')
    expect(view((await (await fetch(`${share}?key=${key}`)).json()).accounts)).toEqual([
      ['ada@example.se', false, false],
      ['bo@example.se', false, true],
      ['cilla@example.se', false, true],
    ])
    expect((await ada.fetch(`${share}/${cillaId}`, { method: 'DELETE' })).status).toBe(204)
  })

  it('[O14] opening an old facilitator link while signed in attaches the board: an unowned one becomes theirs, an owned one shared', async () => {
    const ada = new CookieJar()
    await signIn(ada, server.url, 'ada')
    const board = await (await createBoard(ada)).json()
    const key = (role: 'facilitator' | 'participant') => new URL(board.links[role]).searchParams.get('key')!
    const attach = (jar: CookieJar, role: 'facilitator' | 'participant' = 'facilitator') =>
      post(jar, `${server.url}/api/boards/${board.id}/attach?key=${key(role)}`)

    expect((await attach(new CookieJar())).status).toBe(401)
    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo')
    expect((await attach(bo, 'participant')).status).toBe(403)
    // owned by Ada: Bo, with the facilitator link, is attached as a co-facilitator
    expect(await (await attach(bo)).json()).toEqual({ role: 'co-facilitator', attached: true })
    expect(await (await attach(bo)).json()).toEqual({ role: 'co-facilitator', attached: false })

    // a board from before sign-in (no owner): the first to attach it owns it
    const adaAccount = (await server.storage.listBoardAccounts(board.id)).find((a) => a.role === 'owner')!.accountId
    await server.storage.removeBoardAccount(adaAccount, board.id)
    const boAccount = (await server.storage.listBoardAccounts(board.id))[0]!.accountId
    await server.storage.removeBoardAccount(boAccount, board.id)
    expect(await (await attach(bo)).json()).toEqual({ role: 'owner', attached: true })
    const listed = (await (await bo.fetch(`${server.url}/api/me/boards`)).json()).boards.find((b: { id: string }) => b.id === board.id)
    expect(listed).toMatchObject({ role: 'owner', links: board.links })
  })
})

describe('opening a board on the sign-in alone', () => {
  /** y-websocket's client (as the page) sending a browser's cookie and Origin with the upgrade, and no key. */
  const wsOnSignIn = (boardId: string, headers: Record<string, string>) => {
    class HeaderSocket extends WebSocket {
      constructor(url: string | URL, protocols?: string | string[]) {
        super(url, protocols, { headers })
      }
    }
    const doc = new Y.Doc()
    const provider = new WebsocketProvider(server.wsUrl, boardId, doc, {
      params: { key: '' },
      WebSocketPolyfill: HeaderSocket as unknown as typeof globalThis.WebSocket,
      disableBc: true,
      maxBackoffTime: 500,
    })
    const synced = new Promise<void>((res) => provider.on('sync', (s: boolean) => s && res()))
    const closed = new Promise<number>((res) => provider.on('connection-close', (ev) => res((ev as { code: number } | null)?.code ?? 0)))
    return { doc, provider, synced, closed }
  }
  const cookieOf = (jar: CookieJar) => ({ cookie: jar.header() })
  /** The close code the server gave, or 'open' when it let the socket in. */
  const closeCode = (c: { closed: Promise<number> }) => Promise.race([c.closed, new Promise<string>((r) => setTimeout(() => r('open'), 5000))])

  it('[O15] with only the sign-in cookie an owner or co-facilitator is the facilitator of the board info, its API and its websocket (own Origin only); a key still decides; no one else', async () => {
    const ada = new CookieJar()
    await signIn(ada, server.url, 'ada')
    const board = await (await createBoard(ada)).json()
    const session = await (await createSession(ada)).json()
    const exercise = session.session.meetings[0].exercises[0].boardId
    const api = `${server.url}/api/boards/${board.id}`

    // the page's address is not sent on with a key any more
    const page = await ada.fetch(`${server.url}/b/${board.id}`)
    expect(page.status).not.toBe(302)
    expect(page.headers.get('location')).toBeNull()
    // the board info, the links it shows for sharing, the state vector: as its facilitator
    expect(await (await ada.fetch(api)).json()).toMatchObject({ id: board.id, role: 'facilitator' })
    expect((await (await ada.fetch(`${api}/links`)).json()).links).toEqual(board.links)
    expect((await ada.fetch(`${api}/state-vector`)).status).toBe(200)
    // a session and its exercise board by the session's facilitation
    expect(await (await ada.fetch(`${server.url}/api/sessions/${session.id}`)).json()).toMatchObject({ role: 'facilitator' })
    expect(await (await ada.fetch(`${server.url}/api/boards/${exercise}`)).json()).toMatchObject({ role: 'facilitator' })
    // a change: from this server's own page (or no browser at all), never from another site
    const lock = (headers: Record<string, string>) =>
      ada.fetch(`${api}/facilitation`, { method: 'POST', headers: { ...json, ...headers }, body: JSON.stringify({ action: 'board.lock' }) })
    const foreign = await lock({ origin: 'https://elak.example', 'sec-fetch-site': 'cross-site' })
    expect(foreign.status).toBe(401)
    expect((await foreign.json()).error.code).toBe('key_required')
    const locked = await lock({ origin: server.url, 'sec-fetch-site': 'same-origin' })
    expect(locked.status).toBe(200)
    expect((await locked.json()).facilitation).toMatchObject({ locked: true })
    expect((await ada.fetch(`${api}/facilitation`, { method: 'POST', headers: json, body: JSON.stringify({ action: 'board.unlock' }) })).status).toBe(200)
    // a key given still decides, signed in or not
    const participantKey = new URL(board.links.participant).searchParams.get('key')
    expect(await (await ada.fetch(`${api}?key=${participantKey}`)).json()).toMatchObject({ role: 'participant' })
    expect((await ada.fetch(`${api}/links`, { headers: { authorization: `Bearer ${participantKey}` } })).status).toBe(403)
    expect((await (await ada.fetch(`${api}?key=wrong-key-0123456789`)).json()).error.code).toBe('invalid_key')

    // not signed in, or signed in without a role on it: as without sign-in
    const bo = new CookieJar()
    await signIn(bo, server.url, 'bo')
    for (const jar of [new CookieJar(), bo]) {
      expect((await (await jar.fetch(api)).json()).role).toBeUndefined()
      const links = await jar.fetch(`${api}/links`)
      expect(links.status).toBe(401)
      expect((await links.json()).error.code).toBe('key_required')
      expect((await jar.fetch(`${server.url}/api/sessions/${session.id}`)).status).toBe(401)
    }

    // the websocket: the sign-in counts only with this server's own Origin
    const own = wsOnSignIn(board.id, { ...cookieOf(ada), origin: server.url })
    const facilitatorKey = new URL(board.links.facilitator).searchParams.get('key')
    const watcher = wsOnSignIn(board.id, { authorization: `Bearer ${facilitatorKey}` })
    const refusedOrigin = wsOnSignIn(board.id, { ...cookieOf(ada), origin: 'https://elak.example' })
    const noOrigin = wsOnSignIn(board.id, cookieOf(ada))
    const other = wsOnSignIn(board.id, { ...cookieOf(bo), origin: server.url })
    const anonymous = wsOnSignIn(board.id, { origin: server.url })
    try {
      await Promise.all([own.synced, watcher.synced])
      expect(await closeCode(refusedOrigin)).toBe(4401)
      expect(await closeCode(noOrigin)).toBe(4401)
      expect(await closeCode(other)).toBe(4401)
      expect(await closeCode(anonymous)).toBe(4401)
      // as its facilitator: the background, which a participant may not touch ([W9])
      writeRecords(backgroundOf(own.doc), [{ id: 'page:page', typeName: 'page', name: 'Ada satte bakgrunden', index: 'a1', meta: {} }])
      await waitFor(() => JSON.stringify([...readRecords(backgroundOf(watcher.doc))]).includes('Ada satte bakgrunden'), 'the background reaches others')
      expect(own.provider.wsconnected).toBe(true)

      // shared with Bo: his sign-in opens it too
      await ada.fetch(`${api}/facilitators`, { method: 'POST', headers: json, body: JSON.stringify({ email: 'bo@example.se' }) })
      expect(await (await bo.fetch(api)).json()).toMatchObject({ role: 'facilitator' })
      const shared = wsOnSignIn(board.id, { ...cookieOf(bo), origin: server.url })
      try {
        await shared.synced
        expect(shared.provider.wsconnected).toBe(true)
        // a new facilitator key closes the sockets that came in with the old one, not those on a sign-in
        const rotated = await fetch(`${api}/keys/facilitator`, { method: 'POST', headers: { authorization: `Bearer ${facilitatorKey}` } })
        expect(rotated.status).toBe(200)
        expect(await closeCode(watcher)).toBe(4401)
        writeRecords(backgroundOf(own.doc), [{ id: 'page:page', typeName: 'page', name: 'Efter bytet', index: 'a1', meta: {} }])
        await waitFor(() => JSON.stringify([...readRecords(backgroundOf(shared.doc))]).includes('Efter bytet'), 'the sign-in sockets go on')
        // [O13] taken off the board, Bo's open socket closes at once; Ada's goes on
        const boId = (await (await ada.fetch(`${api}/facilitators`)).json()).accounts.find((a: { email?: string }) => a.email === 'bo@example.se').accountId
        expect((await ada.fetch(`${api}/facilitators/${boId}`, { method: 'DELETE', headers: { origin: server.url } })).status).toBe(204)
        expect(await closeCode(shared)).toBe(4401)
        writeRecords(backgroundOf(own.doc), [{ id: 'page:page', typeName: 'page', name: 'Efter Bo', index: 'a1', meta: {} }])
        expect(own.provider.wsconnected).toBe(true)
        const again = wsOnSignIn(board.id, { ...cookieOf(bo), origin: server.url })
        expect(await closeCode(again)).toBe(4401)
        again.provider.destroy()
      } finally {
        shared.provider.destroy()
      }
    } finally {
      for (const c of [own, watcher, refusedOrigin, noOrigin, other, anonymous]) c.provider.destroy()
    }
  })
})

describe('without OIDC', () => {
  it('[O1] everything works as before: no sign-in asked, /api/me says so, /auth/* is not there', async () => {
    const plain = await startInProcess()
    try {
      const jar = new CookieJar()
      expect(await (await jar.fetch(`${plain.url}/api/me`)).json()).toEqual({ oidc: false, signedIn: false })
      expect((await jar.fetch(`${plain.url}/auth/login`)).status).toBe(404)
      const b = await jar.fetch(`${plain.url}/api/boards`, {
        method: 'POST',
        headers: json,
        body: JSON.stringify({ template: 'blank', title: 'Utan inloggning' }),
      })
      expect(b.status).toBe(201)
    } finally {
      await plain.close()
    }
  })
})
