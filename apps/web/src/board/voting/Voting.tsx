// Dot voting on the page: a participant's dots live in their private part (nobody sees them
// while the vote is open); when the facilitator closes the vote the server writes the counts,
// which show on the notes and in a ranked list. While a vote is open a click on a note places a
// dot or takes it off again (board SPEC [D14]): through tldraw's own tool mechanism, a `vote`
// tool (a StateNode) that is the current tool while the vote is open, so a click never starts
// editing, selecting or moving the note.
import { useEffect, useRef, useState } from 'react'
import { StateNode, useEditor, useValue, type Editor, type TLKeyboardEventInfo, type TLPointerEventInfo, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import { api } from '../../api.ts'
import { clickDot, listNotes, perNoteLimit, rankResults, readRecords, readThemes, recordsOf, themeTarget, type VoteState } from '@tavla/board'
import { useT } from '../../i18n.ts'
import { mayWrite, useBoard, useFacilitation, useMyDots } from '../BoardContext.ts'
import { DotsIcon } from '../../ui/icons.tsx'

/** What the dot helpers need of a vote ([D12] `VoteState`). */
export type Vote = Pick<VoteState, 'id' | 'status' | 'dots' | 'zones' | 'perNote'>

// [D7] The dots of one person, shared by the canvas and the list view: one entry per dot in
// their private part, under the vote's id.
export const dotsLeft = (vote: Vote, mine: readonly string[]): number => vote.dots - mine.length
/** [D14] One more dot on the note, while this person has dots left and the note is below the per-note limit. */
export function addDot(privateDoc: Y.Doc, vote: Vote, mine: readonly string[], noteId: string): boolean {
  if (!canAddDot(vote, mine, noteId)) return false
  privateDoc.getMap('votes').set(vote.id, [...mine, noteId])
  return true
}
export const canAddDot = (vote: Vote, mine: readonly string[], noteId: string): boolean =>
  vote.status === 'open' && dotsLeft(vote, mine) > 0 && mine.filter((id) => id === noteId).length < perNoteLimit(vote)
/** Takes back one dot: from the note if given (none there: nothing), else the last one placed. */
export function removeDot(privateDoc: Y.Doc, vote: Vote, mine: readonly string[], noteId?: string): boolean {
  const i = noteId ? mine.lastIndexOf(noteId) : mine.length - 1
  if (vote.status !== 'open' || i < 0) return false
  privateDoc.getMap('votes').set(
    vote.id,
    mine.filter((_, j) => j !== i),
  )
  return true
}

/** What a click on a note does, registered per editor by `VoteClicks` (the tool has no React context). */
type OnNoteClick = (noteId: string, remove: boolean) => void
const clickHandlers = new WeakMap<Editor, OnNoteClick>()

/** The note under the pointer (the topmost one), if any. */
function noteAtPointer(editor: Editor) {
  return editor.getShapeAtPoint(editor.inputs.getCurrentPagePoint(), { hitInside: true, renderingOnly: true, filter: (s) => s.type === 'note' })
}

/**
 * [D14] The canvas tool while a vote is open: a click on a note puts one of your dots on it or
 * takes one off (Shift- or Alt-click always takes one off); Enter does the same to the selected
 * note. It never selects, edits or moves anything; scrolling and pinching still move the view.
 */
export class VoteTool extends StateNode {
  static override id = 'vote'
  override onEnter() {
    this.editor.setCursor({ type: 'pointer', rotation: 0 })
  }
  override onPointerDown(info: TLPointerEventInfo) {
    if (info.button !== 0) return
    const note = noteAtPointer(this.editor)
    if (note) clickHandlers.get(this.editor)?.(note.id, info.shiftKey || info.altKey)
  }
  override onKeyDown(info: TLKeyboardEventInfo) {
    const only = this.editor.getOnlySelectedShape()
    if (info.key === 'Enter' && only?.type === 'note') clickHandlers.get(this.editor)?.(only.id, info.shiftKey || info.altKey)
  }
}
/** The tools tavla adds to tldraw's (the `tools` prop of <Tldraw>). */
export const TAVLA_TOOLS = [VoteTool]

/** Whether this person votes now: an open vote, a private part to keep the dots in, a board they may change (not locked, not closed). */
function useVoting(): { vote: VoteState; privateDoc: Y.Doc } | null {
  const { doc, privateDoc, role } = useBoard()
  const facilitation = useFacilitation(doc)
  const { vote } = facilitation
  return vote?.status === 'open' && mayWrite(facilitation, role) && privateDoc ? { vote, privateDoc } : null
}

/**
 * Inside the canvas: what a click with the vote tool does, and the tool itself put on for a
 * participant when a vote opens (and taken off when it closes). A facilitator picks it from the
 * vote panel ("Rösta genom att klicka"), so opening a vote does not take their tools away.
 */
export function VoteClicks() {
  const editor = useEditor()
  const { doc, role } = useBoard()
  const voting = useVoting()
  const mine = useMyDots(voting?.privateDoc ?? null, voting?.vote.id)
  const latest = useRef({ voting, mine })
  latest.current = { voting, mine }
  useEffect(() => {
    clickHandlers.set(editor, (noteId, remove) => {
      const { voting: v, mine: dots } = latest.current
      if (!v) return
      // only a shared note (not one still private) in the vote's zones can take a dot, as the server counts ([H22])
      if (readRecords(recordsOf(v.privateDoc)).has(noteId)) return
      const note = listNotes(doc).find((n) => n.id === noteId)
      if (!note || (v.vote.zones && !(note.zone && v.vote.zones.includes(note.zone.id)))) return
      const next = clickDot(v.vote, dots, noteId, remove)
      if (next) v.privateDoc.getMap('votes').set(v.vote.id, next)
    })
    return () => {
      clickHandlers.delete(editor)
    }
  }, [editor, doc])
  const open = voting?.vote.id
  useEffect(() => {
    if (open && role === 'participant') {
      // a frame later: the canvas's own first tool (the note tool) is set when it mounts
      const id = requestAnimationFrame(() => editor.setCurrentTool('vote'))
      return () => cancelAnimationFrame(id)
    }
    if (!open && editor.getCurrentToolId() === 'vote') editor.setCurrentTool('select')
  }, [editor, open, role])
  return null
}

/** Dots on the notes themselves: mine while voting, everyone's after the vote closed. */
export function VoteBadges() {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc } = useBoard()
  const { vote, results = {} } = useFacilitation(doc)
  const mine = useMyDots(privateDoc, vote?.status === 'open' ? vote.id : undefined)
  const counts: Record<string, number> = vote?.status === 'open' ? {} : results
  if (vote?.status === 'open') for (const id of mine) counts[id] = (counts[id] ?? 0) + 1
  const key = JSON.stringify(counts)
  const placed = useValue(
    'vote badges',
    () =>
      Object.entries(JSON.parse(key) as Record<string, number>)
        .map(([id, n]) => {
          const b = editor.getShapePageBounds(id as TLShapeId)
          if (!b) return null
          const p = editor.pageToViewport({ x: b.maxX, y: b.minY })
          // shrinks with its note (never below 40 %), so at low zoom it does not hide the notes around it
          return { id, n, x: p.x, y: p.y, scale: Math.min(1, Math.max(0.4, (b.w * editor.getZoomLevel()) / 200)) }
        })
        .filter(Boolean) as { id: string; n: number; x: number; y: number; scale: number }[],
    [editor, key],
  )
  return (
    <>
      {placed.map((b) => (
        <span
          key={b.id}
          className={`vote-badge ${vote?.status === 'open' ? 'mine' : ''}`}
          style={{ left: b.x - 18, top: b.y - 14, transform: `scale(${b.scale})` }}
          data-votes={b.n}
          data-vote-badge-for={b.id}
          title={t.voteDotsOn(b.n)}
          aria-hidden="true"
        >
          <DotsIcon n={b.n} />
          {b.n > 5 ? ` ${b.n}` : ''}
        </span>
      ))}
    </>
  )
}

/** The participant's vote controls (dots left, how to vote) and everyone's results. */
export function VotePanel({ editor }: { editor: Editor | null }) {
  const t = useT()
  const { doc, privateDoc } = useBoard()
  const { results, vote } = useFacilitation(doc)
  const voting = useVoting()
  const mine = useMyDots(privateDoc, vote?.id)
  const tool = useValue('current tool', () => editor?.getCurrentToolId(), [editor])
  if (!vote) return null
  if (voting) {
    const left = dotsLeft(voting.vote, mine)
    const perNote = perNoteLimit(voting.vote)
    return (
      <fieldset className="vote" aria-label={t.voting}>
        <span data-dots-left={left}>{t.voteDotsLeft(left, voting.vote.dots)}</span>
        {tool === 'vote' ? (
          <span className="vote-hint" data-vote-hint>
            {perNote === 1 ? t.voteHint : t.voteHintStack(perNote)}
          </span>
        ) : (
          <button type="button" data-vote-tool onClick={() => editor?.setCurrentTool('vote')}>
            {t.voteByClick}
          </button>
        )}
      </fieldset>
    )
  }
  if (vote.status === 'closed' && results) return <VoteResults results={results} />
  return null
}

/** [H22] The last vote's results, most dots first, each note's whole text. */
function VoteResults({ results }: { results: Record<string, number> }) {
  const t = useT()
  const { doc } = useBoard()
  const rows = rankResults(results)
  const max = Math.max(1, ...rows.map(([, n]) => n))
  const texts = new Map(listNotes(doc).map((n) => [n.id, n.text.trim()]))
  // [D21] a dot on a theme counts under `theme:<id>`: named as the exports name it
  for (const theme of readThemes(doc)) texts.set(themeTarget(theme.id), `${t.themeHeading(theme.name)}`)
  // the list opens where it fits in the window (24rem wide, less on a narrow one), never cut off at an edge
  const [place, setPlace] = useState<{ left: number; width: number } | null>(null)
  return (
    <details className="results">
      {/* biome-ignore lint/a11y/noStaticElementInteractions: a summary is its details' own button (click and Enter) */}
      <summary
        onClick={(e) => {
          // before it opens (a click, or Enter on the summary)
          const r = (e.currentTarget.parentElement ?? e.currentTarget).getBoundingClientRect()
          const width = Math.min(24 * 16, window.innerWidth - 16)
          const left = Math.min(Math.max(r.left, 8), window.innerWidth - 8 - width)
          setPlace({ left: left - r.left, width })
        }}
      >
        {t.voteResults}
      </summary>
      <ol className="bars" aria-label={t.voteResultsList} style={place ?? undefined}>
        {rows.map(([id, n]) => (
          <li key={id} data-result={n} data-result-for={id}>
            <span className="bar-label">{texts.get(id) || '…'}</span>
            <span className="bar" style={{ width: `${(n / max) * 100}%` }} />
            <span className="bar-n">{n}</span>
          </li>
        ))}
      </ol>
    </details>
  )
}

/**
 * [H21][H22] For the facilitator while a vote is open: "N av M har röstat", how many people have
 * placed dots of those who could vote (one voter per identity, [K3]), asked of the server every
 * two seconds. Nobody sees whose dots or where.
 */
export function VoterCount({ boardId, boardKey, voteId }: { boardId: string; boardKey: string; voteId: string }) {
  const t = useT()
  const [count, setCount] = useState<{ voters: number; present: number } | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = async () => {
      try {
        const r = await api.voters(boardId, boardKey)
        if (!stopped && r.vote === voteId) setCount({ voters: r.voters, present: Math.max(r.present, r.voters) })
      } catch {
        // offline or a moment of trouble: the last count stays until the next answer
      }
      if (!stopped) timer = setTimeout(ask, 2000)
    }
    void ask()
    return () => {
      stopped = true
      if (timer) clearTimeout(timer)
    }
  }, [boardId, boardKey, voteId])
  if (count === null) return null
  return (
    <p className="float-note voter-count" role="status" data-voters={count.voters} data-present={count.present}>
      {t.votersOf(count.voters, count.present)}
    </p>
  )
}
