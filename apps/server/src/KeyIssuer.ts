// Keys and identities the server issues (apps/server SPEC [K1]–[K3], issue 12 item 5).
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto'
import type { BoardRow, KeyHashes } from '@tavla/storage'
import { hashKey } from './keys.ts'
import type { ConnectionIdentity, Role } from './rooms/Connection.ts'

export const ROLES = ['facilitator', 'participant', 'viewer'] as const satisfies readonly Role[]

/** The longest name an identity carries. */
export const MAX_IDENTITY_NAME = 100
/** The longest organisation an identity carries (issue 15: `Försäkringskassan`, `Region Skåne`). */
export const MAX_IDENTITY_ORG = 100

/** A name or organisation as an identity carries it: trimmed, at most `max` characters. */
export const boundedText = (text: string | undefined, max: number): string =>
  Array.from((text ?? '').trim())
    .slice(0, max)
    .join('')

/** Every link of a board, or null for a role whose key the server cannot derive (an old board). */
const base64Length = (bytes: number) => Math.ceil((bytes * 4) / 3)
/** The longest identity token accepted: an id, a name and an organisation of four-byte characters, a MAC, three dots. */
export const MAX_IDENTITY_TOKEN = 64 + base64Length(4 * MAX_IDENTITY_NAME) + base64Length(4 * MAX_IDENTITY_ORG) + 24 + 3

export type RoleKeys = Record<Role, string | null>

/**
 * [K1] Derives each role's key from the board id, the role and the role's generation under the
 * server secret; signs and checks identities [K3]. The board row keeps a SHA-256 hash of every
 * current key (what opens the board) and the generations (what lets the key be shown again).
 */
export class KeyIssuer {
  readonly #secret: Buffer

  constructor(secret: Buffer) {
    if (secret.length < 16) throw new Error('the key secret is too short')
    this.#secret = secret
  }

  #mac(text: string): Buffer {
    return createHmac('sha256', this.#secret).update(text).digest()
  }

  /** [K1] base64url(HMAC-SHA256(secret, `${boardId}:${role}:${generation}`)), 192 bits: 32 characters. */
  derive(boardId: string, role: Role, generation: number): string {
    return this.#mac(`${boardId}:${role}:${generation}`).subarray(0, 24).toString('base64url')
  }

  /** The keys (generation 1) and what the board row stores of them. */
  newBoardKeys(boardId: string): { keys: Record<Role, string>; hashes: KeyHashes } {
    const keys = {
      facilitator: this.derive(boardId, 'facilitator', 1),
      participant: this.derive(boardId, 'participant', 1),
      viewer: this.derive(boardId, 'viewer', 1),
    }
    return {
      keys,
      hashes: {
        facilitator: hashKey(keys.facilitator),
        participant: hashKey(keys.participant),
        viewer: hashKey(keys.viewer),
        generations: { facilitator: 1, participant: 1, viewer: 1 },
      },
    }
  }

  /**
   * [K2] The current key of each role, derived again; null where the board's key for that role
   * was made before derived keys (random, stored only as a hash) or under another secret.
   */
  currentKeys(board: Pick<BoardRow, 'id' | 'keyHashes'>): RoleKeys {
    const out = {} as RoleKeys
    for (const role of ROLES) {
      const gen = board.keyHashes.generations?.[role]
      const key = gen === undefined ? null : this.derive(board.id, role, gen)
      out[role] = key !== null && hashKey(key) === board.keyHashes[role] ? key : null
    }
    return out
  }

  /** [H13] A role's next generation: the new key and the key hashes to store. */
  replace(board: Pick<BoardRow, 'id' | 'keyHashes'>, role: Role): { key: string; hashes: KeyHashes } {
    const generation = (board.keyHashes.generations?.[role] ?? 0) + 1
    const key = this.derive(board.id, role, generation)
    const generations = { ...board.keyHashes.generations, [role]: generation }
    return { key, hashes: { ...board.keyHashes, [role]: hashKey(key), generations } }
  }

  /**
   * Board SPEC [D23]: on an anonymous board, the tag that tells the server whether an identity
   * wrote a comment: HMAC of the identity's id and the comment's key, 144 bits. Unlinkable: two
   * comments of one person carry unrelated tags.
   */
  commentOwner(identityId: string, commentKey: string): string {
    return this.#mac(`comment-owner:${identityId}:${commentKey}`).subarray(0, 18).toString('base64url')
  }

  // ---- identities [K3] ----

  #identityMac(boardId: string, id: string, name: string): string {
    return this.#mac(`identity:${boardId}:${id}:${name}`).subarray(0, 18).toString('base64url')
  }

  /** With an organisation the name and organisation enter the MAC as base64url (no `:` in them), under another prefix. */
  #identityOrgMac(boardId: string, id: string, nameB64: string, orgB64: string): string {
    return this.#mac(`identity-org:${boardId}:${id}:${nameB64}:${orgB64}`).subarray(0, 18).toString('base64url')
  }

  /**
   * A signed identity for one board and device: `<id>.<name, base64url>.<mac>`, or with an
   * organisation `<id>.<name>.<org, base64url>.<mac>`. `id` keeps an existing identity's id (a new
   * name for the same person); otherwise a new random one.
   */
  issueIdentity(
    boardId: string,
    name: string | undefined,
    id = randomBytes(16).toString('base64url'),
    org?: string,
  ): { token: string; identity: ConnectionIdentity } {
    const n = boundedText(name, MAX_IDENTITY_NAME)
    const o = boundedText(org, MAX_IDENTITY_ORG)
    const nameB64 = Buffer.from(n, 'utf8').toString('base64url')
    const orgB64 = Buffer.from(o, 'utf8').toString('base64url')
    const token = o
      ? `${id}.${nameB64}.${orgB64}.${this.#identityOrgMac(boardId, id, nameB64, orgB64)}`
      : `${id}.${nameB64}.${this.#identityMac(boardId, id, n)}`
    return { token, identity: { id, ...(n ? { name: n } : {}), ...(o ? { org: o } : {}) } }
  }

  /** The identity a token names on this board, or undefined for a forged or foreign token. */
  verifyIdentity(boardId: string, token: string): ConnectionIdentity | undefined {
    if (token.length > MAX_IDENTITY_TOKEN) return undefined
    const m = /^([A-Za-z0-9_-]{16,64})\.([A-Za-z0-9_-]*)(?:\.([A-Za-z0-9_-]+))?\.([A-Za-z0-9_-]{24})$/.exec(token)
    if (!m) return undefined
    const [, id, nameB64, orgB64, mac] = m as unknown as [string, string, string, string | undefined, string]
    const name = Buffer.from(nameB64, 'base64url').toString('utf8')
    const org = orgB64 === undefined ? '' : Buffer.from(orgB64, 'base64url').toString('utf8')
    const expected = Buffer.from(orgB64 === undefined ? this.#identityMac(boardId, id, name) : this.#identityOrgMac(boardId, id, nameB64, orgB64))
    const given = Buffer.from(mac)
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return undefined
    return { id, ...(name ? { name } : {}), ...(org ? { org } : {}) }
  }
}
