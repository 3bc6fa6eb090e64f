// A picture of the board drawn by the server from its document: a schematic for print, not a
// copy of the canvas. The template's zones (their regions and labels), every note as a square of
// its colour with its text wrapped (a few lines; the lists of the report hold the whole text), a
// badge with the note's dots from the last closed vote, and each theme's outline around its notes.
// Coordinates are the board's page coordinates (board SPEC [D6]); the viewBox fits them all.
import type * as Y from 'yjs'
import { listNotes, NOTE_SIZE, regionBounds, zonesOf, type Box, type Zone } from '@tavla/board'
import { votesByNote, type Lang } from '@tavla/export'
import { readExtras } from './extras.ts'
import { COLORS, colorOf } from './palette.ts'

export interface BoardSvgOptions {
  lang?: Lang
  /** Width of the picture in px (its height follows the board); 1600 unless given. */
  width?: number
  /**
   * How wide the picture will stand in print (pt): the text is drawn at least ~6 pt there. A4
   * portrait's text width (483 pt) unless given.
   */
  printWidth?: number
}

/** The font the picture names; png.ts hands resvg this font's files (no system font is used). */
export const SVG_FONT = 'DejaVu Sans'

// biome-ignore lint/suspicious/noControlCharactersInRegex: the control characters XML 1.0 forbids are what this removes
const XML_BAD = /[^\u0009\u000a\u000d\u0020-\ud7ff\ue000-\ufffd\u{10000}-\u{10ffff}]/gu
/** Text as SVG character data or attribute value: the five XML specials escaped, characters XML forbids dropped. */
export function xmlEscape(s: string): string {
  return s.replace(XML_BAD, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;')
}

/** Notes whose text the picture shows (see boardSvg). */
export const MAX_TEXT_NOTES = 150

/** DejaVu Sans's glyphs average a little over half their size in width; 0.6 keeps lines inside their box. */
const CHAR_WIDTH = 0.6

/**
 * Words wrapped into at most `maxLines` lines of `maxChars` characters (a word longer than a
 * line is cut, with a hyphen); a text that does not fit ends in "…". Reads at most what fits, so a long note
 * costs no more than a short one.
 */
export function wrapText(text: string, maxChars: number, maxLines: number): string[] {
  const words = text
    .slice(0, maxChars * maxLines * 2)
    .split(/\s+/)
    .filter(Boolean)
  const lines: string[] = []
  let line = ''
  let cut = false
  for (let i = 0; i < words.length; i++) {
    let word = words[i]!
    while (word.length > maxChars) {
      if (line) {
        lines.push(line)
        line = ''
      }
      // a word cut over lines says so with a hyphen, as print does ("Samordnings-" / "förbundet")
      const take = maxChars > 3 ? cutAt(word, maxChars - 1) : maxChars
      const piece = word.slice(0, take)
      lines.push(take < maxChars && !/[-/]$/.test(piece) ? `${piece}-` : piece)
      word = word.slice(take)
      if (lines.length >= maxLines) break
    }
    if (lines.length >= maxLines) {
      cut = true
      break
    }
    const next = line ? `${line} ${word}` : word
    if (next.length <= maxChars) line = next
    else {
      lines.push(line)
      line = word
      if (lines.length >= maxLines) {
        cut = true
        break
      }
    }
  }
  if (!cut && line) lines.push(line)
  else if (cut || text.length > maxChars * maxLines * 2) cut = true
  const out = lines.slice(0, maxLines)
  if (cut && out.length) {
    const last = out[out.length - 1]!
    out[out.length - 1] = `${last.endsWith('-') ? last.slice(0, -1) : last.length >= maxChars ? last.slice(0, maxChars - 1) : last}…`
  }
  return out
}

const VOWELS = /[aeiouyåäöéü]/i

/**
 * Where to cut a word too long for a line, at most `max` characters in: before a consonant that
 * begins a syllable (one followed by a vowel, Swedish's rule of thumb: "Arbetsför-medlingen",
 * "Samordnings-förbundet"), or after a hyphen or slash it has, looking back no further than half
 * the line; else at `max`.
 */
function cutAt(word: string, max: number): number {
  for (let p = max; p >= Math.ceil(max / 2); p--) {
    if (word[p - 1] === '-' || word[p - 1] === '/') return p
    if (!VOWELS.test(word[p]!) && VOWELS.test(word[p + 1] ?? '') && /\p{L}/u.test(word[p]!) && /\p{L}/u.test(word[p - 1]!)) return p
  }
  return max
}

const num = (n: number) => (Number.isFinite(n) ? Math.round(n * 10) / 10 : 0)

function union(boxes: Box[]): Box {
  let x0 = Number.POSITIVE_INFINITY
  let y0 = Number.POSITIVE_INFINITY
  let x1 = Number.NEGATIVE_INFINITY
  let y1 = Number.NEGATIVE_INFINITY
  for (const b of boxes) {
    x0 = Math.min(x0, b.x)
    y0 = Math.min(y0, b.y)
    x1 = Math.max(x1, b.x + b.w)
    y1 = Math.max(y1, b.y + b.h)
  }
  return Number.isFinite(x0) ? { x: x0, y: y0, w: x1 - x0, h: y1 - y0 } : { x: 0, y: 0, w: 1000, h: 600 }
}

const grow = (b: Box, m: number): Box => ({ x: b.x - m, y: b.y - m, w: b.w + 2 * m, h: b.h + 2 * m })
const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

function textLines(lines: string[], x: number, y: number, size: number, attrs: string): string {
  if (!lines.length) return ''
  const spans = lines.map((l, i) => `<tspan x="${num(x)}" dy="${i === 0 ? 0 : num(size * 1.2)}">${xmlEscape(l)}</tspan>`).join('')
  return `<text x="${num(x)}" y="${num(y)}" font-size="${num(size)}" ${attrs}>${spans}</text>`
}

function zoneShape(z: Zone): string {
  const fill = colorOf(z.color).semi
  const stroke = colorOf(z.color).solid
  const r = z.region
  return r.kind === 'rect'
    ? `<rect x="${num(r.x)}" y="${num(r.y)}" width="${num(r.w)}" height="${num(r.h)}" rx="12" fill="${fill}" stroke="${stroke}" stroke-width="4"/>`
    : `<ellipse cx="${num(r.cx)}" cy="${num(r.cy)}" rx="${num(r.rx)}" ry="${num(r.ry)}" fill="${fill}" stroke="${stroke}" stroke-width="4"/>`
}

/** [D6] where a note stands on the page: its box (x, y, 200·scale wide, (200 + growY)·scale high). */
function noteBoxOf(r: { x: number; y: number; props: { scale?: unknown; growY?: unknown } }): Box {
  const scale = typeof r.props.scale === 'number' && r.props.scale > 0 ? r.props.scale : 1
  const growY = typeof r.props.growY === 'number' && r.props.growY > 0 ? r.props.growY : 0
  return { x: r.x, y: r.y, w: NOTE_SIZE * scale, h: (NOTE_SIZE + growY) * scale }
}

/** The board as an SVG document (a string), zones, notes, dots and themes. */
export function boardSvg(doc: Y.Doc, opts: BoardSvgOptions = {}): string {
  const lang = opts.lang ?? 'sv'
  const zones = zonesOf(doc)
  const all = listNotes(doc).map((n) => ({ n, box: noteBoxOf(n.record) }))
  // a note parked far off the template (20,000 px away) would shrink the board to a corner: the
  // picture shows the template and what lies near it; the lists name every note
  const zoneBox = zones.length ? union(zones.map((z) => regionBounds(z.region))) : undefined
  const near = zoneBox && grow(zoneBox, Math.max(600, 0.25 * Math.max(zoneBox.w, zoneBox.h)))
  const notes = near ? all.filter((x) => overlaps(x.box, near)) : all
  const votes = votesByNote(doc)
  const extras = readExtras(doc, new Set(notes.map((x) => x.n.id)))

  const bounds = union([...zones.map((z) => regionBounds(z.region)), ...notes.map((x) => x.box)])
  const pad = 40
  const view = { x: bounds.x - pad, y: bounds.y - pad, w: bounds.w + 2 * pad, h: bounds.h + 2 * pad }
  const width = opts.width ?? 1600
  const height = Math.max(1, Math.round((width * view.h) / view.w))
  // text at least ~6 pt in print (board units per pt = view.w / printWidth), within what a note holds
  const unitsPerPt = view.w / (opts.printWidth ?? 483)
  const noteFont = Math.min(44, Math.max(24, 6 * unitsPerPt))
  const labelFont = Math.min(72, Math.max(30, 7.5 * unitsPerPt))

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="${num(view.x)} ${num(view.y)} ${num(view.w)} ${num(view.h)}" font-family="${SVG_FONT}">`,
    `<rect x="${num(view.x)}" y="${num(view.y)}" width="${num(view.w)}" height="${num(view.h)}" fill="#ffffff"/>`,
  ]
  // zones from the most general to the most specific, so inner rings lie on top ([D6] lists them the other way)
  for (const z of [...zones].reverse()) out.push(zoneShape(z))
  for (const z of [...zones].reverse()) {
    const b = regionBounds(z.region)
    const label = z.label[lang] || z.label.sv
    const inset = z.region.kind === 'rect' ? 20 : 0
    // one line when it fits at no less than 70 % of the size (notes sit under the label), else two
    const room = (z.region.kind === 'rect' ? b.w - 2 * inset : b.w * 0.6) / CHAR_WIDTH
    // a ring's label has its band to itself: larger (10 pt in print) than a cell's (7.5 pt)
    const wanted = z.region.kind === 'rect' ? labelFont : Math.min(120, labelFont * (10 / 7.5))
    const size = Math.max(wanted * 0.7, Math.min(wanted, room / Math.max(1, label.length)))
    const lines = wrapText(label, Math.max(8, Math.floor(room / size)), 2)
    if (z.region.kind === 'rect') {
      out.push(textLines(lines, b.x + inset, b.y + inset + size, size, `font-weight="bold" fill="${COLORS.black.solid}"`))
    } else {
      // an ellipse's label at the top of its ring, centred
      out.push(textLines(lines, b.x + b.w / 2, b.y + size * 1.6, size, `font-weight="bold" text-anchor="middle" fill="${COLORS.black.solid}"`))
    }
  }

  // themes: an outline around their notes, in the theme's colour, named above it
  const themeBoxes = new Map<string, Box[]>()
  for (const { n, box } of notes) {
    const t = extras.themeOf.get(n.id)
    if (!t) continue
    const list = themeBoxes.get(t)
    if (list) list.push(box)
    else themeBoxes.set(t, [box])
  }
  for (const theme of extras.themes) {
    const boxes = themeBoxes.get(theme.id)
    if (!boxes) continue
    const b = union(boxes)
    const m = 24
    const stroke = colorOf(theme.color ?? 'violet').solid
    out.push(
      `<rect x="${num(b.x - m)}" y="${num(b.y - m)}" width="${num(b.w + 2 * m)}" height="${num(b.h + 2 * m)}" rx="24" fill="none" stroke="${stroke}" stroke-width="8" stroke-dasharray="24 12"/>`,
    )
    const maxChars = Math.max(8, Math.floor((b.w + 2 * m) / (noteFont * CHAR_WIDTH)))
    out.push(textLines(wrapText(theme.name, maxChars, 1), b.x - m, b.y - m - 10, noteFont, `font-weight="bold" fill="${stroke}"`))
  }

  // resvg lays out each line of text for about a millisecond: the text of at most MAX_TEXT_NOTES
  // notes is drawn (those with dots first, then in reading order), the rest are squares; the
  // report's lists hold every note's text anyway, and so many notes overlap in print.
  const withText = new Set(
    [...notes]
      .sort((a, b) => (votes.get(b.n.id) ?? 0) - (votes.get(a.n.id) ?? 0) || a.box.y - b.box.y || a.box.x - b.box.x)
      .slice(0, MAX_TEXT_NOTES)
      .map((x) => x.n.id),
  )
  const badge = noteFont * 0.85
  for (const { n, box } of notes) {
    const c = colorOf(n.color)
    out.push(
      `<rect x="${num(box.x)}" y="${num(box.y)}" width="${num(box.w)}" height="${num(box.h)}" fill="${c.noteFill}" stroke="#00000033" stroke-width="2"/>`,
    )
    const inset = 12
    const maxChars = Math.max(4, Math.floor((box.w - 2 * inset) / (noteFont * CHAR_WIDTH)))
    const maxLines = Math.max(1, Math.floor((box.h - 2 * inset) / (noteFont * 1.2)))
    if (withText.has(n.id)) out.push(textLines(wrapText(n.text, maxChars, maxLines), box.x + inset, box.y + inset + noteFont, noteFont, `fill="${c.noteText}"`))
    const dots = votes.get(n.id) ?? 0
    if (dots > 0) {
      const cx = box.x + box.w - badge * 0.6
      const cy = box.y + badge * 0.6
      out.push(
        `<circle cx="${num(cx)}" cy="${num(cy)}" r="${num(badge)}" fill="${COLORS.red.solid}" stroke="#ffffff" stroke-width="4"/>`,
        `<text x="${num(cx)}" y="${num(cy + badge * 0.4)}" font-size="${num(badge * 1.1)}" font-weight="bold" text-anchor="middle" fill="#ffffff">${dots}</text>`,
      )
    }
  }
  out.push('</svg>')
  return out.join('\n')
}
