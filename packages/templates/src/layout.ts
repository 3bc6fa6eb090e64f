import type { Zone } from '@tavla/board'
import type { Decoration, Localized, Template } from './schema.ts'

/** A parameter value that cannot be used: the message names the parameter. */
export class TemplateParamError extends Error {}

export type Params = Record<string, unknown>

export const slug = (s: string): string =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '') || 'x'

/** The list parameters, defaults filled in, checked. */
export function resolveParams(t: Template, given: Params = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const key of Object.keys(given)) {
    if (!t.params.some((p) => p.id === key)) {
      throw new TemplateParamError(
        `The template "${t.id}" has no parameter "${key}"${t.params.length ? ` (it has: ${t.params.map((p) => p.id).join(', ')})` : ''}.`,
      )
    }
  }
  for (const p of t.params) {
    const v = given[p.id]
    if (v === undefined) {
      out[p.id] = p.default
      continue
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new TemplateParamError(`The parameter "${p.id}" must be a list of texts.`)
    const items = (v as string[]).map((x) => x.trim()).filter(Boolean)
    if (items.length < p.min || items.length > p.max)
      throw new TemplateParamError(`The parameter "${p.id}" needs ${p.min} to ${p.max} items, not ${items.length}.`)
    if (items.some((x) => x.length > 80)) throw new TemplateParamError(`Each item of "${p.id}" can be at most 80 characters.`)
    if (new Set(items.map(slug)).size !== items.length) throw new TemplateParamError(`The items of "${p.id}" must differ from each other.`)
    out[p.id] = items
  }
  return out
}

const same = (s: string): Localized => ({ sv: s, en: s })

/** Zones and extra decoration that the grid and ring layouts expand to, then the template's own. */
export function expand(
  t: Template,
  params: Record<string, string[]>,
): { zones: Zone[]; decoration: Decoration[]; zoneShapes: Map<string, 'rect' | 'ellipse'> } {
  const zones: Zone[] = []
  const decoration: Decoration[] = []
  const zoneShapes = new Map<string, 'rect' | 'ellipse'>()
  if (t.ring) {
    const r = t.ring
    const items = params[r.param]!
    items.forEach((name, i) => {
      const angle = -Math.PI / 2 + (i * 2 * Math.PI) / items.length
      const cx = r.cx + r.radius * Math.cos(angle)
      const cy = r.cy + r.radius * Math.sin(angle)
      const id = slug(name)
      zones.push({
        id,
        label: same(name),
        ...(r.prompt ? { prompt: r.prompt } : {}),
        color: r.color,
        region: { kind: 'rect', x: Math.round(cx - r.w / 2), y: Math.round(cy - r.h / 2), w: r.w, h: r.h },
      })
      zoneShapes.set(id, 'rect')
    })
  }
  for (const z of t.zones) {
    zones.push({ id: z.id, label: z.label, ...(z.prompt ? { prompt: z.prompt } : {}), color: z.color, region: z.region })
    zoneShapes.set(z.id, z.region.kind)
  }
  if (t.grid) {
    const g = t.grid
    const rows = params[g.rowsParam]!
    g.columns.forEach((c, ci) => {
      decoration.push({ kind: 'text', x: g.x + g.rowHeaderWidth + ci * g.cellWidth, y: g.y, w: g.cellWidth, text: c.label, size: 'l', align: 'middle' })
    })
    rows.forEach((row, ri) => {
      const y = g.y + g.headerHeight + ri * g.cellHeight
      decoration.push({
        kind: 'shape',
        geo: 'rectangle',
        x: g.x,
        y,
        w: g.rowHeaderWidth - 20,
        h: g.cellHeight - 20,
        color: 'grey',
        fill: 'semi',
        text: same(row),
        size: 'xl',
      })
      g.columns.forEach((c, ci) => {
        const id = `${slug(row)}__${c.id}`
        zones.push({
          id,
          label: { sv: `${row} – ${c.label.sv}`, en: `${row} – ${c.label.en}` },
          ...(c.prompt ? { prompt: c.prompt } : {}),
          color: c.color,
          region: { kind: 'rect', x: g.x + g.rowHeaderWidth + ci * g.cellWidth, y, w: g.cellWidth - 20, h: g.cellHeight - 20 },
        })
        zoneShapes.set(id, 'rect')
      })
    })
  }
  return { zones, decoration: [...decoration, ...t.decoration], zoneShapes }
}
