// Issue 13 items 6 and 9: putting a part of the board in view where nothing covers it. tldraw's
// own zoomToFit / zoomToBounds centre the box in the whole canvas, so the lower zones of a
// template landed under tldraw's toolbar at the bottom and the top row under its menu; here the
// box goes into the free area between them (measured from tldraw's UI, with fallbacks while it
// has not rendered yet).
import type { BoxModel, Editor, TLCameraMoveOptions } from 'tldraw'

const GAP = 12
/** tldraw's menu row and bottom toolbar when they are not in the page yet (px). */
const FALLBACK_TOP = 56
const FALLBACK_BOTTOM = 72

/** The part of the canvas (in its own pixels) that tldraw's menus and toolbar do not cover. */
export function freeArea(editor: Editor): { x: number; y: number; w: number; h: number } {
  const root = editor.getContainer()
  const canvas = root.getBoundingClientRect()
  const bottomOf = (sel: string) => {
    const el = root.querySelector(sel)
    const r = el?.getBoundingClientRect()
    return r && r.height > 0 ? r.bottom - canvas.top : null
  }
  const topOf = (sel: string) => {
    const el = root.querySelector(sel)
    const r = el?.getBoundingClientRect()
    return r && r.height > 0 ? r.top - canvas.top : null
  }
  const top = (bottomOf('.tlui-menu-zone') ?? FALLBACK_TOP) + GAP
  const toolbar = topOf('.tlui-main-toolbar') ?? topOf('.tlui-layout__bottom__main')
  const bottom = (toolbar ?? canvas.height - FALLBACK_BOTTOM) - GAP
  const x = GAP
  const w = Math.max(50, canvas.width - 2 * GAP)
  return { x, y: top, w, h: Math.max(50, bottom - top) }
}

/** Moves the camera so that `box` (page coordinates) fills the free area, centred in it. */
export function showInFreeArea(editor: Editor, box: BoxModel, opts: TLCameraMoveOptions & { maxZoom?: number } = {}): void {
  if (box.w <= 0 || box.h <= 0) return
  const area = freeArea(editor)
  const steps = editor.getCameraOptions().zoomSteps
  const min = steps[0] ?? 0.05
  const max = Math.min(steps[steps.length - 1] ?? 8, opts.maxZoom ?? 1)
  const z = Math.min(max, Math.max(min, Math.min(area.w / box.w, area.h / box.h)))
  const cx = area.x + area.w / 2
  const cy = area.y + area.h / 2
  editor.setCamera({ x: cx / z - (box.x + box.w / 2), y: cy / z - (box.y + box.h / 2), z }, opts)
}

/** Whether all of `box` is inside the free area now. */
export function inFreeArea(editor: Editor, box: BoxModel): boolean {
  const area = freeArea(editor)
  const a = editor.pageToViewport({ x: box.x, y: box.y })
  const b = editor.pageToViewport({ x: box.x + box.w, y: box.y + box.h })
  return a.x >= area.x - 1 && a.y >= area.y - 1 && b.x <= area.x + area.w + 1 && b.y <= area.y + area.h + 1
}
