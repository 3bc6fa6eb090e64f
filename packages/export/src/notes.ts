import type * as Y from 'yjs'
import { facilitationOf, listNotes, metaOf, reactionsByNote, zonesOf, type BoardNote, type Reaction, type Zone } from '@tavla/board'

export type Lang = 'sv' | 'en'

export interface ExportContext {
  boardId: string
  title: string
  template: string
  templateTitle?: string
  /** The questions the template asks, in order. */
  questions?: string[]
  /** When the content was taken: now for the live board, the snapshot's time otherwise. */
  takenAt: Date
  snapshot?: { id: string; name: string }
  lang?: Lang
}

export interface ZoneGroup {
  zone: Zone | undefined
  notes: (BoardNote & { votes: number; reactions: Partial<Record<Reaction, number>> })[]
}

/** Dot votes per note from the facilitation state (issue 6); an empty map when there are none. */
export function votesByNote(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>()
  const votes = facilitationOf(doc).get('results')
  if (votes && typeof votes === 'object') {
    for (const [id, n] of Object.entries(votes as Record<string, unknown>)) if (typeof n === 'number') out.set(id, n)
  }
  return out
}

/** Notes grouped by zone in the template's order, notes outside every zone last; each group by position. */
export function notesByZone(doc: Y.Doc): ZoneGroup[] {
  const votes = votesByNote(doc)
  const reactions = reactionsByNote(doc)
  const notes = listNotes(doc).map((n) => ({ ...n, votes: votes.get(n.id) ?? 0, reactions: reactions.get(n.id)?.counts ?? {} }))
  const readingOrder = (a: BoardNote, b: BoardNote) => a.record.y - b.record.y || a.record.x - b.record.x
  const groups: ZoneGroup[] = zonesOf(doc).map((zone) => ({ zone, notes: notes.filter((n) => n.zone?.id === zone.id).sort(readingOrder) }))
  groups.push({ zone: undefined, notes: notes.filter((n) => !n.zone).sort(readingOrder) })
  return groups
}

export const isAnonymous = (doc: Y.Doc): boolean => metaOf(doc).get('anonymous') === true
