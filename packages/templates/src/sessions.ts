import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { Compile } from 'typebox/compile'
import { resolveParams, TemplateParamError } from './layout.ts'
import { builtinTemplatesDir, loadTemplates, TemplateError } from './load.ts'
import type { Localized, Template } from './schema.ts'
import {
  MAX_SESSION_EXERCISES,
  PlainExerciseSchema,
  SessionTemplateSchema,
  TemplateExerciseSchema,
  type SessionExerciseSpec,
  type SessionTemplate,
} from './sessionSchema.ts'

const checkSession = Compile(SessionTemplateSchema)
const checkPlain = Compile(PlainExerciseSchema)
const checkFromTemplate = Compile(TemplateExerciseSchema)

type Checker = typeof checkSession | typeof checkPlain | typeof checkFromTemplate

function describe(check: Checker, data: unknown, file: string, prefix: string): TemplateError {
  const errors = [...check.Errors(data)].filter((e) => e.keyword !== 'boolean')
  const first = errors[0]
  const where = `${prefix}${first?.instancePath ?? ''}` || '/'
  return new TemplateError(`${file}: field ${where} ${first?.message ?? 'is not valid'}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`)
}

/** The schema's verdict, naming the field. An exercise is one of two shapes: its problem is named in the shape its `kind` picks, not as "matches neither". */
function schemaProblem(data: unknown, file: string): TemplateError | undefined {
  if (checkSession.Check(data)) return undefined
  const meetings = (data as { meetings?: unknown } | null)?.meetings
  if (Array.isArray(meetings))
    for (const [mi, m] of meetings.entries()) {
      const exercises = (m as { exercises?: unknown } | null)?.exercises
      if (!Array.isArray(exercises)) continue
      for (const [ei, e] of exercises.entries()) {
        const check = (e as { kind?: unknown } | null)?.kind === 'plain' ? checkPlain : checkFromTemplate
        if (!check.Check(e)) return describe(check, e, file, `/meetings/${mi}/exercises/${ei}`)
      }
    }
  return describe(checkSession, data, file, '')
}

/**
 * Validates one session template's JSON (as parsed) against the board templates it uses: the
 * schema, then what a schema cannot say. Every exercise's template exists, its parameters are ones
 * the template has, with values the template's rules accept (the same check a board made from it
 * gets, resolveParams), a vote's perNote is at most its dots, and the session has at most
 * MAX_SESSION_EXERCISES exercises in all. A problem throws a TemplateError naming the file and the field.
 */
export function validateSessionTemplate(data: unknown, file: string, boardTemplates: readonly Template[]): SessionTemplate {
  const problem = schemaProblem(data, file)
  if (problem) throw problem
  const s = data as SessionTemplate
  const total = s.meetings.reduce((n, m) => n + m.exercises.length, 0)
  if (total > MAX_SESSION_EXERCISES) throw new TemplateError(`${file}: field /meetings has ${total} exercises in all, at most ${MAX_SESSION_EXERCISES}`)
  s.meetings.forEach((m, mi) =>
    m.exercises.forEach((e, ei) => {
      const where = `/meetings/${mi}/exercises/${ei}`
      const vote = e.tools?.vote
      if (vote?.perNote !== undefined && vote.perNote > vote.dots)
        throw new TemplateError(`${file}: field ${where}/tools/vote/perNote is ${vote.perNote}, above dots (${vote.dots})`)
      if (e.kind === 'plain') return
      const t = boardTemplates.find((b) => b.id === e.template)
      if (!t)
        throw new TemplateError(
          `${file}: field ${where}/template names "${e.template}", which is not a board template (there are: ${boardTemplates.map((b) => b.id).join(', ')})`,
        )
      try {
        resolveParams(t, e.params)
      } catch (err) {
        if (err instanceof TemplateParamError) throw new TemplateError(`${file}: field ${where}/params: ${err.message}`)
        throw err
      }
    }),
  )
  return s
}

/**
 * Loads and validates every session template in the folder (one sub-folder each, with
 * session.json; folders without one are skipped), sorted by id. A folder that does not exist has none.
 */
export function loadSessionTemplates(
  dir: string = join(builtinTemplatesDir, 'sessions'),
  boardTemplates: readonly Template[] = loadTemplates(),
): SessionTemplate[] {
  if (!existsSync(dir)) return []
  const out: SessionTemplate[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory())) {
    const file = join(dir, entry.name, 'session.json')
    if (!existsSync(file)) continue
    let data: unknown
    try {
      data = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new TemplateError(`${file}: not valid JSON (${(err as Error).message})`)
    }
    const s = validateSessionTemplate(data, file, boardTemplates)
    if (s.id !== entry.name) throw new TemplateError(`${file}: field /id is "${s.id}" but the folder is "${entry.name}"`)
    out.push(s)
  }
  return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/** An exercise with every default filled in. */
export interface SessionExercise {
  kind: 'template' | 'plain'
  /** The board template it is made from ("blank" for a plain exercise). */
  template: string
  title: Localized
  /** Every list parameter of the template, its default where the spec gave none. */
  params: Record<string, string[]>
  minutes: number
  prompt?: Localized
  tools: ExerciseTools
}
export interface ExerciseTools {
  private: boolean
  vote: { dots: number; perNote: number } | null
  edit: 'participants' | 'facilitator'
}

/** The minutes a template's guide adds up to (0 without a guide), at most 600. */
export const guideMinutes = (t: Template): number =>
  Math.min(
    600,
    (t.guide?.steps ?? []).reduce((n, s) => n + s.minutes, 0),
  )

/**
 * The exercise as it runs: the spec with every default filled in. A template exercise takes its
 * title from the template, its minutes from the sum of the guide's steps, and every parameter the
 * spec leaves out from the template's default; a vote's perNote defaults to its dots; private
 * writing is off, there is no vote, and participants may edit. `template` is the board template
 * the spec names (not needed for a plain exercise, which is a blank board).
 */
export function exerciseDefaults(spec: SessionExerciseSpec, template?: Template): SessionExercise {
  const v = spec.tools?.vote
  const tools: ExerciseTools = {
    private: spec.tools?.private ?? false,
    vote: v ? { dots: v.dots, perNote: Math.min(v.dots, v.perNote ?? v.dots) } : null,
    edit: spec.tools?.edit ?? 'participants',
  }
  const prompt = spec.prompt ? { prompt: { ...spec.prompt } } : {}
  if (spec.kind === 'plain') return { kind: 'plain', template: 'blank', title: { ...spec.title }, params: {}, minutes: spec.minutes, ...prompt, tools }
  if (!template || template.id !== spec.template) throw new Error(`exerciseDefaults: the exercise uses "${spec.template}", not "${template?.id}"`)
  const params = Object.fromEntries(Object.entries(resolveParams(template, spec.params)).map(([k, items]) => [k, [...items]]))
  return {
    kind: 'template',
    template: template.id,
    title: { ...(spec.title ?? template.title) },
    params,
    minutes: spec.minutes ?? guideMinutes(template),
    ...prompt,
    tools,
  }
}
