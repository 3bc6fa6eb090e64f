// The record of a session for its facilitator (apps/server SPEC [SE9], [SE10]): the whole session
// or the exercise shown as a report, a table, the session file or a package, and the whole
// session restored as a new one as it was at a chosen time. Files come with the key in a header,
// never in an address ([L12]); what the server refuses is said in the page's words ([E1]).
import { zipSync, type Zippable } from 'fflate'
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type { Exercise, SessionState, VoteResults } from '@tavla/board'
import { ApiError, keepTemplate, type Localized, type SessionTemplate } from '../api.ts'
import { useT } from '../i18n.ts'
import { CopyLink } from '../ui/CopyLink.tsx'
import { errorText } from '../ui/errorText.ts'
import { download, EmptyBoardError, fileBase } from '../ui/download.ts'

type Format = 'md' | 'csv' | 'json' | 'pdf' | 'docx' | 'archive'

interface RestoredSession {
  id: string
  links: { facilitator: string; participant: string; viewer: string }
}

async function request(path: string, key: string, init: RequestInit = {}): Promise<Response> {
  const res = await fetch(path, { ...init, headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${key}` } })
  if (!res.ok) {
    const body = await res.json().catch(() => ({}))
    throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
  }
  return res
}

/** The file name the server gave (Content-Disposition's UTF-8 form), else a fallback. */
function nameOf(res: Response, fallback: string): string {
  const cd = res.headers.get('content-disposition') ?? ''
  const utf = /filename\*=UTF-8''([^;]+)/i.exec(cd)?.[1]
  if (utf) return decodeURIComponent(utf)
  // the archive package is named by its id alone, plain ASCII ([A1])
  return /filename="([A-Za-z0-9._-]+)"/.exec(cd)?.[1] ?? fallback
}

/**
 * The session's agenda as a session template of the facilitator's own (the server's format, the
 * same text in sv and en, no dates, no boards): what "Spara som egen mall" keeps and downloads.
 */
export function templateFromSession(state: SessionState, description: string, now = Date.now()): SessionTemplate | undefined {
  const both = (s: string): Localized => ({ sv: s, en: s })
  const meetings = state.meetings
    .filter((m) => m.exercises.length)
    .map((m) => ({
      title: both(m.title),
      exercises: m.exercises.map((e) => ({
        kind: e.kind,
        ...(e.kind === 'template' ? { template: e.template } : {}),
        title: both(e.title),
        ...(e.params ? { params: e.params } : {}),
        minutes: e.minutes,
        ...(e.prompt ? { prompt: both(e.prompt) } : {}),
        tools: { private: e.tools.private, vote: e.tools.vote, edit: e.tools.edit },
      })),
    }))
  if (!meetings.length) return undefined
  const slug = state.title
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 40)
  return { schemaVersion: 1, id: `egen-${slug || 'workshop'}-${now.toString(36)}`, title: both(state.title), description: both(description), meetings }
}

export function SessionRecord({
  sessionId,
  sessionKey,
  state,
  shown,
  editor,
  results,
}: {
  sessionId: string
  sessionKey: string
  state: SessionState
  /** The exercise the page shows, for "only this exercise" and the package's picture. */
  shown: Exercise | null
  editor?: Editor | null
  /** The shown exercise's last vote, drawn as dots in its picture. */
  results?: VoteResults
}) {
  const t = useT()
  const lang = t.lang
  const [busy, setBusy] = useState(false)
  // what a download or a restore says, beside the buttons that did it
  const [said, setSaid] = useState<{ text: string; error?: boolean; where: 'files' | 'restore' } | null>(null)
  const [at, setAt] = useState('')
  const [restored, setRestored] = useState<RestoredSession | null>(null)
  const base = `/api/sessions/${encodeURIComponent(sessionId)}`

  const run = async (fn: () => Promise<string | undefined>, where: 'files' | 'restore' = 'files') => {
    setBusy(true)
    setSaid({ text: t.record.busy, where })
    try {
      const done = await fn()
      setSaid(done ? { text: done, where } : null)
    } catch (e) {
      setSaid({ text: errorText(t, e), error: true, where })
    } finally {
      setBusy(false)
    }
  }

  const file = (format: Format, exercise?: Exercise) =>
    run(async () => {
      const res = await request(`${base}/export?format=${format}&lang=${lang}${exercise ? `&exercise=${encodeURIComponent(exercise.id)}` : ''}`, sessionKey)
      const name = nameOf(res, `${fileBase(state.title)}.${format === 'archive' ? 'zip' : format}`)
      download(await res.blob(), name)
      return t.record.downloaded(name)
    })

  const pack = () =>
    run(async () => {
      const when = new Date()
      const stem = fileBase(state.title, when)
      const fetched = await Promise.all(
        (['md', 'csv', 'json'] as const).map(
          async (f) => new Uint8Array(await (await request(`${base}/export?format=${f}&lang=${lang}`, sessionKey)).arrayBuffer()),
        ),
      )
      const files: Zippable = {
        [`${stem}.md`]: [fetched[0]!, { mtime: when }],
        [`${stem}.csv`]: [fetched[1]!, { mtime: when }],
        [`${stem}.json`]: [fetched[2]!, { mtime: when }],
      }
      if (editor && shown) {
        const position = state.meetings.flatMap((m) => m.exercises).findIndex((e) => e.id === shown.id) + 1
        try {
          // the picture needs tldraw: loaded with the canvas, not with the session page ([H23])
          const { boardPicture } = await import('../board/admin/SessionPackage.ts')
          const png = new Uint8Array(await (await boardPicture(editor, 'png', results)).arrayBuffer())
          files[`${fileBase(`${position}. ${shown.title}`, when)}.png`] = [png, { level: 0, mtime: when }]
        } catch (e) {
          if (!(e instanceof EmptyBoardError)) throw e
        }
      }
      const name = `${stem}.zip`
      download(new Blob([zipSync(files) as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name)
      return t.record.downloaded(name)
    })

  const saveTemplate = () =>
    run(async () => {
      const tpl = templateFromSession(state, t.record.templateDescription(new Date().toLocaleDateString(t.locale)))
      if (!tpl) return t.sessionEmpty
      const kept = keepTemplate(tpl)
      const name = `${fileBase(state.title)}.json`
      download(new Blob([JSON.stringify(tpl, null, 2)], { type: 'application/json' }), name)
      return kept ? t.record.templateSaved(name) : t.record.downloaded(name)
    })

  const restore = () =>
    run(async () => {
      const when = at ? new Date(at).getTime() : undefined
      const res = await request(`${base}/restore`, sessionKey, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(when === undefined || Number.isNaN(when) ? {} : { at: when }),
      })
      setRestored((await res.json()) as RestoredSession)
      return undefined
    }, 'restore')
  // the restored session's links appear below the button: the focus goes to them
  const restoredText = useRef<HTMLParagraphElement>(null)
  useEffect(() => {
    if (restored) restoredText.current?.focus()
  }, [restored])
  const status = (where: 'files' | 'restore') => (
    <p role="status" className={said?.error ? 'error' : 'muted'} data-record-said={where}>
      {said?.where === where ? said.text : ''}
    </p>
  )

  return (
    <section className="session-record" aria-labelledby="session-record-title">
      <h3 id="session-record-title">{t.record.title}</h3>
      <p className="muted">{t.record.whole}</p>
      <div className="session-record-row">
        <button type="button" disabled={busy} onClick={() => file('md')} data-session-export="md">
          {t.record.md}
        </button>
        <button type="button" disabled={busy} onClick={() => file('csv')} data-session-export="csv">
          {t.record.csv}
        </button>
        <button type="button" disabled={busy} onClick={() => file('json')} data-session-export="json">
          {t.record.json}
        </button>
        <button type="button" disabled={busy} onClick={pack} data-session-export="zip" aria-describedby="session-record-zip">
          {t.record.zip}
        </button>
      </div>
      <p id="session-record-zip" className="muted">
        {t.record.zipHint}
      </p>
      <div className="session-record-row">
        <button type="button" disabled={busy} onClick={() => file('pdf')} data-session-export="pdf">
          {t.record.pdf}
        </button>
        <button type="button" disabled={busy} onClick={() => file('docx')} data-session-export="docx">
          {t.record.docx}
        </button>
        <button type="button" disabled={busy} onClick={() => file('archive')} data-session-export="archive" aria-describedby="session-record-archive">
          {t.record.archive}
        </button>
      </div>
      <p id="session-record-archive" className="muted">
        {t.record.archiveHint}
      </p>
      {status('files')}
      {shown && (
        <>
          <p className="muted">{t.record.exercise(shown.title)}</p>
          <div className="session-record-row">
            <button type="button" disabled={busy} onClick={() => file('md', shown)} data-exercise-export="md">
              {t.record.md}
            </button>
            <button type="button" disabled={busy} onClick={() => file('csv', shown)} data-exercise-export="csv">
              {t.record.csv}
            </button>
            <button type="button" disabled={busy} onClick={() => file('pdf', shown)} data-exercise-export="pdf">
              {t.record.pdf}
            </button>
            <button type="button" disabled={busy} onClick={() => file('archive', shown)} data-exercise-export="archive">
              {t.record.archive}
            </button>
          </div>
        </>
      )}
      <h4>{t.record.templateTitle}</h4>
      <p className="muted">{t.record.templateHint}</p>
      <button type="button" disabled={busy} onClick={saveTemplate} data-session-save-template>
        {t.record.templateButton}
      </button>
      <h4>{t.record.restoreTitle}</h4>
      <p className="muted">{t.record.restoreHint}</p>
      <label className="field">
        <span>{t.record.restoreAt}</span>
        <input type="datetime-local" value={at} onChange={(e) => setAt(e.target.value)} />
      </label>
      <button type="button" disabled={busy} onClick={restore} data-session-restore>
        {t.record.restoreButton}
      </button>
      {status('restore')}
      {restored && (
        <div data-restored-session={restored.id}>
          <p ref={restoredText} tabIndex={-1}>
            {t.record.restored}
          </p>
          <CopyLink label={t.roleParticipant} url={restored.links.participant} name="restored-participant" />
          <CopyLink label={t.roleViewer} url={restored.links.viewer} name="restored-viewer" />
          <CopyLink label={t.roleFacilitator} url={restored.links.facilitator} name="restored-facilitator" />
          <a href={restored.links.facilitator}>{t.record.openRestored}</a>
        </div>
      )}
    </section>
  )
}
