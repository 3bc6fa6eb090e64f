import { lazy, Suspense, useEffect, useRef, useState } from 'react'
import { api, ApiError, forgetBoard, myBoards, type BoardMeta } from '../api.ts'
import { useT } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { errorText } from '../ui/errorText.ts'
import { boardIdentity, savedName, saveName } from './connection/identity.ts'
import { useBoardConnection } from './connection/useBoardConnection.ts'
import { fatalText } from './connection/fatalText.ts'
import { boardDevice } from '../device/device.ts'

// The canvas (tldraw, most of the page's bytes) is its own chunk: the name prompt shows before it
// has arrived, and asking for it here starts its download while the person types (issue 16).
const loadCanvas = () => import('./canvas/Canvas.tsx')
const Canvas = lazy(() => loadCanvas().then((m) => ({ default: m.Canvas })))
if (typeof window !== 'undefined') void loadCanvas()

/** The facilitator of a board created on this device (the start page asked their name). */
const mine = (m: BoardMeta | null) => m?.role === 'facilitator' && myBoards().some((b) => b.id === m.id)

export function BoardPage({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const t = useT()
  const [meta, setMeta] = useState<BoardMeta | null>(null)
  // why the board did not open: an HTTP status and the error, put in words when shown ([E1])
  const [error, setError] = useState<{ status: number; cause: unknown } | null>(null)
  const [name, setName] = useState(savedName)
  const [joined, setJoined] = useState(false)
  const [license, setLicense] = useState<string | undefined>()

  useEffect(() => {
    api.board(boardId, boardKey).then(
      (m) => {
        setMeta(m)
        document.title = `${m.title} – tavla`
        // Returning people go straight in; viewers need no name; nor does the facilitator who
        // created the board on this device (the start page asked their name, issue 13).
        if (savedName() || m.role === 'viewer' || mine(m)) setJoined(true)
      },
      (e: unknown) => {
        const status = e instanceof ApiError ? e.status : 0
        // Offline with a copy on this device: go on with it.
        if (!status && !navigator.onLine) {
          setMeta({
            id: boardId,
            title: 'tavla',
            template: '',
            createdAt: '',
            role: (boardDevice.get('role', boardId) as BoardMeta['role'] | null) ?? 'participant',
          })
          setJoined(true)
          return
        }
        // A board the server no longer has leaves nothing on this device either.
        if (status === 404) forgetBoard(boardId)
        setError({ status, cause: e })
      },
    )
    api.config().then(
      (c) => setLicense(c.tldrawLicenseKey),
      () => {},
    )
  }, [boardId, boardKey])

  useEffect(() => {
    if (meta?.role) boardDevice.set('role', boardId, meta.role)
  }, [meta, boardId])

  // [K3] the identity the server signs for this person on this board: votes, private notes and
  // the author of their notes hang on it (none for viewers; without one the page still works)
  const [identity, setIdentity] = useState<string | null | undefined>(undefined)
  const wantsIdentity = joined && !!meta && meta.role !== 'viewer'
  // A facilitator on their own board who gave no name goes by their role (in the page's language at the start).
  const roleName = useRef(t.roleFacilitator).current
  const identityName = (name || savedName() || (mine(meta) ? roleName : '')).trim()
  useEffect(() => {
    if (!wantsIdentity) return
    let live = true
    boardIdentity(boardId, boardKey, identityName).then(
      (r) => live && setIdentity(r.token),
      () => live && setIdentity(null),
    )
    return () => {
      live = false
    }
  }, [wantsIdentity, boardId, boardKey, identityName])
  const connection = useBoardConnection(
    boardId,
    boardKey,
    joined && !!meta && (meta.role === 'viewer' || identity !== undefined),
    meta?.role !== 'viewer',
    identity ?? null,
  )

  if (error) return <Message text={error.status === 404 ? t.errNotFound : error.status === 401 ? t.errKey : errorText(t, error.cause)} />
  if (!meta) return <Message text={t.loading} busy />
  if (!joined) {
    return (
      <div className="page join">
        <header className="topbar">
          <h1 className="brand">tavla</h1>
          <LanguageSwitch />
        </header>
        <main>
          <form
            className="card"
            onSubmit={(e) => {
              e.preventDefault()
              if (!name.trim()) return
              saveName(name.trim())
              setJoined(true)
            }}
          >
            <h2>
              {t.joinTitle}: {meta.title}
            </h2>
            <label className="field">
              <span>{t.yourName}</span>
              <input name="name" autoFocus required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-hint" />
            </label>
            <p id="name-hint" className="muted">
              {t.yourNameHint}
            </p>
            <button className="primary" type="submit">
              {t.join}
            </button>
          </form>
        </main>
      </div>
    )
  }
  if (!connection) return <Message text={t.loading} busy />
  if (connection.fatal && !connection.ready) return <Message text={fatalText(t, connection.fatal)} />
  if (!connection.ready) return <Message text={t.loading} busy />
  return (
    <Suspense fallback={<Message text={t.loading} busy />}>
      <Canvas
        meta={meta}
        boardKey={boardKey}
        connection={connection}
        name={name || savedName() || (mine(meta) ? roleName : t.roleViewer)}
        licenseKey={license}
      />
    </Suspense>
  )
}

function Message({ text, busy }: { text: string; busy?: boolean }) {
  const t = useT()
  return (
    <div className="page message">
      <main className="card" role={busy ? 'status' : 'alert'} aria-busy={busy}>
        <p>{text}</p>
        {!busy && <a href="/">{t.back}</a>}
      </main>
    </div>
  )
}
