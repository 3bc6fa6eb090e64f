import { getIndices } from '@tldraw/utils'
import { recordProblem, regionBounds, richTextOf, serializedSchema, type Box, type BoardSeed, type StoredRecord, type Zone } from '@tavla/board'
import { expand, resolveParams, type Params } from './layout.ts'
import type { Decoration, Template } from './schema.ts'
import { LABEL_FONT, LABEL_PADDING, TEXT_FONT, lineCount, lineWidth, overlaps, readableFont, textHeight } from './textFit.ts'

export { serializedSchema }

const TEXT_SCALE: Record<string, number> = { s: 1, m: 1.2, l: 1.8, xl: 2.6 }
const boxOf = (z: Zone): Box => regionBounds(z.region)

/** The template layer's shapes: locked, marked as background, complete for tldraw 5's validators. */
function geo(
  id: string,
  index: string,
  b: Box,
  p: {
    geo: string
    color: string
    fill: string
    text?: string
    size?: string
    align?: string
    verticalAlign?: string
    dash?: string
    zoneId?: string
    scale?: number
  },
): StoredRecord {
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'geo',
    x: Math.round(b.x),
    y: Math.round(b.y),
    rotation: 0,
    isLocked: true,
    opacity: 1,
    parentId: 'page:page',
    index,
    props: {
      geo: p.geo,
      dash: p.dash ?? 'solid',
      url: '',
      w: Math.round(b.w),
      h: Math.round(b.h),
      growY: 0,
      // the label's size: big enough to read when the whole board is in view (w and h stay as given)
      scale: p.scale ?? 1,
      flipX: false,
      flipY: false,
      labelColor: 'black',
      color: p.color,
      fill: p.fill,
      size: p.size ?? 'l',
      font: 'sans',
      align: p.align ?? 'middle',
      verticalAlign: p.verticalAlign ?? 'middle',
      richText: richTextOf(p.text ?? ''),
    },
    meta: { layer: 'background', ...(p.zoneId ? { zoneId: p.zoneId } : {}) },
  }
}

function text(
  id: string,
  index: string,
  d: { x: number; y: number; w: number; text: string; size: string; color?: string; align?: string; scale?: number; zoneId?: string },
): StoredRecord {
  const scale = d.scale ?? TEXT_SCALE[d.size]!
  return {
    id: `shape:${id}`,
    typeName: 'shape',
    type: 'text',
    x: Math.round(d.x),
    y: Math.round(d.y),
    rotation: 0,
    isLocked: true,
    opacity: 1,
    parentId: 'page:page',
    index,
    // Big text is scaled rather than sized, so it stays readable when the whole board is in view.
    props: {
      color: d.color ?? 'black',
      size: d.size,
      font: 'sans',
      textAlign: d.align ?? 'start',
      w: Math.round(d.w / scale),
      richText: richTextOf(d.text),
      scale,
      autoSize: false,
    },
    meta: { layer: 'background', ...(d.zoneId ? { zoneId: d.zoneId } : {}) },
  }
}

export interface BuildOptions {
  title: string
  params?: Params
  now?: number
}

/** A text decoration sized and placed: its page font, scale and estimated box. */
interface SizedText {
  d: Extract<Decoration, { kind: 'text' }>
  scale: number
  box: Box
}

const GAP = 40
/** What a note needs below a zone's label: the note, its margin from the border, a gap. */
const NOTE_ROOM = 200 + 2 * 16 + 20

/**
 * The whole first state of a board made from a template: tldraw records and zones. Every template
 * text (zone labels and prompts, questions, legends, row labels) is scaled so it stays readable
 * when the whole board is in view on a small screen (textFit.ts, READABLE_PX); a question that its
 * larger font would push into what lies below it moves up; the board title goes above everything,
 * on one line where a smaller font allows, and its height is reserved so it never covers the
 * question however long it is. Each zone's label box is stored with the zone ([D15]), so notes
 * placed without a pointer keep off it.
 */
export function buildBoardSeed(t: Template, opts: BuildOptions): BoardSeed {
  const params = resolveParams(t, opts.params)
  let { zones, decoration, zoneShapes } = expand(t, params)
  const extentOf = (boxes: Box[]) => {
    if (!boxes.length) return { x: 0, y: 0, w: 1200, h: 600 }
    const x = Math.min(...boxes.map((b) => b.x))
    const y = Math.min(...boxes.map((b) => b.y))
    return { x, y, w: Math.max(...boxes.map((b) => b.x + b.w)) - x, h: Math.max(...boxes.map((b) => b.y + b.h)) - y }
  }
  const first = extentOf([...zones.map(boxOf), ...decoration.map((d) => ({ x: d.x, y: d.y, w: d.w, h: d.kind === 'shape' ? d.h : 60 }))])
  // the title's band (one line of it) counts in how far the fit has to zoom out
  const font = readableFont({ w: first.w, h: first.h + 260 })
  // A grid's row labels get a column wide enough for their longest word at that size (a board
  // taller than the screen has width to spare), and its header row grows to hold the column
  // headers as they wrap.
  if (t.grid) {
    const g = t.grid
    const scale = Math.max(TEXT_SCALE.l!, font / TEXT_FONT.l!)
    const lines = Math.max(...g.columns.map((c) => lineCount(c.label.sv, g.cellWidth - 20, TEXT_FONT.l! * scale)))
    const headerHeight = Math.max(g.headerHeight, Math.ceil(textHeight(lines, TEXT_FONT.l! * scale) + GAP))
    const rowFont = LABEL_FONT.xl! * Math.max(1, font / LABEL_FONT.xl!)
    const longest = Math.max(...params[g.rowsParam]!.flatMap((r) => r.split(/\s+/)).map((w) => w.length))
    const rowHeaderWidth = Math.max(g.rowHeaderWidth, Math.ceil(lineWidth('x'.repeat(longest), rowFont) + 2 * LABEL_PADDING * (rowFont / LABEL_FONT.xl!) + 40))
    if (headerHeight > g.headerHeight || rowHeaderWidth > g.rowHeaderWidth)
      ({ zones, decoration, zoneShapes } = expand({ ...t, grid: { ...g, headerHeight, rowHeaderWidth } }, params))
  }
  const gridZones = new Set(t.grid ? zones.filter((z) => z.id.includes('__')).map((z) => z.id) : [])
  const labelScale = (size: string) => Math.max(1, font / LABEL_FONT[size]!)

  // Zone labels. A rectangle writes its label and prompt in its top-left corner; a circle or ring
  // in a text of its own at the top of its band (the band between it and the ring inside it), as
  // wide as the band is there, with the prompt only if it fits.
  const zoneLabels = new Map<string, { text: string; box: Box; scale: number }>()
  for (const z of zones) {
    if (gridZones.has(z.id)) continue
    const b = boxOf(z)
    const full = [z.label.sv, z.prompt?.sv].filter(Boolean).join('\n')
    if (z.region.kind === 'rect') {
      const scale = labelScale('xl')
      const px = LABEL_FONT.xl! * scale
      const pad = LABEL_PADDING * scale
      const height = (s: string) => textHeight(lineCount(s, b.w - 2 * pad, px), px) + 2 * pad
      // the prompt only where a note still fits below the label (the list view always shows it)
      const chosen = height(full) <= b.h - NOTE_ROOM ? full : z.label.sv
      const h = Math.min(b.h, height(chosen))
      zoneLabels.set(z.id, { text: chosen, box: { x: b.x, y: b.y, w: Math.min(b.w, lineWidth(chosen, px) + 2 * pad), h }, scale })
      continue
    }
    const r = z.region
    const inner = zones
      .filter((o) => o !== z && o.region.kind === 'ellipse' && o.region.cx === r.cx && o.region.cy === r.cy && o.region.ry < r.ry)
      .map((o) => (o.region.kind === 'ellipse' ? o.region.ry : 0))
    const bandTop = r.cy - r.ry
    const bandBottom = inner.length ? r.cy - Math.max(...inner) : r.cy
    const scale = font / TEXT_FONT.m!
    const y = bandTop + Math.max(GAP, 0.06 * r.ry)
    // the chord of the ellipse at the label's top line: the narrowest width the label has
    const dy = (r.cy - y) / r.ry
    const width = 2 * r.rx * Math.sqrt(Math.max(0, 1 - dy * dy)) * 0.86
    const room = bandBottom - y - GAP
    const fits = (s: string) => textHeight(lineCount(s, width, font), font) <= room
    const chosen = fits(full) ? full : z.label.sv
    const h = textHeight(lineCount(chosen, width, font), font)
    zoneLabels.set(z.id, { text: chosen, box: { x: r.cx - width / 2, y, w: width, h }, scale })
  }
  zones = zones.map((z) => {
    const l = zoneLabels.get(z.id)
    return l ? { ...z, labelBox: roundBox(l.box) } : z
  })

  // Decoration: shapes keep their boxes (their labels scaled); texts are scaled and, where that
  // makes them run into something below, moved up above it.
  const fixed: Box[] = [...zones.map(boxOf), ...decoration.flatMap((d) => (d.kind === 'shape' ? [{ x: d.x, y: d.y, w: d.w, h: d.h }] : []))]
  const sized: SizedText[] = decoration.flatMap((d) => {
    if (d.kind !== 'text') return []
    const scale = Math.max(TEXT_SCALE[d.size]!, font / TEXT_FONT[d.size]!)
    const px = TEXT_FONT[d.size]! * scale
    return [{ d, scale, box: { x: d.x, y: d.y, w: d.w, h: textHeight(lineCount(d.text.sv, d.w, px), px) } }]
  })
  for (const s of [...sized].sort((a, b) => b.box.y - a.box.y)) {
    const below = [...fixed, ...sized.filter((o) => o !== s).map((o) => o.box)].filter((o) => o.y >= s.box.y && overlaps(o, s.box))
    if (!below.length) continue
    const up = { ...s.box, y: Math.min(...below.map((o) => o.y)) - GAP - s.box.h }
    const others = [...fixed, ...sized.filter((o) => o !== s).map((o) => o.box)]
    // where moving up would run into something above, it goes below what it ran into instead
    s.box = others.some((o) => overlaps(o, up)) ? { ...s.box, y: Math.max(...below.map((o) => o.y + o.h)) + GAP } : up
  }

  // The title: as big as its default while it fits on one line, else smaller (down to what stays
  // readable), and wrapped beyond that; its whole height lies above everything else.
  const all = extentOf([...fixed, ...sized.map((s) => s.box), ...[...zoneLabels.values()].map((l) => l.box)])
  const titleW = Math.max(600, all.w)
  const titleScale = Math.max(
    Math.min(TEXT_SCALE.xl!, titleW / (lineWidth(opts.title, TEXT_FONT.xl!) * 1.1)),
    Math.min(TEXT_SCALE.xl!, (font * 1.6) / TEXT_FONT.xl!),
  )
  const titlePx = TEXT_FONT.xl! * titleScale
  const titleH = textHeight(lineCount(opts.title, titleW, titlePx), titlePx)

  // Larger zones first, so the inner ones (the golden circle's "varför") lie on top.
  const drawnZones = [...zones].reverse()
  const count = 1 + drawnZones.length * 2 + decoration.length
  const indices = getIndices(count + 1).slice(1)
  let next = 0
  const shapes: StoredRecord[] = []
  shapes.push(text('tavla-title', indices[next++]!, { x: all.x, y: all.y - GAP * 1.5 - titleH, w: titleW, text: opts.title, size: 'xl', scale: titleScale }))
  for (const z of drawnZones) {
    const l = zoneLabels.get(z.id)
    const ellipse = zoneShapes.get(z.id) === 'ellipse'
    shapes.push(
      geo(`zone-${z.id}`, indices[next++]!, boxOf(z), {
        geo: ellipse ? 'ellipse' : 'rectangle',
        color: z.color ?? 'grey',
        fill: 'solid',
        text: ellipse ? '' : (l?.text ?? ''),
        size: 'xl',
        // Rectangles label their top-left corner (their middle is where notes go).
        align: 'start',
        verticalAlign: 'start',
        zoneId: z.id,
        scale: ellipse ? 1 : l?.scale,
      }),
    )
  }
  for (const z of drawnZones) {
    const l = zoneLabels.get(z.id)
    if (l && zoneShapes.get(z.id) === 'ellipse')
      shapes.push(text(`zone-label-${z.id}`, indices[next++]!, { ...l.box, text: l.text, size: 'm', scale: l.scale, align: 'middle', zoneId: z.id }))
  }
  decoration.forEach((d, i) => {
    const index = indices[next++]!
    if (d.kind === 'text') {
      const s = sized.find((x) => x.d === d)!
      shapes.push(text(`deco-${i}`, index, { ...s.box, text: d.text.sv, size: d.size, color: d.color, align: d.align, scale: s.scale }))
    } else {
      // a shape grows down to hold its label at the scaled size (tldraw lets a label overflow)
      const scale = d.text ? labelScale(d.size ?? 'l') : 1
      const px = LABEL_FONT[d.size ?? 'l']! * scale
      const need = d.text ? textHeight(lineCount(d.text.sv, d.w - 2 * LABEL_PADDING * scale, px), px) + 2 * LABEL_PADDING * scale : 0
      shapes.push(
        geo(
          `deco-${i}`,
          index,
          { ...d, h: Math.max(d.h, Math.ceil(need)) },
          {
            geo: d.geo,
            color: d.color,
            fill: d.fill === 'semi' ? 'solid' : d.fill,
            text: d.text?.sv,
            size: d.size ?? 'l',
            scale,
          },
        ),
      )
    }
  })

  const background: StoredRecord[] = [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: opts.title, meta: {} },
    { id: 'page:page', typeName: 'page', name: t.title.sv, index: 'a1', meta: {} },
    ...shapes,
  ]
  return { title: opts.title, template: t.id, schema: serializedSchema, background, zones, createdAt: opts.now }
}

const roundBox = (b: Box): Box => ({ x: Math.floor(b.x), y: Math.floor(b.y), w: Math.ceil(b.w), h: Math.ceil(b.h) })

/** Validates records against tldraw's schema (tests, and a guard for hand-made templates). */
export function validateRecords(records: readonly StoredRecord[]): void {
  for (const r of records) {
    const problem = recordProblem(r)
    if (problem) throw new Error(problem)
  }
}

export type { Decoration }
