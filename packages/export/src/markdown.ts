import type * as Y from 'yjs'
import { formatReactions, rankResults } from '@tavla/board'
import { localTime, notesByZone, isAnonymous, type ExportContext, type Lang } from './notes.ts'

const words = {
  sv: {
    template: 'Mall',
    taken: 'Underlag från',
    snapshot: 'Ögonblicksbild',
    questions: 'Frågor',
    outside: 'Utanför zonerna',
    none: '_Inga lappar._',
    votes: (n: number) => (n === 1 ? '1 röst' : `${n} röster`),
    notes: 'lappar',
    total: 'Totalt',
    results: 'Röstningsresultat',
  },
  en: {
    template: 'Template',
    taken: 'Taken',
    snapshot: 'Snapshot',
    questions: 'Questions',
    outside: 'Outside the zones',
    none: '_No notes._',
    votes: (n: number) => (n === 1 ? '1 vote' : `${n} votes`),
    notes: 'notes',
    total: 'Total',
    results: 'Vote results',
  },
} as const

/** Markdown special characters escaped, line breaks kept inside a list item. */
const md = (s: string) => s.replace(/([\\`*_{}[\]<>#|])/g, '\\$1').replace(/\n/g, '  \n  ')

const fmtDate = (d: Date, lang: Lang) => localTime(d, 'long', lang)

/** A report a styrelse can read and print: questions, then every zone with its notes. */
export function toMarkdown(doc: Y.Doc, ctx: ExportContext): string {
  const lang = ctx.lang ?? 'sv'
  const w = words[lang]
  const anonymous = isAnonymous(doc)
  const groups = notesByZone(doc)
  const total = groups.reduce((n, g) => n + g.notes.length, 0)
  const out: string[] = [`# ${md(ctx.title)}`, '']
  out.push(`- ${w.template}: ${md(ctx.templateTitle ?? ctx.template)}`)
  out.push(`- ${w.taken}: ${fmtDate(ctx.takenAt, lang)}`)
  if (ctx.snapshot) out.push(`- ${w.snapshot}: ${md(ctx.snapshot.name)}`)
  out.push(`- ${w.total}: ${total} ${w.notes}`, '')
  if (ctx.questions?.length) {
    out.push(`## ${w.questions}`, '')
    for (const q of ctx.questions) out.push(`- ${md(q)}`)
    out.push('')
  }
  // [H22] the last closed vote, ranked, each note's whole text
  const voted = new Map(groups.flatMap((g) => g.notes.filter((n) => n.votes > 0).map((n) => [n.id, n] as const)))
  if (voted.size) {
    out.push(`## ${w.results}`, '')
    for (const [i, [id, votes]] of rankResults(Object.fromEntries([...voted].map(([id, n]) => [id, n.votes]))).entries())
      out.push(`${i + 1}. ${md(voted.get(id)!.text.trim() || '…')} — _${w.votes(votes)}_`)
    out.push('')
  }
  for (const g of groups) {
    if (!g.zone && !g.notes.length) continue
    out.push(`## ${g.zone ? md(g.zone.label[lang]) : w.outside}`, '')
    if (g.zone?.prompt) out.push(`> ${md(g.zone.prompt[lang])}`, '')
    if (!g.notes.length) out.push(w.none)
    for (const n of g.notes) {
      const extras = [n.votes ? w.votes(n.votes) : '', formatReactions(n.reactions), !anonymous && n.authorName ? md(n.authorName) : ''].filter(Boolean)
      out.push(`- ${md(n.text.trim() || '…')}${extras.length ? ` — _${extras.join(', ')}_` : ''}`)
    }
    out.push('')
  }
  return out.join('\n')
}
