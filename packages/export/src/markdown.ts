import type * as Y from 'yjs'
import { formatReactions, rankResults, readThemes, targetTheme } from '@tavla/board'
import { localTime, notesByZone, isAnonymous, reportLayout, type ExportContext, type ExportNote, type Lang } from './notes.ts'

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
    theme: 'Tema',
    noTheme: 'Utan tema',
    across: 'Teman över zonerna',
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
    theme: 'Theme',
    noTheme: 'No theme',
    across: 'Themes across the zones',
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
  // [H22] the last closed vote, ranked, each note's whole text; [D21] themes by name
  const voted = new Map(groups.flatMap((g) => g.notes.filter((n) => n.votes > 0).map((n) => [n.id, n] as const)))
  const themes = new Map(readThemes(doc).map((t) => [t.id, t]))
  const ranked = rankResults(
    Object.fromEntries([...[...voted].map(([id, n]) => [id, n.votes] as const), ...[...votesOnThemes(doc)].filter(([id]) => themes.has(targetTheme(id)!))]),
  )
  if (ranked.length) {
    out.push(`## ${w.results}`, '')
    for (const [i, [id, votes]] of ranked.entries()) {
      const themeId = targetTheme(id)
      const label = themeId !== undefined ? `${w.theme}: ${md(themes.get(themeId)!.name)}` : md(voted.get(id)!.text.trim() || '…')
      out.push(`${i + 1}. ${label} — _${w.votes(votes)}_`)
    }
    out.push('')
  }
  const note = (n: ExportNote) => {
    const extras = [n.votes ? w.votes(n.votes) : '', formatReactions(n.reactions), !anonymous && n.authorName ? md(n.authorName) : ''].filter(Boolean)
    out.push(`- ${md(n.text.trim() || '…')}${extras.length ? ` — _${extras.join(', ')}_` : ''}`)
    // [D22] the note's comments under it
    for (const c of n.comments) out.push(`  - ${md(c.text.trim())}${!anonymous && c.authorName ? ` — _${md(c.authorName)}_` : ''}`)
  }
  const themeVotes = votesOnThemes(doc)
  const themeHeading = (level: string, t: { id: string; name: string }) => {
    const v = themeVotes.get(`theme:${t.id}`)
    out.push(`${level} ${w.theme}: ${md(t.name)}${v ? ` — _${w.votes(v)}_` : ''}`, '')
  }
  const layout = reportLayout(doc)
  for (const g of layout.zones) {
    const count = g.notes.length + g.themes.reduce((n, t) => n + t.notes.length, 0)
    if (!g.zone && !count) continue
    out.push(`## ${g.zone ? md(g.zone.label[lang]) : w.outside}`, '')
    if (g.zone?.prompt) out.push(`> ${md(g.zone.prompt[lang])}`, '')
    if (!count && !g.themes.length) out.push(w.none)
    for (const t of g.themes) {
      themeHeading('###', t.theme)
      if (!t.notes.length) out.push(w.none)
      for (const n of t.notes) note(n)
      out.push('')
    }
    if (g.themes.length && g.notes.length) out.push(`### ${w.noTheme}`, '')
    for (const n of g.notes) note(n)
    out.push('')
  }
  if (layout.across.length) {
    out.push(`## ${w.across}`, '')
    for (const t of layout.across) {
      themeHeading('###', t.theme)
      if (!t.notes.length) out.push(w.none)
      for (const n of t.notes) note(n)
      out.push('')
    }
  }
  return out.join('\n')
}

/** [D21] Dots the last closed vote put on themes: `theme:<id>` → dots. */
function votesOnThemes(doc: Y.Doc): Map<string, number> {
  const out = new Map<string, number>()
  const results = doc.getMap('facilitation').get('results')
  if (results && typeof results === 'object')
    for (const [id, n] of Object.entries(results as Record<string, unknown>))
      if (targetTheme(id) !== undefined && typeof n === 'number' && n > 0) out.set(id, n)
  return out
}
