// Where zones sit in reading order, and where a new note goes in a zone: for the list view, which
// has no pointer to say where. Pure geometry over [D6] (a note's zone is its center's zone).
import { NOTE_SIZE, type NoteRecord } from './notes.ts'
import { regionBounds, zoneAt, type Box, type Point, type Zone } from './zones.ts'

const centerOf = (b: Box): Point => ({ x: b.x + b.w / 2, y: b.y + b.h / 2 })

/**
 * Zones top-to-bottom, left-to-right by their regions. Zones go by their top edge; one whose top
 * lies above the middle of the row's first zone joins that row, and a row reads by center x. Zones
 * with the same center (nested rings) keep the template's order, which lists the innermost first.
 */
export function zonesInReadingOrder(zones: readonly Zone[]): Zone[] {
  const items = zones.map((zone, i) => ({ zone, i, box: regionBounds(zone.region), c: centerOf(regionBounds(zone.region)) }))
  items.sort((a, b) => a.box.y - b.box.y || a.i - b.i)
  const rows: (typeof items)[] = []
  for (const it of items) {
    const row = rows[rows.length - 1]
    const first = row?.[0]
    if (row && first && it.box.y < first.c.y) row.push(it)
    else rows.push([it])
  }
  return rows.flatMap((row) => row.sort((a, b) => a.c.x - b.c.x || a.i - b.i)).map((it) => it.zone)
}

/** The box a note covers on the page. */
export function noteBox(note: Pick<NoteRecord, 'x' | 'y' | 'props'>): Box {
  const scale = typeof note.props.scale === 'number' ? note.props.scale : 1
  const growY = typeof note.props.growY === 'number' ? note.props.growY : 0
  return { x: note.x, y: note.y, w: NOTE_SIZE * scale, h: (NOTE_SIZE + growY) * scale }
}

const overlaps = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

/**
 * The top-left corner for a new (unscaled) note in this zone: its center in the zone by [D6] (so
 * not in a zone listed before it, such as an inner ring), clear of the given notes, the whole note
 * inside the zone where there is room. Candidates go row by row from the region's top left, below
 * a band at the top of the region where templates put the zone's label, clear of the obstacles
 * (such as the labels' own boxes, which the caller knows). When the zone is full the
 * note still lands in it, on top of others.
 */
export function placeNoteInZone(
  zones: readonly Zone[],
  zoneId: string,
  notes: readonly Pick<NoteRecord, 'x' | 'y' | 'props'>[],
  obstacles: readonly Box[] = [],
  gap = 20,
): Point | undefined {
  const zone = zones.find((z) => z.id === zoneId)
  if (!zone) return undefined
  const bounds = regionBounds(zone.region)
  const taken = [...notes.map(noteBox), ...obstacles]
  const mine = (p: Point) => zoneAt(zones, p)?.id === zoneId
  const step = NOTE_SIZE + gap
  // Templates write a zone's label at the top of its region (rectangles: top left; circles: top middle).
  const top = Math.min(zone.region.kind === 'rect' ? 80 : 120, Math.max(0, bounds.h - NOTE_SIZE - gap))
  let centerOnly: Point | undefined
  let crowded: Point | undefined
  for (let y = bounds.y + gap + top; y + NOTE_SIZE / 2 <= bounds.y + bounds.h; y += step / 2) {
    for (let x = bounds.x + gap; x + NOTE_SIZE / 2 <= bounds.x + bounds.w; x += step / 2) {
      const box = { x, y, w: NOTE_SIZE, h: NOTE_SIZE }
      const c = centerOf(box)
      if (!mine(c)) continue
      crowded ??= { x, y }
      if (taken.some((t) => overlaps(t, { x: x - gap / 2, y: y - gap / 2, w: NOTE_SIZE + gap, h: NOTE_SIZE + gap }))) continue
      // Corners and edge midpoints all in this zone: the note sits wholly inside it.
      const edge = [0, NOTE_SIZE / 2, NOTE_SIZE].flatMap((dx) => [0, NOTE_SIZE / 2, NOTE_SIZE].map((dy) => ({ x: x + dx, y: y + dy })))
      if (edge.every(mine)) return { x, y }
      centerOnly ??= { x, y }
    }
  }
  if (centerOnly) return centerOnly
  if (crowded) return crowded
  // A region smaller than a note: center the note on the region.
  const c = centerOf(bounds)
  return { x: c.x - NOTE_SIZE / 2, y: c.y - NOTE_SIZE / 2 }
}
