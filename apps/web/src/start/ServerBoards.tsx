// Sign-in on the start page (apps/server SPEC [O1]–[O11]): who is signed in, signing in and out,
// and the boards and workshops the server keeps for a signed-in facilitator ("Mina tavlor").
import { useEffect, useState } from 'react'
import { ApiError } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'

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

async function getJson<T>(path: string): Promise<T> {
  const res = await fetch(path, { headers: { accept: 'application/json' } })
  const body = await res.json().catch(() => ({}))
  if (!res.ok) throw new ApiError(res.status, body?.error?.code ?? 'error', body?.error?.message ?? res.statusText)
  return body as T
}

/** Who is signed in; null until the server has answered (or when it does not). */
export function useMe(): Me | null {
  const [me, setMe] = useState<Me | null>(null)
  useEffect(() => {
    getJson<Me>('/api/me').then(setMe, () => setMe({ oidc: false, signedIn: false }))
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
  const signedIn = !!me?.signedIn
  // biome-ignore lint/correctness/useExhaustiveDependencies: `refresh` changes when something was created here
  useEffect(() => {
    if (!signedIn) return
    getJson<{ boards: ServerBoard[] }>('/api/me/boards').then(
      (r) => setBoards(r.boards),
      (e) => setError(errorText(t, e)),
    )
  }, [signedIn, refresh, t])
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
              {b.links.facilitator ? <a href={b.links.facilitator}>{b.title}</a> : <span>{b.title}</span>}{' '}
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
              </details>
            </li>
          ))}
        </ul>
      )}
    </section>
  )
}
