// A session: an ordered agenda of exercises over one or more meetings (SPEC.md, "The session
// document"; apps/server SPEC [SE1]–[SE12]). The state lives in the session's own Y.Doc, root
// `session`, one plain JSON value per key, written only by the server; this module is its type,
// its reader and writer, and the pure rules that change it (no Yjs transactions, no clock, no I/O
// beyond the map).
import type * as Y from 'yjs'
import { writeKeys } from './roots.ts'

export const SESSION_ROOT = 'session'

/** The most exercises one session holds, over all its meetings (MAX_SESSION_EXERCISES's default). */
export const MAX_SESSION_EXERCISES = 40
/** The most meetings one session holds. */
export const MAX_SESSION_MEETINGS = 12

export interface ExerciseVote {
  dots: number
  perNote?: number
}

export interface ExerciseTools {
  /** Private mode switches on when the exercise starts (and the notes are revealed when it ends). */
  private: boolean
  /** A dot vote opens when the exercise starts (unless private mode does: then the facilitator opens it). */
  vote: ExerciseVote | null
  /** Who may change the exercise's board while it runs: `facilitator` is a presentation. */
  edit: 'participants' | 'facilitator'
}

export interface Exercise {
  id: string
  /** The exercise's board (a board row whose settings name this session and exercise). */
  boardId: string
  kind: 'template' | 'plain'
  /** The board template it was made from (`blank` for a plain exercise). */
  template: string
  params?: Record<string, string[]>
  title: string
  prompt?: string
  /** The timer's minutes when the exercise starts; 0: no timer. */
  minutes: number
  tools: ExerciseTools
  /** When it last became the current exercise / when it was last left (ms). */
  startedAt?: number
  endedAt?: number
}

export interface Meeting {
  id: string
  title: string
  /** The meeting's day, `YYYY-MM-DD` (Europe/Stockholm), or null when not set. */
  date: string | null
  exercises: Exercise[]
}

export interface CurrentExercise {
  exerciseId: string
  startedAt: number
}

export interface SessionState {
  title: string
  lang: 'sv' | 'en'
  anonymous: boolean
  /** The session template it was made from, if any. */
  template?: string
  meetings: Meeting[]
  /** The exercise everyone is brought to; null before the facilitator starts. */
  current: CurrentExercise | null
  /** Exercises the facilitator reopened: participants may change them although they are not current. */
  open: string[]
}

export type SessionKey = keyof SessionState
export const SESSION_KEYS = ['title', 'lang', 'anonymous', 'template', 'meetings', 'current', 'open'] as const satisfies readonly SessionKey[]

/** What a new exercise is made of (the server adds `id` and `boardId` once its board exists). */
export type ExerciseInit = Omit<Exercise, 'id' | 'boardId' | 'startedAt' | 'endedAt'>

export type AgendaAction =
  | { action: 'exercise.add'; meetingId: string; index?: number; exercise: Exercise }
  | { action: 'exercise.update'; exerciseId: string; title?: string; prompt?: string | null; minutes?: number; tools?: Partial<ExerciseTools> }
  | { action: 'exercise.move'; exerciseId: string; meetingId?: string; index: number }
  | { action: 'exercise.remove'; exerciseId: string }
  | { action: 'exercise.open' | 'exercise.close'; exerciseId: string }
  | { action: 'meeting.add'; id: string; title: string; date?: string | null; index?: number }
  | { action: 'meeting.update'; meetingId: string; title?: string; date?: string | null }
  | { action: 'meeting.remove'; meetingId: string }
  | { action: 'title.set'; title: string }

export type AgendaActionName = AgendaAction['action']

export interface SessionError {
  status: 400 | 404 | 409
  code: 'exercise_not_found' | 'meeting_not_found' | 'exercise_current' | 'meeting_not_empty' | 'session_at_end' | 'too_many_exercises' | 'invalid_session'
  message: string
}

export type SessionResult = { state: SessionState; changed: SessionKey[] } | { error: SessionError }

const err = (status: SessionError['status'], code: SessionError['code'], message: string): { error: SessionError } => ({ error: { status, code, message } })

export interface ExercisePlace {
  meeting: Meeting
  meetingIndex: number
  exercise: Exercise
  /** Its index within the meeting. */
  index: number
  /** Its position in the whole agenda (0-based). */
  position: number
}

/** Every exercise in agenda order: meeting by meeting, exercise by exercise. */
export function exercisesInOrder(state: Pick<SessionState, 'meetings'>): ExercisePlace[] {
  const out: ExercisePlace[] = []
  state.meetings.forEach((meeting, meetingIndex) =>
    meeting.exercises.forEach((exercise, index) => out.push({ meeting, meetingIndex, exercise, index, position: out.length })),
  )
  return out
}

export function findExercise(state: Pick<SessionState, 'meetings'>, exerciseId: string): ExercisePlace | undefined {
  return exercisesInOrder(state).find((p) => p.exercise.id === exerciseId)
}

/** The exercise after the current one (the first one before the session starts); undefined at the end. */
export function nextExercise(state: SessionState): ExercisePlace | undefined {
  const all = exercisesInOrder(state)
  if (!state.current) return all[0]
  const at = all.findIndex((p) => p.exercise.id === state.current!.exerciseId)
  return all[at + 1]
}

/**
 * [SE5] Whether participants may change an exercise's board: the current exercise (unless only the
 * facilitator edits it) and the ones the facilitator reopened.
 */
export function exerciseOpen(state: SessionState, exerciseId: string): boolean {
  if (state.open.includes(exerciseId)) return true
  if (state.current?.exerciseId !== exerciseId) return false
  return findExercise(state, exerciseId)?.exercise.tools.edit !== 'facilitator'
}

export type ExerciseStatus = 'current' | 'done' | 'upcoming'

export function exerciseStatus(state: SessionState, exerciseId: string): ExerciseStatus {
  if (state.current?.exerciseId === exerciseId) return 'current'
  return findExercise(state, exerciseId)?.exercise.endedAt !== undefined ? 'done' : 'upcoming'
}

/** `YYYY-MM-DD` of a moment in Swedish local time (a meeting's day). */
export function stockholmDay(ms: number): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Stockholm', year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date(ms))
}

/**
 * [SE12] The exercise a page shows when someone opens the session's link (the page's own choice
 * to look back at another comes on top): the current exercise; but on the day of a meeting that
 * has not started yet (the current exercise belongs to another meeting, or there is none), that
 * meeting's first exercise, with `waiting` set. Before the session starts and with no meeting
 * today: the first exercise, waiting.
 */
export function shownExercise(state: SessionState, today: string): { place: ExercisePlace; waiting: boolean } | undefined {
  const all = exercisesInOrder(state)
  const current = state.current ? all.find((p) => p.exercise.id === state.current!.exerciseId) : undefined
  const todays = state.meetings.find((m) => m.date === today)
  if (current && (!todays || current.meeting.id === todays.id)) return { place: current, waiting: false }
  const first = todays ? all.find((p) => p.meeting.id === todays.id) : current ? undefined : all[0]
  if (first) return { place: first, waiting: true }
  return current ? { place: current, waiting: false } : undefined
}

const isDate = (v: unknown): v is string => typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(`${v}T12:00:00Z`))
const isInt = (n: unknown, min: number, max: number): n is number => Number.isInteger(n) && (n as number) >= min && (n as number) <= max

/** Why exercise fields are not acceptable (400 invalid_session), or undefined. Limits as the HTTP schema. */
export function exerciseFieldsProblem(e: { title?: unknown; prompt?: unknown; minutes?: unknown; tools?: Partial<ExerciseTools> }): string | undefined {
  if (e.title !== undefined && !(typeof e.title === 'string' && e.title.trim().length >= 1 && e.title.length <= 200))
    return 'An exercise needs a title of 1–200 characters.'
  if (e.prompt !== undefined && e.prompt !== null && !(typeof e.prompt === 'string' && e.prompt.length <= 2000)) return 'A prompt has at most 2000 characters.'
  if (e.minutes !== undefined && !isInt(e.minutes, 0, 600)) return 'minutes must be a whole number from 0 to 600.'
  const v = e.tools?.vote
  if (v !== undefined && v !== null && !(isInt(v.dots, 1, 20) && (v.perNote === undefined || isInt(v.perNote, 1, v.dots))))
    return 'A vote has 1–20 dots and at most that many per note.'
  return undefined
}

/**
 * The session after an agenda action, and the keys it changed; or why not (404 for an unknown
 * exercise or meeting, 409 for what does not fit, 400 for bad fields). Pure.
 */
export function applyAgenda(state: SessionState, a: AgendaAction, limits: { maxExercises?: number } = {}): SessionResult {
  const max = limits.maxExercises ?? MAX_SESSION_EXERCISES
  const meetings = state.meetings.map((m) => ({ ...m, exercises: [...m.exercises] }))
  const changed = (patch: Partial<SessionState>): SessionResult => ({
    state: { ...state, meetings, ...patch },
    changed: ['meetings', ...(Object.keys(patch) as SessionKey[])],
  })
  const meetingAt = (id: string) => meetings.findIndex((m) => m.id === id)
  const place = (id: string) => {
    for (const m of meetings) {
      const i = m.exercises.findIndex((e) => e.id === id)
      if (i >= 0) return { m, i, e: m.exercises[i]! }
    }
    return undefined
  }
  const noExercise = () => err(404, 'exercise_not_found', 'The session has no such exercise.')
  const noMeeting = () => err(404, 'meeting_not_found', 'The session has no such meeting.')
  const clampIndex = (i: number | undefined, n: number) => (i === undefined ? n : Math.max(0, Math.min(n, Math.trunc(i))))
  switch (a.action) {
    case 'exercise.add': {
      const mi = meetingAt(a.meetingId)
      if (mi < 0) return noMeeting()
      if (exercisesInOrder(state).length >= max) return err(400, 'too_many_exercises', `A session holds at most ${max} exercises (MAX_SESSION_EXERCISES).`)
      const problem = exerciseFieldsProblem(a.exercise)
      if (problem) return err(400, 'invalid_session', problem)
      const m = meetings[mi]!
      m.exercises.splice(clampIndex(a.index, m.exercises.length), 0, a.exercise)
      return changed({})
    }
    case 'exercise.update': {
      const p = place(a.exerciseId)
      if (!p) return noExercise()
      const problem = exerciseFieldsProblem({ ...a, prompt: a.prompt ?? undefined })
      if (problem) return err(400, 'invalid_session', problem)
      const next: Exercise = { ...p.e, tools: { ...p.e.tools, ...(a.tools ?? {}) } }
      if (a.title !== undefined) next.title = a.title.trim()
      if (a.minutes !== undefined) next.minutes = a.minutes
      if (a.prompt === null || a.prompt === '') delete next.prompt
      else if (a.prompt !== undefined) next.prompt = a.prompt
      if (next.tools.vote && next.tools.vote.perNote !== undefined && next.tools.vote.perNote >= next.tools.vote.dots)
        next.tools.vote = { dots: next.tools.vote.dots }
      p.m.exercises[p.i] = next
      return changed({})
    }
    case 'exercise.move': {
      const p = place(a.exerciseId)
      if (!p) return noExercise()
      const to = a.meetingId === undefined ? p.m : meetings[meetingAt(a.meetingId)]
      if (!to) return noMeeting()
      p.m.exercises.splice(p.i, 1)
      to.exercises.splice(clampIndex(a.index, to.exercises.length), 0, p.e)
      return changed({})
    }
    case 'exercise.remove': {
      const p = place(a.exerciseId)
      if (!p) return noExercise()
      if (state.current?.exerciseId === a.exerciseId)
        return err(409, 'exercise_current', 'This is the exercise everyone is on now. Move on to another exercise first.')
      p.m.exercises.splice(p.i, 1)
      return changed({ open: state.open.filter((id) => id !== a.exerciseId) })
    }
    case 'exercise.open':
    case 'exercise.close': {
      if (!place(a.exerciseId)) return noExercise()
      const open = state.open.filter((id) => id !== a.exerciseId)
      if (a.action === 'exercise.open') open.push(a.exerciseId)
      return { state: { ...state, open }, changed: ['open'] }
    }
    case 'meeting.add': {
      if (meetings.length >= MAX_SESSION_MEETINGS) return err(400, 'invalid_session', `A session has at most ${MAX_SESSION_MEETINGS} meetings.`)
      if (!(a.title.trim().length >= 1 && a.title.length <= 200)) return err(400, 'invalid_session', 'A meeting needs a title of 1–200 characters.')
      if (a.date !== undefined && a.date !== null && !isDate(a.date)) return err(400, 'invalid_session', 'A meeting date is written YYYY-MM-DD.')
      meetings.splice(clampIndex(a.index, meetings.length), 0, { id: a.id, title: a.title.trim(), date: a.date ?? null, exercises: [] })
      return changed({})
    }
    case 'meeting.update': {
      const mi = meetingAt(a.meetingId)
      if (mi < 0) return noMeeting()
      if (a.title !== undefined && !(a.title.trim().length >= 1 && a.title.length <= 200))
        return err(400, 'invalid_session', 'A meeting needs a title of 1–200 characters.')
      if (a.date !== undefined && a.date !== null && !isDate(a.date)) return err(400, 'invalid_session', 'A meeting date is written YYYY-MM-DD.')
      const m = meetings[mi]!
      meetings[mi] = { ...m, ...(a.title !== undefined ? { title: a.title.trim() } : {}), ...(a.date !== undefined ? { date: a.date } : {}) }
      return changed({})
    }
    case 'meeting.remove': {
      const mi = meetingAt(a.meetingId)
      if (mi < 0) return noMeeting()
      if (meetings[mi]!.exercises.length) return err(409, 'meeting_not_empty', 'Remove or move the meeting’s exercises first.')
      if (meetings.length === 1) return err(409, 'meeting_not_empty', 'A session keeps at least one meeting.')
      meetings.splice(mi, 1)
      return changed({})
    }
    case 'title.set': {
      if (!(a.title.trim().length >= 1 && a.title.length <= 200)) return err(400, 'invalid_session', 'The session needs a title of 1–200 characters.')
      return { state: { ...state, title: a.title.trim() }, changed: ['title'] }
    }
  }
}

/**
 * [SE5] Moving everyone to an exercise (`to`, else the next one): the one left gets `endedAt`, the
 * new one `startedAt`, and becomes `current`. Pure; the server does what the move means on the
 * two boards.
 */
export function advanceSession(
  state: SessionState,
  to: string | undefined,
  now: number,
): { state: SessionState; changed: SessionKey[]; from?: Exercise; to: Exercise } | { error: SessionError } {
  const target = to === undefined ? nextExercise(state) : findExercise(state, to)
  if (!target) {
    return to === undefined
      ? err(409, 'session_at_end', 'This is the last exercise of the session.')
      : err(404, 'exercise_not_found', 'The session has no such exercise.')
  }
  const fromId = state.current?.exerciseId
  let from: Exercise | undefined
  let started: Exercise | undefined
  const meetings = state.meetings.map((m) => ({
    ...m,
    exercises: m.exercises.map((e) => {
      if (e.id === target.exercise.id) return (started = { ...e, startedAt: now })
      if (e.id === fromId) return (from = { ...e, endedAt: now })
      return e
    }),
  }))
  return {
    state: { ...state, meetings, current: { exerciseId: target.exercise.id, startedAt: now }, open: state.open.filter((id) => id !== fromId) },
    changed: ['meetings', 'current', 'open'],
    ...(from ? { from } : {}),
    to: started!,
  }
}

// ---- reading and writing the `session` map ----

type Raw = Record<string, unknown>
const isObject = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v)
const isText = (v: unknown): v is string => typeof v === 'string'

function readTools(v: unknown): ExerciseTools {
  const t = isObject(v) ? v : {}
  const vote = isObject(t.vote) && isInt(t.vote.dots, 1, 20) ? t.vote : null
  return {
    private: t.private === true,
    vote: vote ? { dots: vote.dots as number, ...(isInt(vote.perNote, 1, vote.dots as number) ? { perNote: vote.perNote as number } : {}) } : null,
    edit: t.edit === 'facilitator' ? 'facilitator' : 'participants',
  }
}

function readExercise(v: unknown): Exercise | undefined {
  if (!isObject(v) || !isText(v.id) || !isText(v.boardId) || !isText(v.template) || !isText(v.title)) return undefined
  const params = isObject(v.params)
    ? Object.fromEntries(Object.entries(v.params).filter((e): e is [string, string[]] => Array.isArray(e[1]) && e[1].every(isText)))
    : undefined
  return {
    id: v.id,
    boardId: v.boardId,
    kind: v.kind === 'plain' ? 'plain' : 'template',
    template: v.template,
    ...(params ? { params } : {}),
    title: v.title,
    ...(isText(v.prompt) ? { prompt: v.prompt } : {}),
    minutes: isInt(v.minutes, 0, 600) ? v.minutes : 0,
    tools: readTools(v.tools),
    ...(typeof v.startedAt === 'number' ? { startedAt: v.startedAt } : {}),
    ...(typeof v.endedAt === 'number' ? { endedAt: v.endedAt } : {}),
  }
}

function readMeetings(v: unknown): Meeting[] {
  if (!Array.isArray(v)) return []
  return v.flatMap((m): Meeting[] =>
    isObject(m) && isText(m.id) && isText(m.title)
      ? [
          {
            id: m.id,
            title: m.title,
            date: isDate(m.date) ? m.date : null,
            exercises: Array.isArray(m.exercises) ? m.exercises.flatMap((e) => readExercise(e) ?? []) : [],
          },
        ]
      : [],
  )
}

/** The session state of a `session` map; malformed entries read as absent or take their defaults. */
export function readSession(map: Y.Map<unknown>): SessionState {
  const current = map.get('current')
  const open = map.get('open')
  const template = map.get('template')
  return {
    title: isText(map.get('title')) ? (map.get('title') as string) : '',
    lang: map.get('lang') === 'en' ? 'en' : 'sv',
    anonymous: map.get('anonymous') === true,
    ...(isText(template) ? { template } : {}),
    meetings: readMeetings(map.get('meetings')),
    current:
      isObject(current) && isText(current.exerciseId) && typeof current.startedAt === 'number'
        ? { exerciseId: current.exerciseId, startedAt: current.startedAt }
        : null,
    open: Array.isArray(open) ? open.filter(isText) : [],
  }
}

/** Writes the changed keys (a key whose value is undefined is deleted). */
export function writeSession(map: Y.Map<unknown>, state: SessionState, changed: readonly SessionKey[] = SESSION_KEYS): void {
  writeKeys(map, state, changed)
}

export function sessionOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(SESSION_ROOT)
}
