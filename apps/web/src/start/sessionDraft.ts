// The session builder's agenda while it is being built on the start page, and the three things
// made from it: the body of POST /api/sessions (apps/server SPEC [SE1]), a session template of the
// facilitator's own (the server's format, packages/templates sessionSchema.ts, the same text in sv
// and en), and a draft again from any session template ([SE2], or one read back from a file).
// Pure: no React, no storage.
import { MAX_SESSION_EXERCISES, MAX_SESSION_MEETINGS } from '@tavla/board'
import type { CreateSessionBody, ExerciseSpec, Localized, SessionTemplate, SessionTemplateExercise, TemplateSummary } from '../api.ts'

export type Tools = ExerciseSpec['tools']

export interface DraftExercise {
  /** The row's identity in the page (not sent). */
  key: string
  kind: 'template' | 'plain'
  /** The board template (`blank` for a plain exercise). */
  template: string
  title: string
  params?: Record<string, string[]>
  minutes: number
  prompt: string
  tools: Tools
}
export interface DraftMeeting {
  key: string
  title: string
  /** `YYYY-MM-DD` or '' (no date). */
  date: string
  exercises: DraftExercise[]
}
export interface Draft {
  title: string
  /** The session template it was started from (a server one), if any. */
  template?: string
  meetings: DraftMeeting[]
}

let counter = 0
export const newKey = (): string => `k${Date.now().toString(36)}${(counter++).toString(36)}`

export const NO_TOOLS: Tools = { private: false, vote: null, edit: 'participants' }

/** A board template's timer default: the minutes of its guide's steps together. */
export function guideMinutes(tpl: Pick<TemplateSummary, 'guide'> | undefined): number {
  return Math.min(
    600,
    (tpl?.guide.steps ?? []).reduce((sum, s) => sum + (Number.isFinite(s.minutes) ? s.minutes : 0), 0),
  )
}

export function totalMinutes(m: Pick<DraftMeeting, 'exercises'>): number {
  return m.exercises.reduce((sum, e) => sum + e.minutes, 0)
}

function tools(t: SessionTemplateExercise['tools']): Tools {
  // a per-note limit of all the dots is no limit (the server's templates fill it in so, [SE2])
  const v = t?.vote
  const vote = v && Number.isInteger(v.dots) ? { dots: v.dots, ...(v.perNote && v.perNote < v.dots ? { perNote: v.perNote } : {}) } : null
  return { private: t?.private === true, vote, edit: t?.edit === 'facilitator' ? 'facilitator' : 'participants' }
}

/** An exercise from a board template, its title and minutes the template's own. */
export function exerciseFromBoardTemplate(tpl: TemplateSummary, lang: 'sv' | 'en'): DraftExercise {
  return {
    key: newKey(),
    kind: 'template',
    template: tpl.id,
    title: tpl.title[lang],
    params: Object.fromEntries(tpl.params.map((p) => [p.id, [...p.default]])),
    minutes: guideMinutes(tpl),
    prompt: '',
    tools: { ...NO_TOOLS },
  }
}

export type PlainKind = 'welcome' | 'break' | 'presentation'
/** The plain exercises offered: a welcome on a board everyone writes on, a break and a presentation only the facilitator changes. */
export const PLAIN: Record<PlainKind, { minutes: number; edit: Tools['edit'] }> = {
  welcome: { minutes: 10, edit: 'participants' },
  break: { minutes: 15, edit: 'facilitator' },
  presentation: { minutes: 15, edit: 'facilitator' },
}
export function plainExercise(title: string, kind: PlainKind): DraftExercise {
  return { key: newKey(), kind: 'plain', template: 'blank', title, minutes: PLAIN[kind].minutes, prompt: '', tools: { ...NO_TOOLS, edit: PLAIN[kind].edit } }
}

/**
 * A draft from a session template: the server's ([SE2], defaults filled) or one the facilitator
 * saved. What a template leaves out is taken from its board template (title, guide minutes, params).
 */
export function draftFromTemplate(tpl: SessionTemplate, lang: 'sv' | 'en', boards: TemplateSummary[], own = false): Draft {
  const text = (l: Localized | undefined) => (l ? (l[lang] ?? l.sv) : '')
  return {
    title: text(tpl.title),
    ...(own ? {} : { template: tpl.id }),
    meetings: tpl.meetings.map((m) => ({
      key: newKey(),
      title: text(m.title),
      date: '',
      exercises: m.exercises.map((e): DraftExercise => {
        const plain = e.kind === 'plain' || !e.template || e.template === 'blank'
        const board = plain ? undefined : boards.find((b) => b.id === e.template)
        const params = plain ? undefined : { ...Object.fromEntries((board?.params ?? []).map((p) => [p.id, [...p.default]])), ...(e.params ?? {}) }
        return {
          key: newKey(),
          kind: plain ? 'plain' : 'template',
          template: plain ? 'blank' : e.template!,
          title: text(e.title) || (board ? board.title[lang] : ''),
          ...(params ? { params } : {}),
          minutes: e.minutes ?? (plain ? 0 : guideMinutes(board)),
          prompt: text(e.prompt),
          tools: tools(e.tools),
        }
      }),
    })),
  }
}

export function emptyDraft(meetingTitle: string): Draft {
  return { title: '', meetings: [{ key: newKey(), title: meetingTitle, date: '', exercises: [] }] }
}

function spec(e: DraftExercise): ExerciseSpec {
  const prompt = e.prompt.trim()
  const vote = e.tools.vote
    ? { dots: e.tools.vote.dots, ...(e.tools.vote.perNote && e.tools.vote.perNote < e.tools.vote.dots ? { perNote: e.tools.vote.perNote } : {}) }
    : null
  return {
    kind: e.kind,
    ...(e.kind === 'template' ? { template: e.template } : {}),
    title: e.title.trim(),
    ...(e.kind === 'template' && e.params
      ? { params: Object.fromEntries(Object.entries(e.params).map(([k, v]) => [k, v.map((x) => x.trim()).filter(Boolean)])) }
      : {}),
    minutes: e.minutes,
    ...(prompt ? { prompt } : {}),
    tools: { private: e.tools.private, vote, edit: e.tools.edit },
  }
}

/** [SE1] The body of POST /api/sessions. */
export function sessionBody(d: Draft, lang: 'sv' | 'en', anonymous: boolean): CreateSessionBody {
  return {
    title: d.title.trim(),
    lang,
    ...(anonymous ? { anonymous: true } : {}),
    ...(d.template ? { template: d.template } : {}),
    meetings: d.meetings.map((m) => ({ title: m.title.trim(), date: m.date || null, exercises: m.exercises.map(spec) })),
  }
}

/** What is wrong with a draft before it is sent (a key of the page's sentences and its arguments), or undefined. */
export type DraftProblem =
  | { what: 'title' }
  | { what: 'noExercise' }
  | { what: 'meetingTitle'; meeting: number }
  | { what: 'exerciseTitle'; meeting: number; exercise: number }
  | { what: 'minutes'; title: string }
  | { what: 'vote'; title: string }
  | { what: 'tooManyExercises'; max: number }
  | { what: 'tooManyMeetings'; max: number }

export function draftProblem(d: Draft): DraftProblem | undefined {
  if (!d.title.trim()) return { what: 'title' }
  if (d.meetings.length > MAX_SESSION_MEETINGS) return { what: 'tooManyMeetings', max: MAX_SESSION_MEETINGS }
  const all = d.meetings.flatMap((m) => m.exercises)
  if (!all.length) return { what: 'noExercise' }
  if (all.length > MAX_SESSION_EXERCISES) return { what: 'tooManyExercises', max: MAX_SESSION_EXERCISES }
  for (const [mi, m] of d.meetings.entries()) {
    if (!m.title.trim()) return { what: 'meetingTitle', meeting: mi + 1 }
    for (const [ei, e] of m.exercises.entries()) {
      if (!e.title.trim()) return { what: 'exerciseTitle', meeting: mi + 1, exercise: ei + 1 }
      if (!Number.isInteger(e.minutes) || e.minutes < 0 || e.minutes > 600) return { what: 'minutes', title: e.title }
      const v = e.tools.vote
      if (v && !(Number.isInteger(v.dots) && v.dots >= 1 && v.dots <= 20 && (v.perNote === undefined || (v.perNote >= 1 && v.perNote <= v.dots))))
        return { what: 'vote', title: e.title }
    }
  }
  return undefined
}

const slug = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)

/**
 * The draft as a session template of the facilitator's own, in the server's format (schemaVersion
 * 1, the same text in sv and en; no dates: a template has none). Meetings without exercises are
 * left out (the format wants at least one per meeting); undefined when none is left.
 */
export function templateFromDraft(d: Draft, description: string, now = Date.now()): SessionTemplate | undefined {
  const both = (s: string): Localized => ({ sv: s, en: s })
  const meetings = d.meetings
    .filter((m) => m.exercises.length)
    .map((m) => ({
      title: both(m.title.trim()),
      exercises: m.exercises.map((e): SessionTemplateExercise => {
        const s = spec(e)
        return {
          kind: s.kind,
          ...(s.template ? { template: s.template } : {}),
          title: both(s.title),
          ...(s.params ? { params: s.params } : {}),
          minutes: s.minutes,
          ...(s.prompt ? { prompt: both(s.prompt) } : {}),
          tools: s.tools,
        }
      }),
    }))
  if (!meetings.length) return undefined
  return {
    schemaVersion: 1,
    id: `egen-${slug(d.title) || 'workshop'}-${now.toString(36)}`,
    title: both(d.title.trim()),
    description: both(description),
    meetings,
  }
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
const isLoc = (v: unknown): v is Localized => isObj(v) && typeof v.sv === 'string' && typeof v.en === 'string'

/** A session template read from a file, or undefined when the file is not one (the format's shape, loosely). */
export function parseSessionTemplate(text: string): SessionTemplate | undefined {
  let v: unknown
  try {
    v = JSON.parse(text)
  } catch {
    return undefined
  }
  if (!isObj(v) || v.schemaVersion !== 1 || typeof v.id !== 'string' || !isLoc(v.title) || !Array.isArray(v.meetings) || !v.meetings.length) return undefined
  for (const m of v.meetings) {
    if (!isObj(m) || !isLoc(m.title) || !Array.isArray(m.exercises)) return undefined
    for (const e of m.exercises) {
      if (!isObj(e)) return undefined
      if (e.kind === 'plain' ? !isLoc(e.title) : typeof e.template !== 'string') return undefined
      if (e.minutes !== undefined && !(Number.isInteger(e.minutes) && (e.minutes as number) >= 0 && (e.minutes as number) <= 600)) return undefined
    }
  }
  return { ...(v as unknown as SessionTemplate), description: isLoc(v.description) ? v.description : { sv: '', en: '' } }
}
