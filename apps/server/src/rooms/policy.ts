// Who may change which part of a board (packages/board SPEC "Root types"; apps/server SPEC W9).
import * as Y from 'yjs'
import { BoardRoots } from '@tavla/board'
import type { Connection } from './Connection.ts'
import { touches } from './UpdateGuard.ts'

/** Board settings the server enforces (stored in the board row's settings). */
export interface BoardSettings {
  /** Read-only for everyone (the facilitator can lift it through the API). */
  locked?: boolean
  /** No author is stored with notes or votes. */
  anonymous?: boolean
}

/** Root types a participant may change in the shared board and in their private part. */
const PARTICIPANT_ROOTS: Record<'shared' | 'private', ReadonlySet<string>> = {
  shared: new Set([BoardRoots.Records]),
  private: new Set([BoardRoots.Records, 'votes']),
}

function carriesAuthor(value: unknown): boolean {
  const rec = (value as { val?: { typeName?: string; meta?: Record<string, unknown>; name?: unknown } } | null)?.val
  if (!rec || typeof rec !== 'object') return false
  if (rec.meta && (rec.meta.authorId !== undefined || rec.meta.authorName !== undefined)) return true
  return rec.typeName === 'user' && typeof rec.name === 'string' && rec.name.trim() !== ''
}

/**
 * The policy of one board part. Facilitators may change everything unless the board is locked;
 * participants only the records (and, in their private part, their votes); on an anonymous
 * board no record may carry an author. Viewers' updates never get here (dropped, W5).
 */
export function updatePolicy(settings: () => BoardSettings, part: string) {
  return (doc: Y.Doc, update: Uint8Array, conn: Connection): string | undefined => {
    const s = settings()
    if (s.locked) {
      // Nothing new may enter; an update that changes nothing (a reconnecting client's sync) may.
      return touches(doc, update).length ? 'the board is locked: the session is over' : undefined
    }
    if (conn.role === 'facilitator' && !s.anonymous) {
      Y.decodeUpdate(update)
      return undefined
    }
    const allowed = PARTICIPANT_ROOTS[part ? 'private' : 'shared']
    for (const t of touches(doc, update)) {
      if (conn.role !== 'facilitator' && !allowed.has(t.root)) return `a participant may not change "${t.root}"`
      if (s.anonymous && t.kind === 'insert' && t.values.some(carriesAuthor)) return 'this board is anonymous: notes may not carry an author'
    }
    return undefined
  }
}
