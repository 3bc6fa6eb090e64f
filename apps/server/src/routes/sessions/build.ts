// Making a session and its exercise boards (apps/server SPEC [SE1], [SE4], [SE10]): every
// exercise is resolved and checked before any board is stored, and a failure part-way deletes
// what was stored.
import { randomBytes } from 'node:crypto'
import * as Y from 'yjs'
import {
  BOARD_FORMAT_VERSION,
  exerciseFieldsProblem,
  MAX_SESSION_MEETINGS,
  metaOf,
  sessionOf,
  writeSession,
  type Exercise,
  type ExerciseInit,
  type ExerciseTools,
  type Meeting,
  type SessionState,
} from '@tavla/board'
import { fromTldrFile, toTldrFile } from '@tavla/export'
import { exerciseDefaults, guideMinutes, resolveParams, TemplateParamError, type SessionTemplate, type Template } from '@tavla/templates'
import type { BoardStorage, KeyHashes } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import { newBoardId } from '../../keys.ts'
import type { KeyIssuer } from '../../KeyIssuer.ts'
import type { TemplateCatalog } from '../../plugins/templates.ts'
import { boardState } from '../boards/create.ts'

export type Lang = 'sv' | 'en'

/** An exercise as the API takes it ([SE1]): one language, any field left to the template. */
export interface ExerciseSpec {
  kind?: 'template' | 'plain'
  template?: string
  title?: string
  params?: Record<string, string[]>
  minutes?: number
  prompt?: string
  tools?: { private?: boolean; vote?: { dots: number; perNote?: number } | null; edit?: 'participants' | 'facilitator' }
}

export interface MeetingSpec {
  title: string
  date?: string | null
  exercises: ExerciseSpec[]
}

export interface SessionDeps {
  storage: BoardStorage
  templates: TemplateCatalog
  keys: KeyIssuer
  config: Config
}

export const shortId = (): string => randomBytes(6).toString('base64url')

const invalid = (message: string) => new HttpError(400, 'invalid_session', message)

function tools(t: ExerciseSpec['tools']): ExerciseTools {
  const vote = t?.vote ? { dots: t.vote.dots, ...(t.vote.perNote !== undefined && t.vote.perNote < t.vote.dots ? { perNote: t.vote.perNote } : {}) } : null
  return { private: t?.private ?? false, vote, edit: t?.edit ?? 'participants' }
}

/** The exercise with every default from its template ([SE1]); 400 for what does not fit. */
export function resolveExercise(spec: ExerciseSpec, templates: TemplateCatalog, lang: Lang, where: string): ExerciseInit {
  const kind = spec.kind ?? (spec.template && spec.template !== 'blank' ? 'template' : 'plain')
  const id = kind === 'plain' ? 'blank' : spec.template
  const template = id ? templates.get(id) : undefined
  if (!template)
    throw new HttpError(400, 'unknown_template', `${where}: there is no board template "${spec.template ?? ''}". Choose one of: ${templates.ids.join(', ')}.`)
  let params: Record<string, string[]> | undefined
  if (kind === 'template') {
    try {
      params = Object.fromEntries(Object.entries(resolveParams(template, spec.params)).map(([k, v]) => [k, [...v]]))
    } catch (err) {
      if (err instanceof TemplateParamError) throw new HttpError(400, 'invalid_params', `${where}: ${(err as Error).message}`)
      throw err
    }
  }
  const title = (spec.title ?? (kind === 'plain' ? '' : template.title[lang])).trim()
  const init: ExerciseInit = {
    kind,
    template: template.id,
    ...(params && Object.keys(params).length ? { params } : {}),
    title,
    ...(spec.prompt?.trim() ? { prompt: spec.prompt.trim() } : {}),
    minutes: spec.minutes ?? (kind === 'plain' ? 0 : guideMinutes(template)),
    tools: tools(spec.tools),
  }
  const problem = exerciseFieldsProblem(init)
  if (problem) throw invalid(`${where}: ${problem}`)
  return init
}

/** A shipped session template's meetings in one language ([SE2] gives them with both). */
export function templateMeetings(t: SessionTemplate, boardTemplates: (id: string) => Template | undefined, lang: Lang): MeetingSpec[] {
  return t.meetings.map((m) => ({
    title: m.title[lang],
    exercises: m.exercises.map((spec) => {
      const e = exerciseDefaults(spec, spec.kind === 'plain' ? undefined : boardTemplates(spec.template))
      return {
        kind: e.kind,
        template: e.template,
        title: e.title[lang],
        params: e.params,
        minutes: e.minutes,
        ...(e.prompt ? { prompt: e.prompt[lang] } : {}),
        tools: { private: e.tools.private, vote: e.tools.vote, edit: e.tools.edit },
      }
    }),
  }))
}

const isDate = (d: string) => /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(Date.parse(`${d}T12:00:00Z`))

/** Every meeting and exercise resolved and checked, nothing stored yet. */
export function resolveMeetings(
  meetings: MeetingSpec[],
  deps: Pick<SessionDeps, 'templates' | 'config'>,
  lang: Lang,
): { meeting: Omit<Meeting, 'exercises'>; exercises: ExerciseInit[] }[] {
  if (!meetings.length) throw invalid('A session needs at least one meeting.')
  if (meetings.length > MAX_SESSION_MEETINGS) throw invalid(`A session has at most ${MAX_SESSION_MEETINGS} meetings.`)
  const count = meetings.reduce((n, m) => n + m.exercises.length, 0)
  if (count > deps.config.maxSessionExercises)
    throw new HttpError(
      400,
      'too_many_exercises',
      `A session holds at most ${deps.config.maxSessionExercises} exercises (MAX_SESSION_EXERCISES); this one has ${count}.`,
    )
  return meetings.map((m, mi) => {
    const title = m.title.trim()
    if (!title) throw invalid(`meetings[${mi}]: a meeting needs a title.`)
    if (m.date && !isDate(m.date)) throw invalid(`meetings[${mi}].date: write the date as YYYY-MM-DD.`)
    return {
      meeting: { id: shortId(), title, date: m.date || null },
      exercises: m.exercises.map((e, ei) => resolveExercise(e, deps.templates, lang, `meetings[${mi}].exercises[${ei}]`)),
    }
  })
}

/** Where an exercise board's first state comes from: its template, or a state to copy ([SE10]). */
export type BoardSource = { state: Uint8Array } | undefined

/**
 * Stores one exercise's board: made from its template (or copied from `source` through the tldraw
 * file, as a restore does), with the session's key hashes, closed to participants ([D18]).
 */
export async function storeExerciseBoard(
  deps: SessionDeps,
  session: { id: string; keyHashes: KeyHashes; anonymous: boolean },
  exerciseId: string,
  init: ExerciseInit,
  source?: BoardSource,
): Promise<string> {
  const template = deps.templates.get(init.template)
  if (!template) throw new HttpError(400, 'unknown_template', `There is no board template "${init.template}".`)
  const id = newBoardId()
  const now = Date.now()
  const settings = { session: session.id, exercise: exerciseId, closed: true, ...(session.anonymous ? { anonymous: true } : {}) }
  let state: Uint8Array
  const title = init.title || template.title.sv
  if (source) {
    const doc = new Y.Doc()
    Y.applyUpdate(doc, source.state)
    const { seed, records, session: outcome } = fromTldrFile(toTldrFile(doc), title, { dropInvalid: true })
    doc.destroy()
    state = boardState({ ...seed, title }, now, { records, session: outcome, settings })
  } else {
    let seed: ReturnType<TemplateCatalog['seed']>
    try {
      seed = deps.templates.seed(template, title, init.params)
    } catch (err) {
      if (err instanceof TemplateParamError) throw new HttpError(400, 'invalid_params', (err as Error).message)
      throw err
    }
    state = boardState(seed, now, { settings })
  }
  const { generations: _, ...hashes } = session.keyHashes
  await deps.storage.createBoard({ id, title, template: template.id, createdAt: now, updatedAt: now, keyHashes: hashes, settings }, state)
  return id
}

export interface CreatedSession {
  id: string
  title: string
  createdAt: string
  keys: { facilitator: string; participant: string; viewer: string }
  links: { facilitator: string; participant: string; viewer: string }
  session: SessionState
}

export const sessionLink = (base: string, id: string, key: string) => `${base}/s/${id}?key=${key}`

/**
 * [SE1] Stores every exercise board, then the session (a board row of kind `session` whose
 * document holds the agenda). `sources` gives an exercise (by its position in agenda order) a
 * state to copy instead of its template ([SE10]).
 */
export async function createSession(
  deps: SessionDeps,
  base: string,
  spec: { title: string; lang: Lang; anonymous: boolean; template?: string; meetings: ReturnType<typeof resolveMeetings> },
  sources: BoardSource[] = [],
): Promise<CreatedSession> {
  const id = newBoardId()
  const now = Date.now()
  const { keys, hashes } = deps.keys.newBoardKeys(id)
  const stored: string[] = []
  try {
    const meetings: Meeting[] = []
    let position = 0
    for (const m of spec.meetings) {
      const exercises: Exercise[] = []
      for (const init of m.exercises) {
        const exerciseId = shortId()
        const boardId = await storeExerciseBoard(deps, { id, keyHashes: hashes, anonymous: spec.anonymous }, exerciseId, init, sources[position++])
        stored.push(boardId)
        exercises.push({ id: exerciseId, boardId, ...init })
      }
      meetings.push({ ...m.meeting, exercises })
    }
    const state: SessionState = {
      title: spec.title,
      lang: spec.lang,
      anonymous: spec.anonymous,
      ...(spec.template ? { template: spec.template } : {}),
      meetings,
      current: null,
      open: [],
    }
    const doc = new Y.Doc()
    doc.transact(() => {
      const meta = metaOf(doc)
      meta.set('formatVersion', BOARD_FORMAT_VERSION)
      meta.set('title', spec.title)
      meta.set('template', 'session')
      meta.set('createdAt', now)
      writeSession(sessionOf(doc), state)
    })
    const update = Y.encodeStateAsUpdate(doc)
    doc.destroy()
    const settings = { kind: 'session', ...(spec.anonymous ? { anonymous: true } : {}) }
    await deps.storage.createBoard({ id, title: spec.title, template: 'session', createdAt: now, updatedAt: now, keyHashes: hashes, settings }, update)
    return {
      id,
      title: spec.title,
      createdAt: new Date(now).toISOString(),
      keys,
      links: {
        facilitator: sessionLink(base, id, keys.facilitator),
        participant: sessionLink(base, id, keys.participant),
        viewer: sessionLink(base, id, keys.viewer),
      },
      session: state,
    }
  } catch (err) {
    for (const boardId of stored) await deps.storage.deleteBoard(boardId).catch(() => {})
    throw err
  }
}
