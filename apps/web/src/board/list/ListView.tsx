// The board as a list, beside the canvas: for people who use a keyboard or a screen reader. It
// reads the same Y.Doc as the canvas (notes and zones through @tavla/board, [D5]/[D6]) and writes
// through the same tldraw editor, so authorship, private mode and the binding's rules apply to a
// note added here exactly as to one drawn on the canvas.
import { useEffect, useMemo, useRef, useState, type ReactNode } from 'react'
import { createShapeId, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import {
  REACTIONS,
  toggleReaction,
  isNote,
  listNotes,
  makeNote,
  toBoardNote,
  placeNoteInZone,
  readRecords,
  recordsOf,
  richTextOf,
  zonesInReadingOrder,
  zonesOf,
  type BoardNote,
  type NoteReactions,
  type NoteRecord,
  type Reaction,
  type Zone,
} from '@tavla/board'
import { useT } from '../../i18n.ts'
import { closedFor, mayWrite, useBoard, useFacilitation, useMyDots } from '../BoardContext.ts'
import { addDot, canAddDot, dotsLeft, removeDot, type Vote } from '../voting/Voting.tsx'
import { reactorId, useReactions } from '../reactions/Reactions.tsx'
import { ReactionIcon } from '../../ui/icons.tsx'
import { identityId } from '../connection/identity.ts'
import { boardDevice } from '../../device/device.ts'
import { listLayout, mayGroup, useThemes } from '../themes/useThemes.ts'
import { ListThemes, NoteThemeControl, type ThemeVote } from '../themes/ThemeList.tsx'
import { NoteComments, useComments } from '../comments/Comments.tsx'

// Notes this device made, per board: on an anonymous board nothing else says whose a note is.
export function deviceNotes(boardId: string): Set<string> {
  const kept = boardDevice.json<string[]>('deviceNotes', boardId, [])
  return new Set(Array.isArray(kept) ? kept : [])
}
function rememberDeviceNote(boardId: string, id: string) {
  const ids = [...deviceNotes(boardId), id].slice(-500)
  boardDevice.set('deviceNotes', boardId, JSON.stringify(ids))
}
/** Remembers every note this person creates on the canvas (called once the editor is there). */
export function trackDeviceNotes(editor: Editor, boardId: string): () => void {
  return editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (shape.type === 'note' && source === 'user') rememberDeviceNote(boardId, shape.id)
  })
}

type ListNote = BoardNote & { private: boolean }

/** Notes of the board and, in private mode, this person's own not yet revealed ones. */
function readNotes(doc: Y.Doc, privateDoc: Y.Doc | null): { zones: Zone[]; notes: ListNote[] } {
  const zones = zonesOf(doc)
  const shared = listNotes(doc).map((n) => ({ ...n, private: false }))
  const hidden: ListNote[] = privateDoc
    ? [...readRecords(recordsOf(privateDoc)).values()].filter(isNote).map((r: NoteRecord) => ({ ...toBoardNote(r, zones, privateDoc), private: true }))
    : []
  const notes = [...shared, ...hidden.filter((h) => !shared.some((s) => s.id === h.id))]
  // Oldest first within a zone, as people wrote them.
  notes.sort((a, b) => (a.createdAt ?? 0) - (b.createdAt ?? 0) || a.id.localeCompare(b.id))
  return { zones, notes }
}
/** `readNotes`, read again on every change of either doc. */
function useNotes(doc: Y.Doc, privateDoc: Y.Doc | null): { zones: Zone[]; notes: ListNote[] } {
  const [state, setState] = useState(() => readNotes(doc, privateDoc))
  useEffect(() => {
    let frame = 0
    const on = () => {
      if (!frame) frame = requestAnimationFrame(() => ((frame = 0), setState(readNotes(doc, privateDoc))))
    }
    doc.on('update', on)
    privateDoc?.on('update', on)
    on()
    return () => {
      cancelAnimationFrame(frame)
      doc.off('update', on)
      privateDoc?.off('update', on)
    }
  }, [doc, privateDoc])
  return state
}

export function ListView({
  editor,
  boardId,
  me,
  anonymous,
  identity,
  extra,
}: {
  editor: Editor | null
  boardId: string
  me: { id: string; name: string; color: { note: string } }
  anonymous: boolean
  /** The identity id this person writes under, when it is not the board's own (a session's, [SE6]). */
  identity?: string
  /** After the zones: a session's agenda. */
  extra?: ReactNode
}) {
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const f = useFacilitation(doc)
  const { zones, notes } = useNotes(doc, privateDoc)
  const ordered = useMemo(() => zonesInReadingOrder(zones), [zones])
  const vote = f.vote
  const results = (vote?.status === 'closed' ? f.results : undefined) ?? {}
  const mine = useMyDots(privateDoc, vote?.status === 'open' ? vote.id : undefined)
  const canWrite = !!editor && mayWrite(f, role)
  // read again on every render (the notes changing re-renders): a note made here just now counts
  const device = deviceNotes(boardId)
  const myIdentity = identity ?? identityId(boardId) // [D11] the server records the identity's id as the author
  const isMine = (n: ListNote) => n.private || (!!n.authorId && (n.authorId === me.id || n.authorId === myIdentity)) || (anonymous && device.has(n.id))
  const voting = vote?.status === 'open' && role !== 'viewer' && privateDoc ? vote : undefined
  const reactor = useMemo(reactorId, [])
  const reactions = useReactions(doc, reactor)
  const [announce, setAnnounce] = useState('')
  const heading = useRef<HTMLHeadingElement>(null)
  // issue 15: themes under their zones and across them, comments under each note
  const themeState = useThemes(doc)
  const comments = useComments(doc)
  const canGroup = !!editor && mayGroup(f, role)
  const layout = useMemo(
    () =>
      listLayout(
        new Set(zones.map((z) => z.id)),
        notes.filter((n) => !n.private),
        themeState,
      ),
    [zones, notes, themeState],
  )
  const themeVote: ThemeVote | undefined =
    voting && privateDoc
      ? {
          dots: (id) => mine.filter((x) => x === `theme:${id}`).length,
          canDot: (id) => canAddDot(voting, mine, `theme:${id}`),
          counts: (id) => {
            const theme = themeState.themes.find((x) => x.id === id)
            return !!theme && (!voting.zones || (theme.zoneId !== null && voting.zones.includes(theme.zoneId)))
          },
          onDot: (id) => addDot(privateDoc, voting, mine, `theme:${id}`),
          onUndot: (id) => removeDot(privateDoc, voting, mine, `theme:${id}`),
        }
      : undefined

  useEffect(() => heading.current?.focus(), [])

  // New notes from others, announced politely and in batches: a busy board must not talk all the time.
  const latest = useRef(notes)
  latest.current = notes
  const seen = useRef<Set<string> | null>(null)
  // note id → when it arrived; a note drawn on the canvas arrives empty and gets its text a moment later.
  const pending = useRef(new Map<string, number>())
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined)
  // what the announcer reads when notes change (and when its timer fires), as of the last render
  const now = useRef({ isMine, t })
  now.current = { isMine, t }
  useEffect(() => {
    const { isMine, t } = now.current
    if (!seen.current) {
      seen.current = new Set(notes.map((n) => n.id))
      return
    }
    for (const n of notes) {
      if (seen.current.has(n.id)) continue
      seen.current.add(n.id)
      if (!isMine(n)) pending.current.set(n.id, Date.now())
    }
    const flush = () => {
      timer.current = undefined
      const now = Date.now()
      const arrived = latest.current.filter((n) => pending.current.has(n.id))
      const fresh = arrived.filter((n) => n.text.trim() || now - pending.current.get(n.id)! > 30_000)
      for (const n of fresh) pending.current.delete(n.id)
      for (const [id, at] of pending.current) if (!arrived.some((n) => n.id === id) || now - at > 30_000) pending.current.delete(id)
      if (fresh.length === 1) {
        const n = fresh[0]!
        setAnnounce(`${t.listNewNoteIn} ${n.zone ? n.zone.label[t.lang] : t.listOutside}: ${n.text || '…'}`)
      } else if (fresh.length > 1) setAnnounce(`${fresh.length} ${t.listNewMany}`)
      if (pending.current.size) timer.current = setTimeout(flush, 2000)
    }
    if (pending.current.size && !timer.current) timer.current = setTimeout(flush, 4000)
  }, [notes])
  useEffect(
    () => () => {
      clearTimeout(timer.current)
      timer.current = undefined
    },
    [],
  )

  function add(zone: Zone | undefined, text: string): boolean {
    if (!editor || !text.trim()) return false
    const pageNotes = notes.map((n) => n.record)
    // Outside every zone (a board without zones): where the canvas is looking now.
    const view = editor.getViewportPageBounds()
    const area: Zone = { id: '\u0000view', label: { sv: '', en: '' }, region: { kind: 'rect', x: view.x, y: view.y, w: view.w, h: view.h } }
    // [D15] The template's texts and shapes (questions, legends, ring labels, row labels) are not
    // to be covered either; a zone's own label box comes with the zone.
    const labels = editor
      .getCurrentPageShapes()
      .filter((s) => s.meta?.layer === 'background' && (s.type === 'text' || !s.meta?.zoneId))
      .flatMap((s) => {
        const b = editor.getShapePageBounds(s.id)
        return b ? [{ x: b.x, y: b.y, w: b.w, h: b.h }] : []
      })
    const at = zone ? placeNoteInZone(zones, zone.id, pageNotes, labels) : placeNoteInZone([area], area.id, pageNotes, labels)
    if (!at) return false
    const note = makeNote({ id: createShapeId(), x: at.x, y: at.y, text: text.trim(), color: me.color.note })
    // Through the editor, so the canvas's rules (author stamp [D5], private mode) hold for it.
    editor.createShape({ id: note.id as TLShapeId, type: 'note', x: note.x, y: note.y, props: note.props as never })
    rememberDeviceNote(boardId, note.id)
    setAnnounce(`${t.listAdded} ${zone ? zone.label[t.lang] : t.listNotes}`)
    return true
  }
  function edit(n: ListNote, text: string) {
    // [D8] a note the canvas cannot show is a placeholder there, not a note: nothing to update
    if (!editor || editor.getShape(n.id as TLShapeId)?.type !== 'note') return
    editor.updateShape({ id: n.id as TLShapeId, type: 'note', props: { richText: richTextOf(text) as never } })
    setAnnounce(t.listSaved)
  }

  const byZone = (z: Zone | undefined) => notes.filter((n) => (n.zone?.id ?? null) === (z?.id ?? null) && !layout.themed.has(n.id))
  const outside = byZone(undefined)
  const item = (n: ListNote) => (
    <NoteItem
      key={n.id}
      note={n}
      mine={isMine(n)}
      anonymous={anonymous}
      canEdit={canWrite && isMine(n)}
      onEdit={(text) => edit(n, text)}
      dots={mine.filter((id) => id === n.id).length}
      result={results[n.id]}
      vote={voting && !n.private && (!voting.zones || (!!n.zone && voting.zones.includes(n.zone.id))) ? voting : undefined}
      onDot={() => voting && privateDoc && addDot(privateDoc, voting, mine, n.id)}
      onUndot={() => voting && privateDoc && removeDot(privateDoc, voting, mine, n.id)}
      canDot={!!voting && canAddDot(voting, mine, n.id)}
      reactions={reactions.get(n.id)}
      onReact={canWrite && !n.private ? (r: Reaction) => toggleReaction(doc, n.id, r, reactor) : undefined}
      extra={
        n.private ? undefined : (
          <>
            <NoteThemeControl
              noteId={n.id}
              noteZoneId={n.zone?.id ?? null}
              textId={`note-${n.id.replace(/[^\w-]/g, '_')}`}
              state={themeState}
              doc={doc}
              canGroup={canGroup}
              say={setAnnounce}
            />
            <NoteComments noteId={n.id} textId={`note-${n.id.replace(/[^\w-]/g, '_')}`} comments={comments.get(n.id) ?? []} canWrite={canWrite} />
          </>
        )
      }
    />
  )
  const themes = (groups: Parameters<typeof ListThemes<ListNote>>[0]['groups'], level: 3 | 4 = 4) => (
    <ListThemes groups={groups} item={item} doc={doc} canGroup={canGroup} vote={themeVote} results={results} headingLevel={level} say={setAnnounce} />
  )

  return (
    <section className="listview" id="listview" aria-labelledby="listview-title" data-listview>
      <h2 id="listview-title" ref={heading} tabIndex={-1}>
        {t.listViewTitle}
      </h2>
      <p className="muted">{role === 'viewer' ? t.listReadOnly : f.locked === true ? t.listLocked : closedFor(f, role) ? t.exerciseClosed : t.listViewHint}</p>
      {voting && (
        <p className="list-vote" data-list-dots-left={dotsLeft(voting, mine)}>
          {t.listDotsLeft}: {dotsLeft(voting, mine)} {t.listOf} {voting.dots}
        </p>
      )}
      {ordered.map((z) => (
        <section key={z.id} className="list-zone" aria-labelledby={`zone-${z.id}`} data-zone={z.id}>
          <h3 id={`zone-${z.id}`}>{z.label[t.lang]}</h3>
          {z.prompt && <p className="list-prompt">{z.prompt[t.lang]}</p>}
          {themes(layout.byZone.get(z.id) ?? [])}
          {/* a zone whose notes are all in its themes says nothing of "no notes" */}
          {(byZone(z).length > 0 || !layout.byZone.get(z.id)?.length) && (
            <NoteList notes={byZone(z)} label={`${t.listNotes}: ${z.label[t.lang]}`} item={item} />
          )}
          {canWrite && <AddForm id={z.id} label={`${t.listNewNoteIn} ${z.label[t.lang]}`} onAdd={(text) => add(z, text)} />}
        </section>
      ))}
      {(outside.length > 0 || ordered.length === 0) && (
        <section className="list-zone" aria-labelledby="zone-outside" data-zone="">
          <h3 id="zone-outside">{ordered.length ? t.listOutside : t.listNotes}</h3>
          <NoteList notes={outside} label={ordered.length ? t.listOutside : t.listNotes} item={item} />
          {canWrite && ordered.length === 0 && <AddForm id="outside" label={t.listNewNote} onAdd={(text) => add(undefined, text)} />}
        </section>
      )}
      {layout.across.length > 0 && (
        <section className="list-zone theme-across" aria-labelledby="zone-across" data-zone-across>
          <h3 id="zone-across">{t.themeAcross}</h3>
          {themes(layout.across)}
        </section>
      )}
      {extra}
      <p className="visually-hidden" aria-live="polite" data-announce>
        {announce}
      </p>
    </section>
  )
}

function NoteList({ notes, label, item }: { notes: ListNote[]; label: string; item: (n: ListNote) => React.ReactNode }) {
  const t = useT()
  if (!notes.length) return <p className="muted list-empty">{t.listEmpty}</p>
  return (
    <ul className="list-notes" aria-label={label}>
      {notes.map(item)}
    </ul>
  )
}

function AddForm({ id, label, onAdd }: { id: string; label: string; onAdd: (text: string) => boolean }) {
  const t = useT()
  const [text, setText] = useState('')
  const field = `add-${id}`
  return (
    <form
      className="list-add"
      onSubmit={(e) => {
        e.preventDefault()
        if (onAdd(text)) setText('')
      }}
    >
      <label htmlFor={field}>{label}</label>
      <span className="list-add-row">
        <input id={field} name={field} value={text} onChange={(e) => setText(e.target.value)} maxLength={2000} autoComplete="off" />
        <button type="submit" disabled={!text.trim()}>
          {t.listAdd}
        </button>
      </span>
    </form>
  )
}

function NoteItem(p: {
  note: ListNote
  mine: boolean
  anonymous: boolean
  canEdit: boolean
  onEdit: (text: string) => void
  dots: number
  result: number | undefined
  vote: Vote | undefined
  canDot: boolean
  onDot: () => void
  onUndot: () => void
  reactions: NoteReactions | undefined
  /** [D9] reactions from the keyboard too (issue 13): a toggle button per reaction */
  onReact: ((r: Reaction) => void) | undefined
  /** Issue 15: the note's theme and its comments. */
  extra?: ReactNode
}) {
  const t = useT()
  const { note } = p
  const [editing, setEditing] = useState(false)
  const [draft, setDraft] = useState(note.text)
  const editButton = useRef<HTMLButtonElement>(null)
  const textId = `note-${note.id.replace(/[^\w-]/g, '_')}`
  const close = () => {
    setEditing(false)
    requestAnimationFrame(() => editButton.current?.focus())
  }
  return (
    <li className={`list-note note-${note.color}`} data-note={note.id} data-mine={p.mine || undefined}>
      {editing ? (
        <form
          className="list-edit"
          onSubmit={(e) => {
            e.preventDefault()
            p.onEdit(draft.trim())
            close()
          }}
          onKeyDown={(e) => e.key === 'Escape' && close()}
        >
          <label htmlFor={`${textId}-edit`}>{t.listEditLabel}</label>
          <textarea id={`${textId}-edit`} value={draft} onChange={(e) => setDraft(e.target.value)} rows={3} autoFocus />
          <span className="list-actions">
            <button type="submit" className="primary">
              {t.listSave}
            </button>
            <button type="button" onClick={close}>
              {t.listCancel}
            </button>
          </span>
        </form>
      ) : (
        <>
          <p className="list-text" id={textId}>
            {note.text || '…'}
          </p>
          <p className="list-meta">
            {p.mine ? t.listMine : !p.anonymous && note.authorName ? `${t.listBy} ${note.authorName}` : ''}
            {note.private ? ` ${t.listPrivate}` : ''}
            {p.dots > 0 && (
              <span data-my-dots={p.dots}>
                {' '}
                · {t.listMyDots}: {p.dots}
              </span>
            )}
            {p.result !== undefined && (
              <span data-list-result={p.result}>
                {' '}
                · {t.listVotes}: {p.result}
              </span>
            )}
          </p>
          {(p.onReact || p.reactions) && (
            <fieldset className="list-reactions" aria-label={t.listReactions} aria-describedby={textId}>
              {REACTIONS.filter((r) => p.onReact || p.reactions?.counts[r]).map((r) => {
                const count = p.reactions?.counts[r] ?? 0
                const mine = p.reactions?.mine.includes(r) ?? false
                const label = `${t.react} ${t.reactionNames[r] ?? r}${count ? `, ${t.reactionCount(count)}` : ''}`
                return p.onReact ? (
                  <button
                    key={r}
                    type="button"
                    className={`reaction ${mine ? 'mine' : ''}`}
                    aria-pressed={mine}
                    aria-label={label}
                    title={label}
                    data-list-reaction={r}
                    data-count={count}
                    onClick={() => p.onReact?.(r)}
                  >
                    <ReactionIcon reaction={r} />
                    {count > 0 && <span className="reaction-n">{count}</span>}
                  </button>
                ) : (
                  <span key={r} className="reaction" title={label} data-list-reaction={r} data-count={count}>
                    <ReactionIcon reaction={r} />
                    <span className="reaction-n">{count}</span>
                  </span>
                )
              })}
            </fieldset>
          )}
          {(p.canEdit || p.vote) && (
            <span className="list-actions">
              {p.canEdit && (
                <button
                  type="button"
                  ref={editButton}
                  aria-describedby={textId}
                  data-edit
                  onClick={() => {
                    setDraft(note.text)
                    setEditing(true)
                  }}
                >
                  {t.listEdit}
                </button>
              )}
              {p.vote && (
                <>
                  <button type="button" aria-describedby={textId} disabled={!p.canDot} onClick={p.onDot} data-dot>
                    {t.listDot}
                  </button>
                  {p.dots > 0 && (
                    <button type="button" aria-describedby={textId} onClick={p.onUndot} data-undot>
                      {t.listUndot}
                    </button>
                  )}
                </>
              )}
            </span>
          )}
          {p.extra}
        </>
      )}
    </li>
  )
}
