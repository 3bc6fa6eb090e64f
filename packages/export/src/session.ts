// A whole session's export (apps/server SPEC [SE9]): every exercise's report or rows, in agenda
// order, meeting by meeting. Each exercise is exported as its board is ([H8]); this only puts
// them together.
import type * as Y from 'yjs'
import type { Exercise, Meeting, SessionState } from '@tavla/board'
import { CSV_COLUMNS, CSV_HEADERS, csvRows, csvText } from './csv.ts'
import { toMarkdown } from './markdown.ts'
import { localTime, type ExportContext, type Lang } from './notes.ts'

/** One exercise's board, with the context its own export would use. */
export interface SessionPart {
  meeting: Meeting
  exercise: Exercise
  doc: Y.Doc
  ctx: ExportContext
}

export const SESSION_CSV_COLUMNS = ['meeting', 'date', 'exercise'] as const
const SESSION_CSV_HEADERS: Record<Lang, Record<(typeof SESSION_CSV_COLUMNS)[number], string>> = {
  sv: { meeting: 'möte', date: 'datum', exercise: 'övning' },
  en: { meeting: 'meeting', date: 'date', exercise: 'exercise' },
}

const words = {
  sv: { session: 'Workshop', taken: 'Underlag från', meeting: 'Möte', exercise: 'Övning', minutes: 'min', noDate: 'inget datum' },
  en: { session: 'Workshop', taken: 'Taken', meeting: 'Meeting', exercise: 'Exercise', minutes: 'min', noDate: 'no date' },
} as const

const md = (s: string) => s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1')

/** A meeting's day as people read it: `3 december 2026`. */
function day(date: string | null, lang: Lang): string {
  if (!date) return words[lang].noDate
  return new Intl.DateTimeFormat(lang === 'sv' ? 'sv-SE' : 'en-GB', { timeZone: 'UTC', day: 'numeric', month: 'long', year: 'numeric' }).format(
    new Date(`${date}T12:00:00Z`),
  )
}

/** One report: the session's title, then per meeting and exercise the exercise's own report, its headings two levels down. */
export function sessionMarkdown(session: SessionState, parts: readonly SessionPart[], takenAt: Date, lang: Lang = 'sv'): string {
  const w = words[lang]
  const out: string[] = [`# ${md(session.title)}`, '', `- ${w.taken}: ${localTime(takenAt, 'long', lang)}`, '']
  let meetingId: string | undefined
  parts.forEach((p, i) => {
    if (p.meeting.id !== meetingId) {
      meetingId = p.meeting.id
      out.push(`## ${md(p.meeting.title)} (${day(p.meeting.date, lang)})`, '')
    }
    const report = toMarkdown(p.doc, { ...p.ctx, title: `${i + 1}. ${p.exercise.title}`, lang })
    if (p.exercise.prompt) out.push(`> ${md(p.exercise.prompt)}`, '')
    // the exercise's report: "# title" becomes "### title", "## zone" "#### zone"
    for (const line of report.split('\n')) out.push(line.startsWith('#') ? `##${line}` : line)
  })
  return out.join('\n')
}

/** One table: the meeting, its date and the exercise before the columns of a board's csv ([H8]). */
export function sessionCsv(parts: readonly SessionPart[], lang: Lang = 'sv'): string {
  const header = [...SESSION_CSV_COLUMNS.map((c) => SESSION_CSV_HEADERS[lang][c]), ...CSV_COLUMNS.map((c) => CSV_HEADERS[lang][c])]
  const rows = parts.flatMap((p) => csvRows(p.doc, { ...p.ctx, lang }).map((r) => [p.meeting.title, p.meeting.date ?? '', p.exercise.title, ...r]))
  return csvText(header, rows)
}
