import type * as Y from 'yjs'
import { formatReactions } from '@tavla/board'
import { notesByZone, isAnonymous, type ExportContext } from './notes.ts'

export const CSV_COLUMNS = ['board', 'snapshot', 'zone_id', 'zone_label', 'text', 'color', 'author', 'votes', 'created', 'updated', 'reactions'] as const

const cell = (v: string | number | undefined): string => {
  const s = v === undefined ? '' : String(v)
  // Quote always: notes hold commas, quotes and line breaks. A leading =,+,-,@ would be a formula
  // in a spreadsheet; a leading apostrophe keeps it text.
  const safe = /^[=+\-@\t\r]/.test(s) ? `'${s}` : s
  return `"${safe.replace(/"/g, '""')}"`
}
const iso = (ms: number | undefined) => (ms ? new Date(ms).toISOString() : '')

/** One row per note, UTF-8 with a byte-order mark and CRLF, as Excel and LibreOffice expect. */
export function toCsv(doc: Y.Doc, ctx: ExportContext): string {
  const lang = ctx.lang ?? 'sv'
  const anonymous = isAnonymous(doc)
  const rows: string[] = [CSV_COLUMNS.join(',')]
  for (const g of notesByZone(doc)) {
    for (const n of g.notes) {
      rows.push(
        [
          ctx.title,
          ctx.snapshot?.name ?? '',
          g.zone?.id ?? '',
          g.zone?.label[lang] ?? '',
          n.text,
          n.color,
          anonymous ? '' : (n.authorName ?? ''),
          n.votes,
          iso(n.createdAt),
          iso(n.updatedAt),
          formatReactions(n.reactions),
        ]
          .map(cell)
          .join(','),
      )
    }
  }
  return `\uFEFF${rows.join('\r\n')}\r\n`
}
