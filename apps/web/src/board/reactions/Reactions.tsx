// Issue 6 on the canvas: emoji reactions on notes (board SPEC [D9]) and the facilitator's
// attention pulse on a zone. Both are drawn in front of the canvas, in screen coordinates
// computed from page coordinates, like the vote badges.
import { useEffect, useMemo, useRef, useState } from 'react'
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
import { useBoard, useFacilitation } from '../BoardContext.ts'
import { boardDevice } from '../../device/device.ts'
import { VoteBadges } from '../voting/Voting.tsx'

/** Everything tavla draws in front of the canvas (registered as tldraw's InFrontOfTheCanvas). */
export function CanvasOverlays() {
  return (
    <>
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
function reactorId(): string {
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
function useReactions(doc: Y.Doc, reactor: string): Map<string, NoteReactions> {
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

/** Counts on every note that has reactions; on the selected note, a button for every emoji. */
export function ReactionBadges() {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const facilitation = useFacilitation(doc)
  const reactor = useMemo(reactorId, [])
  const reactions = useReactions(doc, reactor)
  const canReact = role !== 'viewer' && facilitation.locked !== true
  const selected = useValue('reaction target', () => {
    const only = editor.getOnlySelectedShape()
    return only?.type === 'note' && !editor.getEditingShapeId() ? only.id : null
  }, [editor])
  // A note still in this participant's private part (private mode) is not on the shared board yet.
  const selectedIsShared = !!selected && !(privateDoc && readRecords(recordsOf(privateDoc)).has(selected))
  const ids = useMemo(() => {
    const s = new Set(reactions.keys())
    if (selected && selectedIsShared && canReact) s.add(selected)
    return [...s]
  }, [reactions, selected, selectedIsShared, canReact])
  const placed = useValue(
    'reaction badges',
    () =>
      ids
        .map((id) => {
          const shape = editor.getShape(id as TLShapeId)
          const b = shape && shape.parentId === editor.getCurrentPageId() ? editor.getShapePageBounds(shape) : undefined
          if (!b) return null
          const p = editor.pageToViewport({ x: b.minX, y: b.maxY })
          return { id, x: p.x, y: p.y, scale: Math.min(1, Math.max(0.6, editor.getZoomLevel())) }
        })
        .filter(Boolean) as { id: string; x: number; y: number; scale: number }[],
    [editor, ids],
  )
  return (
    <>
      {placed.map((n) => {
        const r = reactions.get(n.id)
        const full = n.id === selected && canReact
        const shown: readonly Reaction[] = full ? REACTIONS : REACTIONS.filter((e) => r?.counts[e])
        return (
          <div
            key={n.id}
            className={`reactions ${full ? 'reactions-full' : ''}`}
            style={{ left: n.x + 6, top: n.y - 6, transform: `translateY(-100%) scale(${n.scale})` }}
            role="group"
            aria-label={t.reactions}
            data-reactions-for={n.id}
          >
            {shown.map((emoji) => {
              const count = r?.counts[emoji] ?? 0
              const mine = r?.mine.includes(emoji) ?? false
              const label = `${t.react} ${emoji}${count ? `, ${t.reactionCount(count)}` : ''}`
              return canReact ? (
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
                  {emoji}
                  {count > 0 && <span className="reaction-n">{count}</span>}
                </button>
              ) : (
                <span key={emoji} className="reaction" title={label} data-reaction={emoji} data-count={count}>
                  {emoji}
                  <span className="reaction-n">{count}</span>
                </span>
              )
            })}
          </div>
        )
      })}
    </>
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
  useEffect(() => {
    if (!attention || attention.at === first.current) return
    const zone = zonesOf(doc).find((z) => z.id === attention.zoneId)
    if (!zone) return
    setActive({ zone, at: attention.at })
    const id = setTimeout(() => setActive(null), 5000)
    return () => clearTimeout(id)
  }, [attention?.at, attention?.zoneId, doc])
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
