// The facilitation state (SPEC.md, "The facilitation map"; apps/server SPEC [H12]): one typed
// value, the pure rule that applies a facilitator's action to it, and the reader and writer that
// move it in and out of the board's `facilitation` Y.Map. The map holds one plain JSON value per
// key (timer, vote, results, private, follow, attention, backgroundLocked, locked); only the
// server writes it, the page only reads it.
import type * as Y from 'yjs'
import { writeKeys } from './roots.ts'
import { DEFAULT_TOOLS, readTools, type ToolsState } from './tools.ts'

export interface TimerState {
  status: 'running' | 'paused' | 'stopped'
  durationMs: number
  /** When a running timer reaches zero (ms since epoch). */
  endsAt: number | null
  /** What is left of a paused timer. */
  remainingMs: number | null
}

export interface VoteState {
  id: string
  status: 'open' | 'closed'
  /** Dots per person. */
  dots: number
  /**
   * At most this many of one person's dots count on one note (apps/server SPEC [H22]); absent:
   * no limit beyond `dots`.
   */
  perNote?: number
  /** The zones whose notes may get dots; null is the whole board. */
  zones: string[] | null
  anonymous: boolean
  startedAt: number
  closedAt: number | null
  /** Closed votes: how many people (identities, apps/server SPEC [K3]) had a dot counted. */
  voters?: number
}

/** Note id → dots, of the last closed vote. */
export type VoteResults = Record<string, number>

export type PrivateState = { active: true; startedAt: number } | { active: false; revealedAt: number; revealed: number }

export interface FollowState {
  userId: string
  name: string | null
  since: number
}

export interface AttentionState {
  zoneId: string
  at: number
}

/** The board's facilitation map as typed values; a key that is absent (or malformed) is undefined. */
export interface FacilitationState {
  timer?: TimerState
  vote?: VoteState
  results?: VoteResults
  private?: PrivateState
  follow?: FollowState
  attention?: AttentionState
  /** `false` while the facilitator has unlocked the template layer for themselves. */
  backgroundLocked?: boolean
  /** `true` while the board is read-only. */
  locked?: boolean
  /**
   * [D18] `true` while participants may only read this exercise of a session (it is not the
   * current one, or only the facilitator edits it); the facilitator still may. Mirrors the board's
   * settings, which the server enforces (apps/server SPEC [SE5]).
   */
  closed?: boolean
  /** [D16] What participants may make beyond the basics; absent: `DEFAULT_TOOLS`. */
  tools?: ToolsState
}

export type FacilitationKey = keyof FacilitationState
export const FACILITATION_KEYS = [
  'timer',
  'vote',
  'results',
  'private',
  'follow',
  'attention',
  'backgroundLocked',
  'locked',
  'closed',
  'tools',
] as const satisfies readonly FacilitationKey[]

/** An action as the facilitator asks for it ([H12], the body of `POST /api/boards/:id/facilitation`). */
export type FacilitationRequest =
  | { action: 'timer.start'; seconds: number }
  | { action: 'timer.add'; seconds: number }
  | { action: 'timer.pause' | 'timer.resume' | 'timer.stop' }
  | { action: 'vote.start'; dots: number; perNote?: number; zones?: string[]; anonymous?: boolean }
  | { action: 'vote.close' }
  | { action: 'private.start' | 'private.reveal' }
  | { action: 'follow.start'; userId: string; name?: string }
  | { action: 'follow.stop' }
  | { action: 'attention'; zoneId: string }
  | { action: 'background.lock' | 'background.unlock' }
  | { action: 'board.lock' | 'board.unlock' }
  | { action: 'tools.set'; draw?: boolean; frames?: boolean; themes?: boolean }

export type FacilitationActionName = FacilitationRequest['action']

/**
 * An action with what the server worked out beside the map: `vote.close` carries the counted dots
 * of the vote it counted, `private.reveal` how many notes it moved.
 */
export type FacilitationAction =
  | Exclude<FacilitationRequest, { action: 'vote.close' } | { action: 'private.start' | 'private.reveal' }>
  | { action: 'vote.close'; voteId: string; results: VoteResults; voters: number }
  | { action: 'private.start' }
  | { action: 'private.reveal'; revealed: number }

export interface FacilitationContext {
  /** The time of the change (ms since epoch). */
  now: number
  /** The id of a new vote. */
  newId: () => string
  /** The board's default for `vote.start` without `anonymous` (an anonymous board, [H11]). */
  anonymous?: boolean
  /**
   * Whether the board is locked, when the caller keeps the lock elsewhere (the server: the
   * board's settings, which the map's `locked` mirrors); the map's `locked` when not given.
   */
  locked?: boolean
}

export interface FacilitationError {
  status: 409 | 400
  /** one of the server's error codes (@tavla/protocol ERROR_CODES, apps/server SPEC [E1]) */
  code: 'board_locked' | 'no_open_vote' | 'timer_not_paused' | 'timer_not_running' | 'vote_open' | 'invalid_action'
  message: string
}

export type FacilitationResult = { state: FacilitationState; changed: FacilitationKey[] } | { error: FacilitationError }

const STOPPED: TimerState = { status: 'stopped', durationMs: 0, endsAt: null, remainingMs: null }

const conflict = (code: FacilitationError['code'], message: string): { error: FacilitationError } => ({ error: { status: 409, code, message } })
const invalid = (message: string): { error: FacilitationError } => ({ error: { status: 400, code: 'invalid_action', message } })
const isInt = (n: unknown, min: number, max: number) => Number.isInteger(n) && (n as number) >= min && (n as number) <= max
const isText = (s: unknown, min: number, max: number) => typeof s === 'string' && s.length >= min && s.length <= max

/**
 * Why the action cannot be taken in this state, or null. Only what the map and the parameters
 * tell, so the server can ask before it counts dots or moves notes; `applyFacilitation` asks it too.
 */
export function facilitationRefusal(
  state: FacilitationState,
  action: FacilitationRequest,
  ctx: Pick<FacilitationContext, 'locked'> = {},
): FacilitationError | null {
  const refused = refusal(state, action, ctx)
  return refused ? refused.error : null
}

function refusal(
  state: FacilitationState,
  a: FacilitationRequest | FacilitationAction,
  ctx: Pick<FacilitationContext, 'locked'>,
): { error: FacilitationError } | null {
  // The same limits as the HTTP schema, for callers that do not come through it.
  switch (a.action) {
    case 'timer.start':
      if (!isInt(a.seconds, 1, 86_400)) return invalid('seconds must be a whole number from 1 to 86400.')
      break
    case 'timer.add':
      if (!isInt(a.seconds, -3600, 3600)) return invalid('seconds must be a whole number from -3600 to 3600.')
      break
    case 'vote.start':
      if (!isInt(a.dots, 1, 20)) return invalid('dots must be a whole number from 1 to 20.')
      if (a.perNote !== undefined && !isInt(a.perNote, 1, a.dots)) return invalid('perNote must be a whole number from 1 to dots.')
      if (a.zones !== undefined && !(Array.isArray(a.zones) && a.zones.length <= 200 && a.zones.every((z) => isText(z, 0, 200))))
        return invalid('zones must be a list of zone ids.')
      break
    case 'follow.start':
      if (!isText(a.userId, 1, 200) || (a.name !== undefined && !isText(a.name, 0, 200)))
        return invalid('follow.start needs a userId (and an optional name) of at most 200 characters.')
      break
    case 'attention':
      if (!isText(a.zoneId, 1, 200)) return invalid('attention needs a zoneId of at most 200 characters.')
      break
    case 'tools.set':
      if ([a.draw, a.frames, a.themes].some((f) => f !== undefined && typeof f !== 'boolean'))
        return invalid('tools.set takes draw, frames and themes as true or false.')
      break
  }
  const locked = ctx.locked ?? state.locked === true
  if (locked && a.action !== 'board.unlock') return conflict('board_locked', 'The board is locked. Unlock it first.')
  const timer = state.timer ?? STOPPED
  switch (a.action) {
    case 'timer.pause':
      if (timer.status !== 'running') return conflict('timer_not_running', 'The timer is not running.')
      break
    case 'timer.resume':
      if (timer.status !== 'paused') return conflict('timer_not_paused', 'The timer is not paused.')
      break
    case 'timer.add':
      if (timer.status === 'stopped') return conflict('timer_not_running', 'Start the timer first.')
      break
    case 'vote.start':
      if (state.vote?.status === 'open') return conflict('vote_open', 'A vote is already open. Close it first.')
      break
    case 'vote.close':
      // with the counts: they must be of the vote that is open now
      if (state.vote?.status !== 'open' || ('voteId' in a && a.voteId !== state.vote.id)) return conflict('no_open_vote', 'There is no open vote to close.')
      break
  }
  return null
}

/**
 * The facilitation state after the action, and which keys it changed (a key changed to undefined
 * is deleted from the map); or why the action does not fit the state ([H12] 409) or its
 * parameters (400). Pure: no Yjs, no clock, no I/O.
 */
export function applyFacilitation(state: FacilitationState, action: FacilitationAction, ctx: FacilitationContext): FacilitationResult {
  const refused = refusal(state, action, ctx)
  if (refused) return refused
  const { now } = ctx
  const timer = state.timer ?? STOPPED
  const next = (patch: Partial<FacilitationState>, ...deleted: FacilitationKey[]): FacilitationResult => {
    const out: FacilitationState = { ...state, ...patch }
    for (const key of deleted) delete out[key]
    return { state: out, changed: [...(Object.keys(patch) as FacilitationKey[]), ...deleted] }
  }
  switch (action.action) {
    case 'timer.start':
      return next({ timer: { status: 'running', durationMs: action.seconds * 1000, endsAt: now + action.seconds * 1000, remainingMs: null } })
    case 'timer.pause':
      return next({ timer: { ...timer, status: 'paused', endsAt: null, remainingMs: Math.max(0, (timer.endsAt ?? now) - now) } })
    case 'timer.resume':
      return next({ timer: { ...timer, status: 'running', endsAt: now + (timer.remainingMs ?? 0), remainingMs: null } })
    case 'timer.add': {
      const ms = action.seconds * 1000
      if (timer.status === 'running') return next({ timer: { ...timer, durationMs: timer.durationMs + ms, endsAt: Math.max(now, (timer.endsAt ?? now) + ms) } })
      return next({ timer: { ...timer, durationMs: timer.durationMs + ms, remainingMs: Math.max(0, (timer.remainingMs ?? 0) + ms) } })
    }
    case 'timer.stop':
      return next({ timer: { status: 'stopped', durationMs: timer.durationMs, endsAt: null, remainingMs: null } })
    case 'vote.start':
      return next(
        {
          vote: {
            id: ctx.newId(),
            status: 'open',
            dots: action.dots,
            ...(action.perNote !== undefined && action.perNote < action.dots ? { perNote: action.perNote } : {}),
            zones: action.zones?.length ? [...action.zones] : null,
            anonymous: action.anonymous ?? ctx.anonymous ?? false,
            startedAt: now,
            closedAt: null,
          },
        },
        'results',
      )
    case 'vote.close':
      return next({ vote: { ...state.vote!, status: 'closed', closedAt: now, voters: action.voters }, results: { ...action.results } })
    case 'private.start':
      return next({ private: { active: true, startedAt: now } })
    case 'private.reveal':
      return next({ private: { active: false, revealedAt: now, revealed: action.revealed } })
    case 'follow.start':
      return next({ follow: { userId: action.userId, name: action.name ?? null, since: now } })
    case 'follow.stop':
      return next({}, 'follow')
    case 'attention':
      return next({ attention: { zoneId: action.zoneId, at: now } })
    case 'background.lock':
    case 'background.unlock':
      return next({ backgroundLocked: action.action === 'background.lock' })
    case 'board.lock':
    case 'board.unlock':
      return next({ locked: action.action === 'board.lock' })
    case 'tools.set': {
      const tools = state.tools ?? DEFAULT_TOOLS
      const themes = action.themes ?? tools.themes === true
      return next({ tools: { draw: action.draw ?? tools.draw, frames: action.frames ?? tools.frames, ...(themes ? { themes: true } : {}) } })
    }
  }
}

// Reading: a field of the wrong type makes its entry malformed (read as absent); a missing field
// that has a default ("not yet", null, 0) takes it, since older boards and imported files
// (apps/server SPEC [H7], [H9]) may carry a vote without every field.
type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v)
/** The field's value, its default when missing, or `bad` when it has the wrong type. */
const bad = Symbol('bad')
const num = (v: unknown, missing: number | null): number | null | typeof bad =>
  v === undefined ? missing : v === null && missing === null ? null : isNum(v) ? v : bad

function readTimer(v: unknown): TimerState | undefined {
  if (!isObject(v) || (v.status !== 'running' && v.status !== 'paused' && v.status !== 'stopped')) return undefined
  const durationMs = num(v.durationMs, 0)
  const endsAt = num(v.endsAt, null)
  const remainingMs = num(v.remainingMs, null)
  if (durationMs === bad || durationMs === null || endsAt === bad || remainingMs === bad) return undefined
  return { status: v.status, durationMs, endsAt, remainingMs }
}

function readVote(v: unknown): VoteState | undefined {
  if (!isObject(v) || typeof v.id !== 'string' || (v.status !== 'open' && v.status !== 'closed') || !isNum(v.dots)) return undefined
  const zones =
    v.zones === undefined || v.zones === null ? null : Array.isArray(v.zones) && v.zones.every((z) => typeof z === 'string') ? [...(v.zones as string[])] : bad
  const anonymous = v.anonymous === undefined ? false : typeof v.anonymous === 'boolean' ? v.anonymous : bad
  const startedAt = num(v.startedAt, 0)
  const closedAt = num(v.closedAt, null)
  const voters = v.voters === undefined ? undefined : isNum(v.voters) ? v.voters : bad
  const perNote = v.perNote === undefined || v.perNote === null ? undefined : isNum(v.perNote) && v.perNote >= 1 ? v.perNote : bad
  if (zones === bad || anonymous === bad || startedAt === bad || startedAt === null || closedAt === bad || voters === bad || perNote === bad) return undefined
  return {
    id: v.id,
    status: v.status,
    dots: v.dots,
    ...(perNote === undefined ? {} : { perNote }),
    zones,
    anonymous,
    startedAt,
    closedAt,
    ...(voters === undefined ? {} : { voters }),
  }
}

/** Results keep their well-formed entries (a count per note id); export reads them the same way. */
function readResults(v: unknown): VoteResults | undefined {
  if (!isObject(v)) return undefined
  const out: VoteResults = {}
  for (const [id, n] of Object.entries(v)) if (isNum(n)) out[id] = n
  return out
}

function readPrivate(v: unknown): PrivateState | undefined {
  if (!isObject(v)) return undefined
  if (v.active === true) {
    const startedAt = num(v.startedAt, 0)
    return startedAt === bad || startedAt === null ? undefined : { active: true, startedAt }
  }
  if (v.active === false) {
    const revealedAt = num(v.revealedAt, 0)
    const revealed = num(v.revealed, 0)
    return revealedAt === bad || revealedAt === null || revealed === bad || revealed === null ? undefined : { active: false, revealedAt, revealed }
  }
  return undefined
}

function readFollow(v: unknown): FollowState | undefined {
  if (!isObject(v) || typeof v.userId !== 'string' || !v.userId) return undefined
  const name = v.name === undefined || v.name === null ? null : typeof v.name === 'string' ? v.name : bad
  const since = num(v.since, 0)
  return name === bad || since === bad || since === null ? undefined : { userId: v.userId, name, since }
}

function readAttention(v: unknown): AttentionState | undefined {
  return isObject(v) && typeof v.zoneId === 'string' && isNum(v.at) ? { zoneId: v.zoneId, at: v.at } : undefined
}

const readBoolean = (v: unknown): boolean | undefined => (typeof v === 'boolean' ? v : undefined)

const READERS: { [K in FacilitationKey]-?: (v: unknown) => FacilitationState[K] } = {
  timer: readTimer,
  vote: readVote,
  results: readResults,
  private: readPrivate,
  follow: readFollow,
  attention: readAttention,
  backgroundLocked: readBoolean,
  locked: readBoolean,
  closed: readBoolean,
  tools: readTools,
}

/** The facilitation state of a board's `facilitation` map; a malformed entry reads as absent, unknown keys are ignored. */
export function readFacilitation(map: Y.Map<unknown>): FacilitationState {
  const state: FacilitationState = {}
  for (const key of FACILITATION_KEYS) {
    const value = READERS[key](map.get(key))
    if (value !== undefined) (state as Record<string, unknown>)[key] = value
  }
  return state
}

/** Writes the changed keys of the state into the map (deleting those it no longer has); the others stay as they are. */
export function writeFacilitation(map: Y.Map<unknown>, state: FacilitationState, changed: readonly FacilitationKey[]): void {
  writeKeys(map, state, changed)
}
