import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  builtinTemplatesDir,
  exerciseDefaults,
  loadSessionTemplates,
  loadTemplates,
  TemplateError,
  validateSessionTemplate,
  type SessionExerciseSpec,
  type SessionTemplate,
} from './index.ts'

const boards = loadTemplates()
const board = (id: string) => boards.find((t) => t.id === id)!
const sessions = loadSessionTemplates(undefined, boards)
const byId = (id: string) => sessions.find((s) => s.id === id)!
const exercisesOf = (s: SessionTemplate) => s.meetings.flatMap((m) => m.exercises)
const templateOf = (e: SessionExerciseSpec) => board(e.kind === 'plain' ? 'blank' : e.template)

/** A small valid session template, for the refusals to break one field of. */
const session = (exercises: unknown[], extra: Record<string, unknown> = {}) => ({
  schemaVersion: 1,
  id: 'prov',
  title: { sv: 'Prov', en: 'Trial' },
  description: { sv: 'En provsession', en: 'A trial session' },
  meetings: [{ title: { sv: 'Dag 1', en: 'Day 1' }, exercises }],
  ...extra,
})
const FILE = '/x/sessions/prov/session.json'

describe('shipped session templates', () => {
  it('samspelet and samverkansdag load, sorted by id, and validate against the real board templates', () => {
    expect(sessions.map((s) => s.id)).toEqual(['samspelet', 'samverkansdag'])
    for (const s of sessions) {
      expect(() => validateSessionTemplate(JSON.parse(JSON.stringify(s)), `${s.id}/session.json`, boards)).not.toThrow()
      // every exercise fills in to something runnable: a real template, its params accepted, its minutes
      for (const e of exercisesOf(s)) {
        const d = exerciseDefaults(e, templateOf(e))
        expect(boards.map((b) => b.id)).toContain(d.template)
        expect(d.minutes, d.title.sv).toBeGreaterThan(0)
        expect(d.title.sv.length).toBeGreaterThan(2)
        expect(d.title.en.length).toBeGreaterThan(2)
      }
    }
  })

  it("samspelet is seed 000's five workshops, in order, each with its model", () => {
    const s = byId('samspelet')
    expect(s.meetings).toHaveLength(5)
    const models = s.meetings.map((m) => m.exercises.flatMap((e) => (e.kind === 'plain' ? [] : [e.template])))
    expect(models.map((m) => [...new Set(m)])).toEqual([['samordning-kanns'], ['vattenfallet'], ['golden-circle'], ['kvalitativ-data'], ['nulage-onskat-lage']])
    expect(s.meetings[0]!.title.sv).toContain('Hur känns finansiell samordning?')
    // workshop 5: "Varje område behandlades separat" – one exercise per area, each with one row
    const areas = s.meetings[4]!.exercises.filter((e) => e.kind !== 'plain')
    expect(areas).toHaveLength(5)
    for (const e of areas) expect(exerciseDefaults(e, board('nulage-onskat-lage')).params.areas).toHaveLength(1)
    // a writing exercise is private, a prioritising one has a vote
    const tools = exercisesOf(s).map((e) => exerciseDefaults(e, templateOf(e)).tools)
    expect(tools.some((t) => t.private)).toBe(true)
    expect(tools.some((t) => t.vote !== null)).toBe(true)
  })

  it('samverkansdag: one meeting ending in "om tre år…" for the six areas of seed 002, with a vote', () => {
    const s = byId('samverkansdag')
    expect(s.meetings).toHaveLength(1)
    const all = exercisesOf(s)
    expect(all[1]!.title?.sv).toBe('Samarbetskompetens')
    const future = all.find((e) => e.kind !== 'plain' && e.template === 'tre-ar-framat')!
    const d = exerciseDefaults(future, board('tre-ar-framat'))
    expect(d.params.areas).toEqual(['Rehabilitering', 'Organisering', 'Förebyggande', 'Behovsgrupper', 'Försörjning/Ekonomi', 'Andra aktörer med'])
    expect(d.tools.vote).toEqual({ dots: 5, perNote: 2 })
  })

  it('each README lists every exercise with its minutes (the seeds give none: the README says they are ours)', () => {
    for (const s of sessions) {
      const rows = readFileSync(join(builtinTemplatesDir, 'sessions', s.id, 'README.md'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('|'))
        .map((l) => l.split('|').map((c) => c.trim()))
      // in agenda order: each exercise's row comes after the one before
      let at = 0
      for (const e of exercisesOf(s)) {
        const d = exerciseDefaults(e, templateOf(e))
        const i = rows.findIndex((cells, j) => j >= at && cells.includes(d.title.sv))
        expect(i, `${s.id}: ${d.title.sv}`).toBeGreaterThanOrEqual(0)
        expect(
          rows[i]!.some((c) => c.split(' ')[0] === String(d.minutes)),
          `${s.id}: ${d.title.sv} ${d.minutes} min`,
        ).toBe(true)
        at = i + 1
      }
    }
  })

  it('the board-template loader skips templates/sessions (no template.json there)', () => {
    expect(loadTemplates().map((t) => t.id)).not.toContain('sessions')
  })
})

describe('exerciseDefaults', () => {
  it("fills the minutes from the template's guide, the title from the template, params from their defaults, and the tools", () => {
    const t = board('tre-ar-framat')
    const sum = t.guide.steps.reduce((n, s) => n + s.minutes, 0)
    expect(sum).toBeGreaterThan(0)
    const d = exerciseDefaults({ template: 'tre-ar-framat' }, t)
    expect(d).toEqual({
      kind: 'template',
      template: 'tre-ar-framat',
      title: t.title,
      params: { areas: t.params[0]!.default },
      minutes: sum,
      tools: { private: false, vote: null, edit: 'participants' },
    })
    // the defaults are copies: changing them leaves the template as it was
    d.params.areas!.push('Ny rad')
    expect(t.params[0]!.default).not.toContain('Ny rad')
  })

  it('keeps what the spec gives: minutes (0 too), title, prompt, params, tools; perNote defaults to dots', () => {
    const spec: SessionExerciseSpec = {
      template: 'tre-ar-framat',
      title: { sv: 'Framtiden', en: 'The future' },
      params: { areas: ['Arbete', 'Hälsa'] },
      minutes: 0,
      prompt: { sv: 'Om tre år?', en: 'In three years?' },
      tools: { private: true, vote: { dots: 4 }, edit: 'facilitator' },
    }
    expect(exerciseDefaults(spec, board('tre-ar-framat'))).toEqual({
      kind: 'template',
      template: 'tre-ar-framat',
      title: { sv: 'Framtiden', en: 'The future' },
      params: { areas: ['Arbete', 'Hälsa'] },
      minutes: 0,
      prompt: { sv: 'Om tre år?', en: 'In three years?' },
      tools: { private: true, vote: { dots: 4, perNote: 4 }, edit: 'facilitator' },
    })
  })

  it('a plain exercise is a blank board with its own minutes', () => {
    expect(exerciseDefaults({ kind: 'plain', title: { sv: 'Paus', en: 'Break' }, minutes: 15 })).toEqual({
      kind: 'plain',
      template: 'blank',
      title: { sv: 'Paus', en: 'Break' },
      params: {},
      minutes: 15,
      tools: { private: false, vote: null, edit: 'participants' },
    })
  })

  it('a template without guide steps gives 0 minutes; the wrong template for the spec is an error', () => {
    const bare = { ...board('golden-circle'), guide: { steps: [] } }
    expect(exerciseDefaults({ template: 'golden-circle' }, bare).minutes).toBe(0)
    expect(() => exerciseDefaults({ template: 'golden-circle' }, board('vattenfallet'))).toThrow(/golden-circle/)
  })
})

describe('validateSessionTemplate refuses, naming the file and the field', () => {
  const refusal = (data: unknown) => {
    try {
      validateSessionTemplate(data, FILE, boards)
    } catch (err) {
      expect(err).toBeInstanceOf(TemplateError)
      return (err as Error).message
    }
    throw new Error('accepted')
  }

  it('accepts the small one it breaks', () => {
    expect(validateSessionTemplate(session([{ template: 'vattenfallet' }]), FILE, boards).id).toBe('prov')
  })

  it('an unknown board template', () => {
    const m = refusal(session([{ kind: 'plain', title: { sv: 'Hej', en: 'Hi' }, minutes: 5 }, { template: 'vattenfall' }]))
    expect(m).toContain(FILE)
    expect(m).toContain('field /meetings/0/exercises/1/template')
    expect(m).toContain('"vattenfall"')
  })

  it('a parameter the template does not have, or a value its rules refuse', () => {
    const none = refusal(session([{ template: 'golden-circle', params: { areas: ['x'] } }]))
    expect(none).toContain(`${FILE}: field /meetings/0/exercises/0/params`)
    expect(none).toContain('tar inga parametrar')
    const unknown = refusal(session([{ template: 'tre-ar-framat', params: { rows: ['x'] } }]))
    expect(unknown).toMatch(/field \/meetings\/0\/exercises\/0\/params: .*ingen parameter ”rows”/)
    const empty = refusal(session([{ template: 'tre-ar-framat', params: { areas: [] } }]))
    expect(empty).toContain('field /meetings/0/exercises/0/params: Områden (areas): ange 1–12 st., inte 0.')
    const twins = refusal(session([{ template: 'samverkanskarta', params: { actors: ['FK', 'fk'] } }]))
    expect(twins).toContain('field /meetings/0/exercises/0/params')
    expect(twins).toContain('för lika')
  })

  it('too many exercises in all, too many meetings, or none', () => {
    const plain = { kind: 'plain', title: { sv: 'Paus', en: 'Break' }, minutes: 10 }
    const meeting = (n: number) => ({ title: { sv: 'Dag', en: 'Day' }, exercises: Array.from({ length: n }, () => plain) })
    expect(() => validateSessionTemplate(session([], { meetings: [meeting(20), meeting(20)] }), FILE, boards)).not.toThrow()
    expect(refusal(session([], { meetings: [meeting(20), meeting(21)] }))).toBe(`${FILE}: field /meetings has 41 exercises in all, at most 40`)
    expect(refusal(session([], { meetings: [meeting(41)] }))).toContain(`${FILE}: field /meetings/0/exercises`)
    expect(refusal(session([], { meetings: Array.from({ length: 13 }, () => meeting(1)) }))).toContain(`${FILE}: field /meetings`)
    expect(refusal(session([], { meetings: [] }))).toContain(`${FILE}: field /meetings`)
  })

  it('a bad field in an exercise is named in its own shape', () => {
    expect(refusal(session([{ kind: 'plain', title: { sv: 'Paus', en: 'Break' } }]))).toContain('field /meetings/0/exercises/0')
    expect(refusal(session([{ template: 'vattenfallet', minutes: 601 }]))).toContain('field /meetings/0/exercises/0/minutes')
    expect(refusal(session([{ template: 'vattenfallet', tools: { vote: { dots: 21 } } }]))).toContain('field /meetings/0/exercises/0/tools/vote')
    expect(refusal(session([{ template: 'vattenfallet', tools: { vote: { dots: 2, perNote: 3 } } }]))).toBe(
      `${FILE}: field /meetings/0/exercises/0/tools/vote/perNote is 3, above dots (2)`,
    )
    expect(refusal(session([{ template: 'vattenfallet', tools: { edit: 'everyone' } }]))).toContain('field /meetings/0/exercises/0/tools/edit')
    expect(refusal(session([{ template: 'vattenfallet', colour: 'red' }]))).toContain('field /meetings/0/exercises/0')
    expect(refusal({ ...session([{ template: 'vattenfallet' }]), schemaVersion: 2 })).toContain(`${FILE}: field /schemaVersion`)
  })
})

describe('loadSessionTemplates', () => {
  it('names the file of a bad session template, checks the folder name, skips folders without session.json', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tavla-sessions-'))
    mkdirSync(join(dir, 'prov'))
    mkdirSync(join(dir, 'notes'))
    writeFileSync(join(dir, 'notes/README.md'), 'no session here')
    writeFileSync(join(dir, 'prov/session.json'), JSON.stringify(session([{ template: 'persona', params: { x: ['y'] } }])))
    expect(() => loadSessionTemplates(dir, boards)).toThrow(TemplateError)
    expect(() => loadSessionTemplates(dir, boards)).toThrow(/prov\/session\.json: field \/meetings\/0\/exercises\/0\/params/)
    writeFileSync(join(dir, 'prov/session.json'), JSON.stringify(session([{ template: 'persona' }], { id: 'annan' })))
    expect(() => loadSessionTemplates(dir, boards)).toThrow(/field \/id is "annan" but the folder is "prov"/)
    writeFileSync(join(dir, 'prov/session.json'), '{ nope')
    expect(() => loadSessionTemplates(dir, boards)).toThrow(/prov\/session\.json: not valid JSON/)
    writeFileSync(join(dir, 'prov/session.json'), JSON.stringify(session([{ template: 'persona' }])))
    expect(loadSessionTemplates(dir, boards).map((s) => s.id)).toEqual(['prov'])
    expect(loadSessionTemplates(join(dir, 'missing'), boards)).toEqual([])
  })

  it('the shipped files are the ones loaded (templates/sessions/<id>/session.json)', () => {
    for (const s of sessions) expect(JSON.parse(readFileSync(join(builtinTemplatesDir, 'sessions', s.id, 'session.json'), 'utf8'))).toEqual(s)
  })
})
