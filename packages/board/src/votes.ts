// Dot votes (SPEC [D7], [D14]; apps/server SPEC [H22]): what a click on a note does to one
// person's dots, and which of their dots count. A person's dots are a list of note ids in their
// private part, one entry per dot; the page changes it by clicking, the server counts it.
import type { VoteState } from './facilitation.ts'
import { targetTheme } from './themes.ts'

/** What the dot rules need of a vote. */
export type VoteRules = Pick<VoteState, 'status' | 'dots' | 'perNote'>

/** How many of one person's dots may stand on one note. */
export const perNoteLimit = (vote: VoteRules): number => Math.min(vote.dots, vote.perNote ?? vote.dots)

/**
 * [D14] A click on a note while the vote is open: one more dot on it while this person has dots
 * left and the note is below the per-note limit; otherwise (or with `remove`, Shift-click) one of
 * their dots comes off it. The next list of dots, or null when the click changes nothing.
 */
export function clickDot(vote: VoteRules, mine: readonly string[], noteId: string, remove = false): string[] | null {
  if (vote.status !== 'open') return null
  const onNote = mine.filter((id) => id === noteId).length
  if (!remove && mine.length < vote.dots && onNote < perNoteLimit(vote)) return [...mine, noteId]
  const i = mine.lastIndexOf(noteId)
  return i < 0 ? null : mine.filter((_, j) => j !== i)
}

/**
 * [H22] The dots of one person that count, in the order placed: at most `dots` of them, at most
 * the per-note limit on one note, only on notes `counts` accepts (existing, in the vote's zones).
 * Whatever a client wrote beyond that is not counted.
 */
export function countedDots(vote: VoteRules, dots: unknown, counts: (noteId: string) => boolean): string[] {
  if (!Array.isArray(dots)) return []
  const out: string[] = []
  const perNote = new Map<string, number>()
  const limit = perNoteLimit(vote)
  for (const id of dots) {
    if (out.length >= vote.dots) break
    if (typeof id !== 'string' || !counts(id)) continue
    const n = perNote.get(id) ?? 0
    if (n >= limit) continue
    perNote.set(id, n + 1)
    out.push(id)
  }
  return out
}

/** Results ranked: most dots first, ties in id order (the same order on every page and in the report); notes and themes (`theme:<id>`, [D21]) alike. */
export function rankResults(results: Record<string, number>): [noteId: string, dots: number][] {
  return Object.entries(results)
    .filter(([, n]) => n > 0)
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}

/**
 * [D21] Which dot targets a vote counts: a note that exists (in the vote's zones, when it has
 * zones), or a theme that exists (`theme:<id>`, [THEME_TARGET]) whose zone is one of the vote's
 * zones; a theme across zones counts only in a vote over the whole board. The predicate
 * `countedDots` takes.
 */
export function voteTargets(
  vote: Pick<VoteState, 'zones'>,
  notes: ReadonlyMap<string, { zone?: { id: string } | undefined }>,
  themes: ReadonlyMap<string, { zoneId: string | null }>,
): (target: string) => boolean {
  const inZones = (zoneId: string | null | undefined) => !vote.zones || (!!zoneId && vote.zones.includes(zoneId))
  return (target) => {
    const themeId = targetTheme(target)
    if (themeId !== undefined) {
      const theme = themes.get(themeId)
      return !!theme && inZones(theme.zoneId)
    }
    const note = notes.get(target)
    return !!note && inZones(note.zone?.id)
  }
}
