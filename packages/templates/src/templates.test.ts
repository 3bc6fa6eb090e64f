import { mkdtempSync, mkdirSync, writeFileSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  backgroundOf,
  encodeSeed,
  listNotes,
  makeNote,
  placeNoteInZone,
  plainText,
  readRecords,
  recordsOf,
  regionBounds,
  writeRecords,
  zoneAt,
  type Zone,
} from '@tavla/board'
import { TEXT_FONT, lineCount, overlaps, textHeight } from './textFit.ts'
import {
  buildBoardSeed,
  builtinTemplatesDir,
  loadTemplates,
  templatePreviewSvg,
  templateSummary,
  TemplateError,
  TemplateParamError,
  validateRecords,
} from './index.ts'

const templates = loadTemplates()
const byId = (id: string) => templates.find((t) => t.id === id)!
const center = (z: Zone) => (z.region.kind === 'rect' ? { x: z.region.x + z.region.w / 2, y: z.region.y + z.region.h / 2 } : { x: z.region.cx, y: z.region.cy })

describe('built-in templates', () => {
  it('all nine load and validate', () => {
    expect(templates.map((t) => t.id).sort()).toEqual([
      'blank',
      'golden-circle',
      'kvalitativ-data',
      'nulage-onskat-lage',
      'persona',
      'samordning-kanns',
      'samverkanskarta',
      'tre-ar-framat',
      'vattenfallet',
    ])
  })

  for (const t of templates) {
    it(`${t.id}: builds a board whose records tldraw validates, background locked, zones sound`, () => {
      const seed = buildBoardSeed(t, { title: 'Beredningsgruppen' })
      expect(() => validateRecords(seed.background)).not.toThrow()
      const shapes = seed.background.filter((r) => r.typeName === 'shape')
      for (const s of shapes) {
        expect(s.isLocked, s.id).toBe(true)
        expect((s.meta as { layer?: string }).layer).toBe('background')
      }
      expect(new Set(seed.zones.map((z) => z.id)).size).toBe(seed.zones.length)
      if (t.id === 'blank') expect(seed.zones).toEqual([])
      else expect(seed.zones.length).toBeGreaterThan(0)
      // no zone is wholly hidden behind an earlier one: some point of it resolves to it
      for (const z of seed.zones) {
        const r = regionBounds(z.region)
        const hits = Array.from({ length: 21 * 21 }, (_, i) => ({ x: r.x + (r.w * (i % 21)) / 20, y: r.y + (r.h * Math.floor(i / 21)) / 20 })).filter(
          (p) => zoneAt(seed.zones, p)?.id === z.id,
        )
        expect(hits.length, z.id).toBeGreaterThan(0)
      }
      // the seed becomes a board doc whose background holds the records
      const doc = new Y.Doc()
      Y.applyUpdate(doc, encodeSeed(seed))
      expect(readRecords(backgroundOf(doc)).size).toBe(seed.background.length)
      // the summary and its preview
      const summary = templateSummary(t)
      expect(summary.preview.startsWith('<svg')).toBe(true)
      expect(summary.preview).not.toMatch(/https?:\/\/(?!www\.w3\.org)/)
      expect(summary.title.sv.length).toBeGreaterThan(2)
    })
  }
})

describe('zones of notes', () => {
  it('tre-ar-framat: a note in Förebyggande × "Vem tar frågan vidare?" gets that cell', () => {
    const seed = buildBoardSeed(byId('tre-ar-framat'), { title: 'x' })
    expect(seed.zones).toHaveLength(18)
    const cell = seed.zones.find((z) => z.id === 'forebyggande__vem')!
    expect(cell.label.sv).toBe('Förebyggande – Vem tar frågan vidare?')
    const doc = new Y.Doc()
    Y.applyUpdate(doc, encodeSeed(seed))
    const c = center(cell)
    writeRecords(recordsOf(doc), [
      makeNote({ id: 'n', x: c.x - 100, y: c.y - 100, text: 'Styrelsen' }),
      makeNote({ id: 'out', x: -5000, y: -5000, text: 'ute' }),
    ])
    const zones = Object.fromEntries(listNotes(doc).map((n) => [n.text, n.zone?.id ?? null]))
    expect(zones).toEqual({ Styrelsen: 'forebyggande__vem', ute: null })
  })

  it('golden circle: the center is varför, then hur, then vad', () => {
    const { zones } = buildBoardSeed(byId('golden-circle'), { title: 'x' })
    expect(zoneAt(zones, { x: 0, y: 0 })?.id).toBe('varfor')
    expect(zoneAt(zones, { x: 400, y: 0 })?.id).toBe('hur')
    expect(zoneAt(zones, { x: 0, y: 700 })?.id).toBe('vad')
    expect(zoneAt(zones, { x: 900, y: 900 })).toBeUndefined()
  })

  it('samverkanskarta: actors are zones around the individual, meetings fall in a level', () => {
    const { zones } = buildBoardSeed(byId('samverkanskarta'), { title: 'x' })
    expect(zoneAt(zones, { x: 0, y: 0 })?.id).toBe('individen')
    expect(zones.map((z) => z.id)).toContain('forsakringskassan')
    expect(zoneAt(zones, { x: -1000, y: -900 })?.id).toBe('strategisk')
    expect(zoneAt(zones, { x: -1000, y: 900 })?.id).toBe('operativ')
  })
})

describe('parameters', () => {
  it('custom areas make the grid', () => {
    const { zones } = buildBoardSeed(byId('tre-ar-framat'), { title: 'x', params: { areas: ['Unga vuxna', 'Arbete', 'Hälsa'] } })
    expect(zones).toHaveLength(9)
    expect(zones.map((z) => z.id)).toContain('halsa__idag')
  })

  it('samverkanskarta: up to ten actors, no two actor boxes overlap', () => {
    for (let n = 2; n <= 10; n++) {
      const actors = Array.from({ length: n }, (_, i) => `Aktör ${i + 1}`)
      const { zones } = buildBoardSeed(byId('samverkanskarta'), { title: 'x', params: { actors } })
      const boxes = zones.filter((z) => z.id.startsWith('aktor-')).map((z) => regionBounds(z.region))
      expect(boxes).toHaveLength(n)
      for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) expect(overlaps(boxes[i]!, boxes[j]!), `${n} actors: ${i} and ${j}`).toBe(false)
    }
  })

  it('bad parameters are refused in Swedish, naming the parameter as the start page does', () => {
    const t = byId('tre-ar-framat')
    expect(() => buildBoardSeed(t, { title: 'x', params: { areas: [] } })).toThrow(TemplateParamError)
    expect(() => buildBoardSeed(t, { title: 'x', params: { areas: [] } })).toThrow('Områden (areas): ange 1–12 st., inte 0.')
    expect(() => buildBoardSeed(t, { title: 'x', params: { areas: 'Arbete' } })).toThrow('Områden (areas) ska vara en lista med texter.')
    expect(() => buildBoardSeed(t, { title: 'x', params: { colour: ['x'] } })).toThrow(/har ingen parameter ”colour”/)
    expect(() => buildBoardSeed(t, { title: 'x', params: { areas: ['Arbete', 'arbete'] } })).toThrow(/”Arbete” och ”arbete” är för lika/)
    expect(() => buildBoardSeed(t, { title: 'x', params: { areas: ['x'.repeat(81)] } })).toThrow(/högst 80 tecken/)
    expect(() => buildBoardSeed(byId('golden-circle'), { title: 'x', params: { areas: ['x'] } })).toThrow(/tar inga parametrar/)
  })
})

describe('the loader', () => {
  it('names the file and the field of a bad template', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tavla-tpl-'))
    mkdirSync(join(dir, 'broken'))
    const good = JSON.parse(readFileSync(join(builtinTemplatesDir, 'golden-circle/template.json'), 'utf8'))
    writeFileSync(join(dir, 'broken/template.json'), JSON.stringify({ ...good, id: 'broken', zones: [{ ...good.zones[0], color: 'pink' }] }))
    expect(() => loadTemplates(dir)).toThrow(TemplateError)
    expect(() => loadTemplates(dir)).toThrow(/broken\/template\.json: field \/zones\/0\/color/)
    writeFileSync(join(dir, 'broken/template.json'), '{ nope')
    expect(() => loadTemplates(dir)).toThrow(/not valid JSON/)
  })

  it('the preview escapes text', () => {
    const t = {
      ...byId('blank'),
      title: { sv: 'A < B & "C"', en: 'x' },
      decoration: [{ kind: 'text' as const, x: 0, y: 0, w: 100, text: { sv: '<script>', en: 'x' }, size: 'm' as const }],
    }
    const svg = templatePreviewSvg(t)
    expect(svg).toContain('A &lt; B &amp; &quot;C&quot;')
    expect(svg).toContain('&lt;script&gt;')
    expect(svg).not.toContain('<script>')
  })
})

// Issue 13 item 10: the template's fixed texts have protected space.
describe('[D15] template texts and placed notes', () => {
  const LONG = 'Beredningsgruppen – Vattenfallet (omtag)'
  /** The page boxes of the template layer's texts and decoration, estimated as textFit.ts renders them. */
  function fixedBoxes(seed: ReturnType<typeof buildBoardSeed>) {
    return seed.background.flatMap((r: any) => {
      if (r.typeName !== 'shape') return []
      if (r.type === 'text') {
        const px = TEXT_FONT[r.props.size]! * r.props.scale
        const w = r.props.w * r.props.scale
        // (a pixel less on each side: the record's w is rounded)
        return [{ id: r.id, x: r.x + 1, y: r.y, w: w - 2, h: textHeight(lineCount(plainText(r.props.richText), w, px), px) }]
      }
      // decoration shapes (not zones) are obstacles whole
      return r.meta?.zoneId ? [] : [{ id: r.id, x: r.x, y: r.y, w: r.props.w, h: r.props.h }]
    })
  }
  // a small deterministic generator (mulberry32), so a failing run can be repeated
  const rng = (seed: number) => () => {
    seed = (seed + 0x6d2b79f5) | 0
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }

  for (const t of templates) {
    it(`${t.id}: a long title lies wholly above the question and every other text`, () => {
      const seed = buildBoardSeed(t, { title: LONG })
      const boxes = fixedBoxes(seed)
      const title = boxes.find((b) => b.id === 'shape:tavla-title')!
      for (const b of boxes) if (b !== title) expect(title.y + title.h, `title over ${b.id}`).toBeLessThanOrEqual(b.y)
      // no two template texts overlap (as estimated; the browser test measures the rendered ones)
      const texts = boxes.filter((b) => seed.background.some((r: any) => r.id === b.id && r.type === 'text'))
      for (let i = 0; i < texts.length; i++)
        for (let j = i + 1; j < texts.length; j++) expect(overlaps(texts[i]!, texts[j]!), `${texts[i]!.id} and ${texts[j]!.id}`).toBe(false)
    })

    it(`${t.id}: 120 notes placed in random zones (seeded) never cover a label or a template text, and lie in their zone`, () => {
      const random = rng(13)
      const seed = buildBoardSeed(t, { title: LONG })
      const zones = seed.zones.length
        ? [...seed.zones]
        : [{ id: 'view', label: { sv: '', en: '' }, region: { kind: 'rect' as const, x: 0, y: 0, w: 1600, h: 900 } }]
      const fixed = fixedBoxes(seed)
      const labels = zones.flatMap((z) => (z.labelBox ? [z.labelBox] : []))
      if (t.id !== 'blank' && !t.grid) expect(labels.length).toBeGreaterThan(0)
      const notes: ReturnType<typeof makeNote>[] = []
      for (let i = 0; i < 120; i++) {
        const zone = zones[Math.floor(random() * zones.length)]!
        const p = placeNoteInZone(zones, zone.id, notes, fixed)!
        const box = { x: p.x, y: p.y, w: 200, h: 200 }
        for (const l of [...labels, ...fixed]) expect(overlaps(l, box), `note ${i} in ${zone.id} over ${JSON.stringify(l)}`).toBe(false)
        // [D6] its center is in the zone, and so are its corners: it lies wholly in the zone's band
        for (const [dx, dy] of [
          [100, 100],
          [0, 0],
          [200, 0],
          [0, 200],
          [200, 200],
        ])
          expect(zoneAt(zones, { x: p.x + dx!, y: p.y + dy! })?.id, `note ${i} corner ${dx},${dy}`).toBe(zone.id)
        notes.push(makeNote({ id: `n${i}`, ...p }))
      }
    })
  }
})
