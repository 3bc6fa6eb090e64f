import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { KeyHashes } from '@tavla/storage'
import type { Role } from './rooms/Connection.ts'

/** [K1] 128 bits of randomness, base64url: 22 characters. */
export const newBoardId = (): string => randomBytes(16).toString('base64url')

export const isBoardId = (id: string): boolean => /^[A-Za-z0-9_-]{16,64}$/.test(id)

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex')

/** [K2] The role a key opens on this board (its hash against the stored ones), compared in constant time. */
export function roleForKey(hashes: KeyHashes, key: string): Role | undefined {
  if (!key || key.length > 200) return undefined
  const h = Buffer.from(hashKey(key), 'hex')
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    const stored = Buffer.from(hashes[role], 'hex')
    if (stored.length === h.length && timingSafeEqual(stored, h)) return role
  }
  return undefined
}

/** [W10] A person's private part (their notes in private mode, their votes): named by their identity's id ([K3]). */
export const privatePartOf = (identityId: string): string => createHash('sha256').update(`tavla-part:${identityId}`).digest('base64url').slice(0, 22)

/**
 * [SE6] What an identity is issued for: a session's exercise boards accept the session's
 * identities (one name, one private part per person and exercise); any other board its own.
 */
export function identityScope(board: { id: string; settings: Record<string, unknown> }): string {
  return typeof board.settings.session === 'string' ? board.settings.session : board.id
}
