// The facilitator's trash (apps/server SPEC [T2] [T3]): notes that left the board, newest first,
// with who wrote them and who removed them when (not on anonymous boards), and a button that
// puts one back where it was, with its author.
import { useCallback, useEffect, useState } from 'react'
import { api, type TrashEntry } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { errorText } from '../../ui/errorText.ts'

/** While the tools are open the list follows deletions on the board without a click. */
const REFRESH_MS = 10_000

export function Trash({ boardId, boardKey, open, onChange }: { boardId: string; boardKey: string; open: boolean; onChange: () => void }) {
  const t = useT()
  const [entries, setEntries] = useState<TrashEntry[] | null>(null)
  const [busy, setBusy] = useState('')
  const [status, setStatus] = useState('')
  const [problem, setProblem] = useState('')

  const load = useCallback(async () => {
    setBusy((b) => b || 'list')
    try {
      setEntries(await api.trash(boardId, boardKey))
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
    } finally {
      setBusy((b) => (b === 'list' ? '' : b))
    }
  }, [boardId, boardKey, t])
  useEffect(() => {
    if (!open) return
    void load()
    const id = setInterval(() => void load(), REFRESH_MS)
    return () => clearInterval(id)
  }, [open, load])

  async function restore(e: TrashEntry) {
    if (busy && busy !== 'list') return
    setBusy(e.noteId)
    setProblem('')
    setStatus('')
    try {
      const r = await api.restoreFromTrash(boardId, boardKey, e.noteId)
      setStatus(r.restored ? t.trashRestored : t.trashAlreadyBack)
      onChange()
      await load()
    } catch (err) {
      setProblem(t.failed + errorText(t, err))
    } finally {
      setBusy('')
    }
  }

  const when = (iso: string) => {
    const d = new Date(iso)
    const today = d.toDateString() === new Date().toDateString()
    return d.toLocaleString(t.locale, today ? { timeStyle: 'short' } : { dateStyle: 'short', timeStyle: 'short' })
  }
  const who = (e: TrashEntry) => {
    const by = e.deletedBy
    if (!by) return t.trashDeleted
    return t.trashDeletedBy(by.name || t.trashRoles[by.role ?? ''] || t.trashRoles.participant!)
  }

  return (
    <section aria-labelledby="admin-trash" className="admin" data-admin="trash">
      <div className="admin-item-head">
        <h3 id="admin-trash">{t.trashTitle}</h3>
        <button
          type="button"
          className="admin-small"
          onClick={() => void load()}
          disabled={busy === 'list'}
          aria-busy={busy === 'list'}
          aria-label={`${t.refresh}: ${t.trashTitle}`}
        >
          {t.refresh}
        </button>
      </div>
      <p className="muted">{t.trashHint}</p>
      <p role="status" className="muted admin-status">
        {busy === 'list' && !entries ? t.trashLoading : busy && busy !== 'list' ? t.trashRestoring : status}
      </p>
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
      {entries && entries.length === 0 && <p className="muted">{t.trashEmpty}</p>}
      {entries && entries.length > 0 && (
        <ul className="admin-list" aria-labelledby="admin-trash">
          {entries.map((e) => (
            <li key={e.noteId} data-trash={e.noteId}>
              <div className="admin-item-head">
                <span className="admin-name" data-trash-text>
                  {e.text || t.trashNoText}
                </span>
              </div>
              <div className="admin-item-head muted">
                {e.author?.name && <span data-trash-author>{t.trashAuthor(e.author.name)}</span>}
                <span data-trash-deleted>
                  {who(e)} <time dateTime={e.deletedAt}>{when(e.deletedAt)}</time>
                </span>
              </div>
              <div className="admin-actions">
                <button
                  type="button"
                  onClick={() => void restore(e)}
                  disabled={!!busy && busy !== 'list'}
                  aria-busy={busy === e.noteId}
                  aria-label={t.trashRestoreOf(e.text || t.trashNoText)}
                  data-trash-restore
                >
                  {t.trashRestore}
                </button>
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
