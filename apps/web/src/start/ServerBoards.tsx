// Sign-in on the start page (apps/server SPEC [O1]–[O11]): who is signed in, signing in and out,
// and the boards and workshops the server keeps for a signed-in facilitator ("Mina tavlor").
import { useEffect, useRef, useState } from 'react'
import { ApiError, myBoards, mySessions } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'
import { Confirm } from '../ui/Confirm.tsx'

/** [O8] */
export interface Me {
  oidc: boolean
  signedIn: boolean
  name?: string | null
  email?: string | null
  facilitator?: boolean
}

type Links = { facilitator: string | null; participant: string | null; viewer: string | null }
/** [O11] */
export interface ServerBoard {
  id: string
  kind: 'board' | 'session'
  title: string
  createdAt: string
  role: 'owner' | 'co-facilitator'
  links: Links
}

async function getJson<T>(path: string, init: RequestInit = {}): Promise<T> {
  const res = await fetch(path, { ...init, headers: { accept: 'application/json', ...(init.headers as Record<string, string>) } })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
  return body as T
}

/** [O8] Who is signed in on this server. */
export const fetchMe = (): Promise<Me> => getJson<Me>('/api/me')

/** The name of whoever is signed in on this server ([O8]), if anyone is. */
const signedInName = (): Promise<string | null> =>
  fetchMe().then(
    (me) => (me.signedIn ? me.name || me.email || null : null),
    () => null,
  )

/**
 * [O15] A facilitator on a board or session page on their sign-in (another computer, no name
 * kept) goes by the name they signed in with: `asking` while the server is asked (the name
 * prompt waits), then `join` with the name if someone is signed in.
 */
export function joinOnSignIn(asking: (on: boolean) => void, join: (name: string) => void): void {
  asking(true)
  void signedInName().then((n) => {
    if (n) join(n)
    asking(false)
  })
}

/** Who is signed in; null until the server has answered (or when it does not). */
export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    fetchMe().then(setMe, () => setMe({ oidc: false, signedIn: false }))
  }, [])
  return me
}

/** In the top bar: "Logga in", or who is signed in and a sign-out form (a POST, [O7]). */
export function SignInBar({ me }: { me: Me | null }) {
  const t = useT()
  if (!me?.oidc) return null
  if (!me.signedIn) {
    const returnTo = `${location.pathname}${location.search}`
    return (
      <a className="button" href={`/auth/login?returnTo=${encodeURIComponent(returnTo)}`} data-sign-in>
        {t.signIn}
      </a>
    )
  }
  return (
    <form method="post" action="/auth/logout" className="sign-in-bar" data-signed-in>
      <span>{t.signedInAs(me.name || me.email || '')}</span>{' '}
      <button type="submit" data-sign-out>
        {t.signOut}
      </button>
    </form>
  )
}

/** [O11] "Mina tavlor": the signed-in facilitator's boards and workshops, from the server. */
export function ServerBoards({ me, refresh }: { me: Me | null; refresh: unknown }) {
  const t = useT()
  const [boards, setBoards] = useState<ServerBoard[] | null>(null)
  const [error, setError] = useState('')
  const [again, setAgain] = useState(0)
  const signedIn = !!me?.signedIn
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` changes when something was created here
  useEffect(() => {
    if (!signedIn) return
    getJson<{ boards: ServerBoard[] }>('/api/me/boards').then(
      (r) => setBoards(r.boards),
      (e) => setError(errorText(t, e)),
    )
  }, [signedIn, refresh, again, t])
  if (!me?.oidc) return null
  if (!signedIn)
    return (
      <section className="card" aria-labelledby="server-boards-title">
        <h2 id="server-boards-title">{t.serverBoards}</h2>
        <p>{t.signInToCreate}</p>
        <SignInBar me={me} />
      </section>
    )
  return (
    <section className="card" aria-labelledby="server-boards-title" data-server-boards>
      <h2 id="server-boards-title">{t.serverBoards}</h2>
      <p className="muted">{t.serverBoardsHint}</p>
      {me.facilitator === false && <p role="note">{t.notFacilitatorHint}</p>}
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      {boards && boards.length === 0 && <p>{t.noServerBoards}</p>}
      {boards && boards.length > 0 && (
        <ul className="mine">
          {boards.map((b) => (
            <li key={b.id} data-server-board={b.id} data-kind={b.kind}>
              {/* [O15] opened on the sign-in alone: no key in the address */}
              <a href={`/${b.kind === 'session' ? 's' : 'b'}/${encodeURIComponent(b.id)}`}>{b.title}</a>{' '}
              <span className="muted">
                {b.kind === 'session' ? t.serverKindSession : t.serverKindBoard} · {new Date(b.createdAt).toLocaleString(t.locale)}
                {b.role === 'co-facilitator' ? ` · ${t.serverSharedWithYou}` : ''}
              </span>
              <details>
                <summary>{t.serverLinks}</summary>
                <ul>
                  {(['facilitator', 'participant', 'viewer'] as const).map((role) =>
                    b.links[role] ? (
                      <li key={role}>
                        {role === 'facilitator' ? t.linkFacilitator : role === 'participant' ? t.linkParticipant : t.linkViewer}:{' '}
                        <input readOnly value={b.links[role] ?? ''} aria-label={`${b.title}: ${role}`} data-link={role} onFocus={(e) => e.target.select()} />
                      </li>
                    ) : null,
                  )}
                </ul>
                <Facilitators board={b} onLeft={() => setAgain((n) => n + 1)} />
              </details>
            </li>
          ))}
        </ul>
      )}
      {boards && <AttachLocal known={new Set(boards.map((b) => b.id))} onAttached={() => setAgain((n) => n + 1)} />}
    </section>
  )
}

/** [O13] One of those who facilitate a board by sign-in, as the asker sees them. */
interface Facilitator {
  accountId: string
  role: 'owner' | 'co-facilitator'
  name: string | null
  email: string | null
  you?: boolean
  removable?: boolean
}

/**
 * [O12][O13] Under "Länkar": who facilitates the board (owner, co-facilitators), a "Ta bort" for
 * each one the server says the asker may take off (confirmed first), and the share form. Loaded
 * when the "Länkar" part is first opened.
 */
function Facilitators({ board, onLeft }: { board: ServerBoard; onLeft: () => void }) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  const heading = useRef<HTMLHeadingElement>(null)
  const [open, setOpen] = useState(false)
  const [list, setList] = useState<Facilitator[] | null>(null)
  const [error, setError] = useState('')
  const [said, setSaid] = useState('')
  const [busy, setBusy] = useState(false)
  const url = `/api/boards/${encodeURIComponent(board.id)}/facilitators`
  useEffect(() => {
    const details = ref.current?.closest('details')
    if (!details) return setOpen(true)
    const toggled = () => details.open && setOpen(true)
    toggled()
    details.addEventListener('toggle', toggled)
    return () => details.removeEventListener('toggle', toggled)
  }, [])
  useEffect(() => {
    if (!open) return
    getJson<{ accounts: Facilitator[] }>(url).then(
      (r) => setList(r.accounts),
      (e) => setError(errorText(t, e)),
    )
  }, [open, url, t])
  const who = (a: Facilitator) => (a.name && a.email ? `${a.name} (${a.email})` : a.name || a.email || a.accountId)
  async function remove(a: Facilitator): Promise<boolean> {
    setBusy(true)
    setError('')
    setSaid('')
    try {
      await getJson(`${url}/${encodeURIComponent(a.accountId)}`, { method: 'DELETE' })
      if (a.you) {
        onLeft() // the board leaves "Mina tavlor"
        return true
      }
      setList((await getJson<{ accounts: Facilitator[] }>(url)).accounts)
      setSaid(t.facilitatorRemoved(who(a)))
      heading.current?.focus() // the button is gone with its row: focus stays in the part
      return true
    } catch (err) {
      setError(errorText(t, err))
      return false
    } finally {
      setBusy(false)
    }
  }
  const titleId = `facilitators-${board.id}`
  return (
    <div ref={ref} className="facilitators" data-facilitators={board.id}>
      <h3 id={titleId} ref={heading} tabIndex={-1}>
        {t.facilitatorsTitle}
      </h3>
      {list && (
        <ul aria-labelledby={titleId}>
          {list.map((a) => (
            <li key={a.accountId} data-facilitator={a.email ?? a.accountId} data-role={a.role}>
              <span>{who(a)}</span>{' '}
              <span className="muted">
                {a.role === 'owner' ? t.facilitatorOwner : t.facilitatorCo}
                {a.you ? ` · ${t.facilitatorYou}` : ''}
              </span>{' '}
              {a.removable && a.role !== 'owner' && (
                <Confirm
                  label={t.facilitatorRemove}
                  openerProps={{
                    'aria-label': a.you ? t.facilitatorRemoveSelfLabel : t.facilitatorRemoveLabel(who(a)),
                    'data-remove-facilitator': a.email ?? a.accountId,
                  }}
                  explain={a.you ? t.facilitatorRemoveSelfExplain(board.title) : t.facilitatorRemoveExplain(who(a), board.title)}
                  explainId={`remove-${board.id}-${a.accountId}`}
                  groupLabel={a.you ? t.facilitatorRemoveSelfLabel : t.facilitatorRemoveLabel(who(a))}
                  confirmLabel={t.facilitatorRemoveConfirm}
                  confirmProps={{ 'data-confirm-remove': a.email ?? a.accountId }}
                  busy={busy}
                  onConfirm={() => remove(a)}
                />
              )}
            </li>
          ))}
        </ul>
      )}
      <p aria-live="polite" className="muted">
        {said}
      </p>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <ShareForm board={board} onShared={setList} />
    </div>
  )
}

/** [O13] Share a board or workshop with a colleague by the e-mail they sign in with. */
function ShareForm({ board, onShared }: { board: ServerBoard; onShared: (accounts: Facilitator[]) => void }) {
  const t = useT()
  const [email, setEmail] = useState('')
  const [said, setSaid] = useState('')
  const [error, setError] = useState('')
  const id = `share-${board.id}`
  async function share(e: React.FormEvent) {
    e.preventDefault()
    setSaid('')
    setError('')
    try {
      const { accounts } = await getJson<{ accounts: Facilitator[] }>(`/api/boards/${encodeURIComponent(board.id)}/facilitators`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: email.trim() }),
      })
      onShared(accounts)
      setSaid(t.sharedWith(email.trim()))
      setEmail('')
    } catch (err) {
      setError(errorText(t, err))
    }
  }
  return (
    <form onSubmit={share} className="share-form" data-share={board.id}>
      <label htmlFor={id}>{t.shareLabel}</label>{' '}
      <input id={id} type="email" autoComplete="off" required value={email} onChange={(e) => setEmail(e.target.value)} />{' '}
      <button type="submit">{t.shareButton}</button>
      {said && <output aria-live="polite">{said}</output>}
      {error && (
        <span className="error" role="alert">
          {error}
        </span>
      )}
    </form>
  )
}

/** [O14] Boards and workshops this browser remembers that are not in "Mina tavlor": attach them. */
function AttachLocal({ known, onAttached }: { known: Set<string>; onAttached: () => void }) {
  const t = useT()
  const [error, setError] = useState('')
  const local = [
    ...mySessions().map((s) => ({ id: s.id, title: s.title, key: s.keys.facilitator })),
    ...myBoards().map((b) => ({ id: b.id, title: b.title, key: b.keys.facilitator })),
  ].filter((x) => x.key && !known.has(x.id))
  if (!local.length) return null
  async function attach(id: string, key: string) {
    setError('')
    try {
      await getJson(`/api/boards/${encodeURIComponent(id)}/attach`, { method: 'POST', headers: { authorization: `Bearer ${key}` } })
      onAttached()
    } catch (err) {
      setError(errorText(t, err))
    }
  }
  return (
    <div data-attach-local>
      <h3>{t.attachTitle}</h3>
      <ul className="mine">
        {local.map((x) => (
          <li key={x.id}>
            {x.title}{' '}
            <button type="button" onClick={() => attach(x.id, x.key)} aria-label={t.attachButton(x.title)} data-attach={x.id}>
              {t.attachShort}
            </button>
          </li>
        ))}
      </ul>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
    </div>
  )
}

/**
 * [O14] On a board opened with its facilitator link while signed in: when the board is not in
 * "Mina tavlor", an offer to attach it to the account.
 */
export function AttachOffer({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const t = useT()
  const [state, setState] = useState<'hidden' | 'offer' | 'done'>('hidden')
  const [error, setError] = useState('')
  useEffect(() => {
    let live = true
    ;(async () => {
      const me = await fetchMe()
      if (!me.signedIn) return
      const { boards } = await getJson<{ boards: ServerBoard[] }>('/api/me/boards')
      if (live && !boards.some((b) => b.id === boardId)) setState('offer')
    })().catch(() => {})
    return () => {
      live = false
    }
  }, [boardId])
  if (state === 'hidden') return null
  async function attach() {
    setError('')
    try {
      await getJson(`/api/boards/${encodeURIComponent(boardId)}/attach`, { method: 'POST', headers: { authorization: `Bearer ${boardKey}` } })
      setState('done')
    } catch (err) {
      setError(errorText(t, err))
    }
  }
  return (
    <div
      role="status"
      data-attach-offer
      style={{
        position: 'fixed',
        left: 12,
        bottom: 12,
        zIndex: 1000,
        maxWidth: 380,
        padding: '8px 12px',
        background: 'Canvas',
        color: 'CanvasText',
        border: '1px solid GrayText',
        borderRadius: 8,
      }}
    >
      {state === 'done' ? (
        t.attachDone
      ) : (
        <>
          {t.attachOffer}{' '}
          <button type="button" onClick={attach} data-attach-board>
            {t.attachShort}
          </button>{' '}
          <button type="button" onClick={() => setState('hidden')}>
            {t.attachLater}
          </button>
        </>
      )}
      {error && (
        <span className="error" role="alert">
          {' '}
          {error}
        </span>
      )}
    </div>
  )
}
