import { useEffect, useState } from 'react'
import { api, ApiError, forgetBoard, type BoardMeta } from '../api.ts'
import { useT } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { boardIdentity, savedName, saveName } from './connection/identity.ts'
import { useBoardConnection } from './connection/useBoardConnection.ts'
import { Canvas } from './canvas/Canvas.tsx'
import { fatalText } from './connection/fatalText.ts'
import { boardDevice } from '../device/device.ts'

export function BoardPage({ boardId, boardKey }: { boardId: string; boardKey: string }) {
  const t = useT()
  const [meta, setMeta] = useState<BoardMeta | null>(null)
  const [error, setError] = useState('')
  const [name, setName] = useState(savedName)
  const [joined, setJoined] = useState(false)
  const [license, setLicense] = useState<string | undefined>()

  useEffect(() => {
    api.board(boardId, boardKey).then(
      (m) => {
        setMeta(m)
        document.title = `${m.title} – tavla`
        // Returning people go straight in; viewers need no name.
        if (savedName() || m.role === 'viewer') setJoined(true)
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
        setError(status === 404 ? t.errNotFound : status === 401 ? t.errKey : String((e as Error).message))
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
  useEffect(() => {
    if (!wantsIdentity) return
    let live = true
    boardIdentity(boardId, boardKey, (name || savedName()).trim()).then(
      (r) => live && setIdentity(r.token),
      () => live && setIdentity(null),
    )
    return () => {
      live = false
    }
  }, [wantsIdentity, boardId, boardKey])
  const connection = useBoardConnection(
    boardId,
    boardKey,
    joined && !!meta && (meta.role === 'viewer' || identity !== undefined),
    meta?.role !== 'viewer',
    identity ?? null,
  )

  if (error) return <Message text={error} />
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
  return <Canvas meta={meta} boardKey={boardKey} connection={connection} name={name || savedName() || t.roleViewer} licenseKey={license} />
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
