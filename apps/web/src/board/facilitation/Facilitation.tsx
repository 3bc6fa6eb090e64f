// Issue 6 on the page: the facilitator's tools (every action goes through the server's
// facilitation API, which alone may write the facilitation state) and what everyone sees.
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { backgroundOf, metaOf, readRecords, zonesOf, type FacilitationRequest, type FacilitationState } from '@tavla/board'
import { api } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { boardPicture, download, EmptyBoardError, fileBase, sessionPackage } from '../admin/SessionPackage.ts'
import { SessionAdmin } from '../admin/SessionAdmin.tsx'
import { VoterCount } from '../voting/Voting.tsx'

const fmt = (ms: number) => {
  const s = Math.max(0, Math.ceil(ms / 1000))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
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

export function TimerView({ facilitation }: { facilitation: FacilitationState }) {
  const t = useT()
  const timer = facilitation.timer
  const [now, setNow] = useState(Date.now())
  const rang = useRef<number | null>(null)
  useEffect(() => {
    if (timer?.status !== 'running') return
    const id = setInterval(() => setNow(Date.now()), 250)
    return () => clearInterval(id)
  }, [timer?.status, timer?.endsAt])
  if (!timer || timer.status === 'stopped') return null
  const left = timer.status === 'running' ? (timer.endsAt ?? 0) - now : (timer.remainingMs ?? 0)
  const done = timer.status === 'running' && left <= 0
  if (done && rang.current !== timer.endsAt) {
    rang.current = timer.endsAt
    chime()
  }
  return (
    <span className={`timer ${done ? 'timer-done' : ''}`} role="timer" aria-live={done ? 'assertive' : 'off'} data-timer={timer.status}>
      ⏱ {done ? (t.lang === 'sv' ? 'Tiden är ute' : "Time's up") : fmt(left)}
      {timer.status === 'paused' ? (t.lang === 'sv' ? ' (pausad)' : ' (paused)') : ''}
    </span>
  )
}

export function FacilitatorTools({
  boardId,
  boardKey,
  facilitation,
  editor,
  me,
  doc,
}: {
  boardId: string
  boardKey: string
  facilitation: FacilitationState
  editor: Editor | null
  me: { id: string; name: string }
  doc: Y.Doc
}) {
  const t = useT()
  const sv = t.lang === 'sv'
  const [message, setMessage] = useState('')
  const [minutes, setMinutes] = useState(5)
  const [dots, setDots] = useState(3)
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
      if (done) setMessage(done)
    } catch (e) {
      setMessage((e as Error).message)
    }
  }
  const { timer, vote, private: priv, follow } = facilitation
  const locked = facilitation.locked === true
  const exportUrl = (format: string) => `/api/boards/${boardId}/export?format=${format}&lang=${t.lang}&key=${encodeURIComponent(boardKey)}`

  const title = () => String(metaOf(doc).get('title') ?? 'tavla')

  async function picture(format: 'png' | 'svg') {
    if (!editor || busy) return
    setBusy('picture')
    setProblem('')
    try {
      download(await boardPicture(editor, format), `${fileBase(title())}.${format}`)
    } catch (e) {
      setProblem(e instanceof EmptyBoardError ? t.emptyBoard : t.pictureFailed + (e as Error).message)
    } finally {
      setBusy('')
    }
  }

  async function makePackage() {
    if (!editor || busy) return
    setBusy('package')
    setProblem('')
    setMessage('')
    try {
      const { blob, name } = await sessionPackage({ editor, boardId, boardKey, title: title(), lang: t.lang })
      download(blob, name)
      setMessage(t.packageDone)
    } catch (e) {
      setProblem(t.packageFailed + (e as Error).message)
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
    void act({ action: lockIt ? 'background.lock' : 'background.unlock' })
  }

  return (
    <details className="tools" onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>{sv ? 'Verktyg' : 'Tools'}</summary>
      <div className="tools-panel">
        <section aria-label={sv ? 'Timer' : 'Timer'}>
          <h3>Timer</h3>
          <label>
            {sv ? 'Minuter' : 'Minutes'} <input type="number" min={1} max={240} value={minutes} onChange={(e) => setMinutes(Number(e.target.value))} />
          </label>
          <button type="button" onClick={() => act({ action: 'timer.start', seconds: minutes * 60 })}>
            {sv ? 'Starta' : 'Start'}
          </button>
          {timer?.status === 'running' && (
            <button type="button" onClick={() => act({ action: 'timer.pause' })}>
              {sv ? 'Pausa' : 'Pause'}
            </button>
          )}
          {timer?.status === 'paused' && (
            <button type="button" onClick={() => act({ action: 'timer.resume' })}>
              {sv ? 'Fortsätt' : 'Resume'}
            </button>
          )}
          {timer && timer.status !== 'stopped' && (
            <>
              <button type="button" onClick={() => act({ action: 'timer.add', seconds: 60 })}>
                +1 min
              </button>
              <button type="button" onClick={() => act({ action: 'timer.stop' })}>
                {sv ? 'Stoppa' : 'Stop'}
              </button>
            </>
          )}
        </section>
        <section aria-label={sv ? 'Röstning' : 'Voting'}>
          <h3>{sv ? 'Prickröstning' : 'Dot voting'}</h3>
          {vote?.status === 'open' ? (
            <>
              <VoterCount boardId={boardId} boardKey={boardKey} voteId={vote.id} />
              <button type="button" onClick={() => act({ action: 'vote.close' }, sv ? 'Röstningen är stängd' : 'Vote closed')}>
                {sv ? 'Stäng och visa resultat' : 'Close and show results'}
              </button>
            </>
          ) : (
            <>
              <label>
                {sv ? 'Prickar per person' : 'Dots per person'}{' '}
                <input type="number" min={1} max={20} value={dots} onChange={(e) => setDots(Number(e.target.value))} />
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
                    ...(voteZones.some((id) => zones.some((z) => z.id === id)) ? { zones: voteZones.filter((id) => zones.some((z) => z.id === id)) } : {}),
                    ...(voteAnonymous ? { anonymous: true } : {}),
                  })
                }
              >
                {sv ? 'Starta röstning' : 'Start vote'}
              </button>
            </>
          )}
        </section>
        <section aria-label={sv ? 'Lägen' : 'Modes'}>
          <h3>{sv ? 'Lägen' : 'Modes'}</h3>
          {priv?.active ? (
            <button type="button" onClick={() => act({ action: 'private.reveal' })}>
              {sv ? 'Visa allas lappar' : 'Reveal all notes'}
            </button>
          ) : (
            <button type="button" onClick={() => act({ action: 'private.start' })}>
              {sv ? 'Privat läge (lappar dolda tills du visar dem)' : 'Private mode (notes hidden until you reveal)'}
            </button>
          )}
          {follow ? (
            <button type="button" onClick={() => act({ action: 'follow.stop' })}>
              {sv ? 'Sluta leda vyn' : 'Stop leading the view'}
            </button>
          ) : (
            <button type="button" onClick={() => act({ action: 'follow.start', userId: me.id, name: me.name })}>
              {sv ? 'Följ mig (för alla hit)' : 'Follow me (bring everyone here)'}
            </button>
          )}
          <button type="button" onClick={() => setTemplateLock(facilitation.backgroundLocked === false)}>
            {facilitation.backgroundLocked === false ? t.lockTemplate : t.unlockTemplate}
          </button>
          <button type="button" onClick={() => act({ action: locked ? 'board.unlock' : 'board.lock' })}>
            {locked ? (sv ? 'Lås upp tavlan' : 'Unlock the board') : sv ? 'Lås tavlan (passet är slut)' : 'Lock the board (session over)'}
          </button>
        </section>
        <section aria-label={t.exportMenu}>
          <h3>{t.exportMenu}</h3>
          <a href={exportUrl('md')} download>
            {sv ? 'Rapport (Markdown)' : 'Report (Markdown)'}
          </a>
          <a href={exportUrl('csv')} download>
            CSV
          </a>
          <a href={exportUrl('json')} download>
            tldraw (.tldr)
          </a>
          <button type="button" onClick={() => picture('png')} disabled={!!busy || !editor}>
            PNG
          </button>
          <button type="button" onClick={() => picture('svg')} disabled={!!busy || !editor}>
            SVG
          </button>
          <button type="button" onClick={makePackage} disabled={!!busy || !editor} aria-busy={busy === 'package'}>
            {t.sessionPackage}
          </button>
          {busy && (
            <span role="status" className="muted" data-packing={busy}>
              {busy === 'package' ? t.packaging : t.makingPicture}
            </span>
          )}
          {problem && (
            <p role="alert" className="error">
              {problem}
            </p>
          )}
        </section>
        {zones.length > 0 && (
          <section aria-label={t.attention}>
            <h3>{t.attention}</h3>
            <select value={zoneId || zones[0]!.id} onChange={(e) => setZoneId(e.target.value)} aria-label={t.attentionZone}>
              {zones.map((z) => (
                <option key={z.id} value={z.id}>
                  {z.label[t.lang]}
                </option>
              ))}
            </select>
            <button type="button" onClick={() => act({ action: 'attention', zoneId: zoneId || zones[0]!.id })}>
              {t.attentionPulse}
            </button>
          </section>
        )}
        {message && (
          <p role="status" className="muted">
            {message}
          </p>
        )}
        <SessionAdmin boardId={boardId} boardKey={boardKey} title={title()} zones={zones} open={open} facilitation={facilitation} />
      </div>
    </details>
  )
}
