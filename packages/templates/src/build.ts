import { getIndices } from '@tldraw/utils'
import { recordProblem, regionBounds, richTextOf, serializedSchema, type Box, type BoardSeed, type StoredRecord, type Zone } from '@tavla/board'
import { expand, resolveParams, type Params } from './layout.ts'
import type { Decoration, Template } from './schema.ts'

export { serializedSchema }

const TEXT_SCALE: Record<string, number> = { s: 1, m: 1.2, l: 1.8, xl: 2.6 }
const boxOf = (z: Zone): Box => regionBounds(z.region)

/** The template layer's shapes: locked, marked as background, complete for tldraw 5's validators. */
function geo(
  id: string,
  index: string,
  b: Box,
  p: { geo: string; color: string; fill: string; text?: string; size?: string; align?: string; verticalAlign?: string; dash?: string; zoneId?: string },
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
      scale: 1,
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

function text(id: string, index: string, d: { x: number; y: number; w: number; text: string; size: string; color?: string; align?: string }): StoredRecord {
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
      w: Math.round(d.w / TEXT_SCALE[d.size]!),
      richText: richTextOf(d.text),
      scale: TEXT_SCALE[d.size]!,
      autoSize: false,
    },
    meta: { layer: 'background' },
  }
}

export interface BuildOptions {
  title: string
  params?: Params
  now?: number
}

/** The whole first state of a board made from a template: tldraw records and zones. */
export function buildBoardSeed(t: Template, opts: BuildOptions): BoardSeed {
  const params = resolveParams(t, opts.params)
  const { zones, decoration, zoneShapes } = expand(t, params)
  const gridZones = new Set(t.grid ? zones.filter((z) => z.id.includes('__')).map((z) => z.id) : [])

  // Everything is laid out in page coordinates; the board title goes above it all.
  const boxes = [...zones.map(boxOf), ...decoration.map((d) => ({ x: d.x, y: d.y, w: d.w, h: d.kind === 'shape' ? d.h : 60 }))]
  const minX = boxes.length ? Math.min(...boxes.map((b) => b.x)) : 0
  const minY = boxes.length ? Math.min(...boxes.map((b) => b.y)) : 0
  const maxX = boxes.length ? Math.max(...boxes.map((b) => b.x + b.w)) : 1200

  // Larger zones first, so the inner ones (the golden circle's "varför") lie on top.
  const drawnZones = [...zones].reverse()
  const count = 1 + drawnZones.length + decoration.length
  const indices = getIndices(count + 1).slice(1)
  let next = 0
  const shapes: StoredRecord[] = []
  shapes.push(text('tavla-title', indices[next++]!, { x: minX, y: minY - 200, w: Math.max(600, maxX - minX), text: opts.title, size: 'xl' }))
  for (const z of drawnZones) {
    const label = gridZones.has(z.id) ? '' : [z.label.sv, z.prompt?.sv].filter(Boolean).join('\n')
    shapes.push(
      geo(`zone-${z.id}`, indices[next++]!, boxOf(z), {
        geo: zoneShapes.get(z.id) === 'ellipse' ? 'ellipse' : 'rectangle',
        color: z.color ?? 'grey',
        fill: 'solid',
        text: label,
        size: 'xl',
        // Rectangles label their top-left corner (their middle is where notes go); circles the top.
        align: zoneShapes.get(z.id) === 'ellipse' ? 'middle' : 'start',
        verticalAlign: 'start',
        zoneId: z.id,
      }),
    )
  }
  decoration.forEach((d, i) => {
    const index = indices[next++]!
    if (d.kind === 'text') shapes.push(text(`deco-${i}`, index, { x: d.x, y: d.y, w: d.w, text: d.text.sv, size: d.size, color: d.color, align: d.align }))
    else
      shapes.push(geo(`deco-${i}`, index, d, { geo: d.geo, color: d.color, fill: d.fill === 'semi' ? 'solid' : d.fill, text: d.text?.sv, size: d.size ?? 'l' }))
  })

  const background: StoredRecord[] = [
    { id: 'document:document', typeName: 'document', gridSize: 10, name: opts.title, meta: {} },
    { id: 'page:page', typeName: 'page', name: t.title.sv, index: 'a1', meta: {} },
    ...shapes,
  ]
  return { title: opts.title, template: t.id, schema: serializedSchema, background, zones, createdAt: opts.now }
}

/** Validates records against tldraw's schema (tests, and a guard for hand-made templates). */
export function validateRecords(records: readonly StoredRecord[]): void {
  for (const r of records) {
    const problem = recordProblem(r)
    if (problem) throw new Error(problem)
  }
}

export type { Decoration }
