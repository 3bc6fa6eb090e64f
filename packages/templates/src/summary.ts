import { templatePreviewSvg } from './preview.ts'
import type { Template } from './schema.ts'

/** What GET /api/templates shows a facilitator about one template. */
export function templateSummary(t: Template) {
  return {
    id: t.id,
    title: t.title,
    description: t.description,
    preview: templatePreviewSvg(t),
    params: t.params.map((p) => ({ id: p.id, label: p.label, type: p.type, default: p.default, min: p.min, max: p.max })),
    guide: t.guide,
    zones: t.zones.length + (t.grid ? 1 : 0) + (t.ring ? 1 : 0) > 0,
  }
}
export type TemplateSummary = ReturnType<typeof templateSummary>
