// Who may change which part of a board (packages/board SPEC "Root types"; apps/server SPEC W9).
import * as Y from 'yjs'
import { BoardRoots, parseReactionKey, recordProblem } from '@tavla/board'
import type { Connection } from './Connection.ts'
import { BadMessageError } from './Room.ts'
import { touches, type Touch } from './UpdateGuard.ts'

/** Board settings the server enforces (stored in the board row's settings). */
export interface BoardSettings {
  /** Read-only for everyone (the facilitator can lift it through the API). */
  locked?: boolean
  /** No author is stored with notes or votes. */
  anonymous?: boolean
}

/** Root types a participant may change in the shared board and in their private part. */
const PARTICIPANT_ROOTS: Record<'shared' | 'private', ReadonlySet<string>> = {
  shared: new Set([BoardRoots.Records, BoardRoots.Reactions]),
  private: new Set([BoardRoots.Records, 'votes']),
}

function carriesAuthor(value: unknown): boolean {
  const rec = (value as { val?: { typeName?: string; meta?: Record<string, unknown>; name?: unknown } } | null)?.val
  if (!rec || typeof rec !== 'object') return false
  if (rec.meta && (rec.meta.authorId !== undefined || rec.meta.authorName !== undefined)) return true
  return rec.typeName === 'user' && typeof rec.name === 'string' && rec.name.trim() !== ''
}

const RECORD_ROOTS: ReadonlySet<string> = new Set([BoardRoots.Records, BoardRoots.Background])

/** [W11] Every record an update inserts must be one tldraw's schema accepts (board SPEC [D8]). */
function checkRecords(changes: readonly Touch[]): void {
  for (const t of changes) {
    if (t.kind !== 'insert' || !RECORD_ROOTS.has(t.root)) continue
    for (const entry of t.values) {
      const { key, val } = (entry ?? {}) as { key?: unknown; val?: unknown }
      const problem = typeof key !== 'string' ? `an entry of "${t.root}" must be { key, val }` : val && (val as { id?: unknown }).id !== key ? `${key}: the key and the record's id differ` : recordProblem(val)
      if (problem) throw new BadMessageError(`not a valid board record: ${problem}`)
    }
  }
}

/**
 * The policy of one board part. Facilitators may change everything unless the board is locked;
 * participants only the records and reactions (and, in their private part, their votes); on an anonymous
 * board no record may carry an author. Viewers' updates never get here (dropped, W5).
 */
export function updatePolicy(settings: () => BoardSettings, part: string) {
  return (doc: Y.Doc, update: Uint8Array, conn: Connection): string | undefined => {
    const s = settings()
    if (s.locked) {
      // Nothing new may enter; an update that changes nothing (a reconnecting client's sync) may.
      return touches(doc, update).length ? 'the board is locked: the session is over' : undefined
    }
    const changes = touches(doc, update)
    checkRecords(changes)
    if (conn.role === 'facilitator' && !s.anonymous) return undefined
    const allowed = PARTICIPANT_ROOTS[part ? 'private' : 'shared']
    for (const t of changes) {
      if (conn.role !== 'facilitator' && !allowed.has(t.root)) return `a participant may not change "${t.root}"`
      // [D9] only well-formed reactions (an allowed emoji, an opaque reactor id, the value true)
      if (!part && t.root === BoardRoots.Reactions && t.kind === 'insert' && !(t.key !== null && parseReactionKey(t.key) && t.values.every((v) => v === true))) {
        return 'a reaction must be "<noteId>|<emoji>|<reactor>" set to true'
      }
      if (s.anonymous && t.kind === 'insert' && t.values.some(carriesAuthor)) return 'this board is anonymous: notes may not carry an author'
    }
    return undefined
  }
}
