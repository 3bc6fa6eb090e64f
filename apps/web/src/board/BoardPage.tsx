import { useEffect, useRef, useState, type ReactNode } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { api, ApiError, forgetBoard, myBoards, type BoardMeta } from '../api.ts'
import { useT } from '../i18n.ts'
import { errorText } from '../ui/errorText.ts'
import { boardIdentity, savedName } from './connection/identity.ts'
import { JoinForm } from './JoinForm.tsx'
import { useBoardConnection } from './connection/useBoardConnection.ts'
import { fatalText } from './connection/fatalText.ts'
import { boardDevice } from '../device/device.ts'
import { dropStaleKey } from './connection/boardKey.ts'
import { Message } from '../ui/Message.tsx'
import { AttachOffer, joinOnSignIn } from '../start/ServerBoards.tsx'
import { preloadBoardFonts } from './fontPreload.ts'

// The canvas (tldraw, most of the page's bytes) is its own chunk: the name prompt shows before it
// has arrived, and asking for it when a board opens starts its download while the person types
// (issue 16); the start page, which has this module in its script too, never asks for it.
type CanvasModule = typeof import('./canvas/Canvas.tsx')
let canvasModule: CanvasModule | undefined
let canvasLoading: Promise<CanvasModule> | undefined
const loadCanvas = () =>
  (canvasLoading ??= import('./canvas/Canvas.tsx').then(
    (m) => (canvasModule = m),
    (err) => {
      canvasLoading = undefined // a dropped connection: the next try asks again
      throw err
    },
  ))

/**
 * The canvas once its chunk is here, asked for on mount. Not React.lazy: React holds a Suspense
 * boundary's content back until 300 ms after it showed the fallback, and on a warm start the
 * chunk is there within a few milliseconds of the doc, so that wait was a third of the start
 * (issue 16). A failed download is tried again every 2 s.
 */
function useCanvas(): CanvasModule['Canvas'] | undefined {
  const [mod, setMod] = useState(canvasModule)
  useEffect(() => {
    if (mod) return
    let live = true
    let retry: ReturnType<typeof setTimeout> | undefined
    const get = () =>
      loadCanvas().then(
        (m) => live && setMod(m),
        () => live && (retry = setTimeout(get, 2_000)),
      )
    get()
    return () => {
      live = false
      clearTimeout(retry)
    }
  }, [mod])
  return mod?.Canvas
}

/** The facilitator of a board created on this device (the start page asked their name). */
const mine = (boardId: string, role: BoardMeta['role'] | undefined) => role === 'facilitator' && myBoards().some((b) => b.id === boardId)

/**
 * Who goes straight in, without the name prompt: returning people (a name kept), viewers, the
 * facilitator who created the board on this device (the start page asked their name, issue 13),
 * anyone in a session (its page asked once).
 */
const straightIn = (boardId: string, role: BoardMeta['role'] | undefined, embedded: boolean) =>
  embedded || !!savedName() || role === 'viewer' || mine(boardId, role)

/**
 * A board shown as one exercise of a session (session/SessionPage.tsx): the person gave their
 * name once for the session, and the session's identity holds on every exercise board ([SE6]).
 */
export interface BoardEmbed {
  /** The session's identity token; null when there is none (a viewer, or the server was away). */
  identity: string | null
  name: string
  /** What the banner of a closed exercise says instead of the usual sentence. */
  closedNote?: string
  /** At the end of the list view: the session's agenda. */
  list?: ReactNode
  /**
   * Told the board's editor and doc once they are there (the session's package draws the exercise
   * shown; the session page reads its facilitation state, e.g. whether its vote is open).
   */
  onEditor?: (editor: Editor, doc: Y.Doc) => void
}

export function BoardPage({ boardId, boardKey, embed }: { boardId: string; boardKey: string; embed?: BoardEmbed }) {
  const t = useT()
  const [meta, setMeta] = useState<BoardMeta | null>(null)
  // why the board did not open: an HTTP status and the error, put in words when shown ([E1])
  const [error, setError] = useState<{ status: number; cause: unknown } | null>(null)
  const [name, setName] = useState(savedName)
  // Issue 16: a device that was on this board before knows its role there and goes in as it did
  // then, opening the board's copy and socket while the board info is on its way (the info still
  // decides: a different role starts the connection again).
  const knownRole = useRef((boardDevice.get('role', boardId) as BoardMeta['role'] | null) ?? undefined).current
  const [joined, setJoined] = useState(() => !!knownRole && straightIn(boardId, knownRole, !!embed))
  const [license, setLicense] = useState<string | undefined>()
  const embedded = !!embed
  // [O15] whether the sign-in's name is being asked for (the name prompt waits for the answer)
  const [askingSignIn, setAskingSignIn] = useState(false)

  const Canvas = useCanvas()

  useEffect(() => {
    api.board(boardId, boardKey).then(
      (m) => {
        setMeta(m)
        if (!embedded) document.title = `${m.title} – tavla`
        if (straightIn(boardId, m.role, embedded)) setJoined(true)
        // [O15] a facilitator here on their sign-in (another computer) goes by the name they signed in with
        else if (m.role === 'facilitator')
          joinOnSignIn(setAskingSignIn, (n) => {
            setName(n)
            setJoined(true)
          })
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
        // [O15] a kept key replaced since, while the sign-in opens the board: go on without it
        if (status === 401 && !embedded)
          return void dropStaleKey(boardId, boardKey, () => api.board(boardId, '').then((m) => m.role === 'facilitator')).then((dropped) =>
            dropped ? location.reload() : setError({ status, cause: e }),
          )
        setError({ status, cause: e })
      },
    )
    api.config().then(
      (c) => setLicense(c.tldrawLicenseKey),
      () => {},
    )
  }, [boardId, boardKey, embedded])

  useEffect(() => {
    if (meta?.role) boardDevice.set('role', boardId, meta.role)
  }, [meta, boardId])

  // [K3] the identity the server signs for this person on this board: votes, private notes and
  // the author of their notes hang on it (none for viewers; without one the page still works)
  const [identity, setIdentity] = useState<string | null | undefined>(undefined)
  const role = meta?.role ?? knownRole
  const wantsIdentity = !embed && joined && !!role && role !== 'viewer'
  // A facilitator on their own board who gave no name goes by their role (in the page's language at the start).
  const roleName = useRef(t.roleFacilitator).current
  const identityName = (name || savedName() || (mine(boardId, role) ? roleName : '')).trim()
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
  const token = embed ? embed.identity : identity
  const connection = useBoardConnection(boardId, boardKey, joined && !!role && (role === 'viewer' || token !== undefined), role !== 'viewer', token ?? null)
  const ready = !!connection?.ready
  const doc = connection?.doc
  useEffect(() => {
    if (ready && doc) preloadBoardFonts(doc)
  }, [ready, doc])

  if (error) return <Message text={error.status === 404 ? t.errNotFound : error.status === 401 ? t.errKey : errorText(t, error.cause)} />
  if (!meta) return <Message text={t.loading} busy />
  if (!joined && askingSignIn) return <Message text={t.loading} busy />
  if (!joined) {
    return (
      <JoinForm
        heading={`${t.joinTitle}: ${meta.title}`}
        onJoin={(n) => {
          setName(n)
          setJoined(true)
        }}
      />
    )
  }
  if (!connection) return <Message text={t.loading} busy />
  // (a board the server no longer has, once open: the canvas says so in a dialog, [H15])
  if (connection.fatal && !connection.ready) return <Message text={fatalText(t, connection.fatal)} />
  if (!connection.ready || !Canvas) return <Message text={t.loading} busy />
  return (
    <>
      {/* [O14] signed in with an old facilitator link: offer to attach the board to the account */}
      {!embed && meta.role === 'facilitator' && <AttachOffer boardId={boardId} boardKey={boardKey} />}
      <Canvas
        meta={meta}
        boardKey={boardKey}
        connection={connection}
        name={embed ? embed.name : name || savedName() || (mine(boardId, meta.role) ? roleName : t.roleViewer)}
        licenseKey={license}
        session={embed && { identity: embed.identity?.split('.')[0], closedNote: embed.closedNote, list: embed.list, onEditor: embed.onEditor }}
      />
    </>
  )
}
