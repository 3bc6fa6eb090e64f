// The decision report as a tagged PDF (PDF 1.7, pdfkit): a structure tree of headings,
// paragraphs, lists and figures with alt text that a screen reader follows, the document's
// language and title (shown in the title bar), DejaVu Sans embedded (subset) so å, ä, ö are the
// font's own glyphs, page numbers marked as artifacts (not read out).
import PDFDocument from 'pdfkit'
import { FONT_FILES } from './fonts.ts'
import { meetingDay, noteDetails, organisationsLine, type ExerciseReport, type Report, type ReportNote } from './model.ts'
import { boardPng } from './png.ts'
import { boardSvg } from './svg.ts'
import { WORDS } from './words.ts'

type Doc = InstanceType<typeof PDFDocument>
type Struct = ReturnType<Doc['struct']>

const MARGIN = 56
const SIZES = { 1: 20, 2: 15, 3: 12.5, 4: 11 } as const
const BODY = 10.5

/** The picture of one exercise's board, once per report (PDF and Word share it through `pictures`). */
export function exercisePicture(ex: ExerciseReport, lang: Report['lang']): { png: Buffer; width: number; height: number } {
  const svg = boardSvg(ex.doc, { lang })
  const m = /<svg[^>]* width="(\d+)" height="(\d+)"/.exec(svg)
  return { png: boardPng(svg), width: Number(m?.[1] ?? 1600), height: Number(m?.[2] ?? 1000) }
}

export type Picture = ReturnType<typeof exercisePicture>

export interface RenderOptions {
  /** Pictures already made (one per exercise, in order); made here when absent. */
  pictures?: Picture[]
}

export function noteLine(n: ReportNote, lang: Report['lang']): string {
  const d = noteDetails(n, lang)
  return d ? `${n.text} (${d})` : n.text
}

export function reportPdf(report: Report, opts: RenderOptions = {}): Promise<Buffer> {
  const w = WORDS[report.lang]
  const doc: Doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    pdfVersion: '1.7',
    tagged: true,
    lang: report.lang === 'sv' ? 'sv-SE' : 'en-GB',
    displayTitle: true,
    bufferPages: true,
    font: FONT_FILES.regular,
    info: {
      Title: report.title,
      Subject: report.kind === 'session' ? w.sessionKind : w.kind,
      ...(report.facilitator ? { Author: report.facilitator } : {}),
      Creator: 'tavla',
      Producer: 'tavla (pdfkit)',
    },
  })
  doc.registerFont('body', FONT_FILES.regular)
  doc.registerFont('bold', FONT_FILES.bold)
  doc.registerFont('italic', FONT_FILES.italic)
  const chunks: Buffer[] = []
  doc.on('data', (c: Buffer) => chunks.push(c))
  const done = new Promise<Buffer>((res, rej) => {
    doc.on('end', () => res(Buffer.concat(chunks)))
    doc.on('error', rej)
  })

  const root = doc.struct('Document')
  doc.addStructure(root)
  const width = doc.page.width - 2 * MARGIN
  const bottom = () => doc.page.height - MARGIN
  const room = (h: number) => {
    if (doc.y + h > bottom()) doc.addPage()
  }

  const heading = (level: 1 | 2 | 3 | 4, text: string) => {
    room(SIZES[level] * 4)
    if (level <= 2) doc.moveDown(level === 1 ? 0.2 : 0.6)
    root.add(
      doc.struct(`H${level}`, {}, () => {
        doc.font('bold').fontSize(SIZES[level]).fillColor('#000000').text(text, MARGIN, doc.y, { width })
      }),
    )
    doc.moveDown(0.3)
  }
  const para = (text: string, style: 'body' | 'italic' | 'bold' = 'body', color = '#000000') => {
    room(BODY * 2)
    root.add(
      doc.struct('P', {}, () => {
        doc.font(style).fontSize(BODY).fillColor(color).text(text, MARGIN, doc.y, { width })
      }),
    )
    doc.moveDown(0.3)
  }
  /** A list (bullets or numbers); an inner array is the previous item's sub-list (comments). */
  const list = (items: (string | string[])[], numbered = false) => {
    if (!items.length) return
    room(BODY * 2)
    const L: Struct = doc.struct('L')
    root.add(L)
    doc
      .font('body')
      .fontSize(BODY)
      .fillColor('#000000')
      .list(items as never, MARGIN, doc.y, {
        width,
        listType: numbered ? 'numbered' : 'bullet',
        bulletRadius: 2,
        textIndent: numbered ? 18 : 12,
        bulletIndent: 12,
        paragraphGap: 2,
        structParent: L,
      } as never)
    L.end()
    doc.moveDown(0.4)
  }
  const figure = (pic: Picture, alt: string) => {
    const maxH = doc.page.height - 2 * MARGIN - 30
    const full = Math.min(width / pic.width, maxH / pic.height)
    // smaller on this page when that keeps at least 70 % of its size, else on a page of its own
    const left = (bottom() - doc.y - 10) / pic.height
    const scale = left >= full ? full : left >= full * 0.7 ? left : full
    const w = pic.width * scale
    const h = pic.height * scale
    room(h + 8)
    const y = doc.y
    root.add(
      doc.struct('Figure', { alt }, () => {
        doc.image(pic.png, MARGIN + (width - w) / 2, y, { width: w, height: h })
      }),
    )
    doc.y = y + h + 10
  }

  // ---- cover ----
  heading(1, report.title)
  para(report.kind === 'session' ? w.sessionKind : w.kind, 'italic', '#333333')
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

  // ---- per exercise ----
  report.exercises.forEach((ex, i) => {
    doc.addPage()
    heading(1, ex.heading)
    if (ex.meeting) para(`${w.meeting}: ${ex.meeting.title}, ${meetingDay(ex.meeting.date, report.lang)}`)
    if (report.kind === 'session' && ex.templateTitle) para(`${w.template}: ${ex.templateTitle}`)
    if (ex.prompt) para(ex.prompt, 'italic')
    if (ex.questions.length) {
      heading(2, w.questions)
      list(ex.questions)
    }
    const pic = opts.pictures?.[i] ?? exercisePicture(ex, report.lang)
    figure(pic, w.picture(ex.noteCount, ex.zoneCount, ex.themes.length))
    heading(2, w.voteRanking)
    if (ex.ranked.length)
      list(
        ex.ranked.map((r) => `${r.text} – ${w.votes(r.votes)}${r.where ? ` (${r.where})` : ''}`),
        true,
      )
    else para(w.noVotes, 'italic')
    if (ex.themes.length) {
      heading(2, w.themes)
      list(ex.themes.map((t) => w.themeLine(t.theme.name, t.count, t.where)))
    }
    heading(2, w.notesByZone)
    for (const s of ex.sections) {
      heading(3, s.label)
      if (s.prompt) para(s.prompt, 'italic', '#333333')
      if (!s.count) para(w.none, 'italic')
      for (const g of s.groups) {
        if (g.theme) heading(4, w.theme(g.theme.name))
        else if (s.groups.length > 1) heading(4, w.noTheme)
        list(g.notes.flatMap((n) => [noteLine(n, report.lang), ...(n.comments.length ? [n.comments.map((c) => `${w.comment(c.authorName)}: ${c.text}`)] : [])]))
      }
    }
  })

  // ---- decisions and next steps ----
  doc.addPage()
  heading(1, w.decisions)
  for (const ex of report.exercises) {
    if (report.kind === 'session') {
      if (!ex.hasDecisionZones && !ex.summary) continue
      heading(2, ex.heading)
    }
    const level = report.kind === 'session' ? 3 : 2
    if (ex.hasDecisionZones) {
      heading(level, w.whoTakesItOn)
      if (ex.decisions.length) list(ex.decisions.map((d) => `${d.area ? `${d.area}: ` : ''}${d.text}${d.votes ? ` (${w.votes(d.votes)})` : ''}`))
      else para(w.noOneYet, 'italic')
    }
    if (ex.summary && report.kind === 'session') {
      heading(level, w.summary)
      for (const p of ex.summary.split(/\n\s*\n/)) para(p)
    }
  }
  heading(2, w.summary)
  const summary = report.summary ?? (report.kind === 'board' ? report.exercises[0]?.summary : undefined)
  if (summary) for (const p of summary.split(/\n\s*\n/)) para(p)
  else para(w.noSummary, 'italic')
  root.end()

  // ---- page numbers: artifacts, outside the structure ----
  const range = doc.bufferedPageRange()
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i)
    const keep = doc.page.margins.bottom
    doc.page.margins.bottom = 0
    doc.markContent('Artifact', { type: 'Pagination' } as never)
    doc
      .font('body')
      .fontSize(8.5)
      .fillColor('#555555')
      .text(`${report.title} · ${w.page(i + 1, range.count)}`, MARGIN, doc.page.height - MARGIN / 2 - 6, { width, align: 'center', lineBreak: false })
    doc.endMarkedContent()
    doc.page.margins.bottom = keep
  }
  doc.end()
  return done
}
