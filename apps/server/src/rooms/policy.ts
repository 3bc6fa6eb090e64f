// Who may change which part of a board (packages/board SPEC "Root types"; apps/server SPEC [W9],
// [W11], [W14], threat model). Decided from what the update would do to the server's document
// (UpdateGuard.inspectUpdate), never from what the update says about itself.
import type * as Y from 'yjs'
import {
  BoardRoots,
  SESSION_ROOT,
  THEME_ID,
  commentProblem,
  isNoteId,
  parseCommentKey,
  parseReactionKey,
  readCommentAuthor,
  themeProblem,
  participantRecordRefusal,
  participantShapes,
  readTools,
  recordProblem,
  shapeTypeOf,
  type ToolsState,
} from '@tavla/board'
import type { Connection } from './Connection.ts'
import { CloseCode } from './protocol.ts'
import {
  auditTransaction,
  inspectUpdate,
  type DocBefore,
  MissingChangesError,
  TooManyStructsError,
  UnknownRootError,
  UnsoundUpdateError,
  type Insert,
  type Inspection,
} from './UpdateGuard.ts'

/** Board settings the server enforces (stored in the board row's settings). */
export interface BoardSettings {
  /** Read-only for everyone (the facilitator can lift it through the API). */
  locked?: boolean
  /** No author is stored with notes or votes. */
  anonymous?: boolean
  /** [W16] What participants may make beyond the basics (board SPEC [D16]); absent: the basics only. */
  tools?: ToolsState
  /** [SE5] An exercise of a session that participants may only read (the facilitator still may). */
  closed?: boolean
  /** [SE11] `session`: the board row is a session; its document is the server's alone. */
  kind?: string
  /** [SE6] The session an exercise board belongs to. */
  session?: string
}

/** Why an update is refused: the close code ([R1]) and a reason for the log. */
export interface Refusal {
  code: number
  reason: string
}

export class RefusedUpdateError extends Error {
  readonly code: number
  /** The update needs changes the server does not have yet: it may be held until they arrive. */
  readonly waiting: boolean
  constructor(refusal: Refusal, waiting = false) {
    super(refusal.reason)
    this.code = refusal.code
    this.waiting = waiting
  }
}

/** The root types of a board part and their Yjs types: the server creates them, clients may write nothing else. */
export const PART_ROOTS: Record<'shared' | 'private', Record<string, 'map' | 'array'>> = {
  shared: {
    [BoardRoots.Meta]: 'map',
    [BoardRoots.Background]: 'array',
    [BoardRoots.Records]: 'array',
    [BoardRoots.Facilitation]: 'map',
    [BoardRoots.Reactions]: 'map',
    [BoardRoots.Authors]: 'map',
    [BoardRoots.Themes]: 'map',
    [BoardRoots.ThemeOf]: 'map',
    [BoardRoots.Comments]: 'map',
    [BoardRoots.CommentAuthors]: 'map',
    [SESSION_ROOT]: 'map',
  },
  private: { [BoardRoots.Records]: 'array', votes: 'map', [BoardRoots.Authors]: 'map' },
}

/** Creates every root of the part, so that an update can only name roots the server knows. */
export function ensureRoots(doc: Y.Doc, part: string): void {
  for (const [name, kind] of Object.entries(PART_ROOTS[part ? 'private' : 'shared'])) {
    if (kind === 'map') doc.getMap(name)
    else doc.getArray(name)
  }
}

/** Root types a participant may change in the shared board and in their private part. */
const PARTICIPANT_ROOTS: Record<'shared' | 'private', ReadonlySet<string>> = {
  shared: new Set([BoardRoots.Records, BoardRoots.Reactions, BoardRoots.Themes, BoardRoots.ThemeOf, BoardRoots.Comments]),
  private: new Set([BoardRoots.Records, 'votes']),
}

/** Content a client may write: plain JSON, and the deleted content honest offline edits carry. */
const CLIENT_CONTENT: ReadonlySet<string> = new Set(['any', 'json', 'deleted'])

const RECORD_ROOTS: ReadonlySet<string> = new Set([BoardRoots.Records, BoardRoots.Background])

function carriesAuthor(value: unknown): boolean {
  const rec = (value as { val?: { typeName?: string; meta?: Record<string, unknown>; name?: unknown } } | null)?.val
  if (!rec || typeof rec !== 'object') return false
  if (rec.meta && (rec.meta.authorId !== undefined || rec.meta.authorName !== undefined)) return true
  return rec.typeName === 'user' && typeof rec.name === 'string' && rec.name.trim() !== ''
}

const bad = (reason: string): Refusal => ({ code: CloseCode.BadMessage, reason })

/** [W11] Every record an update inserts must be one tldraw's schema accepts (board SPEC [D8]) and live in one array only ([D3]). */
function recordRefusal(t: Insert, otherKeys: () => ReadonlySet<string>): Refusal | undefined {
  for (const entry of t.values) {
    const { key, val } = (entry ?? {}) as { key?: unknown; val?: unknown }
    if (typeof key !== 'string' || !entry || typeof entry !== 'object') return bad(`not a valid board record: an entry of "${t.root}" must be { key, val }`)
    if (!val || typeof val !== 'object' || (val as { id?: unknown }).id !== key)
      return bad(`not a valid board record: ${key}: the key and the record's id differ`)
    const problem = recordProblem(val)
    if (problem) return bad(`not a valid board record: ${problem}`)
    if (otherKeys().has(key)) return bad(`not a valid board record: ${key} belongs to the ${t.root === BoardRoots.Records ? 'template layer' : 'notes'}`)
  }
  return undefined
}

/**
 * The policy of one board part (the shared board when `part` is '', else a private part).
 * Facilitators may change every root unless the board is locked; participants only records and
 * reactions (and, in their private part, records and votes); on an anonymous board no record may
 * carry an author. Viewers' updates never get here (dropped, W5). For everyone: only plain JSON
 * content, only sound updates, and new clocks only under Yjs client ids the connection owns.
 */
export class BoardPolicy {
  readonly #settings: () => BoardSettings
  readonly #part: string
  /** Yjs client id → who writes under it ([W14]); the server's own id is taken at start. */
  readonly #owners = new Map<number, string>()

  readonly #maxStructs: number
  readonly #maxThemes: number
  readonly #maxCommentsPerNote: number
  /** [D23] The owner tag of a comment on an anonymous board (KeyIssuer.commentOwner). */
  readonly #commentOwner: ((identityId: string, key: string) => string) | undefined
  /** [L17] Comments per note id in the room's doc, kept by an observer (built on first use). */
  #commentCounts: Map<string, number> | undefined

  constructor(
    settings: () => BoardSettings,
    part: string,
    limits: { maxUpdateStructs?: number; maxThemesPerBoard?: number; maxCommentsPerNote?: number } = {},
    opts: { commentOwner?: (identityId: string, key: string) => string } = {},
  ) {
    this.#settings = settings
    this.#part = part
    this.#maxStructs = limits.maxUpdateStructs ?? Infinity
    this.#maxThemes = limits.maxThemesPerBoard ?? Infinity
    this.#maxCommentsPerNote = limits.maxCommentsPerNote ?? Infinity
    this.#commentOwner = opts.commentOwner
  }

  /** The room's own Yjs client id: nobody else may write under it. */
  reserve(client: number): void {
    this.#owners.set(client, 'server')
  }

  /** A connection's claims end with it, unless they hang on an identity the server issued. */
  release(conn: Connection): void {
    const me = ownerKey(conn)
    if (conn.identity) return
    for (const [client, owner] of this.#owners) if (owner === me) this.#owners.delete(client)
  }

  /** Roots a connection may change (null: all of them). */
  allowed(conn: Connection): ReadonlySet<string> | null {
    return conn.role === 'facilitator' ? null : PARTICIPANT_ROOTS[this.#part ? 'private' : 'shared']
  }

  /**
   * Decides before anything is applied. Returns the inspection (for the size limit and the audit)
   * or throws RefusedUpdateError.
   */
  check(doc: Y.Doc, update: Uint8Array, conn: Connection): Inspection {
    let seen: Inspection
    try {
      seen = inspectUpdate(doc, update, this.#maxStructs)
    } catch (err) {
      if (err instanceof TooManyStructsError) throw new RefusedUpdateError({ code: CloseCode.TooLarge, reason: `${err.message}: send it in smaller parts` })
      if (err instanceof UnknownRootError) throw new RefusedUpdateError({ code: CloseCode.Forbidden, reason: err.message })
      if (err instanceof MissingChangesError) {
        // It may wait only for what its own sender will send: changes under a client id this
        // connection writes (or nobody does yet, which it then takes). Waiting for the server's
        // or someone else's next clocks would let it act on them once they exist.
        const owner = this.#owners.get(err.client)
        const me = ownerKey(conn)
        if (owner !== undefined && owner !== me)
          throw new RefusedUpdateError({ code: CloseCode.Refused, reason: `not a sound update: ${err.message}, which are not this connection's to send` })
        this.#owners.set(err.client, me)
        throw new RefusedUpdateError({ code: CloseCode.Refused, reason: `not a sound update: ${err.message}` }, true)
      }
      if (err instanceof UnsoundUpdateError) throw new RefusedUpdateError({ code: CloseCode.Refused, reason: `not a sound update: ${err.message}` })
      throw new RefusedUpdateError(bad(`not a Yjs update: ${(err as Error).message}`))
    }
    const refusal = this.#judge(doc, seen, conn)
    if (refusal) throw new RefusedUpdateError(refusal)
    // claims are made only for an update that is applied
    const me = ownerKey(conn)
    for (const client of seen.clients.keys()) this.#owners.set(client, me)
    return seen
  }

  /** After applying, inside the same transaction: what Yjs itself did matches what was allowed ([W14]). */
  audit(doc: Y.Doc, tr: Y.Transaction, conn: Connection, before: DocBefore): string | undefined {
    return auditTransaction(doc, tr, this.allowed(conn), before)
  }

  #judge(doc: Y.Doc, seen: Inspection, conn: Connection): Refusal | undefined {
    const s = this.#settings()
    if (s.locked) {
      // Nothing new may enter; an update that changes nothing (a reconnecting client's sync) may.
      return seen.changes ? { code: CloseCode.Locked, reason: 'the board is locked: the session is over' } : undefined
    }
    // [SE11] the session document (agenda, current exercise) is the server's alone
    if (s.kind === 'session' && seen.changes)
      return { code: CloseCode.Forbidden, reason: 'the session agenda is written by the server only (use the session API)' }
    // [SE5] an exercise the facilitator has left (or not opened yet) is read-only for participants
    if (s.closed && conn.role !== 'facilitator' && seen.changes)
      return { code: CloseCode.Locked, reason: 'this exercise is closed: the facilitator has moved on to another one' }
    const me = ownerKey(conn)
    for (const [client] of seen.clients) {
      const owner = this.#owners.get(client)
      if (owner !== undefined && owner !== me)
        return { code: CloseCode.Refused, reason: `writes under a Yjs client id that is not this connection's (${client})` }
    }
    const allowed = this.allowed(conn)
    let keysOf: Map<string, ReadonlySet<string>> | undefined
    const otherKeys = (root: string) => () => {
      keysOf ??= new Map()
      const other = root === BoardRoots.Records ? BoardRoots.Background : BoardRoots.Records
      let set = keysOf.get(other)
      if (!set) keysOf.set(other, (set = keysIn(doc, other)))
      return set
    }
    for (const t of seen.inserts) {
      // [D11] the author record is the server's own: not even the facilitator writes it
      if (t.root === BoardRoots.Authors) return { code: CloseCode.Forbidden, reason: 'only the server records who wrote a note ("authors")' }
      if (t.root === BoardRoots.CommentAuthors) return { code: CloseCode.Forbidden, reason: 'bara servern skriver vem som skrev en kommentar' }
      if (t.root === SESSION_ROOT) return { code: CloseCode.Forbidden, reason: 'only the server writes the session agenda ("session")' }
      if (allowed && !allowed.has(t.root)) return { code: CloseCode.Forbidden, reason: `a participant may not change "${t.root}"` }
      if (!CLIENT_CONTENT.has(t.content)) return bad(`only plain JSON may be written into "${t.root}" (not ${t.content} content)`)
      if (RECORD_ROOTS.has(t.root)) {
        const refusal = recordRefusal(t, otherKeys(t.root))
        if (refusal) return refusal
      }
      // [D9] only well-formed reactions (an allowed emoji, an opaque reactor id, the value true)
      if (!this.#part && t.root === BoardRoots.Reactions && !(t.key !== null && parseReactionKey(t.key) && t.values.every((v) => v === true))) {
        return { code: CloseCode.Forbidden, reason: 'a reaction must be "<noteId>|<emoji>|<reactor>" set to true' }
      }
      if (s.anonymous && t.values.some(carriesAuthor)) return { code: CloseCode.Forbidden, reason: 'this board is anonymous: notes may not carry an author' }
    }
    if (!this.#part) {
      const refusal = this.#themesAndComments(doc, seen, conn, s)
      if (refusal) return refusal
    }
    for (const t of seen.deletes)
      if (t.root === SESSION_ROOT) return { code: CloseCode.Forbidden, reason: 'only the server writes the session agenda ("session")' }
    for (const t of seen.deletes) {
      if (t.root === BoardRoots.Authors) return { code: CloseCode.Forbidden, reason: 'only the server records who wrote a note ("authors")' }
      if (t.root === BoardRoots.CommentAuthors) return { code: CloseCode.Forbidden, reason: 'bara servern skriver vem som skrev en kommentar' }
    }
    if (allowed) {
      for (const t of seen.deletes) if (!allowed.has(t.root)) return { code: CloseCode.Forbidden, reason: `a participant may not change "${t.root}"` }
      return toolRefusal(seen, s.tools)
    }
    return undefined
  }

  /**
   * [W17] Themes and comments (board SPEC [D19]–[D24]), from what the update inserts and deletes,
   * linear in it: participants group only while `tools.themes` is on; every entry has the form
   * of its root; a comment is written under no one else's name and taken away by a participant
   * only when the server's record names them; the board's theme and per-note comment limits.
   */
  #themesAndComments(doc: Y.Doc, seen: Inspection, conn: Connection, s: BoardSettings): Refusal | undefined {
    const participant = conn.role !== 'facilitator'
    const grouping = readTools(s.tools)?.themes === true
    const themes = doc.getMap(BoardRoots.Themes)
    const comments = doc.getMap(BoardRoots.Comments)
    const newThemes = new Set<string>()
    const newComments = new Map<string, Set<string>>()
    for (const t of seen.inserts) {
      if (THEME_ROOTS.has(t.root) && participant && !grouping) return forbidden('deltagare får inte gruppera lappar i teman just nu')
      // an already deleted item (an honest offline edit) changes a map key as a deletion does
      const deleted = t.content === 'deleted'
      if (t.root === BoardRoots.Themes) {
        if (t.key === null) return forbidden('ett tema ska ligga under sitt id')
        if (!deleted) for (const v of t.values) if (themeProblem(t.key, v)) return forbidden(themeProblem(t.key, v)!)
        if (!deleted && !themes.has(t.key)) newThemes.add(t.key)
      } else if (t.root === BoardRoots.ThemeOf) {
        // a theme deleted meanwhile is fine: the membership then reads as none ([D20])
        if (!isNoteId(t.key)) return forbidden('en lapps tema ska ligga under lappens id')
        if (!deleted && !t.values.every((v) => typeof v === 'string' && THEME_ID.test(v))) return forbidden('en lapps tema ska vara ett temas id')
      } else if (t.root === BoardRoots.Comments) {
        if (t.key === null || !parseCommentKey(t.key)) return forbidden('en kommentar ska ha nyckeln "<lappens id>|<kommentarens id>"')
        const key = t.key
        if (deleted) {
          if (participant && !this.#ownsComment(doc, key, conn)) return forbidden('deltagare får bara ta bort sina egna kommentarer')
          continue
        }
        for (const v of t.values) if (commentProblem(key, v)) return forbidden(commentProblem(key, v)!)
        // overwriting a comment that exists (or existed) is writing under its author's name
        const recorded = readCommentAuthor(doc.getMap(BoardRoots.CommentAuthors).get(key))
        if ((recorded || comments.has(key)) && !this.#ownsComment(doc, key, conn)) return forbidden('ingen får skriva om någon annans kommentar')
        if (!comments.has(key)) {
          const { noteId } = parseCommentKey(key)!
          let set = newComments.get(noteId)
          if (!set) newComments.set(noteId, (set = new Set()))
          set.add(key)
        }
      }
    }
    for (const t of seen.deletes) {
      if (THEME_ROOTS.has(t.root) && participant && !grouping) return forbidden('deltagare får inte gruppera lappar i teman just nu')
      if (t.root === BoardRoots.Comments && participant && (t.key === null || !this.#ownsComment(doc, t.key, conn)))
        return forbidden('deltagare får bara ta bort sina egna kommentarer')
    }
    // [L17] size limits, counted against what the server holds
    if (newThemes.size && themes.size + newThemes.size > this.#maxThemes)
      return { code: CloseCode.TooLarge, reason: `this board has its ${this.#maxThemes} themes (MAX_THEMES_PER_BOARD)` }
    if (newComments.size) {
      const counts = this.#counts(doc)
      for (const [noteId, keys] of newComments)
        if ((counts.get(noteId) ?? 0) + keys.size > this.#maxCommentsPerNote)
          return { code: CloseCode.TooLarge, reason: `this note has its ${this.#maxCommentsPerNote} comments (MAX_COMMENTS_PER_NOTE)` }
    }
    return undefined
  }

  /** [D23] Whether the server's record of the comment names this connection's identity (or, anonymous, its tag). */
  #ownsComment(doc: Y.Doc, key: string, conn: Connection): boolean {
    const id = conn.identity?.id
    if (!id) return false
    const recorded = readCommentAuthor(doc.getMap(BoardRoots.CommentAuthors).get(key))
    if (!recorded) return false
    if (recorded.id !== undefined) return recorded.id === id
    return recorded.owner !== undefined && !!this.#commentOwner && recorded.owner === this.#commentOwner(id, key)
  }

  /** Comments per note, counted once and then kept by an observer of the room's `comments`. */
  #counts(doc: Y.Doc): Map<string, number> {
    if (this.#commentCounts) return this.#commentCounts
    const counts = new Map<string, number>()
    const map = doc.getMap(BoardRoots.Comments)
    const bump = (key: string, by: number) => {
      const p = parseCommentKey(key)
      if (!p) return
      const n = (counts.get(p.noteId) ?? 0) + by
      if (n > 0) counts.set(p.noteId, n)
      else counts.delete(p.noteId)
    }
    for (const key of map.keys()) bump(key, 1)
    map.observe((event) => {
      for (const [key, change] of event.changes.keys) {
        if (change.action === 'add') bump(key, 1)
        else if (change.action === 'delete') bump(key, -1)
      }
    })
    this.#commentCounts = counts
    return counts
  }
}

const THEME_ROOTS: ReadonlySet<string> = new Set([BoardRoots.Themes, BoardRoots.ThemeOf])
const forbidden = (reason: string): Refusal => ({ code: CloseCode.Forbidden, reason })

const entryOf = (v: unknown): { key?: unknown; val?: unknown } => (v && typeof v === 'object' ? (v as { key?: unknown; val?: unknown }) : {})

/**
 * [W16] What a participant's update makes must be what the board's tool policy lets them make
 * (board SPEC [D16]): judged from the records the guard found it inserting into `records` and the
 * server's own entries it deletes there. Changing a shape that already exists keeps its type (the
 * update deletes the old entry of that key, as YKeyValue does) and is not making one: a
 * participant may move the facilitator's drawing, not make another. Linear in the update.
 */
function toolRefusal(seen: Inspection, tools: unknown): Refusal | undefined {
  const shapes = participantShapes(readTools(tools))
  const refused = (reason: string): Refusal => ({ code: CloseCode.Forbidden, reason })
  let removed: Map<string, unknown> | undefined
  const removedVal = (key: string) => {
    if (!removed) {
      removed = new Map()
      for (const d of seen.deletes)
        if (d.root === BoardRoots.Records)
          for (const e of d.values ?? []) {
            const { key, val } = entryOf(e)
            if (typeof key === 'string') removed.set(key, val)
          }
    }
    return removed.get(key)
  }
  for (const t of seen.inserts) {
    if (t.root !== BoardRoots.Records) continue
    for (const e of t.values) {
      const { key, val } = entryOf(e)
      const why = participantRecordRefusal(val, shapes)
      if (!why) continue
      const type = shapeTypeOf(val)
      if (type !== undefined && typeof key === 'string' && shapeTypeOf(removedVal(key)) === type) continue
      return refused(why)
    }
  }
  for (const d of seen.deletes) {
    if (d.root !== BoardRoots.Records) continue
    for (const e of d.values ?? [])
      if ((entryOf(e).val as { typeName?: unknown } | undefined)?.typeName === 'page') return refused(participantRecordRefusal(entryOf(e).val, shapes)!)
  }
  return undefined
}

function ownerKey(conn: Connection): string {
  return conn.identity ? `id:${conn.identity.id}` : `conn:${conn.id}`
}

/** The live keys of a YKeyValue root (a few hundred entries at most in the template layer). */
function keysIn(doc: Y.Doc, root: string): ReadonlySet<string> {
  const out = new Set<string>()
  const arr = doc.share.get(root) as Y.Array<{ key?: unknown }> | undefined
  if (!arr) return out
  for (const e of arr.toArray()) if (e && typeof e.key === 'string') out.add(e.key)
  return out
}
