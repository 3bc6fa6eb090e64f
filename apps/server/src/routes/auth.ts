// [O1]–[O9] /auth/login, /auth/callback, /auth/logout and /api/me: sign-in with OpenID Connect.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import * as oidc from 'openid-client'
import type { Config } from '../config.ts'
import { HttpError, errorBody } from '../errors.ts'
import { type Auth, fromOwnPage, isFacilitator, PENDING_COOKIE, safeReturnTo, SIGN_IN_COOKIE, SIGN_IN_MS, type SignIn } from '../plugins/auth.ts'
import { baseUrl } from './boards/create.ts'
import type { BoardStorage } from '@tavla/storage'
import { type KeyIssuer, ROLES } from '../KeyIssuer.ts'
import { newBoardId } from '../keys.ts'
import type { Role } from '../rooms/Connection.ts'

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

const wantsHtml = (req: FastifyRequest) => /text\/html/.test(req.headers.accept ?? '')

/** [O6] A failed sign-in: a page a person understands (or JSON for a script), no sign-in kept. */
function authFailed(req: FastifyRequest, reply: FastifyReply, status: number, sv: string, en: string): FastifyReply {
  reply.clearCookie(PENDING_COOKIE, { path: '/auth' })
  reply.code(status)
  if (!wantsHtml(req)) return reply.send(errorBody('auth_failed', en))
  return reply.type('text/html; charset=utf-8').send(`<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Inloggningen misslyckades – tavla</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; padding: 0 1rem; line-height: 1.5">
<main>
<h1>Inloggningen misslyckades</h1>
<p data-code="auth_failed">${escapeHtml(sv)}</p>
<p lang="en">${escapeHtml(en)}</p>
<p>Felkod: <code>auth_failed</code></p>
<p><a href="/auth/login">Försök logga in igen</a> · <a href="/">Till startsidan</a></p>
</main></body></html>`)
}

/** [O6] What went wrong, in words a person understands, from the error openid-client gives. */
function explain(err: unknown): { sv: string; en: string } {
  type E = { code?: string; message?: string; error?: string; error_description?: string; cause?: unknown }
  const e = err as E
  // openid-client wraps oauth4webapi's error (the precise reason) as its cause
  let msg = ''
  for (let c: E | undefined = e, i = 0; c && typeof c === 'object' && i < 4; c = c.cause as E | undefined, i++)
    msg += ` ${c.message ?? ''} ${c.error ?? ''} ${c.error_description ?? ''}`
  if (/"state"/i.test(msg))
    return {
      sv: 'Svaret från inloggningstjänsten hör inte till den här inloggningen (fel "state"). Det kan bero på att inloggningen påbörjades i en annan flik eller webbläsare. Börja om.',
      en: 'The answer from the sign-in service does not belong to this sign-in (its state differs). Start signing in again.',
    }
  if (/\biss\b|issuer/i.test(msg))
    return {
      sv: 'Svaret kom från en annan inloggningstjänst än den servern litar på (fel utfärdare). Ingen inloggning sparades.',
      en: `The answer came from another issuer than the one this server trusts (${msg.trim()}).`,
    }
  if (/"exp" \(expiration time\)/.test(msg))
    return {
      sv: 'Inloggningsbiljetten (ID-token) från inloggningstjänsten har gått ut redan innan den kom fram. Logga in igen; händer det igen, kan klockan gå fel på servern eller hos inloggningstjänsten.',
      en: 'The ID token from the sign-in service has expired (its "exp" time is past). Sign in again; if it happens again, the clock of this server or of the sign-in service may be wrong.',
    }
  if (/invalid_grant|expired|exp\b|too old/i.test(msg))
    return {
      sv: 'Inloggningen hann gå ut (koden eller biljetten från inloggningstjänsten är för gammal eller redan använd). Logga in igen.',
      en: `The sign-in expired: the code or token from the sign-in service is too old or already used (${e.error_description ?? e.message}).`,
    }
  if (/nonce/i.test(msg))
    return {
      sv: 'Inloggningsbiljetten hör inte till den här inloggningen (fel "nonce"). Börja om.',
      en: 'The ID token does not belong to this sign-in (its nonce differs). Start signing in again.',
    }
  return {
    sv: 'Inloggningstjänsten godtog inte inloggningen. Försök igen; om det fortsätter, säg till den som driver servern.',
    en: `The sign-in service did not accept the sign-in: ${e.error_description ?? e.message ?? 'unknown error'}.`,
  }
}

/** [O7] A POST that changes the sign-in must come from this server's own pages (Origin, Sec-Fetch-Site). */
const sameOrigin = (req: FastifyRequest, config: Config): boolean => fromOwnPage(req, baseUrl(req, config), config.publicUrl)

export function authRoutes(app: FastifyInstance, deps: { auth: Auth | undefined; config: Config; storage: BoardStorage; keys: KeyIssuer }): void {
  const { auth, config, storage, keys } = deps
  // [O10] the account of a sign-in: one per issuer and subject, its name and e-mail renewed
  const accountOf = async (s: Omit<SignIn, 'account' | 'exp'>) =>
    (await storage.upsertAccount({ id: newBoardId(), issuer: s.iss, subject: s.sub, name: s.name, email: s.email, at: Date.now() })).id

  // [O11] a signed-in facilitator's boards and sessions, with every link derived again ([K2], [H13])
  app.get('/api/me/boards', async (req) => {
    const s = req.signIn
    if (!auth || !s?.account) throw new HttpError(401, 'sign_in_required', 'Sign in to see your boards and sessions (/auth/login).')
    const base = baseUrl(req, config)
    const boards = []
    for (const entry of await storage.listAccountBoards(s.account)) {
      const row = await storage.getBoard(entry.boardId)
      if (!row) continue
      const session = row.settings.kind === 'session'
      const current = keys.currentKeys(row)
      const links = { facilitator: null, participant: null, viewer: null } as Record<Role, string | null>
      const missing: Role[] = []
      for (const role of ROLES) {
        const key = current[role]
        if (key) links[role] = `${base}/${session ? 's' : 'b'}/${row.id}?key=${key}`
        else missing.push(role)
      }
      boards.push({
        id: row.id,
        kind: session ? 'session' : 'board',
        title: row.title,
        template: row.template,
        createdAt: new Date(row.createdAt).toISOString(),
        updatedAt: new Date(row.updatedAt).toISOString(),
        role: entry.role,
        addedAt: new Date(entry.addedAt).toISOString(),
        links,
        missing,
      })
    }
    return { boards }
  })

  // [O8]
  app.get('/api/me', async (req) => {
    if (!auth) return { oidc: false, signedIn: false }
    const s = req.signIn
    if (!s) return { oidc: true, signedIn: false }
    return { oidc: true, signedIn: true, name: s.name ?? null, email: s.email ?? null, facilitator: s.facilitator, expiresAt: new Date(s.exp).toISOString() }
  })

  // [O15] a signed-in owner or co-facilitator opens /b/<id> or /s/<id> with no key: the page as
  // for anyone (no key put in the address); its API calls and websocket are let in on the sign-in
  // (routes/boards/access.ts, rooms/Transport.ts)

  if (!auth) {
    const off = async () => {
      throw new HttpError(404, 'not_found', 'Sign-in is not configured on this server (OIDC_ISSUER).')
    }
    app.get('/auth/login', off)
    app.get('/auth/callback', off)
    app.post('/auth/logout', off)
    return
  }
  const redirectUri = (req: FastifyRequest) => auth.config.redirectUrl ?? `${baseUrl(req, config)}/auth/callback`

  // [O2] the authorization code flow with PKCE (S256), state and nonce
  app.get<{ Querystring: { returnTo?: string } }>('/auth/login', async (req, reply) => {
    const provider = await auth.provider()
    const verifier = oidc.randomPKCECodeVerifier()
    const pending = { state: oidc.randomState(), nonce: oidc.randomNonce(), verifier, returnTo: safeReturnTo(req.query.returnTo), at: auth.now() }
    const url = oidc.buildAuthorizationUrl(provider, {
      redirect_uri: redirectUri(req),
      scope: 'openid profile email',
      response_type: 'code',
      code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
      code_challenge_method: 'S256',
      state: pending.state,
      nonce: pending.nonce,
    })
    auth.setPending(req, reply, config, pending)
    reply.header('cache-control', 'no-store')
    return reply.redirect(url.href, 302)
  })

  // [O2][O6]
  app.get('/auth/callback', async (req, reply) => {
    reply.header('cache-control', 'no-store')
    const query = new URL(req.url, 'http://x').searchParams
    const pending = auth.readPending(req)
    if (!pending)
      return authFailed(
        req,
        reply,
        400,
        'Inloggningen gick inte att slutföra: den påbörjades för länge sedan eller i en annan webbläsare. Börja om.',
        'The sign-in could not be completed: it was started too long ago or in another browser (no pending sign-in cookie). Start signing in again.',
      )
    if (query.get('error')) {
      const d = query.get('error_description') ?? query.get('error') ?? ''
      return authFailed(req, reply, 400, `Inloggningstjänsten avbröt inloggningen (${d}).`, `The sign-in service refused the sign-in: ${d}.`)
    }
    const provider = await auth.provider()
    const current = new URL(redirectUri(req))
    current.search = query.toString()
    let claims: Record<string, unknown>
    try {
      const tokens = await oidc.authorizationCodeGrant(provider, current, {
        pkceCodeVerifier: pending.verifier,
        expectedState: pending.state,
        expectedNonce: pending.nonce,
        idTokenExpected: true,
      })
      claims = { ...(tokens.claims() ?? {}) }
      const wanted = [auth.config.facilitatorClaim, 'email', 'name'].filter((c): c is string => !!c)
      if (wanted.some((c) => claims[c] === undefined) && provider.serverMetadata().userinfo_endpoint) {
        const info = await oidc.fetchUserInfo(provider, tokens.access_token, claims.sub as string)
        claims = { ...info, ...claims }
      }
    } catch (err) {
      req.log.warn({ err: { message: (err as Error).message, code: (err as { code?: string }).code } }, 'sign-in failed')
      const { sv, en } = explain(err)
      return authFailed(req, reply, 400, sv, en)
    }
    const base = {
      iss: auth.config.issuer,
      sub: String(claims.sub),
      ...(typeof claims.name === 'string' ? { name: claims.name.slice(0, 200) } : {}),
      ...(typeof claims.email === 'string' ? { email: claims.email.slice(0, 320) } : {}),
      facilitator: isFacilitator(claims, auth.config),
    }
    const account = await accountOf(base)
    const signIn: SignIn = { ...base, account, exp: auth.now() + SIGN_IN_MS }
    reply.clearCookie(PENDING_COOKIE, { path: '/auth' })
    auth.setSignIn(req, reply, config, signIn)
    req.log.info({ sub: signIn.sub, facilitator: signIn.facilitator }, 'signed in')
    return reply.redirect(pending.returnTo, 303)
  })

  // [O7] sign-out: a POST from this server's own page; the cookie goes
  // (a plain HTML form posts application/x-www-form-urlencoded: accepted here only, its body unused)
  void app.register(async (scope) => {
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 4096 }, (_req, _body, done) => done(null, {}))
    scope.post('/auth/logout', async (req, reply) => {
      if (!sameOrigin(req, config)) throw new HttpError(403, 'forbidden', 'Signing out must be done from this server’s own page.')
      reply.clearCookie(SIGN_IN_COOKIE, { path: '/' })
      reply.header('cache-control', 'no-store')
      if (wantsHtml(req)) return reply.redirect('/', 303)
      return { signedIn: false }
    })
  })
}
