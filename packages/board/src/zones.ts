export type LocalizedText = { sv: string; en: string }

export type ZoneRegion = { kind: 'rect'; x: number; y: number; w: number; h: number } | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }

export interface Zone {
  id: string
  label: LocalizedText
  prompt?: LocalizedText
  color?: string
  region: ZoneRegion
  /**
   * Where the template wrote the zone's label on the page (page coordinates), when it says: no
   * note is placed over it (SPEC [D15]). Boards from before it have none.
   */
  labelBox?: Box
}

export interface Point {
  x: number
  y: number
}

export function regionContains(region: ZoneRegion, p: Point): boolean {
  if (region.kind === 'rect') {
    return p.x >= region.x && p.x <= region.x + region.w && p.y >= region.y && p.y <= region.y + region.h
  }
  const dx = (p.x - region.cx) / region.rx
  const dy = (p.y - region.cy) / region.ry
  return dx * dx + dy * dy <= 1
}

/** [D6] The first zone whose region holds the point, or undefined. */
export function zoneAt(zones: readonly Zone[], p: Point): Zone | undefined {
  return zones.find((z) => regionContains(z.region, p))
}

export interface Box {
  x: number
  y: number
  w: number
  h: number
}

/** The box around a zone's region (an ellipse's bounding box). */
export function regionBounds(region: ZoneRegion): Box {
  return region.kind === 'rect'
    ? { x: region.x, y: region.y, w: region.w, h: region.h }
    : { x: region.cx - region.rx, y: region.cy - region.ry, w: region.rx * 2, h: region.ry * 2 }
}
