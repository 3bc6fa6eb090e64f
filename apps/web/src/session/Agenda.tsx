// The session's agenda (board SPEC [D17]): meeting by meeting, each exercise with its status (klar /
// pågår / kommer), minutes and prompt, a way to look at it, and, for the facilitator, who is on
// it ([SE11]) and what changes the agenda ([SE4], [SE5]). Shown in the side panel and in the list
// view; the page's rules come from @tavla/board, the changes from the server.
import { useState } from 'react'
import { exerciseStatus, type Exercise, type Meeting, type SessionState } from '@tavla/board'
import { api, type AgendaActionBody, type Role } from '../api.ts'
import { useT } from '../i18n.ts'
import type { SessionPerson } from './useSession.ts'
import { ExerciseVote } from './ExerciseVote.tsx'

/** What the agenda may ask the page to do: run a server call, then say `done` (or the error). */
export type Act = (call: () => Promise<unknown>, done?: string) => void

export interface AgendaProps {
  state: SessionState
  sessionId: string
  sessionKey: string
  role: Role
  /** The exercise this page shows. */
  shownId: string | null
  people: SessionPerson[]
  onLook: (exerciseId: string) => void
  act: Act
  /** Whether the board this page shows has a vote open (its facilitation state); the vote button gives way to it. */
  shownVoteOpen?: boolean
  /** Heading level of the meetings (the panel's are h3, the list view's h4), and a prefix for ids. */
  level: 3 | 4
  idPrefix: string
}

export function meetingDate(date: string | null, locale: string): string {
  if (!date) return ''
  return new Date(`${date}T12:00:00Z`).toLocaleDateString(locale, { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'Europe/Stockholm' })
}

export function Agenda(props: AgendaProps) {
  const t = useT()
  const { state, level, idPrefix } = props
  const H = level === 3 ? 'h3' : 'h4'
  if (!state.meetings.some((m) => m.exercises.length)) return <p className="muted">{t.sessionEmpty}</p>
  return (
    <div className="agenda">
      {state.meetings.map((m) => (
        <section key={m.id} className="agenda-meeting" aria-labelledby={`${idPrefix}-m-${m.id}`} data-meeting={m.id}>
          {/* one meeting needs no heading of its own unless it has a date */}
          {(state.meetings.length > 1 || m.date) && (
            <H id={`${idPrefix}-m-${m.id}`} className="agenda-meeting-title">
              {m.title}
              {m.date && <span className="agenda-date"> · {meetingDate(m.date, t.locale)}</span>}
            </H>
          )}
          <ol className="agenda-list" aria-label={m.title}>
            {m.exercises.map((e, i) => (
              <AgendaItem key={e.id} {...props} meeting={m} exercise={e} index={i} />
            ))}
          </ol>
        </section>
      ))}
    </div>
  )
}

function AgendaItem({
  state,
  sessionId,
  sessionKey,
  role,
  shownId,
  people,
  onLook,
  act,
  shownVoteOpen,
  meeting,
  exercise: e,
  index,
}: AgendaProps & { meeting: Meeting; exercise: Exercise; index: number }) {
  const t = useT()
  const [editing, setEditing] = useState(false)
  const status = exerciseStatus(state, e.id)
  const isOpen = state.open.includes(e.id)
  const facilitator = role === 'facilitator'
  const here = people.filter((p) => p.exercise === e.id)
  const shown = shownId === e.id
  const agenda = (action: AgendaActionBody, done?: string) => act(() => api.agenda(sessionId, sessionKey, action), done)
  const n = meeting.exercises.length
  return (
    <li
      className={`agenda-item agenda-${status} ${shown ? 'agenda-shown' : ''}`}
      aria-current={status === 'current' ? 'step' : undefined}
      data-exercise={e.id}
      data-status={status}
      data-presence={here.length}
    >
      <div className="agenda-head">
        <span className="agenda-n" aria-hidden="true">
          {index + 1}
        </span>
        <span className="agenda-name">
          <span className="visually-hidden">{t.exerciseOf(index + 1, n)}: </span>
          {e.title}
        </span>
        <span className={`agenda-status agenda-status-${status}`}>{t.agendaStatus[status]}</span>
      </div>
      <p className="agenda-meta">
        {e.minutes > 0 && <span>{e.minutes} min</span>}
        {isOpen && status !== 'current' && <span className="agenda-open">{t.agendaOpen}</span>}
        {shown && <span className="agenda-here">{t.agendaLooking}</span>}
      </p>
      {e.prompt && <p className="agenda-prompt">{e.prompt}</p>}
      {facilitator && here.length > 0 && (
        <details className="agenda-presence" data-presence-names>
          <summary title={here.map((p) => p.name).join(', ')}>{t.presenceHere(here.length)}</summary>
          <ul aria-label={t.presenceWho(e.title)}>
            {here.map((p) => (
              <li key={p.clientId}>
                <span className="swatch" style={{ background: p.color }} aria-hidden="true" /> {p.name}
                {p.self ? ` (${t.you})` : ''}
              </li>
            ))}
          </ul>
        </details>
      )}
      <div className="agenda-actions">
        {!shown && (
          <button type="button" onClick={() => onLook(e.id)} aria-label={t.sessionLookAt(e.title)} data-look={e.id}>
            {t.sessionLook}
          </button>
        )}
        {facilitator && status !== 'current' && (
          <button type="button" onClick={() => act(() => api.advance(sessionId, sessionKey, e.id))} aria-label={t.sessionGoToAll(e.title)} data-goto={e.id}>
            {t.sessionGoTo}
          </button>
        )}
        {facilitator && status !== 'current' && (
          <button
            type="button"
            onClick={() => agenda({ action: isOpen ? 'exercise.close' : 'exercise.open', exerciseId: e.id })}
            aria-label={isOpen ? t.exerciseCloseFor(e.title) : status === 'upcoming' ? t.exerciseOpenEarlyFor(e.title) : t.exerciseReopenFor(e.title)}
            data-reopen={isOpen ? undefined : e.id}
            data-close={isOpen ? e.id : undefined}
          >
            {isOpen ? t.exerciseCloseAgain : status === 'upcoming' ? t.exerciseOpenEarly : t.exerciseReopen}
          </button>
        )}
        {facilitator && (
          <span className="agenda-order">
            <button
              type="button"
              disabled={index === 0}
              onClick={() => agenda({ action: 'exercise.move', exerciseId: e.id, index: index - 1 }, t.exerciseMoved(e.title, index))}
              aria-label={t.exerciseUp(e.title)}
              title={t.exerciseUp(e.title)}
            >
              ↑
            </button>
            <button
              type="button"
              disabled={index === n - 1}
              onClick={() => agenda({ action: 'exercise.move', exerciseId: e.id, index: index + 1 }, t.exerciseMoved(e.title, index + 2))}
              aria-label={t.exerciseDown(e.title)}
              title={t.exerciseDown(e.title)}
            >
              ↓
            </button>
            <button type="button" aria-expanded={editing} onClick={() => setEditing(!editing)} aria-label={t.exerciseEditFor(e.title)}>
              {t.exerciseEdit}
            </button>
          </span>
        )}
      </div>
      {/* [SE5] a vote that did not open on entering (the board was empty) opens with one click */}
      {facilitator && status === 'current' && <ExerciseVote exercise={e} sessionKey={sessionKey} voteOpen={shown ? shownVoteOpen : undefined} />}
      {facilitator && editing && (
        <ExerciseForm
          exercise={e}
          onSave={(title, minutes) => {
            agenda({ action: 'exercise.update', exerciseId: e.id, title, minutes }, t.exerciseSaved(title))
            setEditing(false)
          }}
        />
      )}
    </li>
  )
}

function ExerciseForm({ exercise, onSave }: { exercise: Exercise; onSave: (title: string, minutes: number) => void }) {
  const t = useT()
  const [title, setTitle] = useState(exercise.title)
  const [minutes, setMinutes] = useState(String(exercise.minutes))
  const id = `edit-${exercise.id}`
  return (
    <form
      className="agenda-edit"
      onSubmit={(ev) => {
        ev.preventDefault()
        const m = Number(minutes)
        if (!title.trim() || !Number.isInteger(m) || m < 0 || m > 600) return
        onSave(title.trim(), m)
      }}
    >
      <label htmlFor={`${id}-title`}>{t.exerciseTitle}</label>
      <input id={`${id}-title`} autoFocus required maxLength={200} value={title} onChange={(ev) => setTitle(ev.target.value)} />
      <label htmlFor={`${id}-min`}>{t.exerciseMinutes}</label>
      <input id={`${id}-min`} type="number" min={0} max={600} step={1} required value={minutes} onChange={(ev) => setMinutes(ev.target.value)} />
      <button type="submit" className="primary">
        {t.exerciseSave}
      </button>
    </form>
  )
}

/** The facilitator renames the session ([SE4] `title.set`). */
export function SessionTitleForm({ title, onSave }: { title: string; onSave: (title: string) => void }) {
  const t = useT()
  const [value, setValue] = useState(title)
  return (
    <details className="agenda-rename">
      <summary>{t.sessionRename}</summary>
      <form
        className="agenda-edit"
        onSubmit={(ev) => {
          ev.preventDefault()
          if (value.trim()) onSave(value.trim())
        }}
      >
        <label htmlFor="session-title-edit">{t.sessionTitleLabel}</label>
        <input id="session-title-edit" required maxLength={200} value={value} onChange={(ev) => setValue(ev.target.value)} />
        <button type="submit" className="primary">
          {t.exerciseSave}
        </button>
      </form>
    </details>
  )
}
