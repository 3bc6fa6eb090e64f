// Restoring a snapshot onto the live board (apps/server SPEC [H18]), behind an inline
// confirmation: everyone on the board sees it at once, so it is never one click.
import { useRef, useState } from 'react'
import { api, type SnapshotInfo } from '../api.ts'
import { useT } from '../i18n.ts'

export function RestoreInPlace({ boardId, boardKey, snapshot, disabled, onDone }: { boardId: string; boardKey: string; snapshot: SnapshotInfo; disabled: boolean; onDone: () => void }) {
  const t = useT()
  const [asking, setAsking] = useState(false)
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')
  const opener = useRef<HTMLButtonElement>(null)

  async function restore() {
    setBusy(true)
    setProblem('')
    try {
      await api.restoreInPlace(boardId, boardKey, snapshot.id)
      setAsking(false)
      setStatus(t.restoredHere)
      onDone()
    } catch (e) {
      setProblem(t.failed + (e instanceof Error ? e.message : String(e)))
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      {!asking && (
        <button type="button" ref={opener} onClick={() => setAsking(true)} disabled={disabled} aria-label={t.snapshotRestoreHereOf(snapshot.name)} data-restore-here>
          {t.snapshotRestoreHere}
        </button>
      )}
      {asking && (
        <div className="admin-confirm" role="group" aria-label={t.snapshotRestoreHereOf(snapshot.name)}>
          <p>{t.restoreHereExplain}</p>
          <div className="admin-actions">
            <button type="button" className="primary" onClick={() => void restore()} disabled={busy} aria-busy={busy} autoFocus data-restore-here-confirm>
              {t.restoreHereConfirm}
            </button>
            <button
              type="button"
              onClick={() => {
                setAsking(false)
                setTimeout(() => opener.current?.focus())
              }}
              disabled={busy}
            >
              {t.cancel}
            </button>
          </div>
        </div>
      )}
      {(busy || status) && (
        <p role="status" className="muted admin-status">
          {busy ? t.restoringHere : status}
        </p>
      )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </>
  )
}
