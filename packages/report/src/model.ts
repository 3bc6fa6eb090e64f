// What the decision report says, worked out once from the board documents (Y.Doc, board SPEC) and
// laid out twice: as PDF (pdf.ts) and as Word (docx.ts). Pure data: no fonts, no layout.
import type * as Y from 'yjs'
import { metaOf, rankResults, REACTIONS, type Reaction, type Zone } from '@tavla/board'
import { localTime, notesByZone, votesByNote, type ExportContext, type Lang } from '@tavla/export'
import { readExtras, THEME_TARGET, type ReportComment, type ReportTheme } from './extras.ts'
import { WORDS } from './words.ts'

/** One exercise to report: a board's document and the context its own export uses. */
export interface ExerciseInput {
  doc: Y.Doc
  ctx: ExportContext
  /** The meeting of a session the exercise belongs to. */
  meeting?: { id: string; title: string; date: string | null }
  /** The exercise's prompt in the session's agenda. */
  prompt?: string
}

export interface ReportInput {
  title: string
  takenAt: Date
  lang?: Lang
  /** A session's report names its meetings and numbers its exercises. */
  kind?: 'board' | 'session'
  /** The processledare's name, when known (absent: "not given"). */
  facilitator?: string
  /** How many people took part, as the caller counted them (the server: identities, see README). */
  participants?: number
  /**
   * The organisations of those participants, as they gave them when joining (optional, apps/server
   * [K3]), each with how many; left out on an anonymous board.
   */
  organisations?: OrganisationCount[]
  anonymous: boolean
  snapshot?: { id: string; name: string }
  exercises: ExerciseInput[]
  /**
   * The facilitator's own summary for the whole report. SEAM: the page will let the facilitator
   * write it before exporting; until then the server passes the board's `meta.summary`, if any.
   */
  summary?: string
}

/** One organisation on the cover and how many participants gave it. */
export interface OrganisationCount {
  org: string
  count: number
}

export interface ReportNote {
  id: string
  text: string
  color: string
  votes: number
  /** Reactions in words, in the language of the report (`tumme upp 2, idé 1`). */
  reactions: string
  author?: string
  comments: ReportComment[]
}

export interface NoteGroup {
  /** Absent: the notes of the zone in no theme. */
  theme?: ReportTheme
  notes: ReportNote[]
}

export interface ZoneSection {
  zone?: Zone
  label: string
  prompt?: string
  groups: NoteGroup[]
  count: number
}

export interface RankedItem {
  rank: number
  text: string
  votes: number
  /** Where it stands: the note's zone label. */
  where?: string
}

export interface Decision {
  /** For a grid zone (`Rehabilitering – Vem tar frågan vidare?`), its row: `Rehabilitering`. */
  area?: string
  text: string
  votes: number
}

export interface ExerciseReport {
  heading: string
  meeting?: { id: string; title: string; date: string | null }
  prompt?: string
  templateTitle?: string
  questions: string[]
  doc: Y.Doc
  sections: ZoneSection[]
  themes: { theme: ReportTheme; count: number; where?: string }[]
  ranked: RankedItem[]
  /** Notes in the zones labelled "Vem tar frågan vidare?". */
  decisions: Decision[]
  hasDecisionZones: boolean
  /** SEAM: the board's `meta.summary` (a string the facilitator's page will write). */
  summary?: string
  noteCount: number
  zoneCount: number
}

export interface Report {
  title: string
  kind: 'board' | 'session'
  lang: Lang
  takenAt: string
  facilitator?: string
  participants?: number
  /** Never on an anonymous board; only when some participant gave one. */
  organisations?: OrganisationCount[]
  anonymous: boolean
  snapshot?: { id: string; name: string }
  templateTitle?: string
  exercises: ExerciseReport[]
  summary?: string
}

const DECISION_LABELS = ['Vem tar frågan vidare?', 'Who takes the question on?']
const SEPARATOR = ' – '

/** Whether a zone is one of "Vem tar frågan vidare?" (tre-ar-framat's third column, in any row). */
export function isDecisionZone(zone: Zone): boolean {
  return [zone.label.sv, zone.label.en].some((l) => DECISION_LABELS.some((d) => l === d || l.endsWith(`${SEPARATOR}${d}`)))
}

const areaOf = (zone: Zone, lang: Lang): string | undefined => {
  const l = zone.label[lang]
  const i = l.lastIndexOf(SEPARATOR)
  return i > 0 ? l.slice(0, i) : undefined
}

/** A short text the facilitator wrote into the board's meta (summary, facilitator), or undefined. */
function metaText(doc: Y.Doc, key: string, max: number): string | undefined {
  const v = metaOf(doc).get(key)
  return typeof v === 'string' && v.trim() ? v.trim().slice(0, max) : undefined
}

export const SUMMARY_MAX = 20_000

function reactionWords(counts: Partial<Record<Reaction, number>>, lang: Lang): string {
  return REACTIONS.filter((e) => counts[e])
    .map((e) => `${WORDS[lang].reactions[e]} ${counts[e]}`)
    .join(', ')
}

/** One exercise's part of the report. */
export function exerciseReport(input: ExerciseInput, lang: Lang, anonymous: boolean, heading: string): ExerciseReport {
  const { doc } = input
  const w = WORDS[lang]
  const groups = notesByZone(doc)
  const ids = new Set(groups.flatMap((g) => g.notes.map((n) => n.id)))
  const extras = readExtras(doc, ids)
  const themeById = new Map(extras.themes.map((t) => [t.id, t]))
  const zones = groups.flatMap((g) => (g.zone ? [g.zone] : []))
  const zoneLabel = new Map(zones.map((z) => [z.id, z.label[lang]]))

  const sections: ZoneSection[] = []
  const noteById = new Map<string, { text: string; zone?: Zone }>()
  const themeCount = new Map<string, number>()
  const decisions: Decision[] = []
  for (const g of groups) {
    if (!g.zone && !g.notes.length) continue
    const byTheme = new Map<string | undefined, ReportNote[]>()
    for (const n of g.notes) {
      noteById.set(n.id, { text: n.text, zone: g.zone })
      const note: ReportNote = {
        id: n.id,
        text: n.text.trim() || '…',
        color: n.color,
        votes: n.votes,
        reactions: reactionWords(n.reactions, lang),
        ...(!anonymous && n.authorName ? { author: n.authorName } : {}),
        comments: (extras.comments.get(n.id) ?? []).map((c) => (anonymous ? { text: c.text, at: c.at } : c)),
      }
      const themeId = extras.themeOf.get(n.id)
      const key = themeId && themeById.has(themeId) ? themeId : undefined
      if (key) themeCount.set(key, (themeCount.get(key) ?? 0) + 1)
      const list = byTheme.get(key)
      if (list) list.push(note)
      else byTheme.set(key, [note])
      if (g.zone && isDecisionZone(g.zone)) decisions.push({ area: areaOf(g.zone, lang), text: note.text, votes: n.votes })
    }
    // themes in the order people made them, then the zone's notes in no theme
    const ordered: NoteGroup[] = extras.themes.filter((t) => byTheme.has(t.id)).map((t) => ({ theme: t, notes: byTheme.get(t.id)! }))
    if (byTheme.has(undefined)) ordered.push({ notes: byTheme.get(undefined)! })
    sections.push({
      zone: g.zone,
      label: g.zone ? g.zone.label[lang] : w.outside,
      prompt: g.zone?.prompt?.[lang],
      groups: ordered,
      count: g.notes.length,
    })
  }

  // [H22] the last closed vote, ranked; a dot on a theme ([D21]) counts for the theme
  const results = Object.fromEntries(votesByNote(doc))
  const ranked: RankedItem[] = []
  for (const [id, votes] of rankResults(results)) {
    const themeId = id.startsWith(THEME_TARGET) ? id.slice(THEME_TARGET.length) : undefined
    const theme = themeId ? themeById.get(themeId) : undefined
    const note = noteById.get(id)
    if (theme) ranked.push({ rank: ranked.length + 1, text: w.voteTheme(theme.name), votes, where: theme.zoneId ? zoneLabel.get(theme.zoneId) : undefined })
    else if (note) ranked.push({ rank: ranked.length + 1, text: note.text.trim() || '…', votes, where: note.zone?.label[lang] ?? w.outside })
  }

  return {
    heading,
    meeting: input.meeting,
    prompt: input.prompt,
    templateTitle: input.ctx.templateTitle,
    questions: input.ctx.questions ?? [],
    doc,
    sections,
    themes: extras.themes.map((t) => ({
      theme: t,
      count: themeCount.get(t.id) ?? 0,
      where: t.zoneId === null ? w.acrossZones : zoneLabel.get(t.zoneId),
    })),
    ranked,
    decisions,
    hasDecisionZones: zones.some(isDecisionZone),
    summary: metaText(doc, 'summary', SUMMARY_MAX),
    noteCount: ids.size,
    zoneCount: zones.length,
  }
}

/** The whole report: the cover's facts, then every exercise in the order given (agenda order for a session). */
export function buildReport(input: ReportInput): Report {
  const lang = input.lang ?? 'sv'
  const kind = input.kind ?? (input.exercises.length > 1 ? 'session' : 'board')
  const exercises = input.exercises.map((e, i) =>
    exerciseReport(
      e,
      lang,
      input.anonymous,
      kind === 'session' ? `${i + 1}. ${e.ctx.title}` : input.snapshot ? `${e.ctx.title} – ${input.snapshot.name}` : e.ctx.title,
    ),
  )
  const first = input.exercises[0]
  const facilitator = input.facilitator ?? (first && metaText(first.doc, 'facilitator', 200))
  return {
    title: input.title,
    kind,
    lang,
    takenAt: localTime(input.takenAt, 'long', lang),
    ...(facilitator ? { facilitator } : {}),
    ...(input.participants !== undefined ? { participants: input.participants } : {}),
    ...(!input.anonymous && input.organisations?.length ? { organisations: input.organisations } : {}),
    anonymous: input.anonymous,
    ...(input.snapshot ? { snapshot: input.snapshot } : {}),
    ...(kind === 'board' && first?.ctx.templateTitle ? { templateTitle: first.ctx.templateTitle } : {}),
    exercises,
    ...(input.summary?.trim() ? { summary: input.summary.trim().slice(0, SUMMARY_MAX) } : {}),
  }
}

/** The cover's line of organisations: each with its count, then how many gave none. */
export function organisationsLine(report: Pick<Report, 'organisations' | 'participants' | 'lang'>): string | undefined {
  const orgs = report.organisations
  if (!orgs?.length) return undefined
  const given = orgs.reduce((n, o) => n + o.count, 0)
  return WORDS[report.lang].organisationsText(orgs, Math.max(0, (report.participants ?? given) - given))
}

/** A meeting's day as people read it: `3 december 2026`. */
export function meetingDay(date: string | null, lang: Lang): string {
  if (!date) return WORDS[lang].noDate
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  )
}

/** A note's details after its text: votes, reactions, author. */
export function noteDetails(n: ReportNote, lang: Lang): string {
  return [n.votes ? WORDS[lang].votes(n.votes) : '', n.reactions, n.author ?? ''].filter(Boolean).join(' · ')
}
