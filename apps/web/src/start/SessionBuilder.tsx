// The session builder on the start page (issue 14, apps/server SPEC [SE1] [SE2]): an agenda of
// exercises over one or more meetings, started from a session template (the server's, one of the
// facilitator's own kept in this browser, or one read from a file) or from nothing, then created
// as one session with one link per role. Keyboard only works throughout: every move is a real
// button named after what it moves, focus follows a moved row, and each change is announced.
import { useEffect, useRef, useState } from 'react'
import {
  ApiError,
  api,
  dropTemplate,
  keepTemplate,
  myTemplates,
  rememberSession,
  type CreatedSession,
  type SessionTemplate,
  type TemplateSummary,
} from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'
import { CopyLink } from '../ui/CopyLink.tsx'
import { ParamList, paramProblem } from './ParamList.tsx'
import {
  type Draft,
  type DraftExercise,
  type DraftMeeting,
  type DraftProblem,
  type PlainKind,
  draftFromTemplate,
  draftProblem,
  emptyDraft,
  exerciseFromBoardTemplate,
  newKey,
  parseSessionTemplate,
  plainExercise,
  sessionBody,
  templateFromDraft,
  totalMinutes,
} from './sessionDraft.ts'

type T = ReturnType<typeof useT>

const problemText = (t: T, p: DraftProblem): string => {
  switch (p.what) {
    case 'title':
      return t.builderNeedTitle
    case 'noExercise':
      return t.builderNeedExercise
    case 'meetingTitle':
      return t.builderNeedMeetingTitle(p.meeting)
    case 'exerciseTitle':
      return t.builderNeedExerciseTitle(p.meeting, p.exercise)
    case 'minutes':
      return t.builderBadMinutes(p.title)
    case 'vote':
      return t.builderBadVote(p.title)
    case 'tooManyExercises':
      return t.builderTooManyExercises(p.max)
    case 'tooManyMeetings':
      return t.builderTooManyMeetings(p.max)
  }
}

export interface SessionBuilderProps {
  /** The server's board templates (GET /api/templates), for exercises and their params. */
  boards: TemplateSummary[]
  /** The creation code the start page keeps ([L7]), and what to do when the server asks for it. */
  createToken: string
  onTokenRefused: () => void
  onTokenAccepted: () => void
  /** The start page's own fields (the facilitator's name, the code), rendered inside the form. */
  children?: React.ReactNode
  onCreated: (s: CreatedSession) => void
}

export function SessionBuilder({ boards, createToken, onTokenRefused, onTokenAccepted, children, onCreated }: SessionBuilderProps) {
  const t = useT()
  const [serverTemplates, setServerTemplates] = useState<SessionTemplate[]>([])
  const [own, setOwn] = useState(myTemplates)
  const [from, setFrom] = useState('')
  const [draft, setDraft] = useState<Draft>(() => emptyDraft(t.builderMeeting(1)))
  const [anonymous, setAnonymous] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState('')
  const [said, setSaid] = useState('')
  const [fileError, setFileError] = useState('')
  // after a move or a removal, the same control of the moved row (or a neighbour) keeps the focus
  const focusNext = useRef<string | null>(null)
  const root = useRef<HTMLFormElement>(null)
  useEffect(() => {
    const f = focusNext.current
    if (!f) return
    focusNext.current = null
    root.current?.querySelector<HTMLElement>(f)?.focus()
  })

  useEffect(() => {
    // [SE2] with none shipped yet (or an older server) the builder starts from nothing
    api.sessionTemplates().then(
      (list) => {
        setServerTemplates(list)
        setFrom((f) => f || (list[0] ? `server:${list[0].id}` : ''))
      },
      () => setServerTemplates([]),
    )
  }, [])

  const chosenTemplate = (): { tpl: SessionTemplate; own: boolean } | undefined => {
    if (from.startsWith('server:')) {
      const tpl = serverTemplates.find((x) => x.id === from.slice(7))
      return tpl && { tpl, own: false }
    }
    if (from.startsWith('own:')) {
      const tpl = own.find((x) => x.id === from.slice(4))
      return tpl && { tpl, own: true }
    }
    return undefined
  }
  function takeAgenda() {
    const c = chosenTemplate()
    setError('')
    if (!c) {
      setDraft((d) => ({ ...emptyDraft(t.builderMeeting(1)), title: d.title }))
      setSaid(t.builderEmptied)
      return
    }
    setDraft(draftFromTemplate(c.tpl, t.lang, boards, c.own))
    setSaid(t.builderUsed(c.tpl.title[t.lang]))
  }
  async function loadFile(file: File | undefined) {
    setFileError('')
    if (!file) return
    const tpl = parseSessionTemplate(await file.text())
    if (!tpl) {
      setFileError(t.builderBadFile)
      return
    }
    setDraft(draftFromTemplate(tpl, t.lang, boards, true))
    setSaid(t.builderUsed(tpl.title[t.lang]))
  }
  function dropOwn() {
    const c = chosenTemplate()
    if (!c?.own) return
    dropTemplate(c.tpl.id)
    setOwn(myTemplates())
    setFrom('')
    setSaid(t.builderDropped(c.tpl.title[t.lang]))
    focusNext.current = '[data-builder-from]'
  }

  // ---- changing the agenda ----
  const setMeetings = (f: (ms: DraftMeeting[]) => DraftMeeting[]) => {
    setDraft((d) => ({ ...d, meetings: f(d.meetings) }))
    setError('')
  }
  const updateMeeting = (key: string, patch: Partial<DraftMeeting>) => setMeetings((ms) => ms.map((m) => (m.key === key ? { ...m, ...patch } : m)))
  const updateExercise = (mkey: string, ekey: string, patch: Partial<DraftExercise>) =>
    setMeetings((ms) => ms.map((m) => (m.key === mkey ? { ...m, exercises: m.exercises.map((e) => (e.key === ekey ? { ...e, ...patch } : e)) } : m)))
  const exName = (e: DraftExercise, n: number) => e.title.trim() || t.builderExerciseTitle(n)
  const meetingName = (m: DraftMeeting, n: number) => m.title.trim() || t.builderMeeting(n)

  function moveExercise(m: DraftMeeting, i: number, by: -1 | 1) {
    const j = i + by
    if (j < 0 || j >= m.exercises.length) return
    const next = [...m.exercises]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    const e = m.exercises[i]!
    const button = j === 0 ? 'down' : j === next.length - 1 ? 'up' : by < 0 ? 'up' : 'down'
    focusNext.current = `[data-exercise="${e.key}"] [data-move-${button}]`
    setSaid(t.builderMoved(exName(e, i + 1), j + 1))
    updateMeeting(m.key, { exercises: next })
  }
  function removeExercise(m: DraftMeeting, i: number) {
    const e = m.exercises[i]!
    const next = m.exercises.filter((_, k) => k !== i)
    const neighbour = next[Math.min(i, next.length - 1)]
    focusNext.current = neighbour ? `[data-exercise="${neighbour.key}"] [data-exercise-title]` : `[data-meeting="${m.key}"] [data-add-choice]`
    setSaid(t.builderRemoved(exName(e, i + 1)))
    updateMeeting(m.key, { exercises: next })
  }
  function addExercise(m: DraftMeeting, choice: string) {
    let e: DraftExercise | undefined
    if (choice.startsWith('tpl:')) {
      const b = boards.find((x) => x.id === choice.slice(4))
      if (b) e = exerciseFromBoardTemplate(b, t.lang)
    } else if (choice.startsWith('plain:')) {
      const kind = choice.slice(6) as PlainKind
      const title = kind === 'welcome' ? t.builderWelcome : kind === 'break' ? t.builderBreak : t.builderPresentation
      e = plainExercise(title, kind)
    }
    if (!e) return
    focusNext.current = `[data-exercise="${e.key}"] [data-exercise-title]`
    setSaid(t.builderAdded(e.title))
    updateMeeting(m.key, { exercises: [...m.exercises, e] })
  }
  function moveMeeting(i: number, by: -1 | 1) {
    const ms = draft.meetings
    const j = i + by
    if (j < 0 || j >= ms.length) return
    const m = ms[i]!
    const next = [...ms]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    const button = j === 0 ? 'down' : j === next.length - 1 ? 'up' : by < 0 ? 'up' : 'down'
    focusNext.current = `[data-meeting="${m.key}"] [data-meeting-${button}]`
    setSaid(t.builderMeetingMoved(meetingName(m, i + 1), j + 1))
    setMeetings(() => next)
  }
  function removeMeeting(i: number) {
    const m = draft.meetings[i]!
    const next = draft.meetings.filter((_, k) => k !== i)
    const neighbour = next[Math.min(i, next.length - 1)]
    focusNext.current = neighbour ? `[data-meeting="${neighbour.key}"] [data-meeting-title]` : null
    setSaid(t.builderMeetingRemoved(meetingName(m, i + 1)))
    setMeetings(() => next)
  }
  function addMeeting() {
    const title = t.builderMeeting(draft.meetings.length + 1)
    const m: DraftMeeting = { key: newKey(), title, date: '', exercises: [] }
    focusNext.current = `[data-meeting="${m.key}"] [data-meeting-title]`
    setSaid(t.builderMeetingAdded(title))
    setMeetings((ms) => [...ms, m])
  }

  // ---- what leaves the builder ----
  /** The first thing to fix, in the page's language, or ''. */
  function problem(): string {
    const p = draftProblem(draft)
    if (p) return problemText(t, p)
    for (const m of draft.meetings)
      for (const e of m.exercises) {
        const tpl = e.kind === 'template' ? boards.find((b) => b.id === e.template) : undefined
        const bad = (tpl?.params ?? []).map((p) => paramProblem(t, p, e.params?.[p.id] ?? p.default)).find(Boolean)
        if (bad) return `${e.title}: ${bad}`
      }
    return ''
  }
  async function create(ev: React.FormEvent) {
    ev.preventDefault()
    const bad = problem()
    if (bad) {
      setError(bad)
      return
    }
    setBusy(true)
    setError('')
    try {
      const s = await api.createSession(sessionBody(draft, t.lang, anonymous), createToken.trim() || undefined)
      onTokenAccepted()
      rememberSession(s)
      onCreated(s)
    } catch (err) {
      const code = err instanceof ApiError ? err.code : ''
      if (code === 'create_token_required' || code === 'invalid_create_token') onTokenRefused()
      // [H3] the server's own sentence (Swedish) for a list it did not take; otherwise the page's own ([E1])
      setError(code === 'invalid_params' ? `${t.paramRefused}: ${(err as Error).message}` : errorText(t, err))
    } finally {
      setBusy(false)
    }
  }
  function saveTemplate() {
    const p = draftProblem(draft)
    if (p) {
      setError(problemText(t, p))
      return
    }
    const count = draft.meetings.reduce((n, m) => n + m.exercises.length, 0)
    const tpl = templateFromDraft(draft, t.builderDescription(count))
    if (!tpl) {
      setError(t.builderNeedExercise)
      return
    }
    setError('')
    const kept = keepTemplate(tpl)
    setOwn(myTemplates())
    const url = URL.createObjectURL(new Blob([`${JSON.stringify(tpl, null, 2)}\n`], { type: 'application/json' }))
    const a = document.createElement('a')
    a.href = url
    a.download = `${tpl.id}.json`
    a.click()
    setTimeout(() => URL.revokeObjectURL(url), 1000)
    setSaid(kept ? t.builderSaved(tpl.title[t.lang]) : t.builderSaveRefused(tpl.title[t.lang]))
  }

  const ownChosen = from.startsWith('own:')
  let position = 0
  return (
    <form ref={root} className="card builder" onSubmit={create} aria-labelledby="builder-title" data-builder>
      <h2 id="builder-title">{t.builderTitle}</h2>
      <div className="builder-from">
        <label className="field">
          <span>{t.builderFrom}</span>
          <select data-builder-from value={from} onChange={(e) => setFrom(e.target.value)} aria-describedby="builder-use-hint">
            {serverTemplates.length > 0 && (
              <optgroup label={t.builderServerTemplates}>
                {serverTemplates.map((s) => (
                  <option key={s.id} value={`server:${s.id}`}>
                    {s.title[t.lang]}
                  </option>
                ))}
              </optgroup>
            )}
            {own.length > 0 && (
              <optgroup label={t.builderOwnTemplates}>
                {own.map((s) => (
                  <option key={s.id} value={`own:${s.id}`}>
                    {s.title[t.lang]}
                  </option>
                ))}
              </optgroup>
            )}
            <option value="">{t.builderScratch}</option>
          </select>
        </label>
        <div className="builder-from-actions">
          <button type="button" data-builder-use onClick={takeAgenda}>
            {t.builderUse}
          </button>
          {ownChosen && (
            <button type="button" data-builder-drop onClick={dropOwn}>
              {t.builderDropOwn}
            </button>
          )}
          <span id="builder-use-hint" className="muted">
            {t.builderUseHint}
          </span>
        </div>
        {chosenTemplate()?.tpl.description[t.lang] && <p className="muted builder-desc">{chosenTemplate()!.tpl.description[t.lang]}</p>}
        <label className="builder-file">
          <span>{t.builderLoadFile}</span>
          <input type="file" accept=".json,application/json" data-builder-file onChange={(e) => void loadFile(e.target.files?.[0])} />
        </label>
        {fileError && (
          <p className="error" role="alert">
            {fileError}
          </p>
        )}
      </div>

      <label className="field">
        <span>{t.builderSessionTitle}</span>
        <input
          name="sessionTitle"
          value={draft.title}
          onChange={(e) => setDraft((d) => ({ ...d, title: e.target.value }))}
          placeholder={t.builderSessionTitlePlaceholder}
          maxLength={200}
        />
      </label>

      <h3 className="builder-agenda-title">{t.builderAgenda}</h3>
      <ol className="builder-meetings">
        {draft.meetings.map((m, mi) => {
          const mname = meetingName(m, mi + 1)
          return (
            <li key={m.key} className="builder-meeting" data-meeting={m.key} aria-labelledby={`builder-meeting-${m.key}`}>
              <div className="builder-meeting-head">
                <h4 id={`builder-meeting-${m.key}`}>{t.builderMeeting(mi + 1)}</h4>
                <label className="builder-meeting-title">
                  <span>{t.builderName}</span>
                  <input
                    data-meeting-title
                    value={m.title}
                    maxLength={200}
                    aria-label={t.builderMeetingTitle(mi + 1)}
                    onChange={(e) => updateMeeting(m.key, { title: e.target.value })}
                  />
                </label>
                <label className="builder-meeting-date">
                  <span>{t.builderDate}</span>
                  <input
                    type="date"
                    data-meeting-date
                    value={m.date}
                    aria-label={t.builderMeetingDate(mi + 1)}
                    onChange={(e) => updateMeeting(m.key, { date: e.target.value })}
                  />
                </label>
                <span className="builder-moves">
                  {mi > 0 && (
                    <button
                      type="button"
                      data-meeting-up
                      onClick={() => moveMeeting(mi, -1)}
                      aria-label={t.builderMeetingUp(mname)}
                      title={t.builderMeetingUp(mname)}
                    >
                      ↑
                    </button>
                  )}
                  {mi < draft.meetings.length - 1 && (
                    <button
                      type="button"
                      data-meeting-down
                      onClick={() => moveMeeting(mi, 1)}
                      aria-label={t.builderMeetingDown(mname)}
                      title={t.builderMeetingDown(mname)}
                    >
                      ↓
                    </button>
                  )}
                  {draft.meetings.length > 1 && (
                    <button
                      type="button"
                      data-meeting-remove
                      onClick={() => removeMeeting(mi)}
                      aria-label={t.builderMeetingRemove(mname)}
                      title={t.builderMeetingRemove(mname)}
                    >
                      ✕
                    </button>
                  )}
                </span>
              </div>
              {m.exercises.length === 0 ? (
                <p className="muted">{t.builderNoExercises}</p>
              ) : (
                <ol className="builder-exercises" start={position + 1}>
                  {m.exercises.map((e, i) => {
                    position++
                    return (
                      <ExerciseRow
                        key={e.key}
                        exercise={e}
                        n={position}
                        first={i === 0}
                        last={i === m.exercises.length - 1}
                        boards={boards}
                        name={exName(e, position)}
                        onChange={(patch) => updateExercise(m.key, e.key, patch)}
                        onMove={(by) => moveExercise(m, i, by)}
                        onRemove={() => removeExercise(m, i)}
                      />
                    )
                  })}
                </ol>
              )}
              <div className="builder-meeting-foot">
                <AddExercise meeting={mname} boards={boards} onAdd={(choice) => addExercise(m, choice)} />
                <p className="builder-total" data-meeting-total>
                  {t.builderTotal(totalMinutes(m))}
                </p>
              </div>
            </li>
          )
        })}
      </ol>
      <button type="button" data-add-meeting onClick={addMeeting}>
        {t.builderAddMeeting}
      </button>

      {children}
      <label className="check">
        <input type="checkbox" checked={anonymous} onChange={(e) => setAnonymous(e.target.checked)} /> {t.builderAnonymous}
      </label>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="builder-actions">
        <button className="primary" type="submit" data-builder-create disabled={busy}>
          {busy ? t.creating : t.builderCreate}
        </button>
        <button type="button" data-builder-save onClick={saveTemplate} aria-describedby="builder-save-hint">
          {t.builderSaveTemplate}
        </button>
      </div>
      <p id="builder-save-hint" className="muted">
        {t.builderSaveHint}
      </p>
      <p className="visually-hidden" aria-live="polite" data-builder-said>
        {said}
      </p>
    </form>
  )
}

function ExerciseRow(p: {
  exercise: DraftExercise
  n: number
  first: boolean
  last: boolean
  name: string
  boards: TemplateSummary[]
  onChange: (patch: Partial<DraftExercise>) => void
  onMove: (by: -1 | 1) => void
  onRemove: () => void
}) {
  const t = useT()
  const e = p.exercise
  const board = e.kind === 'template' ? p.boards.find((b) => b.id === e.template) : undefined
  const setTools = (patch: Partial<DraftExercise['tools']>) => p.onChange({ tools: { ...e.tools, ...patch } })
  const vote = e.tools.vote
  const summary = [
    e.kind === 'template' ? t.builderFromTemplate(board?.title[t.lang] ?? e.template) : t.builderPlain,
    e.tools.private ? t.builderToolPrivate : '',
    vote ? t.builderToolVote(vote.dots, vote.perNote) : '',
    e.tools.edit === 'facilitator' ? t.builderToolFacilitator : '',
  ].filter(Boolean)
  const id = `builder-ex-${e.key}`
  return (
    <li className="builder-exercise" data-exercise={e.key} data-exercise-template={e.template}>
      <div className="builder-exercise-head">
        <span className="builder-pos" aria-hidden="true">
          {p.n}.
        </span>
        <input
          className="builder-ex-title"
          data-exercise-title
          value={e.title}
          maxLength={200}
          aria-label={t.builderExerciseTitle(p.n)}
          onChange={(ev) => p.onChange({ title: ev.target.value })}
        />
        <span className="builder-ex-minutes">
          <input
            type="number"
            data-exercise-minutes
            min={0}
            max={600}
            step={1}
            value={Number.isNaN(e.minutes) ? '' : e.minutes}
            aria-label={t.builderMinutesOf(p.name)}
            onChange={(ev) => p.onChange({ minutes: ev.target.value === '' ? Number.NaN : Number(ev.target.value) })}
          />
          <span aria-hidden="true">{t.minutes}</span>
        </span>
        <span className="builder-moves">
          {p.first ? (
            <span className="builder-slot" aria-hidden="true" />
          ) : (
            <button type="button" data-move-up onClick={() => p.onMove(-1)} aria-label={t.builderUp(p.name)} title={t.builderUp(p.name)}>
              ↑
            </button>
          )}
          {p.last ? (
            <span className="builder-slot" aria-hidden="true" />
          ) : (
            <button type="button" data-move-down onClick={() => p.onMove(1)} aria-label={t.builderDown(p.name)} title={t.builderDown(p.name)}>
              ↓
            </button>
          )}
          <button type="button" data-remove onClick={p.onRemove} aria-label={t.builderRemove(p.name)} title={t.builderRemove(p.name)}>
            ✕
          </button>
        </span>
      </div>
      <p className="muted builder-ex-meta">{summary.join(' · ')}</p>
      <details className="builder-ex-more">
        <summary aria-label={t.builderMoreOf(p.name)}>{t.builderMore}</summary>
        <label className="field">
          <span>{t.builderPrompt}</span>
          <textarea data-exercise-prompt value={e.prompt} maxLength={2000} rows={3} onChange={(ev) => p.onChange({ prompt: ev.target.value })} />
        </label>
        <label className="check">
          <input type="checkbox" data-tool-private checked={e.tools.private} onChange={(ev) => setTools({ private: ev.target.checked })} /> {t.builderPrivate}
        </label>
        <fieldset className="builder-vote">
          <legend>{t.builderVote}</legend>
          <select
            data-tool-vote
            aria-label={t.builderVote}
            value={vote ? 'on' : 'off'}
            onChange={(ev) => setTools({ vote: ev.target.value === 'on' ? { dots: 3 } : null })}
          >
            <option value="off">{t.builderVoteOff}</option>
            <option value="on">{t.builderVoteOn}</option>
          </select>
          {vote && (
            <>
              <label>
                <span>{t.builderDots}</span>
                <input
                  type="number"
                  data-tool-dots
                  min={1}
                  max={20}
                  value={Number.isNaN(vote.dots) ? '' : vote.dots}
                  onChange={(ev) => setTools({ vote: { ...vote, dots: ev.target.value === '' ? Number.NaN : Number(ev.target.value) } })}
                />
              </label>
              <label>
                <span>{t.builderPerNote}</span>
                <input
                  type="number"
                  data-tool-per-note
                  min={1}
                  max={20}
                  value={vote.perNote ?? ''}
                  onChange={(ev) => {
                    const { perNote: _, ...rest } = vote
                    setTools({ vote: ev.target.value === '' ? rest : { ...rest, perNote: Number(ev.target.value) } })
                  }}
                />
              </label>
            </>
          )}
        </fieldset>
        <fieldset className="builder-edit">
          <legend>{t.builderEdit}</legend>
          <label>
            <input
              type="radio"
              name={`${id}-edit`}
              data-tool-edit="participants"
              checked={e.tools.edit === 'participants'}
              onChange={() => setTools({ edit: 'participants' })}
            />{' '}
            {t.builderEditParticipants}
          </label>
          <label>
            <input
              type="radio"
              name={`${id}-edit`}
              data-tool-edit="facilitator"
              checked={e.tools.edit === 'facilitator'}
              onChange={() => setTools({ edit: 'facilitator' })}
            />{' '}
            {t.builderEditFacilitator}
          </label>
        </fieldset>
        {board?.params.map((param) => (
          <ParamList
            key={param.id}
            param={param}
            value={e.params?.[param.id] ?? param.default}
            onChange={(v) => p.onChange({ params: { ...e.params, [param.id]: v } })}
          />
        ))}
      </details>
    </li>
  )
}

function AddExercise({ meeting, boards, onAdd }: { meeting: string; boards: TemplateSummary[]; onAdd: (choice: string) => void }) {
  const t = useT()
  const [choice, setChoice] = useState('plain:welcome')
  return (
    <div className="builder-add">
      <label>
        <span>{t.builderAddExercise(meeting)}</span>
        <select data-add-choice value={choice} onChange={(e) => setChoice(e.target.value)}>
          <optgroup label={t.builderAddPlain}>
            <option value="plain:welcome">{t.builderWelcome}</option>
            <option value="plain:break">{t.builderBreak}</option>
            <option value="plain:presentation">{t.builderPresentation}</option>
          </optgroup>
          {boards.length > 0 && (
            <optgroup label={t.builderAddFromTemplate}>
              {boards
                .filter((b) => b.id !== 'blank')
                .map((b) => (
                  <option key={b.id} value={`tpl:${b.id}`}>
                    {b.title[t.lang]}
                  </option>
                ))}
            </optgroup>
          )}
        </select>
      </label>
      <button type="button" data-add-exercise onClick={() => onAdd(choice)}>
        {t.paramAdd}
      </button>
    </div>
  )
}

export function SessionCreated({ session, onAnother }: { session: CreatedSession; onAnother: () => void }) {
  const t = useT()
  const open = `/s/${encodeURIComponent(session.id)}?key=${encodeURIComponent(session.keys.facilitator)}`
  // the builder was long: the focus (and the view) go to what was made, for keyboard and screen reader users
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => heading.current?.focus(), [])
  return (
    <section className="card created builder-created" aria-labelledby="builder-created-title" data-session-created={session.id}>
      <h2 id="builder-created-title" ref={heading} tabIndex={-1}>
        {t.builderCreated}: {session.title}
      </h2>
      <p className="muted">{t.builderLinksHint}</p>
      <div className="builder-links">
        <CopyLink label={t.linkParticipant} url={session.links.participant} name="participant" />
        <CopyLink label={t.linkViewer} url={session.links.viewer} name="viewer" />
        <CopyLink label={t.linkFacilitator} url={session.links.facilitator} name="facilitator" />
      </div>
      <p className="actions">
        <a className="button primary" href={open} data-open-session>
          {t.builderOpen}
        </a>
        <button type="button" onClick={onAnother}>
          {t.builderAnother}
        </button>
      </p>
    </section>
  )
}
