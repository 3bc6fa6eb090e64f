// Issue 6 on the page: the facilitator's tools (every action goes through the server's
// facilitation API, which alone may write the facilitation state) and what everyone sees.
// Issue 13 item 7: the tools follow the session (before: links, template, the guide's questions;
// during: timer, private mode, vote, follow me, attention, lock; after: versions, downloads,
// trash, log, deleting), as tabs, and every switch confirms what it did in a short toast.
import { useCallback, useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { backgroundOf, metaOf, readRecords, zonesOf, type FacilitationRequest, type FacilitationState } from '@tavla/board'
import { api, type TemplateSummary } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { errorText } from '../../ui/errorText.ts'
import { boardPicture, download, EmptyBoardError, fileBase, sessionPackage } from '../admin/SessionPackage.ts'
import { DecisionReport, SessionAdmin } from '../admin/SessionAdmin.tsx'
import { ThemesCard } from '../themes/ThemesCard.tsx'
import { TimerIcon } from '../../ui/icons.tsx'
import { ParticipantToolsCard } from '../canvas/tools.tsx'

/** m:ss of what is left (rounded up, so 0:00 shows only at the end). */
export const formatTime = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** "2:30" → 150 s, "10" → 600 s (whole minutes), "0:45" → 45 s; null when it is no time ([H12] takes 1 s – 24 h). */
export function parseTime(text: string): number | null {
  const m = /^\s*(\d{1,4})(?:\s*[:.,]\s*(\d{1,2}))?\s*$/.exec(text)
  if (!m) return null
  const sec = m[2] === undefined ? 0 : Number(m[2])
  if (sec > 59) return null
  const total = Number(m[1]) * 60 + sec
  return total >= 1 && total <= 86_400 ? total : null
}

/** A gentle two-tone chime, made here (no sound file to fetch). */
function chime() {
  try {
    const ctx = new AudioContext()
    for (const [i, f] of [660, 880].entries()) {
      const o = ctx.createOscillator()
      const g = ctx.createGain()
      o.frequency.value = f
      g.gain.setValueAtTime(0.0001, ctx.currentTime + i * 0.35)
      g.gain.exponentialRampToValueAtTime(0.15, ctx.currentTime + i * 0.35 + 0.05)
      g.gain.exponentialRampToValueAtTime(0.0001, ctx.currentTime + i * 0.35 + 0.6)
      o.connect(g).connect(ctx.destination)
      o.start(ctx.currentTime + i * 0.35)
      o.stop(ctx.currentTime + i * 0.35 + 0.7)
    }
  } catch {
    // no audio: the visual signal is enough
  }
}

/**
 * The countdown everyone sees in the top bar: large, calm at zero (a steady colour, one chime),
 * and said aloud once at one minute left and once at the end (an assertive live region).
 */
export function TimerView({ facilitation }: { facilitation: FacilitationState }) {
  const t = useT()
  const timer = facilitation.timer
  // re-rendered 4 times a second while running; the time itself is read at each render (a first
  // render long after the page opened must not show the time of the mount)
  const [, setNow] = useState(Date.now())
  const now = Date.now()
  const rang = useRef<number | null>(null)
  const [said, setSaid] = useState('')
  const saidFor = useRef('')
  useEffect(() => {
    if (timer?.status !== 'running') return
    const id = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(id)
  }, [timer?.status])
  const left = !timer || timer.status === 'stopped' ? 0 : timer.status === 'running' ? (timer.endsAt ?? 0) - now : (timer.remainingMs ?? 0)
  const running = timer?.status === 'running'
  const done = running && left <= 0
  // Said once per run: at one minute left (only for a timer longer than that), and at the end.
  const key = `${timer?.endsAt}`
  const cue = !running ? '' : done ? 'end' : left <= 60_000 && (timer?.durationMs ?? 0) > 60_000 ? 'minute' : ''
  useEffect(() => {
    if (!cue || saidFor.current === `${key}:${cue}`) return
    saidFor.current = `${key}:${cue}`
    setSaid(cue === 'end' ? t.timerUp : t.timerOneMinute)
  }, [cue, key, t.timerUp, t.timerOneMinute])
  useEffect(() => {
    if (done && rang.current !== timer?.endsAt) {
      rang.current = timer?.endsAt ?? null
      chime()
    }
  }, [done, timer?.endsAt])
  const shown = !!timer && timer.status !== 'stopped'
  return (
    <>
      {shown && (
        <span
          className={`timer ${done ? 'timer-done' : ''} ${running && !done && left <= 60_000 ? 'timer-last' : ''}`}
          role="timer"
          aria-label={`${t.timerLeft}: ${done ? t.timerUp : formatTime(left)}`}
          data-timer={timer.status}
          data-timer-done={done || undefined}
        >
          <TimerIcon />
          <span className="timer-time">{done ? t.timerUp : formatTime(left)}</span>
          {timer.status === 'paused' && <span className="timer-paused">({t.timerPaused})</span>}
        </span>
      )}
      <span className="visually-hidden" aria-live="assertive" data-timer-said>
        {shown ? said : ''}
      </span>
    </>
  )
}

type ToolsTab = 'before' | 'during' | 'after'
const TABS: ToolsTab[] = ['before', 'during', 'after']

/** A confirmation that shows for a few seconds, in a live region that is always there (so it is announced). */
function useToast(): [string, (text: string) => void] {
  const [toast, setToast] = useState<{ text: string; n: number } | null>(null)
  useEffect(() => {
    if (!toast) return
    const id = setTimeout(() => setToast(null), 6000)
    return () => clearTimeout(id)
  }, [toast])
  return [toast?.text ?? '', useCallback((text: string) => setToast((old) => ({ text, n: (old?.n ?? 0) + 1 })), [])]
}

/** The template's guide (steps with minutes and questions), for the questions and the timer's presets. */
function useGuide(template: string): TemplateSummary['guide']['steps'] {
  const [steps, setSteps] = useState<TemplateSummary['guide']['steps']>([])
  useEffect(() => {
    if (!template) return
    let live = true
    api.templates().then(
      (all) => live && setSteps(all.find((x) => x.id === template)?.guide.steps ?? []),
      () => {},
    )
    return () => {
      live = false
    }
  }, [template])
  return steps
}

export function FacilitatorTools({
  boardId,
  boardKey,
  facilitation,
  editor,
  me,
  doc,
  template = '',
}: {
  boardId: string
  boardKey: string
  facilitation: FacilitationState
  editor: Editor | null
  me: { id: string; name: string }
  doc: Y.Doc
  /** The board's template id: its guide gives the questions and the timer's presets. */
  template?: string
}) {
  const t = useT()
  const [toast, showToast] = useToast()
  const [tab, setTab] = useState<ToolsTab>('before')
  const tabRefs = useRef<Record<ToolsTab, HTMLButtonElement | null>>({ before: null, during: null, after: null })
  const [timeText, setTimeText] = useState('5:00')
  const [timeProblem, setTimeProblem] = useState(false)
  const steps = useGuide(template)
  const presets = [...new Set(steps.length ? steps.map((s) => s.minutes) : [1, 3, 5, 10])].sort((a, b) => a - b)
  /** The log, links and versions read again when something changed in another part of the tools. */
  const [adminTick, setAdminTick] = useState(0)
  const adminChanged = useCallback(() => setAdminTick((n) => n + 1), [])
  const [dots, setDots] = useState(3)
  /** [H22] at most this many of one person's dots on one note (1: a click puts a dot on, the next takes it off) */
  const [perNote, setPerNote] = useState(1)
  /** What is being made right now: a picture or the package (they take seconds on a big board). */
  const [busy, setBusy] = useState<'' | 'picture' | 'package'>('')
  const [problem, setProblem] = useState('')
  const zones = zonesOf(doc)
  const [zoneId, setZoneId] = useState('')
  /** Vote options ([H12] `vote.start {dots, zones?, anonymous?}`): no zone chosen is the whole board. */
  const [voteZones, setVoteZones] = useState<string[]>([])
  const [voteAnonymous, setVoteAnonymous] = useState(false)
  const [open, setOpen] = useState(false)
  const act = async (body: FacilitationRequest, done?: string) => {
    try {
      await api.facilitate(boardId, boardKey, body)
      setProblem('')
      if (done) showToast(done)
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
    }
  }
  const startTimer = (seconds: number) => act({ action: 'timer.start', seconds }, t.timerStarted(formatTime(seconds * 1000)))
  const zoneLabel = (id: string) => zones.find((z) => z.id === id)?.label[t.lang] ?? ''
  const { timer, vote, private: priv, follow } = facilitation
  const locked = facilitation.locked === true
  const exportUrl = (format: string) => `/api/boards/${boardId}/export?format=${format}&lang=${t.lang}&key=${encodeURIComponent(boardKey)}`

  const title = () => String(metaOf(doc).get('title') ?? 'tavla')
  /** One part of the session admin (links, versions, records): they share the reload tick. */
  const admin = (part: 'links' | 'versions' | 'records') => (
    <SessionAdmin
      part={part}
      boardId={boardId}
      boardKey={boardKey}
      title={title()}
      zones={zones}
      open={open}
      facilitation={facilitation}
      tick={adminTick}
      onChange={adminChanged}
    />
  )

  async function picture(format: 'png' | 'svg') {
    if (!editor || busy) return
    setBusy('picture')
    setProblem('')
    try {
      download(await boardPicture(editor, format, facilitation.results), `${fileBase(title())}.${format}`)
    } catch (e) {
      setProblem(e instanceof EmptyBoardError ? t.emptyBoard : t.pictureFailed + errorText(t, e))
    } finally {
      setBusy('')
    }
  }

  async function makePackage() {
    if (!editor || busy) return
    setBusy('package')
    setProblem('')
    try {
      const { blob, name } = await sessionPackage({ editor, boardId, boardKey, title: title(), lang: t.lang, results: facilitation.results })
      download(blob, name)
      showToast(t.packageDone)
    } catch (e) {
      setProblem(t.packageFailed + errorText(t, e))
    } finally {
      setBusy('')
    }
  }

  function setTemplateLock(lockIt: boolean) {
    if (!editor) return
    const ids = [...readRecords(backgroundOf(doc)).values()].filter((r) => r.typeName === 'shape').map((r) => r.id)
    editor.run(
      () => editor.updateShapes(ids.map((id) => ({ id: id as never, type: (editor.getShape(id as never)?.type ?? 'geo') as never, isLocked: lockIt }))),
      { ignoreShapeLock: true },
    )
    void act({ action: lockIt ? 'background.lock' : 'background.unlock' }, lockIt ? t.templateLockedNow : t.templateUnlockedNow)
  }

  const onTabKey = (e: React.KeyboardEvent) => {
    const at = TABS.indexOf(tab)
    const next =
      e.key === 'ArrowRight' ? TABS[(at + 1) % 3] : e.key === 'ArrowLeft' ? TABS[(at + 2) % 3] : e.key === 'Home' ? TABS[0] : e.key === 'End' ? TABS[2] : null
    if (!next) return
    e.preventDefault()
    setTab(next)
    tabRefs.current[next]?.focus()
  }
  const tabLabel: Record<ToolsTab, string> = { before: t.toolsBefore, during: t.toolsDuring, after: t.toolsAfter }
  const templateLocked = facilitation.backgroundLocked !== false

  return (
    <>
      <details className="tools" onToggle={(e) => setOpen(e.currentTarget.open)}>
        <summary>{t.toolsMenu}</summary>
        <div className="tools-panel" data-tools-tab-open={tab}>
          <div className="tools-tabs" role="tablist" aria-label={t.toolsTabs}>
            {TABS.map((id) => (
              <button
                key={id}
                ref={(el) => {
                  tabRefs.current[id] = el
                }}
                type="button"
                role="tab"
                id={`tools-tab-${id}`}
                aria-selected={tab === id}
                aria-controls={`tools-${id}`}
                tabIndex={tab === id ? 0 : -1}
                onClick={() => setTab(id)}
                onKeyDown={onTabKey}
                data-tools-tab={id}
              >
                {tabLabel[id]}
              </button>
            ))}
          </div>
          <div className="tools-page" role="tabpanel" id="tools-before" aria-labelledby="tools-tab-before" hidden={tab !== 'before'}>
            {admin('links')}
            <section aria-labelledby="tools-template" className="tools-card">
              <h3 id="tools-template">{t.templateTitle}</h3>
              <p className="muted">{templateLocked ? t.templateLockedNow : t.templateUnlockedNow}</p>
              <button type="button" onClick={() => setTemplateLock(!templateLocked)} aria-pressed={!templateLocked} data-template-lock>
                {templateLocked ? t.templateEdit : t.templateLockAgain}
              </button>
            </section>
            <ParticipantToolsCard tools={facilitation.tools} act={act} />
            {steps.length > 0 && (
              <section aria-labelledby="tools-guide" className="tools-card">
                <h3 id="tools-guide">{t.guideQuestions}</h3>
                <ol className="tools-guide">
                  {steps.map((step) => (
                    <li key={step.title.sv}>
                      <strong>{step.title[t.lang]}</strong> <span className="muted">({t.timerPresetOf(step.minutes)})</span>
                      {step.questions.length > 0 && (
                        <ul>
                          {step.questions.map((q) => (
                            <li key={q.sv}>{q[t.lang]}</li>
                          ))}
                        </ul>
                      )}
                      <button
                        type="button"
                        className="admin-small"
                        onClick={() => startTimer(step.minutes * 60)}
                        aria-label={t.guideStepTimer(step.title[t.lang], step.minutes)}
                      >
                        {t.timerStart} {t.timerPresetOf(step.minutes)}
                      </button>
                    </li>
                  ))}
                </ol>
              </section>
            )}
          </div>
          <div className="tools-page tools-during" role="tabpanel" id="tools-during" aria-labelledby="tools-tab-during" hidden={tab !== 'during'}>
            <section aria-labelledby="tools-timer" className="tools-card">
              <h3 id="tools-timer">{t.timerTitle}</h3>
              <form
                className="tools-row"
                onSubmit={(e) => {
                  e.preventDefault()
                  const seconds = parseTime(timeText)
                  setTimeProblem(seconds === null)
                  if (seconds !== null) void startTimer(seconds)
                }}
              >
                <label className="tools-time">
                  {t.timerLength}{' '}
                  <input
                    value={timeText}
                    onChange={(e) => setTimeText(e.target.value)}
                    inputMode="numeric"
                    size={6}
                    aria-invalid={timeProblem || undefined}
                    aria-describedby="timer-hint"
                    data-timer-input
                  />
                </label>
                <button type="submit">{t.timerStart}</button>
              </form>
              <p id="timer-hint" className={timeProblem ? 'error' : 'muted'}>
                {timeProblem ? t.timerInvalid : t.timerLengthHint}
              </p>
              <fieldset className="tools-row tools-presets">
                <legend className="visually-hidden">{t.timerPresets}</legend>
                {presets.map((m) => (
                  <button key={m} type="button" className="admin-small" onClick={() => (setTimeText(`${m}:00`), setTimeProblem(false))} data-timer-preset={m}>
                    {t.timerPresetOf(m)}
                  </button>
                ))}
              </fieldset>
              {timer && timer.status !== 'stopped' && (
                <div className="tools-row">
                  {timer.status === 'running' && (
                    <button type="button" onClick={() => act({ action: 'timer.pause' })}>
                      {t.timerPause}
                    </button>
                  )}
                  {timer.status === 'paused' && (
                    <button type="button" onClick={() => act({ action: 'timer.resume' })}>
                      {t.timerResume}
                    </button>
                  )}
                  <button type="button" onClick={() => act({ action: 'timer.add', seconds: 60 })}>
                    {t.timerAddMinute}
                  </button>
                  <button type="button" onClick={() => act({ action: 'timer.stop' }, t.timerStopped)}>
                    {t.timerStop}
                  </button>
                </div>
              )}
            </section>
            <section aria-labelledby="tools-private" className="tools-card">
              <h3 id="tools-private">{t.privateTitle}</h3>
              <p className="muted">{t.privateHint}</p>
              {priv?.active ? (
                <button type="button" onClick={() => act({ action: 'private.reveal' }, t.privateOff)} data-private="reveal">
                  {t.privateReveal}
                </button>
              ) : (
                <button type="button" onClick={() => act({ action: 'private.start' }, t.privateOn)} data-private="start">
                  {t.privateStart}
                </button>
              )}
            </section>
            <section aria-label={t.voting} className="tools-card">
              <h3>{t.voting}</h3>
              {vote?.status === 'open' ? (
                <>
                  <button type="button" onClick={() => act({ action: 'vote.close' }, t.voteClosed)}>
                    {t.voteClose}
                  </button>
                </>
              ) : (
                <>
                  <label>
                    {t.voteDots} <input type="number" min={1} max={20} value={dots} onChange={(e) => setDots(Number(e.target.value))} />
                  </label>
                  <label>
                    {t.votePerNote}{' '}
                    <input
                      type="number"
                      min={1}
                      max={dots}
                      value={Math.min(perNote, dots)}
                      onChange={(e) => setPerNote(Number(e.target.value))}
                      data-vote-per-note
                    />
                  </label>
                  {zones.length > 0 && (
                    <fieldset className="vote-options" aria-describedby="vote-zones-hint">
                      <legend>{t.voteZones}</legend>
                      {zones.map((z) => (
                        <label key={z.id} className="check-inline">
                          <input
                            type="checkbox"
                            checked={voteZones.includes(z.id)}
                            onChange={(e) => setVoteZones((v) => (e.target.checked ? [...v, z.id] : v.filter((id) => id !== z.id)))}
                            data-vote-zone={z.id}
                          />{' '}
                          {z.label[t.lang]}
                        </label>
                      ))}
                      <span id="vote-zones-hint" className="muted">
                        {t.voteZonesHint}
                      </span>
                    </fieldset>
                  )}
                  <label className="check-inline">
                    <input type="checkbox" checked={voteAnonymous} onChange={(e) => setVoteAnonymous(e.target.checked)} /> {t.voteAnonymous}
                  </label>
                  <button
                    type="button"
                    onClick={() =>
                      // Zones still on the board only; anonymous only when asked for, so an anonymous board's default holds.
                      act({
                        action: 'vote.start',
                        dots,
                        ...(Math.min(perNote, dots) < dots ? { perNote: Math.min(perNote, dots) } : {}),
                        ...(voteZones.some((id) => zones.some((z) => z.id === id)) ? { zones: voteZones.filter((id) => zones.some((z) => z.id === id)) } : {}),
                        ...(voteAnonymous ? { anonymous: true } : {}),
                      })
                    }
                  >
                    {t.voteStart}
                  </button>
                </>
              )}
            </section>
            <ThemesCard tools={facilitation.tools} act={act} />
            <section aria-labelledby="tools-follow" className="tools-card">
              <h3 id="tools-follow">{t.followTitle}</h3>
              {follow ? (
                <button type="button" onClick={() => act({ action: 'follow.stop' }, t.followOff)} data-follow="stop">
                  {t.followStop}
                </button>
              ) : (
                <button type="button" onClick={() => act({ action: 'follow.start', userId: me.id, name: me.name }, t.followOn)} data-follow="start">
                  {t.followStart}
                </button>
              )}
            </section>
            {zones.length > 0 && (
              <section aria-labelledby="tools-attention" className="tools-card">
                <h3 id="tools-attention">{t.attentionTitle}</h3>
                <div className="tools-row">
                  <select value={zoneId || zones[0]!.id} onChange={(e) => setZoneId(e.target.value)} aria-label={t.attentionZone}>
                    {zones.map((z) => (
                      <option key={z.id} value={z.id}>
                        {z.label[t.lang]}
                      </option>
                    ))}
                  </select>
                  <button
                    type="button"
                    onClick={() => act({ action: 'attention', zoneId: zoneId || zones[0]!.id }, t.attentionDone(zoneLabel(zoneId || zones[0]!.id)))}
                  >
                    {t.attentionShow}
                  </button>
                </div>
              </section>
            )}
            <section aria-labelledby="tools-lock" className="tools-card">
              <h3 id="tools-lock">{t.lockTitle}</h3>
              <button
                type="button"
                onClick={() => act({ action: locked ? 'board.unlock' : 'board.lock' }, locked ? t.unlockedNow : t.lockedNow)}
                data-board-lock
              >
                {locked ? t.unlockBoard : t.lockBoard}
              </button>
            </section>
          </div>
          <div className="tools-page tools-after" role="tabpanel" id="tools-after" aria-labelledby="tools-tab-after" hidden={tab !== 'after'}>
            <div className="tools-column">
              <DecisionReport boardId={boardId} boardKey={boardKey} doc={doc} title={title()} locked={locked} />
              <section aria-labelledby="tools-download" className="admin" data-admin="download">
                <h3 id="tools-download">{t.downloadTitle}</h3>
                <div className="tools-downloads">
                  <a href={exportUrl('md')} download>
                    {t.downloadDoc}
                  </a>
                  <a href={exportUrl('csv')} download>
                    {t.downloadTable}
                  </a>
                  <button type="button" onClick={() => picture('png')} disabled={!!busy || !editor}>
                    {t.downloadPicture}
                  </button>
                  <button type="button" onClick={() => picture('svg')} disabled={!!busy || !editor}>
                    {t.downloadDrawing}
                  </button>
                  <button type="button" onClick={makePackage} disabled={!!busy || !editor} aria-busy={busy === 'package'}>
                    {t.downloadAll}
                  </button>
                  <a href={exportUrl('json')} download>
                    {t.downloadBoardFile}
                  </a>
                </div>
                {busy && (
                  <span role="status" className="muted" data-packing={busy}>
                    {busy === 'package' ? t.packaging : t.makingPicture}
                  </span>
                )}
              </section>
            </div>
            <div className="tools-column">
              {admin('versions')}
              {admin('records')}
            </div>
          </div>
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
        </div>
      </details>
      <p className={`toast ${toast ? 'toast-on' : ''}`} role="status" aria-live="polite" data-toast>
        {toast}
      </p>
    </>
  )
}
