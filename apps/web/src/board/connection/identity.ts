// Who this device is on tavla: a stable random id, a display name and a color, kept locally.
import { api, ApiError } from '../../api.ts'
import { boardDevice, device } from '../../device/device.ts'

// tldraw's own colors, so cursors and notes match.
export const PALETTE = [
  { hex: '#4465e9', note: 'blue' },
  { hex: '#e16919', note: 'orange' },
  { hex: '#099268', note: 'green' },
  { hex: '#ae3ec9', note: 'violet' },
  { hex: '#e03131', note: 'red' },
  { hex: '#4ba1f1', note: 'light-blue' },
  { hex: '#f1ac4b', note: 'yellow' },
  { hex: '#4cb05e', note: 'light-green' },
] as const

const random = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('')

export function userId(): string {
  let id = device.get('userId')
  if (!id) device.set('userId', (id = random(16)))
  return id
}
/**
 * The identity the server signed for this person on this board (apps/server SPEC [K3], [H19]),
 * kept per board on this device: it names their private part (their votes) and the notes they
 * write, with the organisation they gave (optional). Asked for once; a new name or organisation
 * renews it under the same id.
 */
export async function boardIdentity(boardId: string, key: string, name: string, org = savedOrg()): Promise<{ token: string; id: string }> {
  // A weak connection drops a request now and then: without an identity a participant could not
  // vote nor write in private, so a request that did not get through (or a server restarting) is
  // asked again, after 1, 2 and 4 s, before the page goes on without one.
  for (let wait = 1_000; ; wait *= 2) {
    try {
      return await askIdentity(boardId, key, name, org)
    } catch (err) {
      const transient = !(err instanceof ApiError) || err.status >= 500
      if (!transient || wait > 4_000) throw err
      await new Promise((r) => setTimeout(r, wait))
    }
  }
}

async function askIdentity(boardId: string, key: string, name: string, org: string): Promise<{ token: string; id: string }> {
  const held = boardDevice.get('identity', boardId)
  const heldName = boardDevice.get('identityName', boardId)
  const heldOrg = boardDevice.get('identityOrg', boardId) ?? ''
  if (held && heldName === name && heldOrg === org) return { token: held, id: held.split('.')[0]! }
  try {
    const r = await api.identity(boardId, key, held ? { name, org, identity: held } : { name, ...(org ? { org } : {}) })
    boardDevice.set('identity', boardId, r.identity)
    boardDevice.set('identityName', boardId, name)
    boardDevice.set('identityOrg', boardId, org || null)
    return { token: r.identity, id: r.id }
  } catch (err) {
    // not ours any more (another server secret): ask for a new one
    if (held && err instanceof ApiError && err.status === 401) {
      boardDevice.set('identity', boardId, null)
      return askIdentity(boardId, key, name, org)
    }
    if (held) return { token: held, id: held.split('.')[0]! } // offline: the one we have
    throw err
  }
}

/** This device's identity id on a board, if it has one (to know which notes are its own). */
export const identityId = (boardId: string): string | undefined => boardDevice.get('identity', boardId)?.split('.')[0]
export const savedName = (): string => device.get('name') ?? ''
export const saveName = (name: string): void => void device.set('name', name)
/** The organisation this person gave when joining (optional: '' when none). */
export const savedOrg = (): string => device.get('org') ?? ''
export const saveOrg = (org: string): void => void device.set('org', org || null)

export function colorFor(id: string) {
  let h = 0
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return PALETTE[h % PALETTE.length]!
}
