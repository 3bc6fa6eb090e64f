// [O1]–[O9] Sign-in for facilitators with OpenID Connect (openid-client): the authorization code
// flow with PKCE, state and nonce; the sign-in kept in a signed cookie; what creating needs.
import { createHmac } from 'node:crypto'
import type { FastifyReply, FastifyRequest } from 'fastify'
import * as oidc from 'openid-client'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import type { Config, OidcConfig } from '../config.ts'
import { HttpError } from '../errors.ts'

/** Who is signed in, as the sign-in cookie carries it ([O3]). */
export interface SignIn {
  /** The account this sign-in is ([O10]); empty before the account is stored. */
  account: string
  iss: string
  sub: string
  name?: string
  email?: string
  /** [O4] whether the facilitator claim lets this person create boards and sessions. */
  facilitator: boolean
  /** When the sign-in ends (ms since 1970). */
  exp: number
}

declare module 'fastify' {
  interface FastifyRequest {
    /** [O3] The sign-in of the request's cookie, when OIDC is configured and the cookie is valid. */
    signIn: SignIn | null
    /** [O7] Whether the request comes from this server's own pages (`fromOwnPage`), read with the sign-in. */
    fromOwnPage: boolean
  }
}

export const SIGN_IN_COOKIE = 'tavla_signin'
export const PENDING_COOKIE = 'tavla_oidc'
/** [O3] A sign-in lasts 12 hours; then the facilitator signs in again. */
export const SIGN_IN_MS = 12 * 60 * 60 * 1000
/** [O2] A sign-in started must come back within 10 minutes. */
export const PENDING_MS = 10 * 60 * 1000

/** The secret cookies are signed with: derived from the key secret ([K1]), never the secret itself. */
export const cookieSecret = (keySecret: Buffer): string => createHmac('sha256', keySecret).update('tavla-cookie-signing').digest('base64url')

const encode = (value: unknown) => Buffer.from(JSON.stringify(value), 'utf8').toString('base64url')
const decode = (text: string): unknown => {
  try {
    return JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
  } catch {
    return undefined
  }
}

/** [O4] Whether the claims make someone a facilitator: no claim configured = everyone who signs in. */
export function isFacilitator(claims: Record<string, unknown>, config: Pick<OidcConfig, 'facilitatorClaim' | 'facilitatorValue'>): boolean {
  if (!config.facilitatorClaim) return true
  const v = claims[config.facilitatorClaim]
  if (config.facilitatorValue === undefined) return v === true || v === 'true' || (Array.isArray(v) ? v.length > 0 : typeof v === 'string' && v !== '')
  if (Array.isArray(v)) return v.some((x) => String(x) === config.facilitatorValue)
  if (typeof v === 'string') return v === config.facilitatorValue || v.split(/[\s,]+/).includes(config.facilitatorValue)
  return v !== undefined && v !== null && String(v) === config.facilitatorValue
}

/** A relative address on this server to return to after sign-in; anything else is the start page. */
export function safeReturnTo(raw: unknown): string {
  if (typeof raw !== 'string' || raw.length > 2000) return '/'
  if (!raw.startsWith('/') || raw.startsWith('//') || raw.startsWith('/\\')) return '/'
  return raw
}

export class Auth {
  readonly config: OidcConfig
  readonly #now: () => number
  #provider: Promise<oidc.Configuration> | undefined

  constructor(config: OidcConfig, now: () => number = Date.now) {
    this.config = config
    this.#now = now
  }

  now(): number {
    return this.#now()
  }

  /** The provider's metadata, discovered on first use and kept; a failed discovery is tried again next time. */
  provider(): Promise<oidc.Configuration> {
    if (!this.#provider) {
      const { issuer, clientId, clientSecret } = this.config
      const insecure = new URL(issuer).protocol === 'http:'
      this.#provider = oidc
        .discovery(
          new URL(issuer),
          clientId,
          undefined,
          clientSecret ? oidc.ClientSecretBasic(clientSecret) : oidc.None(),
          insecure ? { execute: [oidc.allowInsecureRequests], timeout: 10 } : { timeout: 10 },
        )
        .catch((err: unknown) => {
          this.#provider = undefined
          throw new HttpError(
            502,
            'auth_unavailable',
            `The sign-in service (${issuer}) did not answer or gave no OpenID configuration: ${(err as Error).message}. Try again in a while; if it goes on, tell the administrator.`,
          )
        })
    }
    return this.#provider
  }

  /** [O3] The sign-in a request's cookie carries: signed by this server and not yet ended. */
  readSignIn(req: FastifyRequest): SignIn | null {
    return this.signInFrom(req.cookies?.[SIGN_IN_COOKIE], (v) => req.unsignCookie(v))
  }

  /** [O3] The sign-in of a cookie's value (also read on a websocket upgrade, outside Fastify's request). */
  signInFrom(raw: string | undefined, unsign: (value: string) => { valid: boolean; value: string | null }): SignIn | null {
    if (!raw) return null
    const unsigned = unsign(raw)
    if (!unsigned.valid || !unsigned.value) return null
    const s = decode(unsigned.value) as SignIn | undefined
    if (!s || typeof s.sub !== 'string' || typeof s.iss !== 'string' || typeof s.exp !== 'number') return null
    if (s.iss !== this.config.issuer || s.exp <= this.#now()) return null
    return s
  }

  /** Cookie options: HttpOnly, SameSite=Lax, Secure when the page is served over https ([O3]). */
  cookieOptions(req: FastifyRequest, config: Pick<Config, 'publicUrl'>, path: string, maxAgeMs: number) {
    const secure = req.protocol === 'https' || config.publicUrl?.startsWith('https:') === true
    return { httpOnly: true, sameSite: 'lax' as const, secure, path, signed: true, maxAge: Math.floor(maxAgeMs / 1000) }
  }

  setSignIn(req: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'publicUrl'>, s: SignIn): void {
    reply.setCookie(SIGN_IN_COOKIE, encode(s), this.cookieOptions(req, config, '/', s.exp - this.#now()))
  }

  setPending(req: FastifyRequest, reply: FastifyReply, config: Pick<Config, 'publicUrl'>, p: Pending): void {
    reply.setCookie(PENDING_COOKIE, encode(p), this.cookieOptions(req, config, '/auth', PENDING_MS))
  }

  /** [O2] The pending sign-in of the request (state, nonce, PKCE verifier), when signed here and recent. */
  readPending(req: FastifyRequest): Pending | null {
    const raw = req.cookies?.[PENDING_COOKIE]
    if (!raw) return null
    const unsigned = req.unsignCookie(raw)
    if (!unsigned.valid || !unsigned.value) return null
    const p = decode(unsigned.value) as Pending | undefined
    if (!p || typeof p.state !== 'string' || typeof p.nonce !== 'string' || typeof p.verifier !== 'string' || typeof p.at !== 'number') return null
    if (this.#now() - p.at > PENDING_MS) return null
    return p
  }
}

/** [O7][O15] Whether an `Origin` header names this server: its own address (`base`, as [L10] reads it) or `PUBLIC_URL`'s. */
export function isOwnOrigin(origin: string | undefined, base: string, publicUrl: string | undefined): boolean {
  if (!origin || origin === 'null') return false
  const own = (url: string) => {
    try {
      return new URL(url).origin
    } catch {
      return undefined
    }
  }
  return origin === own(base) || (publicUrl !== undefined && origin === own(publicUrl))
}

/**
 * [O7] A request that changes something on a sign-in alone must come from this server's own pages:
 * `Sec-Fetch-Site: same-origin` when the browser sends it, else no `Origin` (not a browser) or this
 * server's own.
 */
export function fromOwnPage(req: FastifyRequest, base: string, publicUrl: string | undefined): boolean {
  const site = req.headers['sec-fetch-site']
  if (site) return site === 'same-origin'
  const origin = req.headers.origin
  if (!origin) return true
  return isOwnOrigin(origin, base, publicUrl)
}

/**
 * [O15] Whether a sign-in's account facilitates the board: it owns or was given the board (a
 * session's exercise board: its session) ([O10], [O13], [O14]).
 */
export async function accountFacilitates(storage: BoardStorage, accountId: string | undefined, board: Pick<BoardRow, 'id' | 'settings'>): Promise<boolean> {
  if (!accountId) return false
  const via = typeof board.settings.session === 'string' ? board.settings.session : board.id
  return (await storage.listBoardAccounts(via)).some((a) => a.accountId === accountId)
}

/** [O2] What a started sign-in keeps until the provider sends the person back. */
export interface Pending {
  state: string
  nonce: string
  verifier: string
  returnTo: string
  at: number
}

/**
 * [O5] What creating a board or a session needs with sign-in configured: a signed-in facilitator
 * (401 `sign_in_required`, 403 `not_facilitator`). A CREATE_TOKEN, when also set, still works for
 * scripts. Without OIDC nothing is asked here.
 */
export function requireFacilitator(req: FastifyRequest, config: Pick<Config, 'oidc' | 'createToken'>): 'signed-in' | 'token' | 'open' {
  if (!config.oidc) return 'open'
  if (req.signIn) {
    if (!req.signIn.facilitator)
      throw new HttpError(
        403,
        'not_facilitator',
        `You are signed in as ${req.signIn.email ?? req.signIn.name ?? req.signIn.sub}, but your account is not a facilitator on this server (${config.oidc.facilitatorClaim} must include ${config.oidc.facilitatorValue ?? 'a value'}). Ask the administrator for access.`,
      )
    return 'signed-in'
  }
  if (config.createToken && /^Bearer\s+\S+$/i.test(req.headers.authorization ?? '')) return 'token'
  throw new HttpError(401, 'sign_in_required', 'Sign in to create boards and sessions on this server (/auth/login).')
}

/**
 * [O10] A board or session made by a signed-in facilitator is theirs: recorded as its owner. A
 * failure to record is logged, not fatal: the board and its links are made and given already.
 */
export async function recordOwner(storage: BoardStorage, req: FastifyRequest, boardId: string): Promise<void> {
  const accountId = req.signIn?.account
  if (!accountId) return
  try {
    await storage.setBoardAccount({ accountId, boardId, role: 'owner', addedAt: Date.now() })
  } catch (err) {
    req.log.error({ err, boardId }, 'could not record the owner of a new board')
  }
}
