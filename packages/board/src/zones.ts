export type LocalizedText = { sv: string; en: string }

export type ZoneRegion =
  | { kind: 'rect'; x: number; y: number; w: number; h: number }
  | { kind: 'ellipse'; cx: number; cy: number; rx: number; ry: number }

export interface Zone {
  id: string
  label: LocalizedText
  prompt?: LocalizedText
  color?: string
  region: ZoneRegion
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
