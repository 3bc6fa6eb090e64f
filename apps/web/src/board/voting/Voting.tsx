// Dot voting on the page: a participant's dots live in their private part (nobody sees them
// while the vote is open); when the facilitator closes the vote the server writes the counts,
// which show on the notes and in a bar chart.
import { useEffect, useState } from 'react'
import { useEditor, useValue, type TLShapeId } from 'tldraw'
import { api } from '../../api.ts'
import { plainText, type VoteState } from '@tavla/board'
import { useT } from '../../i18n.ts'
import { useBoard, useFacilitation, useMyDots } from '../BoardContext.ts'

/** What the dot helpers need of a vote ([D12] `VoteState`). */
export type Vote = Pick<VoteState, 'id' | 'status' | 'dots' | 'zones'>

// [D7] The dots of one person, shared by the canvas panel and the list view: one entry per dot in
// their private part, under the vote's id.
export const dotsLeft = (vote: Vote, mine: readonly string[]): number => vote.dots - mine.length
/** One more dot on the note, while this person has dots left. */
export function addDot(privateDoc: import('yjs').Doc, vote: Vote, mine: readonly string[], noteId: string): boolean {
  if (vote.status !== 'open' || dotsLeft(vote, mine) <= 0) return false
  privateDoc.getMap('votes').set(vote.id, [...mine, noteId])
  return true
}
/** Takes back one dot: from the note if given (none there: nothing), else the last one placed. */
export function removeDot(privateDoc: import('yjs').Doc, vote: Vote, mine: readonly string[], noteId?: string): boolean {
  const i = noteId ? mine.lastIndexOf(noteId) : mine.length - 1
  if (vote.status !== 'open' || i < 0) return false
  privateDoc.getMap('votes').set(
    vote.id,
    mine.filter((_, j) => j !== i),
  )
  return true
}

/** Dots on the notes themselves: mine while voting, everyone's after the vote closed. */
export function VoteBadges() {
  const editor = useEditor()
  const { doc, privateDoc } = useBoard()
  const { vote, results = {} } = useFacilitation(doc)
  const mine = useMyDots(privateDoc, vote?.status === 'open' ? vote.id : undefined)
  const counts: Record<string, number> =
    vote?.status === 'open' ? mine.reduce((m, id) => ({ ...m, [id]: (m[id] ?? 0) + 1 }), {} as Record<string, number>) : results
  const placed = useValue(
    'vote badges',
    () =>
      Object.entries(counts)
        .map(([id, n]) => {
          const b = editor.getShapePageBounds(id as TLShapeId)
          if (!b) return null
          const p = editor.pageToViewport({ x: b.maxX, y: b.minY })
          return { id, n, x: p.x, y: p.y }
        })
        .filter(Boolean) as { id: string; n: number; x: number; y: number }[],
    [editor, JSON.stringify(counts)],
  )
  return (
    <>
      {placed.map((b) => (
        <span
          key={b.id}
          className={`vote-badge ${vote?.status === 'open' ? 'mine' : ''}`}
          style={{ left: b.x - 18, top: b.y - 14 }}
          data-votes={b.n}
          aria-hidden="true"
        >
          {'●'.repeat(Math.min(b.n, 5))}
          {b.n > 5 ? ` ${b.n}` : ''}
        </span>
      ))}
    </>
  )
}

/** The participant's vote controls and everyone's results. */
export function VotePanel({ editor }: { editor: import('tldraw').Editor | null }) {
  const t = useT()
  const sv = t.lang === 'sv'
  const { doc, privateDoc, role } = useBoard()
  const { vote, results } = useFacilitation(doc)
  const mine = useMyDots(privateDoc, vote?.id)
  if (!vote) return null
  if (vote.status === 'open' && role !== 'viewer' && privateDoc) {
    const left = dotsLeft(vote, mine)
    const selectedNote = () => editor?.getSelectedShapes().find((s) => s.type === 'note')
    return (
      <span className="vote" role="group" aria-label={sv ? 'Prickröstning' : 'Dot voting'}>
        <span data-dots-left={left}>{sv ? `Prickar kvar: ${left} av ${vote.dots}` : `Dots left: ${left} of ${vote.dots}`}</span>
        <button
          type="button"
          disabled={left <= 0}
          onClick={() => {
            const note = selectedNote()
            if (note) addDot(privateDoc, vote, mine, note.id)
          }}
        >
          {sv ? 'Prick på markerad lapp' : 'Dot on selected note'}
        </button>
        <button
          type="button"
          disabled={!mine.length}
          onClick={() => {
            removeDot(privateDoc, vote, mine, selectedNote()?.id)
          }}
        >
          {sv ? 'Ta bort prick' : 'Remove dot'}
        </button>
      </span>
    )
  }
  if (vote.status === 'closed' && results) {
    const rows = Object.entries(results).sort((a, b) => b[1] - a[1])
    const max = Math.max(1, ...rows.map(([, n]) => n))
    const textOf = (id: string) => {
      const s = editor?.getShape(id as TLShapeId) as { props?: { richText?: unknown } } | undefined
      return s ? plainText(s.props?.richText) || '…' : id
    }
    return (
      <details className="results">
        <summary>{sv ? 'Resultat' : 'Results'}</summary>
        <ol className="bars" aria-label={sv ? 'Röster per lapp' : 'Votes per note'}>
          {rows.map(([id, n]) => (
            <li key={id} data-result={n}>
              <span className="bar-label">{textOf(id)}</span>
              <span className="bar" style={{ width: `${(n / max) * 100}%` }} />
              <span className="bar-n">{n}</span>
            </li>
          ))}
        </ol>
      </details>
    )
  }
  return null
}

/**
 * [H21] For the facilitator while a vote is open: how many people have placed dots (one voter per
 * identity, [K3]), asked of the server every few seconds. Nobody sees whose dots or where.
 */
export function VoterCount({ boardId, boardKey, voteId }: { boardId: string; boardKey: string; voteId: string }) {
  const t = useT()
  const [voters, setVoters] = useState<number | null>(null)
  useEffect(() => {
    let stopped = false
    let timer: ReturnType<typeof setTimeout> | undefined
    const ask = async () => {
      try {
        const r = await api.voters(boardId, boardKey)
        if (!stopped && r.vote === voteId) setVoters(r.voters)
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
  }, [boardId, boardKey, voteId])
  if (voters === null) return null
  return (
    <span className="muted" role="status" data-voters={voters}>
      {t.votersCount(voters)}
    </span>
  )
}
