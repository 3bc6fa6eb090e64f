import type { FastifyRequest } from 'fastify'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import { HttpError } from '../../errors.ts'
import { roleForKey } from '../../keys.ts'
import { accountFacilitates } from '../../plugins/auth.ts'
import type { Role } from '../../rooms/Connection.ts'

export function keyOf(req: FastifyRequest): string | undefined {
  const q = (req.query as { key?: string } | undefined)?.key
  if (q) return q
  return req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
}

export async function findBoard(storage: BoardStorage, id: string): Promise<BoardRow> {
  const board = await storage.getBoard(id)
  if (!board) throw new HttpError(404, 'board_not_found', 'There is no board with this address. Check the link you were given.')
  return board
}

/**
 * [K2][O15] The role the request has on the board: its key's, when it gives one (a key always
 * wins, a wrong one is 401 whoever is signed in); else, with no key, `facilitator` when the
 * request is signed in ([O3]) as an owner or co-facilitator of the board (of its session, for an
 * exercise board), and for a request that changes something only from this server's own pages
 * ([O7]'s rule). Undefined: no key and no such sign-in.
 */
export async function roleOf(storage: BoardStorage, req: FastifyRequest, board: BoardRow, what: 'board' | 'session' = 'board'): Promise<Role | undefined> {
  const key = keyOf(req)
  if (key) {
    const role = roleForKey(board.keyHashes, key)
    if (!role) throw new HttpError(401, 'invalid_key', `This key does not open the ${what}. Ask the facilitator for a new link.`)
    return role
  }
  if (!req.signIn || !(await accountFacilitates(storage, req.signIn.account, board))) return undefined
  const safe = req.method === 'GET' || req.method === 'HEAD'
  if (!safe && !req.fromOwnPage) return undefined
  return 'facilitator'
}

/** The board, if the request's key (or sign-in, [O15]) opens it with one of the roles: 404, then 401, then 403. */
export async function authorize(storage: BoardStorage, req: FastifyRequest, id: string, roles: readonly Role[]): Promise<{ board: BoardRow; role: Role }> {
  const board = await findBoard(storage, id)
  const role = await roleOf(storage, req, board)
  if (!role) throw new HttpError(401, 'key_required', 'This needs the key from your link (as ?key=… or an Authorization: Bearer header).')
  if (!roles.includes(role)) throw new HttpError(403, 'forbidden', `Only the ${roles.join(' or ')} may do this; your link is a ${role} link.`)
  return { board, role }
}
