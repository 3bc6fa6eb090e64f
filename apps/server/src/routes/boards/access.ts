import type { FastifyRequest } from 'fastify'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import { HttpError } from '../../errors.ts'
import { roleForKey } from '../../keys.ts'
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

/** The board, if the request's key opens it with one of the roles: 404, then 401, then 403. */
export async function authorize(storage: BoardStorage, req: FastifyRequest, id: string, roles: readonly Role[]): Promise<{ board: BoardRow; role: Role }> {
  const board = await findBoard(storage, id)
  const key = keyOf(req)
  if (!key) throw new HttpError(401, 'key_required', 'This needs the key from your link (as ?key=… or an Authorization: Bearer header).')
  const role = roleForKey(board.keyHashes, key)
  if (!role) throw new HttpError(401, 'invalid_key', 'This key does not open the board. Ask the facilitator for a new link.')
  if (!roles.includes(role)) throw new HttpError(403, 'forbidden', `Only the ${roles.join(' or ')} may do this; your link is a ${role} link.`)
  return { board, role }
}
