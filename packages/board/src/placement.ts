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

/** How far a placed note keeps from its zone's border (and an inner ring's), page units. */
export const BORDER_MARGIN = 16

/**
 * [D15] The top-left corner for a new (unscaled) note in this zone: its center in the zone by [D6]
 * (so not in a zone listed before it, such as an inner ring), the whole note inside the zone's band
 * with BORDER_MARGIN to spare, never over a zone's label box (or, for a zone without one, a band at
 * the top of the region where templates write it) or the given obstacles (the template's texts and
 * shapes as the caller sees them), and clear of the given notes where there is room. Candidates go
 * row by row from the region's top left. When the zone is full the note goes over other notes,
 * still inside the band and off the labels; only a band with no such place at all gets a note
 * whose center alone is in the zone.
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
  const taken = notes.map(noteBox)
  const labels = [...obstacles, ...zones.flatMap((z) => (z.labelBox ? [z.labelBox] : []))]
  const mine = (p: Point) => zoneAt(zones, p)?.id === zoneId
  // Zones from before [D15] carry no label box: templates wrote the label at the top of the region.
  const top = zone.labelBox ? 0 : Math.min(zone.region.kind === 'rect' ? 80 : 120, Math.max(0, bounds.h - NOTE_SIZE - gap))
  const m = BORDER_MARGIN
  // Points around the note, BORDER_MARGIN outside it: all in this zone means the note, with its
  // margin, lies inside the band (a ring's inner border is another zone's region).
  const inside = (x: number, y: number) =>
    [-m, NOTE_SIZE / 4, NOTE_SIZE / 2, (3 * NOTE_SIZE) / 4, NOTE_SIZE + m].every((dx) =>
      [-m, NOTE_SIZE / 4, NOTE_SIZE / 2, (3 * NOTE_SIZE) / 4, NOTE_SIZE + m].every((dy) => mine({ x: x + dx, y: y + dy })),
    )
  let overNotes: Point | undefined
  let centerOnly: Point | undefined
  let fewest = Number.POSITIVE_INFINITY
  const fine = gap
  for (let y = bounds.y + gap + top; y + NOTE_SIZE / 2 <= bounds.y + bounds.h; y += fine) {
    for (let x = bounds.x + gap; x + NOTE_SIZE / 2 <= bounds.x + bounds.w; x += fine) {
      const box = { x, y, w: NOTE_SIZE, h: NOTE_SIZE }
      if (!mine(centerOf(box))) continue
      if (labels.some((l) => overlaps(l, box))) continue
      centerOnly ??= { x, y }
      if (!inside(x, y)) continue
      const around = { x: x - gap / 2, y: y - gap / 2, w: NOTE_SIZE + gap, h: NOTE_SIZE + gap }
      // notes this place would cover: none is the answer; else the place covering the fewest,
      // and among those the first (a full zone piles up from the top left, each note shifted)
      const covered = taken.filter((t) => overlaps(t, around)).length
      if (covered === 0) return { x, y }
      const exact = taken.filter((t) => t.x === x && t.y === y).length
      const cost = covered + exact * 100
      if (cost < fewest) {
        fewest = cost
        overNotes = { x, y }
      }
    }
  }
  if (overNotes) return overNotes
  if (centerOnly) return centerOnly
  // A region smaller than a note: center the note on the region.
  const c = centerOf(bounds)
  return { x: c.x - NOTE_SIZE / 2, y: c.y - NOTE_SIZE / 2 }
}
