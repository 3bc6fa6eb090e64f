// The session page, `/s/<sessionId>?key=…` (apps/server SPEC [SE3]–[SE12]): one link per role for
// a whole workshop. The person gives a name once; the identity is issued for the session and holds
// on every exercise board ([SE6]). The session document ([D17]) arrives over its own websocket,
// as a board's does; the page shows the exercise `shownExercise` picks ([SE12]) by mounting the
// board page for its board (a new one per exercise, so the camera fits the template as on a first
// open), says every change of exercise to screen readers, and shows the agenda beside the board.
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { facilitationOf, findExercise, nextExercise, readFacilitation, shownExercise, stockholmDay, type ExercisePlace, type SessionState } from '@tavla/board'
import { api, ApiError, mySessions, type Role, type SessionMeta } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'
import { BoardPage } from '../board/BoardPage.tsx'
import { JoinForm } from '../board/JoinForm.tsx'
import { boardIdentity, colorFor, savedName, userId } from '../board/connection/identity.ts'
import { useBoardConnection } from '../board/connection/useBoardConnection.ts'
import { fatalText } from '../board/connection/fatalText.ts'
import { device } from '../device/device.ts'
import { dropStaleKey } from '../board/connection/boardKey.ts'
import { Agenda, meetingDate, SessionTitleForm, type Act } from './Agenda.tsx'
import { SessionRecord } from './SessionRecord.tsx'
import { useSessionPresence, useSessionState } from './useSession.ts'
import { Message } from '../ui/Message.tsx'
import { AttachOffer, joinOnSignIn } from '../start/ServerBoards.tsx'

/** "Övning 2 av 3: Gyllene cirkeln" */
const placeText = (t: ReturnType<typeof useT>, p: ExercisePlace) => `${t.exerciseOf(p.index + 1, p.meeting.exercises.length)}: ${p.exercise.title}`

/** Today in Stockholm, read again every minute (a meeting's day begins at midnight, [SE12]). */
function useToday(): string {
  const [today, setToday] = useState(() => stockholmDay(Date.now()))
  useEffect(() => {
    const id = setInterval(() => setToday(stockholmDay(Date.now())), 60_000)
    return () => clearInterval(id)
  }, [])
  return today
}

/** Whether this board's vote is open now (its facilitation state, [H12]); false without a board. */
function useVoteOpen(doc: Y.Doc | null): boolean {
  const [open, setOpen] = useState(false)
  useEffect(() => {
    if (!doc) {
      setOpen(false)
      return
    }
    const f = facilitationOf(doc)
    const on = () => setOpen(readFacilitation(f).vote?.status === 'open')
    f.observe(on)
    on()
    return () => f.unobserve(on)
  }, [doc])
  return open
}

export function SessionPage({ sessionId, sessionKey }: { sessionId: string; sessionKey: string }) {
  const t = useT()
  const [meta, setMeta] = useState<SessionMeta | null>(null)
  const [error, setError] = useState<{ status: number; cause: unknown } | null>(null)
  const [name, setName] = useState(savedName)
  const [joined, setJoined] = useState(false)
  // [O15] whether the sign-in's name is being asked for (the name prompt waits for the answer)
  const [askingSignIn, setAskingSignIn] = useState(false)

  useEffect(() => {
    api.session(sessionId, sessionKey).then(
      (m) => {
        setMeta(m)
        // once for the whole session: returning people and viewers go straight in, and so does the
        // facilitator who made the session on this device (the start page asked their name)
        const mine = m.role === 'facilitator' && mySessions().some((x) => x.id === m.id)
        if (savedName() || m.role === 'viewer' || mine) setJoined(true)
        // [O15] a facilitator here on their sign-in (another computer) goes by the name they signed in with
        else if (m.role === 'facilitator')
          joinOnSignIn(setAskingSignIn, (n) => {
            setName(n)
            setJoined(true)
          })
      },
      (e: unknown) => {
        const status = e instanceof ApiError ? e.status : 0
        // [O15] a kept key replaced since, while the sign-in opens the workshop: go on without it
        if (status === 401)
          return void dropStaleKey(sessionId, sessionKey, () => api.session(sessionId, '').then((m) => m.role === 'facilitator')).then((dropped) =>
            dropped ? location.reload() : setError({ status, cause: e }),
          )
        setError({ status, cause: e })
      },
    )
  }, [sessionId, sessionKey])

  const role: Role = meta?.role ?? 'participant'
  // [SE6] one identity for the whole session, kept under the session's id (device.ts)
  const [identity, setIdentity] = useState<string | null | undefined>(undefined)
  const wantsIdentity = joined && !!meta && role !== 'viewer'
  const roleName = useRef(t.roleFacilitator).current
  const myName = (name || savedName() || (role === 'facilitator' ? roleName : role === 'viewer' ? t.roleViewer : '')).trim()
  useEffect(() => {
    if (!wantsIdentity) return
    let live = true
    boardIdentity(sessionId, sessionKey, myName).then(
      (r) => live && setIdentity(r.token),
      () => live && setIdentity(null),
    )
    return () => {
      live = false
    }
  }, [wantsIdentity, sessionId, sessionKey, myName])
  const ready = joined && !!meta && (role === 'viewer' || identity !== undefined)
  // [SE11] the session document: a board room nobody writes but the server
  const connection = useBoardConnection(sessionId, sessionKey, ready, false, identity ?? null)
  const state = useSessionState(connection?.doc ?? null, meta?.session ?? null)

  if (error) return <Message text={error.status === 404 ? t.errorCodes.session_not_found : error.status === 401 ? t.errKey : errorText(t, error.cause)} />
  if (!meta || !state || (!joined && askingSignIn)) return <Message text={t.sessionLoading} busy />
  if (!joined)
    return (
      <JoinForm
        heading={`${t.sessionJoinTitle}: ${state.title || meta.title}`}
        anonymous={state.anonymous}
        onJoin={(n) => {
          setName(n)
          setJoined(true)
        }}
      />
    )
  if (!ready || !connection) return <Message text={t.sessionLoading} busy />
  if (connection.fatal && !connection.ready) return <Message text={fatalText(t, connection.fatal)} />
  return (
    <SessionView
      sessionId={sessionId}
      sessionKey={sessionKey}
      role={role}
      state={state}
      identity={identity ?? null}
      name={myName}
      awareness={connection.provider.awareness}
    />
  )
}

function SessionView({
  sessionId,
  sessionKey,
  role,
  state,
  identity,
  name,
  awareness,
}: {
  sessionId: string
  sessionKey: string
  role: Role
  state: SessionState
  identity: string | null
  name: string
  awareness: Parameters<typeof useSessionPresence>[0]
}) {
  const t = useT()
  const today = useToday()
  const auto = shownExercise(state, today)
  const currentId = state.current?.exerciseId ?? null
  // The exercise this person chose to look at: it holds until the facilitator moves everyone on.
  const [look, setLook] = useState<{ id: string; during: string | null } | null>(null)
  const lookPlace = look && look.during === currentId ? findExercise(state, look.id) : undefined
  const shown = lookPlace ?? auto?.place
  const looking = !!lookPlace && lookPlace.exercise.id !== auto?.place.exercise.id
  const waiting = !looking && !!auto?.waiting
  const facilitator = role === 'facilitator'
  const next = nextExercise(state)
  const current = currentId ? findExercise(state, currentId) : undefined
  const me = useRef({ name, color: colorFor(userId()).hex })
  me.current = me.current.name === name ? me.current : { name, color: me.current.color }
  const people = useSessionPresence(awareness, me.current, shown?.exercise.id ?? null)

  // the shown exercise's editor, for the picture in the session's package, and its doc (is its vote open?)
  const [editor, setEditor] = useState<Editor | null>(null)
  const [shownDoc, setShownDoc] = useState<{ boardId: string; doc: Y.Doc } | null>(null)
  const shownBoardId = shown?.exercise.boardId
  const voteOpen = useVoteOpen(shownDoc && shownDoc.boardId === shownBoardId ? shownDoc.doc : null)
  const [panelOpen, setPanelOpen] = useState(() => device.get('agendaPanel') === 'open')
  const togglePanel = () => {
    device.set('agendaPanel', panelOpen ? 'closed' : 'open')
    setPanelOpen(!panelOpen)
  }

  // Screen readers hear every change of exercise (not the first one the page opens on).
  const [announce, setAnnounce] = useState('')
  const [problem, setProblem] = useState('')
  const seen = useRef(currentId)
  useEffect(() => {
    if (seen.current === currentId) return
    seen.current = currentId
    const p = currentId ? findExercise(state, currentId) : undefined
    if (p) setAnnounce(t.sessionNow(t.exerciseOf(p.index + 1, p.meeting.exercises.length), p.exercise.title))
  }, [currentId, state, t])

  useEffect(() => {
    document.title = shown ? `${shown.exercise.title} – ${state.title} – tavla` : `${state.title} – tavla`
  }, [shown, state.title])

  const act: Act = (call, done) => {
    setProblem('')
    call().then(
      () => done && setAnnounce(done),
      (e: unknown) => setProblem(errorText(t, e)),
    )
  }
  // Looking elsewhere (or back) takes away the button just pressed: the focus goes to where the
  // bar says what this page shows now.
  const now = useRef<HTMLElement>(null)
  const focusNow = useRef(false)
  const onLook = (id: string) => {
    focusNow.current = true
    setLook(id === auto?.place.exercise.id ? null : { id, during: currentId })
  }
  const back = () => {
    focusNow.current = true
    setLook(null)
  }
  const shownId = shown?.exercise.id
  // A move by the facilitator takes away the board that had this person's focus (a keyboard user
  // was left on the page's body): it goes to the bar too, unless it is somewhere else (the agenda).
  const firstShown = useRef(true)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the exercise shown changing is the trigger
  useEffect(() => {
    const lost = !firstShown.current && (!document.activeElement || document.activeElement === document.body)
    firstShown.current = false
    if (!focusNow.current && !lost) return
    focusNow.current = false
    now.current?.focus()
  }, [shownId])
  const advance = (to?: string) => act(() => api.advance(sessionId, sessionKey, to))

  const agendaProps = { state, sessionId, sessionKey, role, shownId: shown?.exercise.id ?? null, people, onLook, act, shownVoteOpen: voteOpen }
  // a participant on the current exercise that only the facilitator writes on (a welcome, a break):
  // it is running, not closed, and the banner says so
  const leads = !!shown && !waiting && !looking && shown.exercise.id === currentId && shown.exercise.tools.edit === 'facilitator'
  const prompt = shown?.exercise.prompt?.trim()
  // the prompt's height, for what is placed under the bars (the facilitator's tools panel)
  const page = useRef<HTMLDivElement>(null)
  const promptBox = useRef<HTMLDetailsElement>(null)
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new exercise (or prompt) is a new box to measure
  useEffect(() => {
    const root = page.current
    const box = promptBox.current
    if (!root) return
    if (!box) return root.style.setProperty('--session-prompt', '0px')
    const measure = () => root.style.setProperty('--session-prompt', `${box.offsetHeight}px`)
    const watch = new ResizeObserver(measure)
    watch.observe(box)
    measure()
    return () => watch.disconnect()
  }, [shownId, prompt])
  const backButton = looking && (
    <button type="button" className="primary" onClick={back} data-session-back>
      {t.sessionBack}
    </button>
  )
  const listAgenda = (
    <section className="list-zone agenda-in-list" aria-labelledby="list-agenda" data-list-agenda>
      <h3 id="list-agenda">{t.agendaTitle}</h3>
      {backButton}
      <Agenda {...agendaProps} level={4} idPrefix="list" />
    </section>
  )
  const todays = state.meetings.find((m) => m.date === today)
  const meeting = shown?.meeting

  return (
    <div
      ref={page}
      className="session-page"
      data-session={sessionId}
      data-shown-exercise={shown?.exercise.id}
      data-shown-board={shown?.exercise.boardId}
      data-current-exercise={currentId ?? ''}
      data-waiting={waiting}
    >
      {/* [O14] signed in with a workshop's facilitator link: offer to attach it to the account */}
      {facilitator && <AttachOffer boardId={sessionId} boardKey={sessionKey} />}
      <header className="session-bar" data-session-bar>
        <div className="session-bar-where">
          <span className="session-bar-title" title={state.title}>
            {state.title}
            {meeting && (state.meetings.length > 1 || meeting.date) && (
              <span className="session-bar-meeting">
                {' · '}
                {meeting.title}
                {meeting.date ? `, ${meetingDate(meeting.date, t.locale)}` : ''}
              </span>
            )}
          </span>
          {shown ? (
            <strong className="session-bar-now" data-session-now title={shown.exercise.prompt} ref={now} tabIndex={-1}>
              {looking ? t.sessionLookingAt(placeText(t, shown)) : placeText(t, shown)}
            </strong>
          ) : (
            <span>{t.sessionEmpty}</span>
          )}
          {looking && current && (
            <span className="session-bar-next">{t.sessionNow(t.exerciseOf(current.index + 1, current.meeting.exercises.length), current.exercise.title)}</span>
          )}
          {!looking &&
            !waiting &&
            (next ? (
              <span className="session-bar-next">{`${t.sessionNext}: ${next.exercise.title}`}</span>
            ) : (
              current && <span className="session-bar-next">{t.sessionLast}</span>
            ))}
        </div>
        <div className="session-bar-actions">
          {problem && (
            <span className="error session-problem" role="alert">
              {problem}
            </span>
          )}
          {backButton}
          {facilitator && waiting && shown && (
            <button type="button" className="primary" onClick={() => advance(shown.exercise.id)} data-session-start>
              {todays && todays.id === shown.meeting.id ? t.sessionStartDay : t.sessionStart}
            </button>
          )}
          {facilitator && looking && shown && shown.exercise.id !== currentId && (
            <button type="button" onClick={() => advance(shown.exercise.id)} aria-label={t.sessionGoToAll(shown.exercise.title)}>
              {t.sessionGoTo}
            </button>
          )}
          {facilitator && !waiting && !looking && next && (
            <button type="button" className="primary" onClick={() => advance()} data-session-advance title={`${t.sessionNext}: ${next.exercise.title}`}>
              {state.current ? t.sessionAdvance : t.sessionStart}
            </button>
          )}
          <button type="button" aria-expanded={panelOpen} aria-controls="agenda-panel" onClick={togglePanel} data-agenda-toggle>
            {t.agendaTitle}
          </button>
        </div>
      </header>
      {/* what the exercise asks, on the page and not only in the agenda; one click folds it away */}
      {prompt && (
        <details key={shownId} ref={promptBox} className="session-prompt" open title={prompt} data-session-prompt>
          <summary>{t.sessionPrompt}</summary>
          <p>{prompt}</p>
        </details>
      )}
      <p className="visually-hidden" aria-live="polite" data-session-announce>
        {announce}
      </p>
      <div className="session-main">
        <div className="session-board">
          {shown ? (
            <BoardPage
              key={shown.exercise.boardId}
              boardId={shown.exercise.boardId}
              boardKey={sessionKey}
              embed={{
                identity,
                name,
                closedNote: waiting ? t.sessionWaitingNote : leads ? t.sessionFacilitatorOnly : undefined,
                list: listAgenda,
                onEditor: (ed, doc) => {
                  setEditor(ed)
                  setShownDoc({ boardId: shown.exercise.boardId, doc })
                },
              }}
            />
          ) : (
            <Message text={t.sessionEmpty} />
          )}
        </div>
        {panelOpen && (
          <aside className="agenda-panel" id="agenda-panel" aria-labelledby="agenda-title" data-agenda-panel>
            <div className="agenda-panel-head">
              <h2 id="agenda-title">{t.agendaTitle}</h2>
              <button type="button" onClick={togglePanel} aria-label={t.agendaHide}>
                ×
              </button>
            </div>
            <p className="agenda-session-title">{state.title}</p>
            {facilitator && (
              <SessionTitleForm title={state.title} onSave={(title) => act(() => api.agenda(sessionId, sessionKey, { action: 'title.set', title }))} />
            )}
            <Agenda {...agendaProps} level={3} idPrefix="panel" />
            {facilitator && <SessionRecord sessionId={sessionId} sessionKey={sessionKey} state={state} shown={shown?.exercise ?? null} editor={editor} />}
          </aside>
        )}
      </div>
    </div>
  )
}
