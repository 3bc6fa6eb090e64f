// [O13]–[O15] Who facilitates a board or session by sign-in: sharing it with a colleague
// (a co-facilitator) by their sign-in identity, and attaching an old facilitator link to one's account.
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { exerciseBoards } from '../sessions/exerciseBoards.ts'
import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import type { BoardAccount, BoardRow, BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import { roleForKey } from '../../keys.ts'
import { findBoard, keyOf } from './access.ts'
import { audit } from './audit.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

const ShareBody = Type.Object(
  { email: Type.Optional(Type.String({ minLength: 3, maxLength: 320 })), subject: Type.Optional(Type.String({ minLength: 1, maxLength: 255 })) },
  { additionalProperties: false },
)
const AccountParams = Type.Object({ id: Type.String({ maxLength: 200 }), accountId: Type.String({ maxLength: 64 }) })

const signInNeeded = () => new HttpError(401, 'sign_in_required', 'Sign in to share boards and sessions or to attach them to your account (/auth/login).')
const sessionBoard = () => new HttpError(409, 'session_board', 'This board is an exercise of a workshop session: share or attach the session instead.')

/** The account's role on the board, when the request is signed in and the account has one. */
export async function accountRoleOn(storage: BoardStorage, req: FastifyRequest, boardId: string): Promise<BoardAccount | undefined> {
  const accountId = req.signIn?.account
  if (!accountId) return undefined
  return (await storage.listBoardAccounts(boardId)).find((a) => a.accountId === accountId)
}

export function facilitatorRoutes(app: FastifyInstance, deps: { storage: BoardStorage; config: Config; rooms: RoomRegistry }): void {
  const { storage, config, rooms } = deps
  if (!config.oidc) return

  /** The board, when the request may manage who facilitates it: its facilitator key, or an account role on it. */
  const managed = async (req: FastifyRequest, id: string): Promise<{ board: BoardRow; via: 'key' | BoardAccount }> => {
    const board = await findBoard(storage, id)
    if (typeof board.settings.session === 'string') throw sessionBoard()
    const key = keyOf(req)
    if (key) {
      const role = roleForKey(board.keyHashes, key)
      if (!role) throw new HttpError(401, 'invalid_key', 'This key does not open the board. Ask the facilitator for a new link.')
      if (role !== 'facilitator') throw new HttpError(403, 'forbidden', `Only the facilitator may do this; your link is a ${role} link.`)
      return { board, via: 'key' }
    }
    if (!req.signIn) throw signInNeeded()
    const mine = await accountRoleOn(storage, req, board.id)
    if (!mine) throw new HttpError(403, 'forbidden', 'Your account is not a facilitator of this board. Open it with its facilitator link.')
    return { board, via: mine }
  }

  /** Who may take `target` off: never an owner; the facilitator link or an owner anyone else; a co-facilitator only themself. */
  const mayRemove = (via: 'key' | BoardAccount, target: BoardAccount) =>
    target.role !== 'owner' && (via === 'key' || via.role === 'owner' || via.accountId === target.accountId)

  /** The board's accounts; `you` and `removable` as the asker sees them, so a page shows only what is allowed. */
  const accountsOf = async (boardId: string, via: 'key' | BoardAccount) => {
    const out = []
    for (const e of await storage.listBoardAccounts(boardId)) {
      const a = await storage.getAccount(e.accountId)
      out.push({
        accountId: e.accountId,
        role: e.role,
        addedAt: new Date(e.addedAt).toISOString(),
        name: a?.name ?? null,
        email: a?.email ?? null,
        you: via !== 'key' && via.accountId === e.accountId,
        removable: mayRemove(via, e),
      })
    }
    return out
  }

  // [O13]
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/facilitators',
    { schema: { params: BoardIdParams, querystring: KeyQuery } },
    async (req) => {
      const { board, via } = await managed(req, req.params.id)
      return { accounts: await accountsOf(board.id, via) }
    },
  )

  // [O13] share with a colleague by their sign-in identity
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: Static<typeof ShareBody> }>(
    '/api/boards/:id/facilitators',
    { schema: { params: BoardIdParams, querystring: KeyQuery, body: ShareBody } },
    async (req, reply) => {
      if (!req.signIn) throw signInNeeded()
      const { board, via } = await managed(req, req.params.id)
      const { email, subject } = req.body
      if (!email === !subject)
        throw new HttpError(400, 'invalid_request', 'Give the colleague’s e-mail address ("email") or their sign-in subject ("subject"), one of them.')
      const found = (await storage.findAccounts(email ? { email: email.trim() } : { subject: subject!.trim() })).filter((a) => a.issuer === config.oidc?.issuer)
      const colleague = found[0]
      if (!colleague)
        throw new HttpError(
          404,
          'account_not_found',
          `No one has signed in on this server as ${email ?? subject} yet. Ask them to sign in once, then share again.`,
        )
      const existing = (await storage.listBoardAccounts(board.id)).find((a) => a.accountId === colleague.id)
      if (!existing) await storage.setBoardAccount({ accountId: colleague.id, boardId: board.id, role: 'co-facilitator', addedAt: Date.now() })
      await audit(storage, req, board.id, 'share', { accountId: colleague.id, by: req.signIn.account })
      return reply.code(existing ? 200 : 201).send({ accounts: await accountsOf(board.id, via) })
    },
  )

  // [O13] take a co-facilitator off (an owner stays)
  app.delete<{ Params: Static<typeof AccountParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/facilitators/:accountId',
    { schema: { params: AccountParams, querystring: KeyQuery } },
    async (req, reply) => {
      const { board, via } = await managed(req, req.params.id)
      const target = (await storage.listBoardAccounts(board.id)).find((a) => a.accountId === req.params.accountId)
      if (!target) throw new HttpError(404, 'account_not_found', 'That account does not facilitate this board.')
      if (target.role === 'owner') throw new HttpError(409, 'invalid_action', 'An owner cannot be taken off the board.')
      if (!mayRemove(via, target))
        throw new HttpError(403, 'forbidden', 'Only an owner (or the facilitator link) may take a co-facilitator off; you may take yourself off.')
      await storage.removeBoardAccount(target.accountId, board.id)
      // their sign-in no longer opens it: what it opened closes now, a session's exercises too
      rooms.accountRemoved(board.id, target.accountId)
      if (board.settings.kind === 'session') for (const id of await exerciseBoards(rooms, board.id)) rooms.accountRemoved(id, target.accountId)
      await audit(storage, req, board.id, 'unshare', { accountId: target.accountId })
      return reply.code(204).send()
    },
  )

  // [O14] an old facilitator link, opened while signed in: the board becomes the account's
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/attach',
    { schema: { params: BoardIdParams, querystring: KeyQuery } },
    async (req) => {
      if (!req.signIn?.account) throw signInNeeded()
      const board = await findBoard(storage, req.params.id)
      if (typeof board.settings.session === 'string') throw sessionBoard()
      const key = keyOf(req)
      if (!key) throw new HttpError(401, 'key_required', 'This needs the facilitator key from your link (as ?key=… or an Authorization: Bearer header).')
      const role = roleForKey(board.keyHashes, key)
      if (!role) throw new HttpError(401, 'invalid_key', 'This key does not open the board. Ask the facilitator for a new link.')
      if (role !== 'facilitator') throw new HttpError(403, 'forbidden', `Only the facilitator link attaches a board; your link is a ${role} link.`)
      const accounts = await storage.listBoardAccounts(board.id)
      const mine = accounts.find((a) => a.accountId === req.signIn!.account)
      if (mine) return { role: mine.role, attached: false }
      // the first to attach an unowned board owns it; on an owned one, a co-facilitator
      const as = accounts.some((a) => a.role === 'owner') ? 'co-facilitator' : 'owner'
      await storage.setBoardAccount({ accountId: req.signIn.account, boardId: board.id, role: as, addedAt: Date.now() })
      await audit(storage, req, board.id, 'attach', { accountId: req.signIn.account, role: as })
      return { role: as, attached: true }
    },
  )
}
