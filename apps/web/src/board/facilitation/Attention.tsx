// Issue 13 item 6 and part of 10, what everyone sees of two facilitator actions:
// - "Visa zonen för alla" (the attention action): the zone is brought into view on every page
//   that does not show it (the camera glides there), with a banner naming it for a few seconds;
//   a person who is writing a note, or following someone, keeps their view and gets a "Gå dit".
// - Private mode, for the facilitator: a banner with how many notes wait hidden ([H24]).
import { useEffect, useRef, useState } from 'react'
import type { Editor } from 'tldraw'
import type * as Y from 'yjs'
import { regionBounds, zonesOf, type FacilitationState, type Zone } from '@tavla/board'
import { api } from '../../api.ts'
import { useT } from '../../i18n.ts'
import { useFacilitation } from '../BoardContext.ts'
import { inFreeArea, showInFreeArea } from '../canvas/fit.ts'

const SHOWN_MS = 8000

export function AttentionBanner({ editor, doc, role }: { editor: Editor; doc: Y.Doc; role: string }) {
  const t = useT()
  const { attention } = useFacilitation(doc)
  // Only a pulse sent after this page opened counts (not an old one found in the doc).
  const first = useRef(attention?.at)
  const [active, setActive] = useState<{ zone: Zone; at: number; moved: boolean } | null>(null)
  useEffect(() => {
    if (!attention || attention.at === first.current) return
    first.current = attention.at
    const zone = zonesOf(doc).find((z) => z.id === attention.zoneId)
    if (!zone) return
    const box = regionBounds(zone.region)
    // The facilitator chose the zone; someone writing or following keeps their view.
    const keep = role === 'facilitator' || !!editor.getEditingShapeId() || !!editor.getInstanceState().followingUserId
    const moved = !keep && !inFreeArea(editor, box)
    if (moved) showInFreeArea(editor, box, { animation: { duration: matchMedia('(prefers-reduced-motion: reduce)').matches ? 0 : 600 } })
    setActive({ zone, at: attention.at, moved })
  }, [attention, doc, editor, role])
  useEffect(() => {
    if (!active) return
    const id = setTimeout(() => setActive(null), SHOWN_MS)
    return () => clearTimeout(id)
  }, [active])
  if (!active) return null
  const label = active.zone.label[t.lang]
  const go = () => showInFreeArea(editor, regionBounds(active.zone.region), { animation: { duration: 400 } })
  return (
    <p className="float-note attention-banner" data-attention-banner={active.zone.id} data-attention-moved={active.moved || undefined}>
      <span>{t.attentionLook(label)}</span>
      {!active.moved && role !== 'facilitator' && (
        <button type="button" className="admin-small" onClick={go}>
          {t.attentionGo}
        </button>
      )}
    </p>
  )
}

/** [H24] While private mode is on: how many notes the others do not see yet, asked every 3 s. */
export function PrivateCount({ boardId, boardKey, facilitation }: { boardId: string; boardKey: string; facilitation: FacilitationState }) {
  const t = useT()
  const active = facilitation.private?.active === true
  const [hidden, setHidden] = useState<number | null>(null)
  useEffect(() => {
    if (!active) return setHidden(null)
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = async () => {
      try {
        const r = await api.privateNotes(boardId, boardKey)
        if (!stopped) setHidden(r.active ? r.hidden : null)
      } catch {
        // offline or a moment of trouble: the last count stays until the next answer
      }
      if (!stopped) timer = setTimeout(ask, 3000)
    }
    void ask()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [active, boardId, boardKey])
  if (!active) return null
  return (
    <p className="float-note private-note" role="status" data-private-hidden={hidden ?? undefined}>
      {t.privateHidden(hidden ?? 0)}
    </p>
  )
}
