// A real OpenID Provider for the tests (oidc-provider, a certified implementation) on a free
// loopback port, with a test client and people who sign in with a password on a plain form; and a
// cookie jar that follows redirects, to sign in over HTTP as a browser would.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import Provider from 'oidc-provider'
import type { Page } from 'playwright-core'
import { freePort, startServer, type RunningServer } from './server.ts'

export interface TestPerson {
  password: string
  name: string
  email: string
  groups: string[]
}

export const PEOPLE: Record<string, TestPerson> = {
  ada: { password: 'ada-lösen', name: 'Ada Lind', email: 'ada@example.se', groups: ['processledare', 'personal'] },
  bo: { password: 'bo-lösen', name: 'Bo Ek', email: 'bo@example.se', groups: ['processledare'] },
  cilla: { password: 'cilla-lösen', name: 'Cilla Berg', email: 'cilla@example.se', groups: ['personal'] },
}

export const CLIENT_ID = 'tavla'
export const CLIENT_SECRET = 'tavla-test-client-secret-0123456789'

export interface TestProvider {
  issuer: string
  port: number
  /** Seconds an authorization code lives (default 60); 1 lets a test see one expire. */
  setCodeTtl(seconds: number): void
  /** While on, every ID token is issued already expired (`exp` two minutes past), past any clock tolerance. */
  setIdTokensExpired(on: boolean): void
  close(): Promise<void>
}

const readBody = (req: IncomingMessage) =>
  new Promise<string>((res, rej) => {
    let s = ''
    req.on('data', (d) => (s += d))
    req.on('end', () => res(s))
    req.on('error', rej)
  })

/** Starts the provider; `redirectUris` are the client's, e.g. `<server>/auth/callback`. */
export async function startOidcProvider(opts: { redirectUris: string[]; port?: number }): Promise<TestProvider> {
  const port = opts.port ?? (await freePort())
  const issuer = `http://127.0.0.1:${port}`
  let codeTtl = 60
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: CLIENT_ID,
        client_secret: CLIENT_SECRET,
        redirect_uris: opts.redirectUris,
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    cookies: { keys: ['tavla-test-provider-cookie-key'] },
    claims: { openid: ['sub'], profile: ['name', 'groups'], email: ['email', 'email_verified'] },
    pkce: { required: () => true },
    ttl: { AuthorizationCode: () => codeTtl },
    interactions: { url: (_ctx, interaction) => `/interaction/${interaction.uid}` },
    async findAccount(_ctx, id) {
      const p = PEOPLE[id]
      if (!p) return undefined
      return { accountId: id, claims: async () => ({ sub: id, name: p.name, email: p.email, email_verified: true, groups: p.groups }) }
    },
  })

  const page = (uid: string, error = '') => `<!doctype html><html lang="sv"><head><meta charset="utf-8"><title>Testinloggning</title></head><body>
<main><h1>Testinloggning</h1>${error ? `<p role="alert">${error}</p>` : ''}
<form method="post" action="/interaction/${uid}/login">
<label>Användarnamn <input name="login" autocomplete="username"></label>
<label>Lösenord <input name="password" type="password" autocomplete="current-password"></label>
<button type="submit">Logga in</button></form></main></body></html>`

  const interactions = async (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/interaction\/([^/?]+)(\/login)?/.exec(req.url ?? '')
    if (!m) return false
    const details = await provider.interactionDetails(req, res)
    if (req.method === 'GET') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid))
      return true
    }
    const form = new URLSearchParams(await readBody(req))
    const login = form.get('login') ?? ''
    const person = PEOPLE[login]
    if (!person || person.password !== form.get('password')) {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(page(details.uid, 'Fel användarnamn eller lösenord.'))
      return true
    }
    const grant = new provider.Grant({ accountId: login, clientId: String(details.params.client_id) })
    grant.addOIDCScope(String(details.params.scope ?? 'openid'))
    const grantId = await grant.save()
    await provider.interactionFinished(req, res, { login: { accountId: login }, consent: { grantId } }, { mergeWithLastSubmission: false })
    return true
  }

  // an already expired ID token, issued and signed by the provider itself: its `expiresAt` option
  // (a positive ttl.IdToken is all the configuration allows) set two minutes in the past
  let expiredIdTokens = false
  const issueIdToken = provider.IdToken.prototype.issue
  provider.IdToken.prototype.issue = function (this: InstanceType<typeof provider.IdToken>, o: Parameters<typeof issueIdToken>[0]) {
    const past = Math.floor(Date.now() / 1000) - 120
    return issueIdToken.call(this, expiredIdTokens && o.use === 'idtoken' ? { ...o, expiresAt: past } : o)
  }

  const callback = provider.callback()
  const server: Server = createServer((req, res) => {
    interactions(req, res)
      .then((handled) => {
        if (!handled) callback(req, res)
      })
      .catch((err: Error) => {
        if (!res.headersSent) res.writeHead(500, { 'content-type': 'text/plain' })
        res.end(`test provider: ${err.message}`)
      })
  })
  await new Promise<void>((res) => server.listen(port, '127.0.0.1', res))
  return {
    issuer,
    port,
    setCodeTtl: (s) => {
      codeTtl = s
    },
    setIdTokensExpired: (on) => {
      expiredIdTokens = on
    },
    close: () =>
      new Promise<void>((res) => {
        server.closeAllConnections()
        server.close(() => res())
      }),
  }
}

/** A cookie jar over fetch that follows redirects itself (cookies of every hop kept), as a browser. */
export class CookieJar {
  readonly cookies = new Map<string, string>()

  header(): string {
    return [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ')
  }

  /** One request, no redirect followed; the response's cookies kept. */
  async fetch(url: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers)
    if (this.cookies.size) headers.set('cookie', this.header())
    const res = await fetch(url, { ...init, headers, redirect: 'manual' })
    for (const c of res.headers.getSetCookie()) {
      const [pair, ...attrs] = c.split(';')
      const eq = pair!.indexOf('=')
      const name = pair!.slice(0, eq).trim()
      const value = pair!.slice(eq + 1).trim()
      const gone = attrs.some((a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) < Date.now()))
      if (gone || value === '') this.cookies.delete(name)
      else this.cookies.set(name, value)
    }
    return res
  }

  /**
   * Follows redirects from `url` (at most 20); `stopAt` may end the walk at an address (returned
   * unfetched as `stopped`) so a test can change it, e.g. the callback with a tampered state.
   */
  async follow(url: string, init: RequestInit = {}, stopAt?: (url: URL) => boolean): Promise<{ res: Response; url: string; stopped?: string }> {
    let res = await this.fetch(url, init)
    let at = url
    for (let i = 0; i < 20 && res.status >= 300 && res.status < 400; i++) {
      const next = new URL(res.headers.get('location')!, at).href
      await res.arrayBuffer()
      if (stopAt?.(new URL(next))) return { res, url: at, stopped: next }
      at = next
      res = await this.fetch(at)
    }
    return { res, url: at }
  }
}

/**
 * Signs in at a tavla server through the provider's form as `login`. `tamper` may change the
 * callback address before it is followed. Returns the last response (after the server's redirect).
 */
export async function signIn(
  jar: CookieJar,
  serverUrl: string,
  login: string,
  opts: { returnTo?: string; tamper?: (callback: URL) => URL | Promise<URL>; password?: string; accept?: string } = {},
): Promise<{ res: Response; url: string }> {
  const start = `${serverUrl}/auth/login${opts.returnTo ? `?returnTo=${encodeURIComponent(opts.returnTo)}` : ''}`
  const form = await jar.follow(start)
  if (form.res.status !== 200) throw new Error(`no sign-in form: ${form.res.status} at ${form.url}: ${await form.res.text()}`)
  const html = await form.res.text()
  const action = /action="([^"]+)"/.exec(html)?.[1]
  if (!action) throw new Error(`no form on the provider's page: ${html.slice(0, 300)}`)
  const posted = await jar.follow(
    new URL(action, form.url).href,
    {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ login, password: opts.password ?? PEOPLE[login]?.password ?? '' }).toString(),
    },
    (u) => u.href.startsWith(`${serverUrl}/auth/callback`),
  )
  if (!posted.stopped) return posted
  const callback = opts.tamper ? await opts.tamper(new URL(posted.stopped)) : new URL(posted.stopped)
  const res = await jar.fetch(callback.href, { headers: { accept: opts.accept ?? 'application/json' } })
  return { res, url: callback.href }
}

/**
 * A tavla server (a child process) whose facilitators sign in at a real provider started beside
 * it, both on free ports; facilitators are the people in the group `processledare` ([O4]).
 */
export async function startSignInServer(): Promise<{ server: RunningServer; op: TestProvider }> {
  const opPort = await freePort()
  const server = await startServer({
    env: {
      OIDC_ISSUER: `http://127.0.0.1:${opPort}`,
      OIDC_CLIENT_ID: CLIENT_ID,
      OIDC_CLIENT_SECRET: CLIENT_SECRET,
      OIDC_FACILITATOR_CLAIM: 'groups',
      OIDC_FACILITATOR_VALUE: 'processledare',
    },
  })
  const op = await startOidcProvider({ port: opPort, redirectUris: [`${server.url}/auth/callback`] })
  return { server, op }
}

/** Signs in on the start page through the provider's own form, as a person would (tests/support/oidc.ts). */
export async function signInInBrowser(page: Page, serverUrl: string, issuer: string, login: string): Promise<void> {
  await page.goto(serverUrl)
  await page.locator('header [data-sign-in]').click()
  await page.waitForURL((u) => u.origin === issuer)
  await page.getByLabel('Användarnamn').fill(login)
  await page.getByLabel('Lösenord').fill(PEOPLE[login]!.password)
  await page.getByRole('button', { name: 'Logga in' }).click()
  await page.waitForURL(`${serverUrl}/`)
  await page.locator('header [data-signed-in]').waitFor()
}
