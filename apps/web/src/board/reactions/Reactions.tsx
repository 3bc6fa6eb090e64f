// Issue 6 on the canvas: emoji reactions on notes (board SPEC [D9]) and the facilitator's
// attention pulse on a zone. Both are drawn in front of the canvas, in screen coordinates
// computed from page coordinates, like the vote badges.
import { useEffect, useLayoutEffect, useMemo, useRef, useState } from 'react'
import { stopEventPropagation, useEditor, useValue, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import {
  REACTIONS,
  reactionsByNote,
  reactionsOf,
  readRecords,
  recordsOf,
  regionBounds,
  toggleReaction,
  zonesOf,
  type NoteReactions,
  type Reaction,
  type Zone,
} from '@tavla/board'
import { useT } from '../../i18n.ts'
import { mayWrite, useBoard, useFacilitation } from '../BoardContext.ts'
import { boardDevice } from '../../device/device.ts'
import { VoteBadges, VoteClicks } from '../voting/Voting.tsx'
import { ReactionIcon } from '../../ui/icons.tsx'

/** Everything tavla draws in front of the canvas (registered as tldraw's InFrontOfTheCanvas). */
export function CanvasOverlays() {
  return (
    <>
      <VoteClicks />
      <VoteBadges />
      <ReactionBadges />
      <AttentionPulse />
    </>
  )
}

/**
 * This device's reactor id on this board: random, kept on the device (device.ts), never the user id that
 * presence shows next to a name, so a reaction names nobody, on anonymous boards too.
 */
export function reactorId(): string {
  // The board page is /b/<id>; the id keeps one device's reactor ids apart across boards.
  const board = location.pathname.split('/')[2] ?? ''
  let id = boardDevice.get('reactor', board)
  if (!id) {
    id = Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(16).padStart(2, '0')).join('')
    boardDevice.set('reactor', board, id)
  }
  return id
}

/** Reactions per note, re-read whenever the reactions map changes. */
export function useReactions(doc: Y.Doc, reactor: string): Map<string, NoteReactions> {
  const [value, setValue] = useState(() => reactionsByNote(doc, reactor))
  useEffect(() => {
    const map = reactionsOf(doc)
    const on = () => setValue(reactionsByNote(doc, reactor))
    map.observe(on)
    on()
    return () => map.unobserve(on)
  }, [doc, reactor])
  return value
}

/**
 * Counts on every note that has reactions; on the selected note, a button for every reaction.
 * [D9] Issue 13 item 3: the bar sits inside its note's lower left corner and shrinks with the
 * note; when the note on screen is too small to hold it (low zoom, 200 % browser zoom) it is
 * hidden, so it never covers the note or another one, and only the selected note's buttons take
 * clicks (the counts elsewhere let clicks through to the note). While a vote is open a click on a
 * note is a dot, so there are no buttons at all then.
 */
export function ReactionBadges() {
  const editor = useEditor()
  const { doc, privateDoc, role } = useBoard()
  const facilitation = useFacilitation(doc)
  const reactor = useMemo(reactorId, [])
  const reactions = useReactions(doc, reactor)
  const voting = facilitation.vote?.status === 'open'
  const canReact = mayWrite(facilitation, role)
  const selected = useValue('reaction target', () => {
    const only = editor.getOnlySelectedShape()
    return only?.type === 'note' && !editor.getEditingShapeId() ? only.id : null
  }, [editor])
  // A note still in this participant's private part (private mode) is not on the shared board yet.
  const selectedIsShared = !!selected && !(privateDoc && readRecords(recordsOf(privateDoc)).has(selected))
  const buttonsOn = selected && selectedIsShared && canReact && !voting ? selected : null
  const ids = useMemo(() => {
    const s = new Set(reactions.keys())
    if (buttonsOn) s.add(buttonsOn)
    return [...s]
  }, [reactions, buttonsOn])
  const placed = useValue('reaction badges', () => {
    const z = editor.getZoomLevel()
    return ids
      .map((id) => {
        const shape = editor.getShape(id as TLShapeId)
        const b = shape && shape.parentId === editor.getCurrentPageId() ? editor.getShapePageBounds(shape) : undefined
        if (!b) return null
        const p = editor.pageToViewport({ x: b.minX, y: b.maxY })
        return { id, x: p.x, y: p.y, w: b.w * z, h: b.h * z }
      })
      .filter(Boolean) as NotePlace[]
  }, [editor, ids])
  return (
    <>
      {placed.map((n) => (
        <ReactionBar key={n.id} note={n} reactions={reactions.get(n.id)} buttons={n.id === buttonsOn} doc={doc} reactor={reactor} />
      ))}
    </>
  )
}

/** A note's place on the screen: its lower left corner and its size, in CSS pixels. */
type NotePlace = { id: string; x: number; y: number; w: number; h: number }

/** How big the bar is drawn on a note this wide: the bar's own size on a note of 200 px and more, never below half. */
const barScale = (noteWidth: number) => Math.min(1, Math.max(0.5, noteWidth / 200))

function ReactionBar({
  note: n,
  reactions: r,
  buttons,
  doc,
  reactor,
}: {
  note: NotePlace
  reactions: NoteReactions | undefined
  buttons: boolean
  doc: Y.Doc
  reactor: string
}) {
  const t = useT()
  const ref = useRef<HTMLFieldSetElement>(null)
  // the bar's own size (a transform does not change it), measured after each render
  const [size, setSize] = useState<{ w: number; h: number } | null>(null)
  useLayoutEffect(() => {
    const el = ref.current
    if (el && (el.offsetWidth !== size?.w || el.offsetHeight !== size?.h)) setSize({ w: el.offsetWidth, h: el.offsetHeight })
  })
  const scale = barScale(n.w)
  // inside the note, with room left around it: else hidden (and so neither seen nor clicked)
  const fits = !!size && size.w * scale <= n.w - 12 && size.h * scale <= n.h * 0.3
  const shown: readonly Reaction[] = buttons ? REACTIONS : REACTIONS.filter((e) => r?.counts[e])
  return (
    <fieldset
      ref={ref}
      className={`reactions ${buttons ? 'reactions-full' : ''}`}
      style={{ left: n.x + 6, top: n.y - 6, transform: `translateY(-100%) scale(${scale})`, visibility: fits ? 'visible' : 'hidden' }}
      aria-label={t.reactions}
      aria-hidden={fits ? undefined : true}
      data-reactions-for={n.id}
      data-fits={fits}
    >
      {shown.map((emoji) => {
        const count = r?.counts[emoji] ?? 0
        const mine = r?.mine.includes(emoji) ?? false
        const label = `${t.react} ${t.reactionNames[emoji] ?? emoji}${count ? `, ${t.reactionCount(count)}` : ''}`
        return buttons ? (
          <button
            key={emoji}
            type="button"
            className={`reaction ${mine ? 'mine' : ''}`}
            aria-pressed={mine}
            aria-label={label}
            title={label}
            data-reaction={emoji}
            data-count={count}
            onPointerDown={stopEventPropagation}
            onPointerUp={stopEventPropagation}
            onClick={() => toggleReaction(doc, n.id, emoji, reactor)}
          >
            <ReactionIcon reaction={emoji} />
            {count > 0 && <span className="reaction-n">{count}</span>}
          </button>
        ) : (
          <span key={emoji} className="reaction" title={label} data-reaction={emoji} data-count={count}>
            <ReactionIcon reaction={emoji} />
            <span className="reaction-n">{count}</span>
          </span>
        )
      })}
    </fieldset>
  )
}

/**
 * The facilitator's "look here": a highlight that pulses on a zone for a few seconds on every
 * page. Only a pulse sent after this page opened shows (not an old one found in the doc).
 * With prefers-reduced-motion the highlight stays still (styles.css).
 */
export function AttentionPulse() {
  const editor = useEditor()
  const t = useT()
  const { doc } = useBoard()
  const { attention } = useFacilitation(doc)
  const first = useRef(attention?.at)
  const [active, setActive] = useState<{ zone: Zone; at: number } | null>(null)
  const at = attention?.at
  const zoneId = attention?.zoneId
  useEffect(() => {
    if (at === undefined || zoneId === undefined || at === first.current) return
    const zone = zonesOf(doc).find((z) => z.id === zoneId)
    if (!zone) return
    setActive({ zone, at })
    const id = setTimeout(() => setActive(null), 5000)
    return () => clearTimeout(id)
  }, [at, zoneId, doc])
  const box = useValue('attention box', () => {
    if (!active) return null
    const r = active.zone.region
    const { x, y, w, h } = regionBounds(r)
    const p = editor.pageToViewport({ x, y })
    const z = editor.getZoomLevel()
    return { left: p.x, top: p.y, width: w * z, height: h * z, round: r.kind === 'ellipse' }
  }, [editor, active])
  if (!active || !box) return null
  return (
    <>
      <div
        key={active.at}
        className={`attention-pulse ${box.round ? 'round' : ''}`}
        style={{ left: box.left, top: box.top, width: box.width, height: box.height }}
        data-attention={active.zone.id}
        aria-hidden="true"
      />
      <span className="visually-hidden" role="status">
        {t.attentionHere}
        {active.zone.label[t.lang]}
      </span>
    </>
  )
}
