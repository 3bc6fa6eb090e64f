// Restoring a snapshot onto the live board (apps/server SPEC [H18]), behind an inline
// confirmation: everyone on the board sees it at once, so it is never one click.
import { useState } from 'react'
import { api, type SnapshotInfo } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { errorText } from '../../ui/errorText.ts'
import { Confirm } from '../../ui/Confirm.tsx'

export function RestoreInPlace({
  boardId,
  boardKey,
  snapshot,
  disabled,
  onDone,
}: {
  boardId: string
  boardKey: string
  snapshot: SnapshotInfo
  disabled: boolean
  onDone: () => void
}) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')

  async function restore(): Promise<boolean> {
    setBusy(true)
    setProblem('')
    try {
      await api.restoreInPlace(boardId, boardKey, snapshot.id)
      setStatus(t.restoredHere)
      onDone()
      return true
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
      return false
    } finally {
      setBusy(false)
    }
  }

  return (
    <>
      <Confirm
        label={t.snapshotRestoreHere}
        openerProps={{ disabled, 'aria-label': t.snapshotRestoreHereOf(snapshot.name), 'data-restore-here': true }}
        groupLabel={t.snapshotRestoreHereOf(snapshot.name)}
        explain={t.restoreHereExplain}
        confirmLabel={t.restoreHereConfirm}
        confirmProps={{ 'data-restore-here-confirm': true }}
        busy={busy}
        onConfirm={restore}
      />
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
