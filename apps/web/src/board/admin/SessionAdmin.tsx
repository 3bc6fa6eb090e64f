// The facilitator's session administration on the board page (apps/server SPEC [H9] [H13] [H14]
// [H15]): snapshots (list, download, restore as a new board), a new participant link, the log of
// facilitator actions, and deleting the board. Each part shows its progress and the server's
// sentence when something fails; the confirmations are inline, so they work with the keyboard.
import { useCallback, useEffect, useRef, useState } from 'react'
import { createPortal } from 'react-dom'
import type { FacilitationState, Zone } from '@tavla/board'
import { ApiError, api, forgetBoard, rememberBoard, type AuditEntry, type CreatedBoard, type SnapshotInfo } from '../../api.ts'
import { Fingerprint } from './Fingerprint.tsx'
import { useT } from '../../i18n.ts'
import { errorText } from '../../ui/errorText.ts'
import { download, fileBase } from '../../ui/download.ts'
import { RestoreInPlace } from './RestoreInPlace.tsx'
import { Trash } from './Trash.tsx'
import { BoardLinks } from './BoardLinks.tsx'
import { Confirm } from '../../ui/Confirm.tsx'
import { CopyLink } from '../../ui/CopyLink.tsx'
import * as Y from 'yjs'
import { metaOf } from '@tavla/board'

type Format = 'md' | 'csv' | 'json' | 'pdf' | 'archive'
const FORMATS: { format: Format; label: string; ext: string; short?: string }[] = [
  { format: 'md', label: 'Markdown', ext: 'md', short: 'MD' },
  { format: 'csv', label: 'CSV', ext: 'csv' },
  { format: 'json', label: 'tldraw (.tldr)', ext: 'tldr', short: '.tldr' },
  { format: 'pdf', label: 'PDF', ext: 'pdf' },
  // the archive package (packages/export SPEC [A1]): the same id, and name, every time
  { format: 'archive', label: 'ZIP', ext: 'zip' },
]

/** `<title> <date> <hh.mm>.<ext>`: the board's title and when the snapshot was taken, local time. */
export function snapshotFileName(title: string, when: Date, ext: string): string {
  const p = (n: number) => String(n).padStart(2, '0')
  return `${fileBase(title, when)} ${p(when.getHours())}.${p(when.getMinutes())}.${ext}`
}

/** Date and time; `short` leaves out today's date (the log is read during the session). */
function useTime(short = false) {
  const t = useT()
  return (iso: string) => {
    const when = new Date(iso)
    const today = when.toDateString() === new Date().toDateString()
    return when.toLocaleString(t.locale, short && today ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' })
  }
}

/**
 * One part of the session administration, as the tools lay them out by the session's phase
 * (issue 13 item 7): `links` before (every link, a new participant link), `versions` and
 * `records` after (saved versions; the trash, the log and deleting). `tick` and `onChange` are
 * shared by the parts, so the log and the links follow what happens in the others.
 */
export function SessionAdmin({
  part,
  boardId,
  boardKey,
  title,
  zones,
  open,
  facilitation,
  tick,
  onChange,
}: {
  part: 'links' | 'versions' | 'records'
  boardId: string
  boardKey: string
  title: string
  zones: Zone[]
  open: boolean
  facilitation: FacilitationState
  tick: number
  onChange: () => void
}) {
  const [deleted, setDeleted] = useState(false)
  // The log follows what the facilitator does in the other tools too (they change this map).
  const facilitationJson = JSON.stringify(facilitation)
  const [mapTick, setMapTick] = useState(0)
  // biome-ignore lint/correctness/useExhaustiveDependencies: the map's value is what is watched
  useEffect(() => setMapTick((n) => n + 1), [facilitationJson])
  if (deleted) return <Deleted />
  if (part === 'links')
    return (
      <>
        <BoardLinks boardId={boardId} boardKey={boardKey} open={open} tick={tick} />
        <ParticipantLink boardId={boardId} boardKey={boardKey} onChange={onChange} />
      </>
    )
  if (part === 'versions') return <Snapshots boardId={boardId} boardKey={boardKey} title={title} open={open} onChange={onChange} />
  return (
    <>
      <Trash boardId={boardId} boardKey={boardKey} open={open} onChange={onChange} />
      <AuditLog boardId={boardId} boardKey={boardKey} zones={zones} open={open} tick={tick + mapTick} />
      <DeleteBoard boardId={boardId} boardKey={boardKey} title={title} onDeleted={() => setDeleted(true)} />
    </>
  )
}

function Snapshots({ boardId, boardKey, title, open, onChange }: { boardId: string; boardKey: string; title: string; open: boolean; onChange: () => void }) {
  const t = useT()
  const time = useTime()
  const [list, setList] = useState<SnapshotInfo[] | null>(null)
  const [name, setName] = useState('')
  /** What is under way: saving, loading the list, a download (`<sid>:<format>`) or a restore (`<sid>`). */
  const [busy, setBusy] = useState('')
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')
  const [restored, setRestored] = useState<CreatedBoard | null>(null)

  const load = useCallback(async () => {
    setBusy((b) => b || 'list')
    try {
      setList(await api.snapshots(boardId, boardKey))
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
    } finally {
      setBusy((b) => (b === 'list' ? '' : b))
    }
  }, [boardId, boardKey, t])
  useEffect(() => {
    if (open) void load()
  }, [open, load])

  async function run(what: string, work: () => Promise<void>) {
    if (busy && busy !== 'list') return
    setBusy(what)
    setProblem('')
    setStatus('')
    try {
      await work()
    } catch (e) {
      // [L9] the quota is the facilitator's to free: say so in their language
      setProblem(e instanceof ApiError && e.code === 'snapshot_quota' ? t.snapshotQuota : t.failed + errorText(t, e))
    } finally {
      setBusy('')
    }
  }

  const save = () =>
    run('save', async () => {
      await api.snapshot(boardId, boardKey, name.trim() || undefined)
      setName('')
      setStatus(t.snapshotSaved)
      onChange()
      await load()
    })

  const get = (s: SnapshotInfo, f: (typeof FORMATS)[number]) =>
    run(`${s.id}:${f.format}`, async () => {
      const blob = await api.snapshotFile(boardId, boardKey, s.id, f.format, t.lang)
      download(blob, f.format === 'archive' ? `tavla-${boardId}-${s.id}.zip` : snapshotFileName(title, new Date(s.createdAt), f.ext))
      onChange()
    })

  // [H20] frees a place in the snapshot quota [L9]
  const remove = (s: SnapshotInfo) => {
    if (!window.confirm(t.snapshotDeleteConfirm(s.name))) return
    void run(`del:${s.id}`, async () => {
      await api.deleteSnapshot(boardId, boardKey, s.id)
      setStatus(t.snapshotDeleted)
      onChange()
      await load()
    })
  }

  const restore = (s: SnapshotInfo) => {
    // Opened now, while the click still counts as the person's (a popup blocker lets it through),
    // and pointed at the new board once the server has made it.
    const tab = window.open('', '_blank')
    if (tab) tab.document.title = t.restoring
    return run(s.id, async () => {
      try {
        const created = await api.restoreSnapshot(boardId, boardKey, s.id)
        rememberBoard(created)
        setRestored(created)
        if (tab) {
          tab.opener = null
          tab.location.href = created.links.facilitator
        }
        onChange()
      } catch (e) {
        tab?.close()
        throw e
      }
    })
  }

  const progress = busy === 'save' ? t.snapshotSaving : busy === 'list' ? t.snapshotsLoading : busy.includes(':') ? t.downloading : busy ? t.restoring : ''

  return (
    <section aria-labelledby="admin-snapshots" className="admin" data-admin="snapshots">
      <h3 id="admin-snapshots">{t.snapshots}</h3>
      <form
        className="admin-row"
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        <label className="admin-label" htmlFor="snapshot-name">
          {t.snapshotName}
        </label>
        <input id="snapshot-name" maxLength={200} value={name} onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={!!busy && busy !== 'list'} aria-busy={busy === 'save'}>
          {t.snapshot}
        </button>
      </form>
      <p role="status" className="muted admin-status" data-admin-progress={busy || undefined}>
        {progress || status}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {restored && (
        <div className="admin-done" data-restored={restored.id}>
          <p>
            <strong>{t.restored}:</strong> {restored.title}
          </p>
          <CopyLink label={t.restoredLink} url={restored.links.facilitator} name="restored" />
          <p className="muted">{t.restoredHint}</p>
          <a href={restored.links.facilitator} target="_blank" rel="noopener">
            {t.openInNewTab}
          </a>
        </div>
      )}
      {list && list.length === 0 && <p className="muted">{t.snapshotsNone}</p>}
      {list && list.length > 0 && (
        <ul className="admin-list" aria-labelledby="admin-snapshots">
          {list.map((s) => (
            <li key={s.id} data-snapshot={s.id} data-auto={s.auto || undefined}>
              <div className="admin-item-head">
                <span className="admin-name">{s.name}</span>
                <time dateTime={s.createdAt} className="muted">
                  {time(s.createdAt)}
                </time>
                {s.auto && <span className="badge">{t.snapshotAuto}</span>}
              </div>
              {s.sha256 && <Fingerprint sha256={s.sha256} name={s.name} />}
              <div className="admin-actions">
                {FORMATS.map((f) => (
                  <button
                    key={f.format}
                    type="button"
                    onClick={() => get(s, f)}
                    disabled={!!busy && busy !== 'list'}
                    aria-busy={busy === `${s.id}:${f.format}`}
                    aria-label={t.snapshotDownloadAs(s.name, f.format === 'archive' ? t.snapshotArchive : f.label)}
                    data-format={f.format}
                  >
                    {f.format === 'archive' ? t.snapshotArchive : (f.short ?? f.label)}
                  </button>
                ))}
                <button
                  type="button"
                  onClick={() => restore(s)}
                  disabled={!!busy && busy !== 'list'}
                  aria-busy={busy === s.id}
                  aria-label={t.snapshotRestoreOf(s.name)}
                  data-restore
                >
                  {t.snapshotRestore}
                </button>
                <button
                  type="button"
                  onClick={() => remove(s)}
                  disabled={!!busy && busy !== 'list'}
                  aria-busy={busy === `del:${s.id}`}
                  aria-label={t.snapshotDeleteOf(s.name)}
                  data-delete-snapshot
                >
                  {t.snapshotDelete}
                </button>
                <RestoreInPlace
                  boardId={boardId}
                  boardKey={boardKey}
                  snapshot={s}
                  disabled={!!busy && busy !== 'list'}
                  onDone={() => (onChange(), void load())}
                />
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}

function ParticipantLink({ boardId, boardKey, onChange }: { boardId: string; boardKey: string; onChange: () => void }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const [result, setResult] = useState<{ link: string; disconnected: number } | null>(null)

  async function rotate(): Promise<boolean> {
    setBusy(true)
    setProblem('')
    try {
      const r = await api.newParticipantKey(boardId, boardKey)
      setResult(r)
      onChange()
      return true
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
      return false
    } finally {
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="admin-participant" className="admin" data-admin="participant-link">
      <h3 id="admin-participant">{t.participantLink}</h3>
      <Confirm
        label={t.newParticipantLink}
        groupLabelledBy="admin-participant"
        explain={t.rotateExplain}
        explainId="rotate-explain"
        confirmLabel={t.rotateConfirm}
        busy={busy}
        onConfirm={rotate}
      />
      <p role="status" className="muted admin-status">
        {busy ? t.rotating : result ? t.rotated(result.disconnected > 0) : ''}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {result && <CopyLink label={t.newLinkLabel} url={result.link} name="new-participant" />}
    </section>
  )
}

function AuditLog({ boardId, boardKey, zones, open, tick }: { boardId: string; boardKey: string; zones: Zone[]; open: boolean; tick: number }) {
  const t = useT()
  const time = useTime(true)
  const [entries, setEntries] = useState<AuditEntry[] | null>(null)
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const load = useCallback(async () => {
    setBusy(true)
    try {
      setEntries(await api.audit(boardId, boardKey))
      setProblem('')
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
    } finally {
      setBusy(false)
    }
  }, [boardId, boardKey, t])
  useEffect(() => {
    if (!open) return
    // A burst of changes (a vote and its close, a timer's +1 min clicks) asks once.
    const id = setTimeout(() => void load(), tick ? 300 : 0)
    return () => clearTimeout(id)
  }, [open, tick, load])

  const label = (e: AuditEntry) => {
    const zoneLabel = typeof e.detail.zoneId === 'string' ? zones.find((z) => z.id === e.detail.zoneId)?.label[t.lang] : undefined
    return t.auditActions[e.action]?.({ ...e.detail, zoneLabel }) ?? e.action
  }
  const newestFirst = entries ? [...entries].reverse() : null

  return (
    <section aria-labelledby="admin-audit" className="admin" data-admin="audit">
      <div className="admin-item-head">
        <h3 id="admin-audit">{t.auditTitle}</h3>
        <button type="button" className="admin-small" onClick={() => void load()} disabled={busy} aria-busy={busy} aria-label={`${t.refresh}: ${t.auditTitle}`}>
          {t.refresh}
        </button>
      </div>
      <p role="status" className="muted admin-status">
        {busy && !entries ? t.auditLoading : ''}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {newestFirst && newestFirst.length === 0 && <p className="muted">{t.auditEmpty}</p>}
      {newestFirst && newestFirst.length > 0 && (
        // biome-ignore lint/a11y/noNoninteractiveTabindex: the log scrolls, and a keyboard user must be able to scroll it (axe: scrollable-region-focusable)
        <ol className="admin-log" aria-labelledby="admin-audit" tabIndex={0}>
          {newestFirst.map((e, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: entries of the same moment and action are alike; the log only grows at the top
            <li key={`${e.at}-${i}`} data-audit={e.action}>
              <time dateTime={e.at} className="muted">
                {time(e.at)}
              </time>{' '}
              <span>{label(e)}</span>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

function DeleteBoard({ boardId, boardKey, title, onDeleted }: { boardId: string; boardKey: string; title: string; onDeleted: () => void }) {
  const t = useT()
  const [asking, setAsking] = useState(false)
  const [typed, setTyped] = useState('')
  const [busy, setBusy] = useState(false)
  const [problem, setProblem] = useState('')
  const opener = useRef<HTMLButtonElement>(null)
  const matches = typed.trim() === title.trim()

  async function remove() {
    if (!matches || busy) return
    setBusy(true)
    setProblem('')
    try {
      await api.deleteBoard(boardId, boardKey)
      forgetBoard(boardId)
      onDeleted()
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
      setBusy(false)
    }
  }

  return (
    <section aria-labelledby="admin-delete" className="admin admin-danger" data-admin="delete">
      <h3 id="admin-delete">{t.deleteTitle}</h3>
      {!asking && (
        <button type="button" className="danger" ref={opener} onClick={() => setAsking(true)}>
          {t.deleteOpen}
        </button>
      )}
      {asking && (
        <form
          className="admin-confirm"
          aria-labelledby="admin-delete"
          aria-describedby="delete-explain"
          onSubmit={(e) => {
            e.preventDefault()
            void remove()
          }}
        >
          <p id="delete-explain">{t.deleteExplain}</p>
          <label className="field" htmlFor="delete-title">
            <span>{t.deleteTypeTitle(title)}</span>
          </label>
          <input
            id="delete-title"
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            autoFocus
            autoComplete="off"
            aria-invalid={typed !== '' && !matches}
          />
          <div className="admin-actions">
            <button type="submit" className="danger-confirm" disabled={!matches || busy} aria-busy={busy}>
              {t.deleteConfirm}
            </button>
            <button
              type="button"
              onClick={() => {
                setAsking(false)
                setTyped('')
                setTimeout(() => opener.current?.focus())
              }}
              disabled={busy}
            >
              {t.cancel}
            </button>
          </div>
        </form>
      )}
      <p role="status" className="muted admin-status">
        {busy ? t.deleting : ''}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  )
}

/** Over the whole page: nothing of the board is left to work on. */
function Deleted() {
  const t = useT()
  const heading = useRef<HTMLHeadingElement>(null)
  useEffect(() => {
    // The board behind is gone: nothing there can be reached with the keyboard any more.
    const root = document.getElementById('root')
    root?.setAttribute('inert', '')
    heading.current?.focus()
    return () => root?.removeAttribute('inert')
  }, [])
  return createPortal(
    <div className="board-deleted" role="alertdialog" aria-modal="true" aria-labelledby="deleted-title" aria-describedby="deleted-text" data-board-deleted>
      <div className="card">
        <h2 id="deleted-title" ref={heading} tabIndex={-1}>
          {t.deletedTitle}
        </h2>
        <p id="deleted-text">{t.deletedText}</p>
        <a className="button primary" href="/">
          {t.back}
        </a>
      </div>
    </div>,
    document.body,
  )
}

/** The facilitator's summary the report reads from the board's meta (packages/report, `meta.summary`), at most this long. */
const SUMMARY_MAX = 20_000
type ReportFormat = 'pdf' | 'docx' | 'archive'

/** Until the server holds everything this page's doc has (its state vector covers ours), at most `ms`. */
async function untilServerHas(boardId: string, boardKey: string, doc: Y.Doc, ms = 10_000): Promise<void> {
  const start = Date.now()
  for (;;) {
    const { sv } = await api.stateVector(boardId, boardKey)
    const server = Y.decodeStateVector(Uint8Array.from(atob(sv), (c) => c.charCodeAt(0)))
    const mine = Y.decodeStateVector(Y.encodeStateVector(doc))
    if ([...mine].every(([client, clock]) => (server.get(client) ?? 0) >= clock)) return
    if (Date.now() - start > ms) return
    await new Promise((r) => setTimeout(r, 200))
  }
}

/**
 * Issue 15: the decision report. The facilitator writes their summary (kept in the board's
 * `meta.summary`, which the server's report puts under "Beslut och nästa steg"; the facilitator
 * may write `meta`, apps/server SPEC [W9]) and downloads the report the server makes as PDF or
 * Word ([H8] `format=pdf|docx`), with the key in a header.
 */
export function DecisionReport({ boardId, boardKey, doc, title, locked }: { boardId: string; boardKey: string; doc: Y.Doc; title: string; locked: boolean }) {
  const t = useT()
  const [text, setText] = useState(() => String(metaOf(doc).get('summary') ?? ''))
  const dirty = useRef(false)
  const [busy, setBusy] = useState<ReportFormat | ''>('')
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')
  // another tab (or a restore) changed it: shown unless the facilitator is writing here
  useEffect(() => {
    const meta = metaOf(doc)
    const on = () => {
      if (!dirty.current) setText(String(meta.get('summary') ?? ''))
    }
    meta.observe(on)
    return () => meta.unobserve(on)
  }, [doc])
  const save = useCallback(
    (value: string) => {
      dirty.current = false
      // [R1] a locked board takes no change, not even the facilitator's (4423)
      if (locked) return
      const meta = metaOf(doc)
      const next = value.slice(0, SUMMARY_MAX)
      if ((meta.get('summary') ?? '') === next) return
      if (next.trim()) meta.set('summary', next)
      else meta.delete('summary')
      setStatus(t.reportSummarySaved)
    },
    [doc, locked, t],
  )
  // saved a moment after the last key
  useEffect(() => {
    if (!dirty.current) return
    const id = setTimeout(() => save(text), 800)
    return () => clearTimeout(id)
  }, [text, save])

  async function get(format: ReportFormat) {
    if (busy) return
    setBusy(format)
    setProblem('')
    setStatus('')
    try {
      if (dirty.current) save(text)
      // the report is made from what the server holds: the summary just written must be there
      await untilServerHas(boardId, boardKey, doc)
      const res = await fetch(`/api/boards/${encodeURIComponent(boardId)}/export?format=${format}&lang=${t.lang}`, {
        headers: { authorization: `Bearer ${boardKey}` },
      })
      if (!res.ok) {
        const body = await res.json().catch(() => ({}))
        throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
      }
      // the archive package is named by its id ([A1]); the reports after the title
      const packageName = format === 'archive' ? /filename="([A-Za-z0-9._-]+)"/.exec(res.headers.get('content-disposition') ?? '')?.[1] : undefined
      download(await res.blob(), packageName ?? `${fileBase(`${title} – ${t.reportTitle}`)}.${format === 'archive' ? 'zip' : format}`)
      setStatus(format === 'archive' ? t.reportArchiveDone : t.reportDone)
    } catch (e) {
      setProblem(t.reportFailed + errorText(t, e))
    } finally {
      setBusy('')
    }
  }

  return (
    <section aria-labelledby="tools-report" className="admin" data-admin="report">
      <h3 id="tools-report">{t.reportTitle}</h3>
      <label htmlFor="report-summary">{t.reportSummary}</label>
      <textarea
        id="report-summary"
        className="report-summary"
        rows={4}
        maxLength={SUMMARY_MAX}
        value={text}
        disabled={locked}
        aria-describedby="report-summary-hint"
        onChange={(e) => {
          dirty.current = true
          setText(e.target.value)
        }}
        onBlur={() => dirty.current && save(text)}
        data-report-summary
      />
      <p id="report-summary-hint" className="muted">
        {locked ? t.reportSummaryLocked : t.reportSummaryHint}
      </p>
      <div className="tools-downloads">
        <button type="button" onClick={() => get('pdf')} disabled={!!busy} aria-busy={busy === 'pdf'} data-report="pdf">
          {t.reportPdf}
        </button>
        <button type="button" onClick={() => get('docx')} disabled={!!busy} aria-busy={busy === 'docx'} data-report="docx">
          {t.reportDocx}
        </button>
        <button
          type="button"
          onClick={() => get('archive')}
          disabled={!!busy}
          aria-busy={busy === 'archive'}
          data-report="archive"
          aria-describedby="report-archive-hint"
        >
          {t.reportArchive}
        </button>
      </div>
      <p id="report-archive-hint" className="muted">
        {t.reportArchiveHint}
      </p>
      <p role="status" className="muted" data-report-status={busy || undefined}>
        {busy ? t.reportMaking : status}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  )
}
