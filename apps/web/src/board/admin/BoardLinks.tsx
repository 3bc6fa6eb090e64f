// Every current link of the board for the facilitator, at any time (apps/server SPEC [H13]): the
// server derives them again from the board's key generations, so a restored board has them too.
import { useCallback, useEffect, useState } from 'react'
import { api, myBoards, rememberBoard, type Role } from '../../api.ts'
import { rememberBoardKey } from '../connection/boardKey.ts'
import { useT } from '../../i18n.ts'
import { errorText } from '../../ui/errorText.ts'
import { Confirm } from '../../ui/Confirm.tsx'
import { CopyLink } from '../../ui/CopyLink.tsx'

const ROLES: Role[] = ['participant', 'viewer', 'facilitator']

function LinkRow({ label, url, name, onReplace }: { label: string; url: string; name: Role; onReplace?: () => Promise<boolean> }) {
  const t = useT()
  const [busy, setBusy] = useState(false)
  return (
    <CopyLink label={label} url={url} name={name}>
      {onReplace && (
        <Confirm
          label={t.replaceLink}
          openerProps={{ 'data-replace': name, 'aria-label': `${t.replaceLink} ${label}` }}
          groupLabel={`${t.replaceLink} ${label}`}
          explain={name === 'facilitator' ? t.replaceFacilitatorExplain : t.replaceViewerExplain}
          confirmLabel={t.replaceLinkConfirm}
          busy={busy}
          onConfirm={() => (setBusy(true), onReplace().finally(() => setBusy(false)))}
        />
      )}
    </CopyLink>
  )
}

/** `tick` changes when a link was replaced elsewhere on the page (then the list is read again). */
export function BoardLinks({ boardId, boardKey, open, tick }: { boardId: string; boardKey: string; open: boolean; tick: number }) {
  const t = useT()
  const [links, setLinks] = useState<Record<Role, string | null> | null>(null)
  const [problem, setProblem] = useState('')
  const load = useCallback(() => {
    api.links(boardId, boardKey).then(
      (r) => (setLinks(r.links), setProblem('')),
      (e: unknown) => setProblem(t.failed + errorText(t, e)),
    )
  }, [boardId, boardKey, t])
  // biome-ignore lint/correctness/useExhaustiveDependencies: tick is the panel's "load again" signal
  useEffect(() => {
    if (open) load()
  }, [open, load, tick])
  const label: Record<Role, string> = { participant: t.linkParticipant, viewer: t.linkViewer, facilitator: t.linkFacilitator }
  // [H13] any role's link can be replaced; the participant's has its own card in the session tools.
  // A new facilitator link replaces this page's own key: the page goes on with the new one.
  const replace = (role: Role) => async (): Promise<boolean> => {
    try {
      const r = await api.replaceKey(boardId, boardKey, role)
      if (role === 'facilitator') {
        rememberBoardKey(boardId, r.key)
        const mine = myBoards().find((b) => b.id === boardId)
        if (mine) rememberBoard({ ...mine, keys: { ...mine.keys, facilitator: r.key }, links: { ...mine.links, facilitator: r.link } })
        location.replace(`/b/${encodeURIComponent(boardId)}`)
        return true
      }
      load()
      return true
    } catch (e) {
      setProblem(t.failed + errorText(t, e))
      return false
    }
  }
  return (
    <section aria-labelledby="admin-links" className="admin" data-admin="links">
      <h3 id="admin-links">{t.boardLinks}</h3>
      {!links && !problem && <p className="muted">{t.loading}</p>}
      {links &&
        ROLES.map((role) =>
          links[role] ? (
            <LinkRow key={role} label={label[role]} url={links[role]!} name={role} onReplace={role === 'participant' ? undefined : replace(role)} />
          ) : (
            <p key={role} className="muted" data-link-missing={role}>
              {label[role]}: {t.linkNotShown}
            </p>
          ),
        )}
      {problem && (
        <p role="alert" className="error">
          {problem}
        </p>
      )}
    </section>
  )
}
