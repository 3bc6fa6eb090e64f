import { describe, expect, it } from 'vitest'
import { makeNote, noteCenter, zoneAt, type Zone } from './index.ts'
import { BORDER_MARGIN, noteBox, placeNoteInZone, zonesInReadingOrder } from './placement.ts'

const overlap = (a: { x: number; y: number; w: number; h: number }, b: { x: number; y: number; w: number; h: number }) =>
  a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h

const rect = (id: string, x: number, y: number, w: number, h: number): Zone => ({ id, label: { sv: id, en: id }, region: { kind: 'rect', x, y, w, h } })
const ring = (id: string, r: number): Zone => ({ id, label: { sv: id, en: id }, region: { kind: 'ellipse', cx: 0, cy: 0, rx: r, ry: r } })

describe('zones in reading order', () => {
  it('rows top to bottom, left to right within a row', () => {
    const zones = [rect('forsen', 1160, 760, 760, 520), rect('dammen', 0, 0, 900, 500), rect('tillbaka', 0, 760, 900, 520), rect('kanten', 1160, 0, 760, 500)]
    expect(zonesInReadingOrder(zones).map((z) => z.id)).toEqual(['dammen', 'kanten', 'tillbaka', 'forsen'])
  })
  it('zones of different heights in one row stay in that row', () => {
    const zones = [rect('right', 900, 0, 400, 300), rect('left', 0, 50, 400, 600), rect('below', 0, 700, 400, 100)]
    expect(zonesInReadingOrder(zones).map((z) => z.id)).toEqual(['left', 'right', 'below'])
  })
  it('nested rings keep the template order (innermost first)', () => {
    expect(zonesInReadingOrder([ring('varfor', 270), ring('hur', 540), ring('vad', 810)]).map((z) => z.id)).toEqual(['varfor', 'hur', 'vad'])
  })
})

describe('placing a note in a zone', () => {
  // the golden circle's rings (templates/golden-circle) and a rectangle beside them
  const zones = [ring('varfor', 300), ring('hur', 650), ring('vad', 1000), rect('box', 1100, 0, 700, 600)]
  const inZone = (p: { x: number; y: number }) => zoneAt(zones, noteCenter(makeNote({ id: 'x', ...p })))?.id

  it('[D6] the note’s center is in that zone, not in an inner ring listed first', () => {
    for (const z of zones) expect(inZone(placeNoteInZone(zones, z.id, [])!)).toBe(z.id)
  })

  it('successive notes do not overlap and stay in the zone', () => {
    for (const id of ['hur', 'box']) {
      const notes: ReturnType<typeof makeNote>[] = []
      for (let i = 0; i < 4; i++) {
        const p = placeNoteInZone(zones, id, notes)!
        expect(inZone(p)).toBe(id)
        notes.push(makeNote({ id: `${id}${i}`, ...p }))
      }
      const boxes = notes.map(noteBox)
      for (let i = 0; i < boxes.length; i++)
        for (let j = i + 1; j < boxes.length; j++) {
          const [a, b] = [boxes[i]!, boxes[j]!]
          expect(a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h, `${id}: ${i} and ${j} overlap`).toBe(false)
        }
    }
  })

  it('[D15] a ring fills with notes wholly inside its band, clear of both borders, then piles up inside it', () => {
    const notes: ReturnType<typeof makeNote>[] = []
    for (let i = 0; i < 20; i++) {
      const p = placeNoteInZone(zones, 'hur', notes)!
      notes.push(makeNote({ id: `n${i}`, ...p }))
      // every corner, BORDER_MARGIN out, is in the band: between varför's border and hur's
      for (const [dx, dy] of [
        [-BORDER_MARGIN, -BORDER_MARGIN],
        [200 + BORDER_MARGIN, -BORDER_MARGIN],
        [-BORDER_MARGIN, 200 + BORDER_MARGIN],
        [200 + BORDER_MARGIN, 200 + BORDER_MARGIN],
      ])
        expect(zoneAt(zones, { x: p.x + dx!, y: p.y + dy! })?.id, `note ${i} at ${p.x},${p.y}`).toBe('hur')
    }
    // no two notes at the same place: a full zone's notes are shifted so each shows
    expect(new Set(notes.map((n) => `${n.x},${n.y}`)).size).toBe(notes.length)
    // the first ones are clear of each other
    const boxes = notes.slice(0, 8).map(noteBox)
    for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) expect(overlap(boxes[i]!, boxes[j]!), `${i} and ${j}`).toBe(false)
  })

  it('[D15] keeps off a zone’s label box, also when the zone is full', () => {
    const labelBox = { x: 1100, y: 0, w: 700, h: 150 }
    const labelled = zones.map((z) => (z.id === 'box' ? { ...z, labelBox } : z))
    const notes: ReturnType<typeof makeNote>[] = []
    for (let i = 0; i < 12; i++) {
      const p = placeNoteInZone(labelled, 'box', notes)!
      expect(overlap(labelBox, { x: p.x, y: p.y, w: 200, h: 200 }), `note ${i}`).toBe(false)
      expect(inZone(p)).toBe('box')
      notes.push(makeNote({ id: `b${i}`, ...p }))
    }
  })

  it('keeps clear of obstacles such as a zone label', () => {
    const label = { x: -100, y: -650, w: 200, h: 80 }
    const p = placeNoteInZone(zones, 'hur', [], [label])!
    expect(inZone(p)).toBe('hur')
    expect(p.x < label.x + label.w && label.x < p.x + 200 && p.y < label.y + label.h && label.y < p.y + 200).toBe(false)
  })

  it('a full zone still gets the note, an unknown zone none', () => {
    const tiny = [rect('tiny', 0, 0, 150, 150)]
    const p = placeNoteInZone(tiny, 'tiny', [makeNote({ id: 'a', x: 0, y: 0 })])!
    expect(zoneAt(tiny, noteCenter(makeNote({ id: 'b', ...p })))?.id).toBe('tiny')
    expect(placeNoteInZone(tiny, 'nope', [])).toBeUndefined()
  })
})
