// Comments on notes (issue 15, board SPEC [D22]/[D23]): a short thread under a note, opened from a
// count on the note (the canvas) or from the note's entry in the list view; Enter sends, and a
// person takes back their own (the facilitator any). Who wrote a comment is the server's record;
// on an anonymous board nobody is named.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { stopEventPropagation, useEditor, useValue, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import {
  addComment,
  commentAuthorsOf,
  commentsByNote,
  commentsOf,
  deleteComment,
  isOwnComment,
  readRecords,
  recordsOf,
  COMMENT_TEXT_MAX,
  type NoteComment,
} from '@tavla/board'
import { useT } from '../../i18n.ts'
import { mayWrite, useBoard, useFacilitation } from '../BoardContext.ts'
import { identityId } from '../connection/identity.ts'
import { randomId, usePageInfo } from '../themes/useThemes.ts'

/** Every note's thread, re-read on every change of `comments` or `commentAuthors`. */
export function useComments(doc: Y.Doc): Map<string, NoteComment[]> {
  const [value, setValue] = useState(() => commentsByNote(doc))
  useEffect(() => {
    const a = commentsOf(doc)
    const b = commentAuthorsOf(doc)
    const on = () => setValue(commentsByNote(doc))
    a.observe(on)
    b.observe(on)
    on()
    return () => {
      a.unobserve(on)
      b.unobserve(on)
    }
  }, [doc])
  return value
}

/**
 * Comments written from this page. On an anonymous board the server's record holds only a tag no
 * page can read ([D23]), so this is how the page knows which ones a person may take back (until
 * the page is reloaded; the server decides in any case, [W17]).
 */
const writtenHere = new Set<string>()

/** Who may take a comment away: the facilitator any; a participant their own ([W17]). */
function useMayDelete(): (c: NoteComment) => boolean {
  const { doc, role } = useBoard()
  const f = useFacilitation(doc)
  const { boardId, identity } = usePageInfo()
  const me = identity ?? identityId(boardId)
  const writable = mayWrite(f, role)
  return (c) => writable && (role === 'facilitator' || (role === 'participant' && (isOwnComment(doc, c.key, me) || writtenHere.has(c.key))))
}

/** A thread: the comments, oldest first, and a field to write one (Enter sends, Shift+Enter a new line). */
export function CommentThread({
  noteId,
  comments,
  canWrite,
  autoFocus,
  idPrefix,
}: {
  noteId: string
  comments: readonly NoteComment[]
  canWrite: boolean
  autoFocus?: boolean
  idPrefix: string
}) {
  const t = useT()
  const { doc } = useBoard()
  const { anonymous, boardId, identity } = usePageInfo()
  const me = identity ?? identityId(boardId)
  const mayDelete = useMayDelete()
  const [text, setText] = useState('')
  const [said, setSaid] = useState('')
  const field = useRef<HTMLTextAreaElement>(null)
  const send = () => {
    if (!text.trim()) return
    const key = addComment(doc, noteId, randomId(), text.slice(0, COMMENT_TEXT_MAX), Date.now())
    writtenHere.add(key)
    setText('')
    setSaid(t.commentSent)
  }
  const fieldId = `${idPrefix}-write`
  const time = (at: number) => new Date(at).toLocaleString(t.locale, { hour: '2-digit', minute: '2-digit', day: 'numeric', month: 'short' })
  return (
    <div className="comment-thread" data-comment-thread={noteId}>
      {comments.length ? (
        <ol className="comment-list" aria-label={t.commentsTitle}>
          {comments.map((c) => {
            const own = isOwnComment(doc, c.key, me) || writtenHere.has(c.key)
            const who = own ? t.commentYou : anonymous ? '' : (c.authorName ?? '')
            return (
              <li key={c.key} className="comment" data-comment={c.key} data-own={own || undefined}>
                <p className="comment-text">{c.text}</p>
                <p className="comment-meta muted">
                  {who && <span data-comment-author>{who} · </span>}
                  <time dateTime={new Date(c.at).toISOString()}>{time(c.at)}</time>
                  {mayDelete(c) && (
                    <button
                      type="button"
                      className="comment-delete"
                      aria-label={t.commentDeleteOf(c.text)}
                      onClick={() => {
                        deleteComment(doc, c.key)
                        setSaid(t.commentDeleted)
                        field.current?.focus()
                      }}
                      data-comment-delete
                    >
                      {t.commentDelete}
                    </button>
                  )}
                </p>
              </li>
            )
          })}
        </ol>
      ) : (
        <p className="muted comment-none">{t.commentNone}</p>
      )}
      {canWrite && (
        <form
          className="comment-form"
          onSubmit={(e) => {
            e.preventDefault()
            send()
          }}
        >
          <label htmlFor={fieldId}>{t.commentWrite}</label>
          <textarea
            id={fieldId}
            ref={field}
            rows={2}
            value={text}
            maxLength={COMMENT_TEXT_MAX}
            placeholder={t.commentPlaceholder}
            aria-describedby={`${fieldId}-hint`}
            onChange={(e) => setText(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && !e.shiftKey && !e.nativeEvent.isComposing) {
                e.preventDefault()
                send()
              }
            }}
            autoFocus={autoFocus}
            data-comment-field
          />
          <span className="comment-row">
            <span id={`${fieldId}-hint`} className="muted comment-hint">
              {t.commentHint}
            </span>
            <button type="submit" disabled={!text.trim()} data-comment-send>
              {t.commentSend}
            </button>
          </span>
        </form>
      )}
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </div>
  )
}

/** The list view's comments under a note: a button with the count, opening the thread in place. */
export function NoteComments({ noteId, textId, comments, canWrite }: { noteId: string; textId: string; comments: readonly NoteComment[]; canWrite: boolean }) {
  const t = useT()
  const [open, setOpen] = useState(false)
  if (!comments.length && !canWrite) return null
  const region = `${textId}-comments`
  return (
    <div className="comment-in-list">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={region}
        aria-describedby={textId}
        onClick={() => setOpen(!open)}
        data-list-comments={comments.length}
      >
        {t.commentsCount(comments.length)}
      </button>
      {open && (
        <section id={region} aria-label={t.commentsTitle}>
          <CommentThread noteId={noteId} comments={comments} canWrite={canWrite} idPrefix={region} autoFocus={canWrite} />
        </section>
      )}
    </div>
  )
}

type NotePlace = { id: string; minX: number; minY: number; maxX: number; maxY: number; w: number }

/**
 * On the canvas: a count on every note that has comments (and a "comment" button on the selected
 * note), inside its lower right corner; a click opens the thread beside the note. Hidden on a note
 * too small on screen to hold it, as the reaction bar is.
 */
export function CommentBadges() {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const f = useFacilitation(doc)
  const comments = useComments(doc)
  const canWrite = mayWrite(f, role)
  const [open, setOpen] = useState<string | null>(null)
  const selected = useValue('comment target', () => {
    const only = editor.getOnlySelectedShape()
    return only?.type === 'note' && !editor.getEditingShapeId() ? only.id : null
  }, [editor])
  const isPrivate = (id: string) => !!privateDoc && readRecords(recordsOf(privateDoc)).has(id)
  const offer = selected && canWrite && !isPrivate(selected) ? selected : null
  const ids = useMemo(() => {
    const s = new Set([...comments.keys()])
    if (offer) s.add(offer)
    if (open) s.add(open)
    return [...s]
  }, [comments, offer, open])
  const placed = useValue('comment badges', () => {
    const z = editor.getZoomLevel()
    const page = editor.getCurrentPageId()
    return ids.flatMap((id) => {
      const shape = editor.getShape(id as TLShapeId)
      const b = shape && shape.type === 'note' && shape.parentId === page ? editor.getShapePageBounds(shape) : undefined
      if (!b) return []
      const a = editor.pageToViewport({ x: b.minX, y: b.minY })
      const c = editor.pageToViewport({ x: b.maxX, y: b.maxY })
      return [{ id, minX: a.x, minY: a.y, maxX: c.x, maxY: c.y, w: b.w * z }]
    })
  }, [editor, ids])
  const screen = useValue('viewport', () => editor.getViewportScreenBounds(), [editor])
  const openPlace = placed.find((p) => p.id === open)
  useEffect(() => {
    if (open && !openPlace) setOpen(null)
  }, [open, openPlace])
  const close = (id: string) => {
    setOpen(null)
    requestAnimationFrame(() => {
      const badge = document.querySelector<HTMLElement>(`[data-comments-for="${CSS.escape(id)}"]`)
      if (badge && badge.style.visibility !== 'hidden') badge.focus()
      else editor.getContainer().focus()
    })
  }
  return (
    <>
      {placed.map((n) => {
        const count = comments.get(n.id)?.length ?? 0
        if (!count && n.id !== selected && n.id !== open) return null
        const fits = n.w >= 90
        const scale = Math.min(1, Math.max(0.6, n.w / 200))
        return (
          <button
            key={n.id}
            type="button"
            className={`comment-badge ${count ? '' : 'comment-badge-new'}`}
            style={{ left: n.maxX - 6, top: n.maxY - 6, transform: `translate(-100%, -100%) scale(${scale})`, visibility: fits ? 'visible' : 'hidden' }}
            aria-hidden={fits ? undefined : true}
            tabIndex={fits ? undefined : -1}
            aria-expanded={open === n.id}
            aria-label={t.commentsCount(count)}
            title={t.commentsCount(count)}
            data-comments-for={n.id}
            data-count={count}
            onPointerDown={stopEventPropagation}
            onPointerUp={stopEventPropagation}
            onClick={() => (open === n.id ? close(n.id) : setOpen(n.id))}
          >
            <CommentIcon />
            {count > 0 && <span className="comment-n">{count}</span>}
          </button>
        )
      })}
      {openPlace && (
        <CommentPopover
          key={openPlace.id}
          note={openPlace}
          screen={screen}
          comments={comments.get(openPlace.id) ?? []}
          canWrite={canWrite && !isPrivate(openPlace.id)}
          onClose={() => close(openPlace.id)}
        />
      )}
    </>
  )
}

function CommentPopover({
  note,
  screen,
  comments,
  canWrite,
  onClose,
}: {
  note: NotePlace
  screen: { w: number; h: number }
  comments: readonly NoteComment[]
  canWrite: boolean
  onClose: () => void
}) {
  const t = useT()
  const ref = useRef<HTMLDivElement>(null)
  const [height, setHeight] = useState(0)
  useLayoutEffect(() => {
    const h = ref.current?.offsetHeight ?? 0
    if (h !== height) setHeight(h)
  })
  const width = Math.min(288, screen.w - 16)
  // beside the note, on the side with room; never out of the canvas
  const right = note.maxX + 8
  const left = right + width <= screen.w - 8 ? right : note.minX - 8 - width >= 8 ? note.minX - 8 - width : Math.max(8, screen.w - 8 - width)
  const top = Math.max(8, Math.min(note.minY, screen.h - 8 - height))
  const headingId = `comment-pop-${note.id.replace(/[^\w-]/g, '_')}`
  return (
    <div
      ref={ref}
      className="comment-popover"
      style={{ left, top, width, maxHeight: screen.h - 16 }}
      role="dialog"
      aria-labelledby={headingId}
      onPointerDown={stopEventPropagation}
      onPointerUp={stopEventPropagation}
      onWheel={(e) => e.stopPropagation()}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') onClose()
      }}
      data-comment-popover={note.id}
    >
      <div className="comment-head">
        <h2 id={headingId}>{t.commentsTitle}</h2>
        <button type="button" onClick={onClose} aria-label={t.commentClose} data-comment-close>
          ×
        </button>
      </div>
      <CommentThread noteId={note.id} comments={comments} canWrite={canWrite} autoFocus idPrefix={headingId} />
    </div>
  )
}

function CommentIcon() {
  return (
    <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden="true" focusable="false">
      <path d="M2 3.5A1.5 1.5 0 0 1 3.5 2h9A1.5 1.5 0 0 1 14 3.5v6a1.5 1.5 0 0 1-1.5 1.5H7l-3 3v-3h-.5A1.5 1.5 0 0 1 2 9.5z" fill="currentColor" />
    </svg>
  )
}
