import { regionBounds, type Zone } from '@tavla/board'
import { expand, resolveParams, type Params } from './layout.ts'
import type { Template } from './schema.ts'

// tldraw's light palette (fills at "semi" strength), so the preview looks like the board.
const FILL: Record<string, string> = {
  black: '#e8e8e8',
  grey: '#eceef0',
  'light-violet': '#f5eafa',
  violet: '#ece8f8',
  blue: '#e4ecfd',
  'light-blue': '#e0f2fe',
  yellow: '#fef6d4',
  orange: '#fdeedb',
  green: '#dff3e7',
  'light-green': '#e9f7df',
  'light-red': '#fde7e9',
  red: '#fbe3e1',
  white: '#ffffff',
}
const STROKE: Record<string, string> = {
  black: '#1d1d1d',
  grey: '#9fa8b2',
  'light-violet': '#e085f4',
  violet: '#ae3ec9',
  blue: '#4465e9',
  'light-blue': '#4ba1f1',
  yellow: '#f1ac4b',
  orange: '#e16919',
  green: '#099268',
  'light-green': '#4cb05e',
  'light-red': '#f87777',
  red: '#e03131',
  white: '#d0d0d0',
}
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')

/** A small self-contained SVG of the template's zones and decoration (no external references). */
export function templatePreviewSvg(t: Template, params?: Params): string {
  const { zones, decoration, zoneShapes } = expand(t, resolveParams(t, params))
  const boxes = [...zones.map((z) => regionBounds(z.region)), ...decoration.map((d) => ({ x: d.x, y: d.y, w: d.w, h: d.kind === 'shape' ? d.h : 50 }))]
  if (!boxes.length) boxes.push({ x: 0, y: 0, w: 1600, h: 1000 })
  const minX = Math.min(...boxes.map((b) => b.x)) - 40
  const minY = Math.min(...boxes.map((b) => b.y)) - 40
  const w = Math.max(...boxes.map((b) => b.x + b.w)) + 40 - minX
  const h = Math.max(...boxes.map((b) => b.y + b.h)) + 40 - minY
  const font = Math.max(28, Math.round(w / 40))
  const parts: string[] = []
  const shape = (z: Zone, label: boolean) => {
    const fill = FILL[z.color ?? 'grey'] ?? FILL.grey
    const stroke = STROKE[z.color ?? 'grey'] ?? STROKE.grey
    const r = z.region
    if (r.kind === 'ellipse' || zoneShapes.get(z.id) === 'ellipse') {
      const e = r.kind === 'ellipse' ? r : { cx: r.x + r.w / 2, cy: r.y + r.h / 2, rx: r.w / 2, ry: r.h / 2 }
      parts.push(`<ellipse cx="${e.cx}" cy="${e.cy}" rx="${e.rx}" ry="${e.ry}" fill="${fill}" stroke="${stroke}" stroke-width="6"/>`)
      if (label) parts.push(`<text x="${e.cx}" y="${e.cy - e.ry + font * 1.4}" text-anchor="middle" font-size="${font}">${esc(z.label.sv)}</text>`)
    } else {
      parts.push(`<rect x="${r.x}" y="${r.y}" width="${r.w}" height="${r.h}" rx="16" fill="${fill}" stroke="${stroke}" stroke-width="6"/>`)
      if (label) parts.push(`<text x="${r.x + r.w / 2}" y="${r.y + font * 1.4}" text-anchor="middle" font-size="${font}">${esc(z.label.sv)}</text>`)
    }
  }
  for (const z of [...zones].reverse()) shape(z, !z.id.includes('__'))
  for (const d of decoration) {
    if (d.kind === 'text') {
      const anchor = d.align === 'middle' ? 'middle' : d.align === 'end' ? 'end' : 'start'
      const x = anchor === 'middle' ? d.x + d.w / 2 : anchor === 'end' ? d.x + d.w : d.x
      const size = { s: 0.8, m: 1, l: 1.3, xl: 1.8 }[d.size] * font
      parts.push(
        `<text x="${x}" y="${d.y + size}" text-anchor="${anchor}" font-size="${size}" font-weight="${d.size === 'xl' ? 700 : 400}">${esc(d.text.sv.split('\n')[0]!)}</text>`,
      )
    } else {
      const fill = d.fill === 'none' ? 'none' : (FILL[d.color] ?? FILL.grey)
      const stroke = STROKE[d.color] ?? STROKE.grey
      if (d.geo === 'ellipse' || d.geo === 'oval')
        parts.push(`<ellipse cx="${d.x + d.w / 2}" cy="${d.y + d.h / 2}" rx="${d.w / 2}" ry="${d.h / 2}" fill="${fill}" stroke="${stroke}" stroke-width="6"/>`)
      else if (d.geo.startsWith('arrow-')) {
        const dir = d.geo.slice(6)
        const [x1, y1, x2, y2] =
          dir === 'down'
            ? [d.x + d.w / 2, d.y, d.x + d.w / 2, d.y + d.h]
            : dir === 'up'
              ? [d.x + d.w / 2, d.y + d.h, d.x + d.w / 2, d.y]
              : dir === 'left'
                ? [d.x + d.w, d.y + d.h / 2, d.x, d.y + d.h / 2]
                : [d.x, d.y + d.h / 2, d.x + d.w, d.y + d.h / 2]
        parts.push(`<line x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}" stroke="${stroke}" stroke-width="${Math.max(10, font / 3)}" marker-end="url(#head)"/>`)
      } else parts.push(`<rect x="${d.x}" y="${d.y}" width="${d.w}" height="${d.h}" rx="16" fill="${fill}" stroke="${stroke}" stroke-width="6"/>`)
      if (d.text && !d.geo.startsWith('arrow-'))
        parts.push(
          `<text x="${d.x + d.w / 2}" y="${d.y + d.h / 2 + font / 3}" text-anchor="middle" font-size="${font}">${esc(d.text.sv.split('\n')[0]!)}</text>`,
        )
    }
  }
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="${minX} ${minY} ${w} ${h}" role="img" aria-label="${esc(t.title.sv)}" font-family="system-ui, sans-serif" fill="#1d1d1d">` +
    `<defs><marker id="head" viewBox="0 0 10 10" refX="6" refY="5" markerWidth="4" markerHeight="4" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="#9fa8b2"/></marker></defs>` +
    `<rect x="${minX}" y="${minY}" width="${w}" height="${h}" fill="#fafafa"/>` +
    parts.join('') +
    `</svg>`
  )
}
