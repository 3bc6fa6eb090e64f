import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import 'tldraw/tldraw.css'
import {
  Tldraw,
  atom,
  computed,
  createTLStore,
  react,
  createUserId,
  defaultBindingUtils,
  defaultShapeUtils,
  DefaultColorStyle,
  UserRecordType,
  type Editor,
  type TLRecord,
  type TLShape,
  type TLUser,
} from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import svMessages from '@tldraw/assets/translations/sv.json' with { type: 'json' }
import { bindPresence, bindStore, schemaStatus } from '@tavla/tldraw-yjs'
import { facilitationOf, metaOf, readFacilitation } from '@tavla/board'
import type { BoardMeta } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { colorFor, userId } from '../connection/identity.ts'
import type { BoardConnection } from '../connection/useBoardConnection.ts'
import { TopBar } from './TopBar.tsx'
import { BoardContext, closedFor, mayWrite, useFacilitation } from '../BoardContext.ts'
import { RefusedBanner } from '../connection/Refused.tsx'
import { ListView, trackDeviceNotes } from '../list/ListView.tsx'
import { CanvasOverlays } from '../reactions/Reactions.tsx'
import { TAVLA_TOOLS } from '../voting/Voting.tsx'
import { ShapeFallback } from './ShapeFallback.tsx'
import { showInFreeArea } from './fit.ts'
import { guardTools, useToolUi } from './tools.tsx'
import { device } from '../../device/device.ts'
import { ThemeOverlays } from '../themes/ThemeOverlays.tsx'
import { PageInfoContext } from '../themes/useThemes.ts'
import { CommentBadges } from '../comments/Comments.tsx'

// Theme outlines (under the rest), vote badges, reactions, the attention pulse, comment counts and
// the theme bar over a selection, drawn in front of the canvas (issue 15: themes and comments).
const Overlays = () => (
  <>
    <ThemeOverlays />
    <CanvasOverlays />
    <CommentBadges />
  </>
)
const components = { InFrontOfTheCanvas: Overlays, ShapeErrorFallback: ShapeFallback }

// tldraw fetches a translation file each time it loads a locale (on mount, on a language switch).
// The two we offer are bundled and handed over as blob: URLs, so that fetch cannot fail when a
// participant's connection drops (tldraw does not catch it), and costs no request at all.
const bundled = (messages: object) => URL.createObjectURL(new Blob([JSON.stringify(messages)], { type: 'application/json' }))
const defaultAssetUrls = getAssetUrlsByImport()
const assetUrls = { ...defaultAssetUrls, translations: { ...defaultAssetUrls.translations, en: bundled({}), sv: bundled(svMessages) } }
// tldraw preloads every embed's icon when it mounts (20 pictures, 35 KB): on a weak connection
// they came after the canvas code, ahead of the font the board waits for (issue 16). Only the
// facilitator has embeds; the others' pages have no icon to show and ask for none.
const noEmbedIcons = Object.fromEntries(Object.keys(defaultAssetUrls.embedIcons).map((k) => [k, undefined]))
const assetUrlsWithoutEmbeds = { ...assetUrls, embedIcons: noEmbedIcons }
// tldraw renders English until its translation file has loaded (a moment on every mount, and
// again after a refusal's rejoin). It starts from its `en` override, so on a Swedish page that
// is the Swedish messages: Swedish from the first frame (issue 13, no English on a Swedish page).
const swedishFirst = { translations: { en: svMessages } }

export function Canvas({
  meta,
  boardKey,
  connection,
  name,
  licenseKey,
  session,
}: {
  meta: BoardMeta
  boardKey: string
  connection: BoardConnection
  name: string
  licenseKey?: string
  /** On a session's exercise: whose identity writes here, what the closed banner says, the agenda for the list view. */
  session?: { identity?: string; closedNote?: string; list?: ReactNode; onEditor?: (editor: Editor, doc: BoardConnection['doc']) => void }
}) {
  const t = useT()
  const { doc, provider } = connection
  const role = meta.role ?? 'participant'
  const anonymous = metaOf(doc).get('anonymous') === true
  const me = useMemo(() => {
    const id = userId()
    return { id, name, color: colorFor(id) }
  }, [name])
  const [editor, setEditor] = useState<Editor | null>(null)
  const [tooOld, setTooOld] = useState(false)
  const [listOpen, setListOpen] = useState(() => device.get('listView') === 'open')
  const toggleList = () => {
    device.set('listView', listOpen ? 'closed' : 'open')
    setListOpen(!listOpen)
  }
  const boardContext = useMemo(() => ({ doc, privateDoc: connection.privateDoc, role }), [doc, connection.privateDoc, role])
  const pageInfo = useMemo(() => ({ boardId: meta.id, anonymous, identity: session?.identity }), [meta.id, anonymous, session?.identity])
  // the camera of the last fit: opening or closing the list view fits again, unless the person has moved since
  const fitted = useRef<{ x: number; y: number; z: number } | null>(null)
  /** Shows the whole board between tldraw's menu and its toolbar (not under them, issue 13 item 9). */
  const fitBoard = (ed: Editor) => {
    const all = ed.getCurrentPageBounds()
    if (all) showInFreeArea(ed, all, { animation: { duration: 0 } })
    fitted.current = ed.getCamera()
  }
  // biome-ignore lint/correctness/useExhaustiveDependencies: listOpen is the trigger (the canvas changed size)
  useEffect(() => {
    if (!editor) return
    const id = requestAnimationFrame(() => {
      const c = editor.getCamera()
      const f = fitted.current
      if (!f || f.x !== c.x || f.y !== c.y || f.z !== c.z) return
      editor.updateViewportScreenBounds(editor.getContainer())
      fitBoard(editor)
    })
    return () => cancelAnimationFrame(id)
  }, [editor, listOpen])
  // what the store's callbacks read when they run (a rename or a language switch must not rebind it)
  const latest = useRef({ me, role, t })
  latest.current = { me, role, t }

  // The store, bound to the doc (document records) and to awareness (presence): one per board doc.
  // The role and anonymity are the board's and stay while it is open; who the user is goes into
  // $user (kept current below).
  // biome-ignore lint/correctness/useExhaustiveDependencies: one store per doc, see above
  const { store, $user } = useMemo(() => {
    const $user = atom<TLUser | null>('me', UserRecordType.create({ id: createUserId(me.id), name: me.name, color: me.color.hex }))
    const status = atom<'online' | 'offline'>('status', 'online')
    const store = createTLStore({
      shapeUtils: defaultShapeUtils,
      bindingUtils: defaultBindingUtils,
      // On an anonymous board nothing stamps who edited a note.
      users: { currentUser: anonymous ? computed('nobody', () => null) : $user },
      collaboration: { status, mode: atom('mode', role === 'viewer' ? 'readonly' : 'readwrite') },
    })
    return { store, $user }
  }, [doc])
  useEffect(() => {
    if (!anonymous) $user.set(UserRecordType.create({ id: createUserId(me.id), name: me.name, color: me.color.hex }))
  }, [$user, me, anonymous])

  useEffect(() => {
    const old = schemaStatus(store, doc) === 'client-too-old'
    setTooOld(old)
    const binding = bindStore(store, doc, {
      // a locked board is read-only for everyone, a closed exercise for participants ([D18]): the
      // page sends nothing the server would refuse (4423)
      writable: () => !old && mayWrite(readFacilitation(facilitationOf(doc)), role),
      canWriteBackground: () => role === 'facilitator',
      onError: () => setTooOld(true),
      placeholderText: latest.current.t.badRecord,
      privateDoc: connection.privateDoc ?? undefined,
      isPrivate: () => role === 'participant' && readFacilitation(facilitationOf(doc)).private?.active === true,
    })
    const unpresence = bindPresence(store, provider.awareness, $user, () => {
      const { me, role } = latest.current
      return { id: me.id, name: me.name, color: me.color.hex, role }
    })
    return () => {
      unpresence()
      binding.destroy()
    }
  }, [store, doc, $user, role, provider, connection.privateDoc])

  function onMount(ed: Editor) {
    setEditor(ed)
    // A handle for the browser tests and for people debugging a board in the console.
    ;(window as unknown as { tavla?: unknown }).tavla = { editor: ed, doc, provider }
    session?.onEditor?.(ed, doc)
    ed.user.updateUserPreferences({ locale: t.lang, name: me.name, color: me.color.hex })
    // Show the whole template first.
    requestAnimationFrame(() => fitBoard(ed))
    // While the camera moves, the shapes' layer is its own compositor layer: a pan moves what is
    // already drawn instead of drawing every note again each frame (a board of 1,000 notes panned
    // at a few dozen fps in software rendering, issue 16). At rest it is drawn at the new zoom, sharp.
    ed.disposables.add(
      react('composite the shapes while the camera moves', () => {
        const moving = ed.getCameraState() === 'moving'
        const layer = ed.getContainer().querySelector<HTMLElement>('.tl-html-layer.tl-shapes')
        if (layer) layer.style.willChange = moving ? 'transform' : ''
      }),
    )
    // On an anonymous board the list view knows a person's own notes only by what this device made.
    if (anonymous) trackDeviceNotes(ed, meta.id)
    // [D16] only what this role may make (the server refuses the rest, [W16])
    ed.disposables.add(guardTools(ed, role, () => readFacilitation(facilitationOf(doc)).tools))
    if (role === 'viewer') ed.updateInstanceState({ isReadonly: true })
    else {
      // Sticky notes first, in this person's color.
      ed.setCurrentTool('note')
      ed.setStyleForNextShapes(DefaultColorStyle, me.color.note)
    }
    // [D5] a note knows who wrote it and when (never on an anonymous board). A note this page
    // deleted that comes back with the same id is an undo (or redo): it keeps its author and
    // createdAt, so undoing a deletion never makes the undoer the author (apps/server SPEC [T]).
    const deletedHere = new Set<string>()
    ed.sideEffects.registerAfterDeleteHandler('shape', (shape: TLShape, source: 'user' | 'remote') => {
      if (shape.type === 'note' && source === 'user') deletedHere.add(shape.id)
    })
    ed.sideEffects.registerBeforeCreateHandler('shape', (shape: TLShape, source: 'user' | 'remote') => {
      if (shape.type !== 'note' || source !== 'user') return shape
      if (deletedHere.delete(shape.id)) return shape
      const now = Date.now()
      const { me } = latest.current
      const author = anonymous ? {} : { authorId: me.id, authorName: me.name }
      return { ...shape, meta: { ...shape.meta, ...author, createdAt: now, updatedAt: now } }
    })
    ed.sideEffects.registerBeforeChangeHandler('shape', (_prev: TLShape, next: TLShape, source: 'user' | 'remote') => {
      if (next.type !== 'note' || source !== 'user') return next
      return { ...next, meta: { ...next.meta, updatedAt: Date.now() } }
    })
  }

  // Follow me: when the facilitator asks, everyone else follows their view (they can step out).
  useEffect(() => {
    if (!editor) return
    const f = facilitationOf(doc)
    const apply = () => {
      const { follow } = readFacilitation(f)
      if (follow && follow.userId !== me.id && role !== 'facilitator') editor.startFollowingUser(createUserId(follow.userId))
      if (!follow && editor.getInstanceState().followingUserId) editor.stopFollowingUser()
    }
    f.observe(apply)
    apply()
    return () => f.unobserve(apply)
  }, [editor, doc, me.id, role])

  // tldraw's tool-lock button (shown while the note tool is on) has an icon and a tooltip but no
  // accessible name (axe: button-name, critical); we name it, in the language of the page.
  useEffect(() => {
    if (!editor) return
    const root = editor.getContainer()
    const label = () => {
      root.querySelectorAll(`[data-testid=tool-lock]:not([aria-label="${t.toolLock}"])`).forEach((b) => b.setAttribute('aria-label', t.toolLock))
      // tldraw's licence mark (until TLDRAW_LICENSE_KEY is set) stays visible and clickable, as its
      // licence asks, but leaves the tab order (keyboard users met an English button there), and
      // says it is English to screen readers
      root.querySelectorAll('[data-testid^="tl-watermark"] button:not([tabindex="-1"])').forEach((b) => {
        b.setAttribute('tabindex', '-1')
        b.setAttribute('lang', 'en')
      })
    }
    label()
    const watch = new MutationObserver(label)
    watch.observe(root, { childList: true, subtree: true })
    return () => watch.disconnect()
  }, [editor, t.toolLock])

  const facilitation = useFacilitation(doc)
  const toolUi = useToolUi(role, facilitation.tools, { overrides: t.lang === 'sv' ? swedishFirst : undefined, components })
  const locked = facilitation.locked === true
  const closed = closedFor(facilitation, role)
  const readonly = !mayWrite(facilitation, role)
  // [R1] the lock is announced in the doc: every page turns read-only and stays on the board; so
  // does a participant's page when the exercise closes ([D18])
  useEffect(() => {
    editor?.updateInstanceState({ isReadonly: readonly })
    if (!readonly && editor) editor.setCurrentTool('note')
  }, [editor, readonly])
  return (
    <BoardContext.Provider value={boardContext}>
      <div className="board">
        <TopBar meta={meta} boardKey={boardKey} connection={connection} editor={editor} me={me} role={role} listOpen={listOpen} onToggleList={toggleList} />
        {connection.refused && <RefusedBanner refused={connection.refused} onClose={connection.dismissRefused} />}
        {locked && (
          <div className="banner locked" role="status" data-testid="locked">
            {t.boardLocked}
          </div>
        )}
        {closed && (
          <div className="banner locked" role="status" data-testid="closed">
            {session?.closedNote ?? t.exerciseClosed}
          </div>
        )}
        {tooOld && (
          <div className="banner" role="alert">
            {t.errReload}{' '}
            <button type="button" onClick={() => location.reload()}>
              {t.reload}
            </button>
          </div>
        )}
        {role === 'participant' && facilitation.private?.active && (
          <div className="banner private" role="status">
            {t.privateParticipant}
          </div>
        )}
        <PageInfoContext.Provider value={pageInfo}>
          <main className={`board-body ${listOpen ? 'with-list' : ''}`}>
            {listOpen && <ListView editor={editor} boardId={meta.id} me={me} anonymous={anonymous} identity={session?.identity} extra={session?.list} />}
            <div className="canvas">
              <Tldraw
                store={store}
                assetUrls={role === 'facilitator' ? assetUrls : assetUrlsWithoutEmbeds}
                licenseKey={licenseKey}
                onMount={onMount}
                components={toolUi.components}
                tools={TAVLA_TOOLS}
                overrides={toolUi.overrides}
                options={toolUi.options}
              />
            </div>
          </main>
        </PageInfoContext.Provider>
      </div>
    </BoardContext.Provider>
  )
}

export type { TLRecord }
