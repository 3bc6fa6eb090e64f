import type * as Y from 'yjs'
import {
  commentsByNote,
  facilitationOf,
  listNotes,
  metaOf,
  reactionsByNote,
  readThemes,
  themeMembership,
  zonesOf,
  type BoardNote,
  type NoteComment,
  type Reaction,
  type Theme,
  type Zone,
} from '@tavla/board'

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

export type ExportNote = BoardNote & {
  votes: number
  reactions: Partial<Record<Reaction, number>>
  /** [D20] The theme the note is in. */
  theme?: Theme
  /** [D22] Its comments, oldest first. */
  comments: NoteComment[]
}

export interface ZoneGroup {
  zone: Zone | undefined
  notes: ExportNote[]
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
  const themes = new Map(readThemes(doc).map((t) => [t.id, t]))
  const member = themeMembership(doc)
  const comments = commentsByNote(doc)
  const notes: ExportNote[] = listNotes(doc).map((n) => {
    const theme = themes.get(member.get(n.id) ?? '')
    return { ...n, votes: votes.get(n.id) ?? 0, reactions: reactions.get(n.id)?.counts ?? {}, ...(theme ? { theme } : {}), comments: comments.get(n.id) ?? [] }
  })
  const readingOrder = (a: BoardNote, b: BoardNote) => a.record.y - b.record.y || a.record.x - b.record.x
  const groups: ZoneGroup[] = zonesOf(doc).map((zone) => ({ zone, notes: notes.filter((n) => n.zone?.id === zone.id).sort(readingOrder) }))
  groups.push({ zone: undefined, notes: notes.filter((n) => !n.zone).sort(readingOrder) })
  return groups
}

export const isAnonymous = (doc: Y.Doc): boolean => metaOf(doc).get('anonymous') === true

/** tldraw's colour ids in words, per language (the csv's colour column). */
const COLOR_NAMES: Record<Lang, Record<string, string>> = {
  sv: {
    black: 'svart',
    grey: 'grå',
    'light-violet': 'ljuslila',
    violet: 'lila',
    blue: 'blå',
    'light-blue': 'ljusblå',
    yellow: 'gul',
    orange: 'orange',
    green: 'grön',
    'light-green': 'ljusgrön',
    'light-red': 'ljusröd',
    red: 'röd',
    white: 'vit',
  },
  en: {
    black: 'black',
    grey: 'grey',
    'light-violet': 'light violet',
    violet: 'violet',
    blue: 'blue',
    'light-blue': 'light blue',
    yellow: 'yellow',
    orange: 'orange',
    green: 'green',
    'light-green': 'light green',
    'light-red': 'light red',
    red: 'red',
    white: 'white',
  },
}
export const colorName = (id: string | undefined, lang: Lang): string => (id ? (COLOR_NAMES[lang][id] ?? id) : '')

/**
 * Times as people in the workshop read them: Swedish local time (Europe/Stockholm, as the
 * samordningsförbund are), whatever zone the server runs in. `long` for the md report
 * (`2 december 2026 kl. 13:55`, `2 December 2026 at 13:55`), `csv` for a spreadsheet
 * (`2026-12-02 13:55`, the same in both languages), `file` for a file name (`2026-12-02 13.55`).
 */
export function localTime(d: Date, style: 'long' | 'csv' | 'file', lang: Lang = 'sv'): string {
  if (style === 'long') return d.toLocaleString(lang === 'sv' ? 'sv-SE' : 'en-GB', { dateStyle: 'long', timeStyle: 'short', timeZone: 'Europe/Stockholm' })
  const s = d.toLocaleString('sv-SE', { dateStyle: 'short', timeStyle: 'short', timeZone: 'Europe/Stockholm' })
  return style === 'file' ? s.replace(':', '.') : s
}

export interface ThemeSection {
  theme: Theme
  notes: ExportNote[]
}

export interface ReportZone {
  zone: Zone | undefined
  /** The zone's themes with their notes (wherever the notes lie), in the order they were made. */
  themes: ThemeSection[]
  /** The zone's notes in no theme of this zone (nor in a theme across zones). */
  notes: ExportNote[]
}

/**
 * [H8] The report's layout: every zone with its themes and its other notes, then the themes
 * across zones (and of zones the board does not have) apart; every note once.
 */
export function reportLayout(doc: Y.Doc): { zones: ReportZone[]; across: ThemeSection[] } {
  const groups = notesByZone(doc)
  const zoneIds = new Set(zonesOf(doc).map((z) => z.id))
  const all = groups.flatMap((g) => g.notes)
  const sections = readThemes(doc).map((theme) => ({ theme, notes: all.filter((n) => n.theme?.id === theme.id) }))
  const zoneOfTheme = (t: Theme) => (t.zoneId !== null && zoneIds.has(t.zoneId) ? t.zoneId : null)
  return {
    zones: groups.map((g) => ({
      zone: g.zone,
      themes: g.zone ? sections.filter((s) => zoneOfTheme(s.theme) === g.zone!.id) : [],
      notes: g.notes.filter((n) => !n.theme),
    })),
    across: sections.filter((s) => zoneOfTheme(s.theme) === null),
  }
}
