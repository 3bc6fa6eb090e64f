// The decision report as a Word file (.docx, the `docx` package): the same content in the same
// order as the PDF (pdf.ts), with Word's own heading styles (so the navigation pane and a table
// of contents see them), real bulleted and numbered lists, the board's picture inline with its
// alternative text, and the document's language set (Swedish unless English was asked for).
// Text in Arial, which every Word has (LibreOffice substitutes a metric twin), with å, ä, ö.
import { AlignmentType, Document, HeadingLevel, ImageRun, LevelFormat, Packer, Paragraph, TextRun } from 'docx'
import { meetingDay, organisationsLine, type Report } from './model.ts'
import { exercisePicture, noteLine, type RenderOptions } from './pdf.ts'
import { WORDS } from './words.ts'

const HEADINGS = { 1: HeadingLevel.HEADING_1, 2: HeadingLevel.HEADING_2, 3: HeadingLevel.HEADING_3, 4: HeadingLevel.HEADING_4 } as const
/** A4 text width at Word's default margins (2.54 cm): 15.92 cm, in px at 96 dpi. */
const TEXT_WIDTH_PX = 601
const TEXT_HEIGHT_PX = 860

export async function reportDocx(report: Report, opts: RenderOptions = {}): Promise<Buffer> {
  const w = WORDS[report.lang]
  const out: Paragraph[] = []
  const heading = (level: 1 | 2 | 3 | 4, text: string, pageBreakBefore = false) =>
    out.push(new Paragraph({ heading: HEADINGS[level], children: [new TextRun(text)], pageBreakBefore }))
  const para = (text: string, italics = false) => out.push(new Paragraph({ children: [new TextRun({ text, italics })] }))
  const list = (items: (string | string[])[], numbered = false) => {
    // a fresh instance of the numbered list per list, so every ranking starts at 1
    const instance = numbered ? ++lists : 0
    for (const item of items) {
      for (const [level, text] of (Array.isArray(item) ? item.map((t) => [1, t] as const) : [[0, item] as const]) as (readonly [0 | 1, string])[]) {
        out.push(
          numbered && level === 0
            ? new Paragraph({ children: [new TextRun(text)], numbering: { reference: 'ranked', level: 0, instance } })
            : new Paragraph({ children: [new TextRun(text)], bullet: { level } }),
        )
      }
    }
  }
  let lists = 0

  heading(1, report.title)
  para(report.kind === 'session' ? w.sessionKind : w.kind, true)
  para(`${w.taken}: ${report.takenAt}`)
  if (report.snapshot) para(`${w.snapshot}: ${report.snapshot.name}`)
  if (report.templateTitle) para(`${w.template}: ${report.templateTitle}`)
  para(`${w.facilitator}: ${report.facilitator ?? w.facilitatorUnknown}`)
  if (report.participants !== undefined) para(`${w.participants}: ${report.participants} (${w.participantsCounted})`)
  const orgs = organisationsLine(report)
  if (orgs) para(`${w.organisations}: ${orgs}`)
  para(`${w.anonymity}: ${report.anonymous ? w.anonymous : w.named}`)
  if (report.kind === 'session') {
    heading(2, w.contents)
    list(report.exercises.map((e) => (e.meeting ? `${e.heading} (${e.meeting.title}, ${meetingDay(e.meeting.date, report.lang)})` : e.heading)))
  }

  report.exercises.forEach((ex, i) => {
    heading(1, ex.heading, true)
    if (ex.meeting) para(`${w.meeting}: ${ex.meeting.title}, ${meetingDay(ex.meeting.date, report.lang)}`)
    if (report.kind === 'session' && ex.templateTitle) para(`${w.template}: ${ex.templateTitle}`)
    if (ex.prompt) para(ex.prompt, true)
    if (ex.questions.length) {
      heading(2, w.questions)
      list(ex.questions)
    }
    const pic = opts.pictures?.[i] ?? exercisePicture(ex, report.lang)
    const scale = Math.min(TEXT_WIDTH_PX / pic.width, TEXT_HEIGHT_PX / pic.height)
    const alt = w.picture(ex.noteCount, ex.zoneCount, ex.themes.length)
    out.push(
      new Paragraph({
        alignment: AlignmentType.CENTER,
        children: [
          new ImageRun({
            type: 'png',
            data: pic.png,
            transformation: { width: Math.round(pic.width * scale), height: Math.round(pic.height * scale) },
            altText: { name: ex.heading.slice(0, 100), title: ex.heading, description: alt },
          }),
        ],
      }),
    )
    heading(2, w.voteRanking)
    if (ex.ranked.length)
      list(
        ex.ranked.map((r) => `${r.text} – ${w.votes(r.votes)}${r.where ? ` (${r.where})` : ''}`),
        true,
      )
    else para(w.noVotes, true)
    if (ex.themes.length) {
      heading(2, w.themes)
      list(ex.themes.map((t) => w.themeLine(t.theme.name, t.count, t.where)))
    }
    heading(2, w.notesByZone)
    for (const s of ex.sections) {
      heading(3, s.label)
      if (s.prompt) para(s.prompt, true)
      if (!s.count) para(w.none, true)
      for (const g of s.groups) {
        if (g.theme) heading(4, w.theme(g.theme.name))
        else if (s.groups.length > 1) heading(4, w.noTheme)
        list(g.notes.flatMap((n) => [noteLine(n, report.lang), ...(n.comments.length ? [n.comments.map((c) => `${w.comment(c.authorName)}: ${c.text}`)] : [])]))
      }
    }
  })

  heading(1, w.decisions, true)
  for (const ex of report.exercises) {
    if (report.kind === 'session') {
      if (!ex.hasDecisionZones && !ex.summary) continue
      heading(2, ex.heading)
    }
    const level = report.kind === 'session' ? 3 : 2
    if (ex.hasDecisionZones) {
      heading(level, w.whoTakesItOn)
      if (ex.decisions.length) list(ex.decisions.map((d) => `${d.area ? `${d.area}: ` : ''}${d.text}${d.votes ? ` (${w.votes(d.votes)})` : ''}`))
      else para(w.noOneYet, true)
    }
    if (ex.summary && report.kind === 'session') {
      heading(level, w.summary)
      for (const p of ex.summary.split(/\n\s*\n/)) para(p)
    }
  }
  heading(2, w.summary)
  const summary = report.summary ?? (report.kind === 'board' ? report.exercises[0]?.summary : undefined)
  if (summary) for (const p of summary.split(/\n\s*\n/)) para(p)
  else para(w.noSummary, true)

  const lang = report.lang === 'sv' ? 'sv-SE' : 'en-GB'
  const doc = new Document({
    title: report.title,
    subject: report.kind === 'session' ? w.sessionKind : w.kind,
    creator: report.facilitator ?? 'tavla',
    description: w.kind,
    styles: { default: { document: { run: { font: 'Arial', size: 21, language: { value: lang } } } } },
    numbering: {
      config: [
        {
          reference: 'ranked',
          levels: [
            {
              level: 0,
              format: LevelFormat.DECIMAL,
              text: '%1.',
              alignment: AlignmentType.START,
              style: { paragraph: { indent: { left: 720, hanging: 360 } } },
            },
          ],
        },
      ],
    },
    sections: [{ children: out }],
  })
  return Packer.toBuffer(doc)
}
