import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import type { KeyHashes } from '@tavla/storage'
import type { Role } from './rooms/Connection.ts'

/** [K1] 128 bits of randomness, base64url: 22 characters. */
export const newBoardId = (): string => randomBytes(16).toString('base64url')
/** [K1] 192 bits, base64url: 32 characters. */
export const newKey = (): string => randomBytes(24).toString('base64url')

export const isBoardId = (id: string): boolean => /^[A-Za-z0-9_-]{16,64}$/.test(id)

export const hashKey = (key: string): string => createHash('sha256').update(key).digest('hex')

export function newKeys(): { keys: Record<Role, string>; hashes: KeyHashes } {
  const keys = { facilitator: newKey(), participant: newKey(), viewer: newKey() }
  return { keys, hashes: { facilitator: hashKey(keys.facilitator), participant: hashKey(keys.participant), viewer: hashKey(keys.viewer) } }
}

/** [K2] The role a key opens on this board, compared in constant time. */
export function roleForKey(hashes: KeyHashes, key: string): Role | undefined {
  if (!key || key.length > 200) return undefined
  const h = Buffer.from(hashKey(key), 'hex')
  for (const role of ['facilitator', 'participant', 'viewer'] as const) {
    const stored = Buffer.from(hashes[role], 'hex')
    if (stored.length === h.length && timingSafeEqual(stored, h)) return role
  }
  return undefined
}

/** A participant's voter id: a hash of the secret only their device holds (issue 6). */
export const voterIdOf = (secret: string): string => createHash('sha256').update(`tavla-voter:${secret}`).digest('base64url').slice(0, 22)
