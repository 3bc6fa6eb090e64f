import type * as Y from 'yjs'
import { formatReactions } from '@tavla/board'
import { colorName, localTime, notesByZone, isAnonymous, type ExportContext, type Lang } from './notes.ts'

/** The columns in English (the API's names, `lang=en`); CSV_HEADERS has them per language. */
export const CSV_COLUMNS = [
  'board',
  'snapshot',
  'zone_id',
  'zone_label',
  'text',
  'color',
  'author',
  'votes',
  'created',
  'updated',
  'reactions',
  'theme',
  'comments',
] as const
/** The header row in the export's language (server SPEC [H8]): Swedish unless `lang=en`. */
export const CSV_HEADERS: Record<Lang, Record<(typeof CSV_COLUMNS)[number], string>> = {
  sv: {
    board: 'tavla',
    snapshot: 'version',
    zone_id: 'zon_id',
    zone_label: 'zon',
    text: 'text',
    color: 'färg',
    author: 'författare',
    votes: 'röster',
    created: 'skapad',
    updated: 'ändrad',
    reactions: 'reaktioner',
    theme: 'tema',
    comments: 'kommentarer',
  },
  en: Object.fromEntries(CSV_COLUMNS.map((c) => [c, c])) as Record<(typeof CSV_COLUMNS)[number], string>,
}

const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v)
  // Quote always: notes hold commas, quotes and line breaks. A leading =,+,-,@ would be a formula
  // in a spreadsheet; a leading apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return `"${safe.replace(/"/g, '""')}"`
}
/** Swedish local time in a form spreadsheets read as a date and time: `2026-12-02 13:55`. */
const when = (ms: number | undefined) => (ms ? localTime(new Date(ms), 'csv') : '')

/** The cells of one row per note (what `toCsv` writes), before quoting. */
export function csvRows(doc: Y.Doc, ctx: ExportContext): (string | number)[][] {
  const lang = ctx.lang ?? 'sv'
  const anonymous = isAnonymous(doc)
  const rows: (string | number)[][] = []
  for (const g of notesByZone(doc)) {
    for (const n of g.notes) {
      rows.push([
        ctx.title,
        ctx.snapshot?.name ?? '',
        g.zone?.id ?? '',
        g.zone?.label[lang] ?? '',
        n.text,
        colorName(n.color, lang),
        anonymous ? '' : (n.authorName ?? ''),
        n.votes,
        when(n.createdAt),
        when(n.updatedAt),
        formatReactions(n.reactions),
        n.theme?.name ?? '',
        // [D22] oldest first, one a line; the writer's name unless the board is anonymous
        n.comments.map((c) => (!anonymous && c.authorName ? `${c.authorName}: ${c.text}` : c.text)).join('\n'),
      ])
    }
  }
  return rows
}

/** UTF-8 with a byte-order mark and CRLF, as Excel and LibreOffice expect; every cell quoted. */
export function csvText(header: readonly string[], rows: readonly (readonly (string | number | undefined)[])[]): string {
  return `\uFEFF${[header.join(','), ...rows.map((r) => r.map(cell).join(','))].join('\r\n')}\r\n`
}

/** One row per note. */
export function toCsv(doc: Y.Doc, ctx: ExportContext): string {
  const lang = ctx.lang ?? 'sv'
  return csvText(
    CSV_COLUMNS.map((c) => CSV_HEADERS[lang][c]),
    csvRows(doc, ctx),
  )
}
