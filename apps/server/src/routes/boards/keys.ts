// [H13] Every link of a board, shown again at any time, and replacing any role's key;
// [H18] identities the server signs for one board and device (issue 12 item 5).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import { boundedText, MAX_IDENTITY_NAME, MAX_IDENTITY_ORG, MAX_IDENTITY_TOKEN, ROLES } from '../../KeyIssuer.ts'
import { identityScope } from '../../keys.ts'
import type { Role } from '../../rooms/Connection.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'
import { exerciseBoards } from '../sessions/exerciseBoards.ts'
import { baseUrl } from './create.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

const NullableLinks = Type.Object({
  facilitator: Type.Union([Type.String(), Type.Null()]),
  participant: Type.Union([Type.String(), Type.Null()]),
  viewer: Type.Union([Type.String(), Type.Null()]),
})
const IdentityBody = Type.Object(
  {
    name: Type.Optional(Type.String({ maxLength: 400 })),
    org: Type.Optional(Type.String({ maxLength: 400 })),
    identity: Type.Optional(Type.String({ maxLength: MAX_IDENTITY_TOKEN })),
  },
  { additionalProperties: false },
)
const RoleParams = Type.Object({ id: Type.String({ maxLength: 200 }), role: Type.Union(ROLES.map((r) => Type.Literal(r))) })

export function keyRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry; config: Config }): void {
  const { storage, rooms, config } = deps
  // [SE6] a session's links open its page (/s/); an exercise board's are its session's
  const link = (base: string, boardId: string, key: string, session = false) => `${base}/${session ? 's' : 'b'}/${boardId}?key=${key}`
  const sessionBoard = () =>
    new HttpError(409, 'session_board', 'This board is an exercise of a workshop session: replace links and delete it in the session instead.')

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/links',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyQuery,
        response: { 200: Type.Object({ links: NullableLinks, missing: Type.Array(Type.String()), message: Type.Optional(Type.String()) }) },
      },
    },
    async (req) => {
      const { board: asked } = await authorize(storage, req, req.params.id, ['facilitator'])
      const board = typeof asked.settings.session === 'string' ? ((await storage.getBoard(asked.settings.session)) ?? asked) : asked
      const isSession = board.settings.kind === 'session'
      const keys = rooms.keys.currentKeys(board)
      const base = baseUrl(req, config)
      const links = { facilitator: null, participant: null, viewer: null } as Record<Role, string | null>
      const missing: Role[] = []
      for (const role of ROLES) {
        const key = keys[role]
        if (key) links[role] = link(base, board.id, key, isSession)
        else missing.push(role)
      }
      // an old board (keys made before [K1]) has only hashes: its links cannot be shown, only replaced
      const message = missing.length
        ? `The ${missing.join(', ')} link of this board was made before the server could show links again; it still works, but to see it here, replace it (the old link then stops working).`
        : undefined
      return { links, missing, ...(message ? { message } : {}) }
    },
  )

  app.post<{ Params: Static<typeof RoleParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/keys/:role',
    {
      schema: {
        params: RoleParams,
        querystring: KeyQuery,
        response: { 200: Type.Object({ role: Type.String(), key: Type.String(), link: Type.String(), disconnected: Type.Integer() }) },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      if (typeof board.settings.session === 'string') throw sessionBoard()
      const role = req.params.role
      const { key, hashes } = rooms.keys.replace(board, role)
      if (!(await storage.updateBoard(board.id, { keyHashes: hashes, updatedAt: Date.now() })))
        throw new HttpError(404, 'board_not_found', 'There is no board with this address.')
      let disconnected = rooms.keysReplaced(board.id, role)
      // [SE6] the session's key is every exercise board's key
      if (board.settings.kind === 'session') {
        const { generations: _, ...shared } = hashes
        for (const boardId of await exerciseBoards(rooms, board.id)) {
          await storage.updateBoard(boardId, { keyHashes: shared })
          disconnected += rooms.keysReplaced(boardId, role)
        }
      }
      req.log.info({ boardId: board.id, role, disconnected }, 'key replaced')
      await audit(storage, req, board.id, 'key.rotate', { role, disconnected })
      return { role, key, link: link(baseUrl(req, config), board.id, key, board.settings.kind === 'session'), disconnected }
    },
  )

  // [H19] An identity for this board and device. One address gets only so many new ones per board
  // and minute (MAX_IDENTITIES_PER_MINUTE, per process); renaming one it holds costs nothing.
  const minted = new RateWindow(60_000)
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: Static<typeof IdentityBody> | undefined }>(
    '/api/boards/:id/identity',
    {
      schema: {
        params: BoardIdParams,
        querystring: KeyQuery,
        response: { 200: Type.Object({ identity: Type.String(), id: Type.String(), name: Type.Optional(Type.String()), org: Type.Optional(Type.String()) }) },
      },
    },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator', 'participant'])
      const body = (req.body ?? {}) as { name?: unknown; org?: unknown; identity?: unknown }
      if (
        typeof body !== 'object' ||
        (body.name !== undefined && typeof body.name !== 'string') ||
        (body.org !== undefined && typeof body.org !== 'string') ||
        (body.identity !== undefined && typeof body.identity !== 'string')
      ) {
        throw new HttpError(400, 'invalid_request', 'Send { "name"?: text, "org"?: text, "identity"?: the identity you hold }.')
      }
      const held = typeof body.identity === 'string' ? rooms.keys.verifyIdentity(identityScope(board), body.identity) : undefined
      if (body.identity !== undefined && !held)
        throw new HttpError(401, 'invalid_identity', 'This identity was not issued for this board. Ask for a new one without it.')
      // [L16] counted per scope: a session's exercise boards issue the session's identities, from one count
      if (!held && !minted.take(`${identityScope(board)} ${req.ip}`, config.maxIdentitiesPerMinute)) {
        throw new HttpError(
          429,
          'too_many_identities',
          `Too many people have joined this board from your address in the last minute (at most ${config.maxIdentitiesPerMinute}, MAX_IDENTITIES_PER_MINUTE). Wait a minute and try again.`,
        )
      }
      // an anonymous board keeps no names nor organisations, not even in the identity
      const anonymous = board.settings.anonymous === true
      const given = (v: unknown, kept: string | undefined, max: number) => (anonymous ? undefined : typeof v === 'string' ? boundedText(v, max) : kept)
      const name = given(body.name, held?.name, MAX_IDENTITY_NAME)
      const org = given(body.org, held?.org, MAX_IDENTITY_ORG)
      const { token, identity } = rooms.keys.issueIdentity(identityScope(board), name, held?.id, org)
      return { identity: token, id: identity.id, ...(identity.name ? { name: identity.name } : {}), ...(identity.org ? { org: identity.org } : {}) }
    },
  )
}

/** Counts events per key over a sliding window (in memory, this process). */
class RateWindow {
  readonly #windowMs: number
  readonly #events = new Map<string, number[]>()
  #sweptAt = Date.now()

  constructor(windowMs: number) {
    this.#windowMs = windowMs
  }

  /** Records one event for the key, unless it already had `max` in the window. */
  take(key: string, max: number): boolean {
    const now = Date.now()
    if (now - this.#sweptAt > this.#windowMs) {
      this.#sweptAt = now
      for (const [k, times] of this.#events) if (times[times.length - 1]! <= now - this.#windowMs) this.#events.delete(k)
    }
    const times = (this.#events.get(key) ?? []).filter((t) => t > now - this.#windowMs)
    if (times.length >= max) {
      this.#events.set(key, times)
      return false
    }
    times.push(now)
    this.#events.set(key, times)
    return true
  }
}
