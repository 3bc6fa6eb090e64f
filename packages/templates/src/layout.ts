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

/** Longest item of a list parameter (characters). */
export const PARAM_ITEM_MAX = 80

/**
 * The list parameters, defaults filled in, checked. A value that cannot be used throws a
 * TemplateParamError whose message, in Swedish, names the parameter as the start page does and
 * says what to change (apps/server SPEC [H3]: sent as 400 `invalid_params`).
 */
export function resolveParams(t: Template, given: Params = {}): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const key of Object.keys(given)) {
    if (!t.params.some((p) => p.id === key)) {
      throw new TemplateParamError(
        t.params.length
          ? `Mallen ”${t.title.sv}” har ingen parameter ”${key}” (den har: ${t.params.map((p) => p.id).join(', ')}).`
          : `Mallen ”${t.title.sv}” tar inga parametrar (fick ”${key}”).`,
      )
    }
  }
  for (const p of t.params) {
    const v = given[p.id]
    const name = p.label.sv
    if (v === undefined) {
      out[p.id] = p.default
      continue
    }
    if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw new TemplateParamError(`${name} (${p.id}) ska vara en lista med texter.`)
    const items = (v as string[]).map((x) => x.trim()).filter(Boolean)
    if (items.length < p.min || items.length > p.max) throw new TemplateParamError(`${name} (${p.id}): ange ${p.min}–${p.max} st., inte ${items.length}.`)
    const long = items.find((x) => x.length > PARAM_ITEM_MAX)
    if (long) throw new TemplateParamError(`${name} (${p.id}): ”${long.slice(0, 30)}…” är för lång – högst ${PARAM_ITEM_MAX} tecken.`)
    const seen = new Map<string, string>()
    for (const x of items) {
      const twin = seen.get(slug(x))
      if (twin !== undefined) throw new TemplateParamError(`${name} (${p.id}): ”${twin}” och ”${x}” är för lika – varje rad måste skilja sig från de andra.`)
      seen.set(slug(x), x)
    }
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
    const at = (radius: number, i: number) => {
      const angle = -Math.PI / 2 + (i * 2 * Math.PI) / items.length
      return { cx: r.cx + radius * Math.cos(angle), cy: r.cy + radius * Math.sin(angle) }
    }
    // more items than the template was drawn for: a wider circle, so no two boxes overlap
    const clash = (radius: number) =>
      items.some((_, i) =>
        items.some((_, j) => {
          if (j <= i) return false
          const [a, b] = [at(radius, i), at(radius, j)]
          return Math.abs(a.cx - b.cx) < r.w + 20 && Math.abs(a.cy - b.cy) < r.h + 20
        }),
      )
    let radius = r.radius
    while (clash(radius) && radius < r.radius * 4) radius += 20
    items.forEach((name, i) => {
      const { cx, cy } = at(radius, i)
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
