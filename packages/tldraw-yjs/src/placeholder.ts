// [D8] What a page shows in place of a shape it cannot show: a dashed red box with a short text,
// where the bad shape was (when its position can be read), under the same id. It is local to the
// page: the binding never writes it into the doc, and deleting it deletes the bad entry there.
import type { TLRecord } from 'tldraw'
import { recordProblem, richTextOf } from '@tavla/board'

/** `meta` key that marks a placeholder in the page's store. */
export const PLACEHOLDER_META = 'tavlaPlaceholder'

export function isPlaceholder(r: TLRecord | undefined): boolean {
  return !!r && typeof r.meta === 'object' && r.meta !== null && PLACEHOLDER_META in r.meta
}

const finite = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && Math.abs(v) < 1e7 ? v : fallback)

/**
 * A geo shape for the entry `key` (a `shape:` id) whose value is `raw`. `hasParent` says whether
 * an id is a page or shape the page shows; otherwise the placeholder goes on `page`.
 */
export function placeholderShape(key: string, raw: unknown, text: string, problem: string, page: string, hasParent: (id: string) => boolean): TLRecord {
  const r = (raw && typeof raw === 'object' ? raw : {}) as Record<string, unknown>
  const parent = typeof r.parentId === 'string' && r.parentId !== key && hasParent(r.parentId) ? r.parentId : page
  const scale = Math.min(10, Math.max(0.1, finite((r.props as { scale?: unknown } | undefined)?.scale, 1)))
  const shape = {
    id: key,
    typeName: 'shape',
    type: 'geo',
    x: finite(r.x, 0),
    y: finite(r.y, 0),
    rotation: 0,
    index: typeof r.index === 'string' ? r.index : 'a1',
    parentId: parent,
    isLocked: false,
    opacity: 1,
    meta: { [PLACEHOLDER_META]: problem.slice(0, 500) },
    props: {
      geo: 'rectangle',
      dash: 'dashed',
      url: '',
      w: 200 * scale,
      h: 200 * scale,
      growY: 0,
      scale: 1,
      flipX: false,
      flipY: false,
      color: 'red',
      labelColor: 'red',
      fill: 'pattern',
      size: 's',
      font: 'sans',
      align: 'middle',
      verticalAlign: 'middle',
      richText: richTextOf(text),
    },
  }
  // an index, then a parent tldraw does not accept: the page's default place
  if (recordProblem(shape)) shape.index = 'a1'
  if (recordProblem(shape)) Object.assign(shape, { parentId: page, x: 0, y: 0 })
  return shape as unknown as TLRecord
}
