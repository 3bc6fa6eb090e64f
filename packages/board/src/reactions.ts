// Reactions on notes (issue 6), SPEC [D9]: the `reactions` root is a flat Y.Map whose keys are
// `<noteId>|<emoji>|<reactor>` and whose values are `true`. One key per person, note and emoji,
// so concurrent toggles by different people never overwrite each other, and toggling is a set
// or a delete of one key. `reactor` is an opaque random id a device keeps per board: no name,
// no user id, on every board (so an anonymous board stores no author with a reaction either).
import type * as Y from 'yjs'
import { BoardRoots } from './roots.ts'

/** The emoji people may put on a note, in the order the page shows them. */
export const REACTIONS = ['👍', '❤️', '💡', '❓'] as const
export type Reaction = (typeof REACTIONS)[number]

const REACTOR = /^[A-Za-z0-9_-]{8,64}$/

export function reactionsOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.Reactions)
}

export const isReaction = (s: string): s is Reaction => (REACTIONS as readonly string[]).includes(s)
export const isReactor = (s: string): boolean => REACTOR.test(s)

export function reactionKey(noteId: string, emoji: Reaction, reactor: string): string {
  return `${noteId}|${emoji}|${reactor}`
}

/** The parts of a key, or undefined when it is not a well-formed reaction key. */
export function parseReactionKey(key: string): { noteId: string; emoji: Reaction; reactor: string } | undefined {
  const parts = key.split('|')
  if (parts.length < 3) return undefined
  const reactor = parts.pop()!
  const emoji = parts.pop()!
  const noteId = parts.join('|')
  if (!noteId || noteId.length > 200 || !isReaction(emoji) || !isReactor(reactor)) return undefined
  return { noteId, emoji, reactor }
}

/** Puts this reactor's emoji on the note, or takes it off again. Returns whether it is on now. */
export function toggleReaction(doc: Y.Doc, noteId: string, emoji: Reaction, reactor: string): boolean {
  const map = reactionsOf(doc)
  const key = reactionKey(noteId, emoji, reactor)
  if (map.has(key)) {
    map.delete(key)
    return false
  }
  map.set(key, true)
  return true
}

export interface NoteReactions {
  /** How many people put each emoji on the note (only emoji with at least one). */
  counts: Partial<Record<Reaction, number>>
  /** The emoji the given reactor put on it. */
  mine: Reaction[]
}

/** Reactions per note id; keys that are not well-formed are ignored. */
export function reactionsByNote(doc: Y.Doc, reactor?: string): Map<string, NoteReactions> {
  const out = new Map<string, NoteReactions>()
  for (const [key, value] of reactionsOf(doc).entries()) {
    if (value !== true) continue
    const k = parseReactionKey(key)
    if (!k) continue
    const r = out.get(k.noteId) ?? { counts: {}, mine: [] }
    r.counts[k.emoji] = (r.counts[k.emoji] ?? 0) + 1
    if (reactor && k.reactor === reactor) r.mine.push(k.emoji)
    out.set(k.noteId, r)
  }
  return out
}

/** "👍 2 💡 1" in the order of REACTIONS; '' when there are none. */
export function formatReactions(counts: Partial<Record<Reaction, number>> | undefined): string {
  if (!counts) return ''
  return REACTIONS.filter((e) => counts[e])
    .map((e) => `${e} ${counts[e]}`)
    .join(' ')
}
