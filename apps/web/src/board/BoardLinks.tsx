// Every current link of the board for the facilitator, at any time (apps/server SPEC [H13]): the
// server derives them again from the board's key generations, so a restored board has them too.
import { useCallback, useEffect, useId, useState } from 'react'
import { api, type Role } from '../api.ts'
import { useT } from '../i18n.ts'
import { useCopy } from '../useCopy.ts'

const ROLES: Role[] = ['participant', 'viewer', 'facilitator']

function LinkRow({ label, url, name }: { label: string; url: string; name: string }) {
  const t = useT()
  const id = useId()
  const { copied, copy } = useCopy(url, id)
  return (
    <div className="admin-link">
      <label htmlFor={id}>{label}</label>
      <div className="admin-link-row">
        <input id={id} readOnly value={url} onFocus={(e) => e.target.select()} data-link={name} />
        <button type="button" onClick={copy}>
          {copied ? t.copied : t.copy}
        </button>
      </div>
    </div>
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
      (e: unknown) => setProblem(t.failed + (e instanceof Error ? e.message : String(e))),
    )
  }, [boardId, boardKey, t])
  useEffect(() => {
    if (open) load()
  }, [open, load, tick])
  const label: Record<Role, string> = { participant: t.linkParticipant, viewer: t.linkViewer, facilitator: t.linkFacilitator }
  return (
    <section aria-labelledby="admin-links" className="admin" data-admin="links">
      <h3 id="admin-links">{t.boardLinks}</h3>
      {!links && !problem && <p className="muted">{t.loading}</p>}
      {links &&
        ROLES.map((role) =>
          links[role] ? (
            <LinkRow key={role} label={label[role]} url={links[role]!} name={role} />
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
