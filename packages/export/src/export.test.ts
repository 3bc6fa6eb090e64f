import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import {
  authorsOf,
  encodeSeed,
  facilitationOf,
  makeNote,
  metaOf,
  readRecords,
  recordsOf,
  backgroundOf,
  toggleReaction,
  writeRecords,
  type Zone,
} from '@tavla/board'
import { fromTldrFile, toCsv, toMarkdown, toTldrFile, CSV_COLUMNS } from './index.ts'

const zones: Zone[] = [
  {
    id: 'idag',
    label: { sv: 'Vad gör vi idag?', en: 'What do we do today?' },
    prompt: { sv: 'Konkret', en: 'Concrete' },
    region: { kind: 'rect', x: 0, y: 0, w: 500, h: 500 },
  },
  { id: 'vem', label: { sv: 'Vem tar frågan vidare?', en: 'Who takes it on?' }, region: { kind: 'rect', x: 600, y: 0, w: 500, h: 500 } },
]
const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }

function board() {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeSeed({ title: 'Tre år', template: 'tre-ar-framat', schema: createTLSchema().serialize(), background: [document, page], zones }))
  writeRecords(recordsOf(doc), [
    makeNote({ id: 'a', x: 50, y: 50, text: 'Gemensam, "kartläggning"', authorName: 'Anna', now: Date.UTC(2026, 10, 1) }),
    makeNote({ id: 'b', x: 650, y: 50, text: '=Styrgruppen\nsen beredningen', authorName: 'Björn' }),
    makeNote({ id: 'c', x: 3000, y: 3000, text: 'Övrigt' }),
  ])
  return doc
}
const ctx = {
  boardId: 'x',
  title: 'Tre år',
  template: 'tre-ar-framat',
  templateTitle: 'Om tre år…',
  questions: ['Hur ser samverkan ut om tre år?'],
  takenAt: new Date(Date.UTC(2026, 10, 22, 12)),
}

describe('export', () => {
  it('markdown puts each note under its zone, outside-zone notes last', () => {
    const text = toMarkdown(board(), ctx)
    const idag = text.indexOf('## Vad gör vi idag?')
    const vem = text.indexOf('## Vem tar frågan vidare?')
    const outside = text.indexOf('## Utanför zonerna')
    expect(idag).toBeGreaterThan(text.indexOf('## Frågor'))
    expect(text.indexOf('kartläggning')).toBeGreaterThan(idag)
    expect(text.indexOf('kartläggning')).toBeLessThan(vem)
    expect(text.indexOf('Styrgruppen')).toBeGreaterThan(vem)
    expect(text.indexOf('Övrigt')).toBeGreaterThan(outside)
    expect(text).toContain('_Anna_')
    expect(text).toContain('> Konkret')
  })

  it('markdown leaves authors out on an anonymous board', () => {
    const doc = board()
    metaOf(doc).set('anonymous', true)
    expect(toMarkdown(doc, ctx)).not.toContain('Anna')
    expect(toCsv(doc, ctx)).not.toContain('Anna')
  })

  it('csv: BOM, header, one quoted row per note, formulas defused', () => {
    const csv = toCsv(board(), ctx)
    expect(csv.startsWith('\uFEFFtavla,version,zon_id,zon,text,färg,författare,röster,skapad,ändrad,reaktioner,tema,kommentarer\r\n')).toBe(true)
    const lines = csv.slice(1).trim().split('\r\n')
    expect(lines).toHaveLength(4)
    // [H8] the colour in words, the time in Swedish local time (1 Nov 00:00 UTC is 01:00 in Stockholm)
    expect(lines[1]).toContain('"idag","Vad gör vi idag?","Gemensam, ""kartläggning""","gul","Anna","0","2026-11-01 01:00"')
    expect(lines[2]).toContain(`"'=Styrgruppen\nsen beredningen"`)
    expect(lines[3]).toMatch(/^"Tre år","","","","Övrigt"/)
  })

  it('[H8] a Swedish export has Swedish column names, colour names and local times; lang=en has English ones', () => {
    const doc = board()
    writeRecords(recordsOf(doc), [makeNote({ id: 'd', x: 60, y: 400, text: 'Blå', color: 'light-blue', now: Date.UTC(2026, 11, 2, 12, 55) })])
    const sv = toCsv(doc, ctx)
    expect(sv).toContain('"ljusblå"')
    expect(sv).toContain('"2026-12-02 13:55"')
    expect(sv).not.toMatch(/\d{4}-\d\d-\d\dT/)
    const en = toCsv(doc, { ...ctx, lang: 'en' })
    expect(en.startsWith(`\uFEFF${CSV_COLUMNS.join(',')}\r\n`)).toBe(true)
    expect(en).toContain('"light blue"')
    expect(en).toContain('"2026-12-02 13:55"')
    // the md's time is the same local time (22 Nov 12:00 UTC is 13:00 in Stockholm)
    expect(toMarkdown(doc, ctx)).toContain('22 november 2026 kl. 13:00')
    expect(toMarkdown(doc, { ...ctx, lang: 'en' })).toContain('22 November 2026 at 13:00')
  })

  it('[D9] reactions: counts per note in the md report and the csv reactions column', () => {
    const doc = board()
    toggleReaction(doc, 'shape:a', '👍', 'reactor-one')
    toggleReaction(doc, 'shape:a', '👍', 'reactor-two')
    toggleReaction(doc, 'shape:a', '❓', 'reactor-two')
    toggleReaction(doc, 'shape:gone', '👍', 'reactor-one') // a deleted note's reaction is left out
    expect(toMarkdown(doc, ctx)).toContain('Gemensam, "kartläggning" — _👍 2 ❓ 1, Anna_')
    const lines = toCsv(doc, ctx).slice(1).trim().split('\r\n')
    expect(lines[0]!.endsWith(',reaktioner,tema,kommentarer')).toBe(true)
    expect(lines).toHaveLength(4)
    expect(lines[1]!.endsWith(',"👍 2 ❓ 1","",""')).toBe(true)
    expect(lines[2]!.endsWith(',"","",""')).toBe(true)
  })

  it('tldr round-trips: a board rebuilt from its export equals the original', () => {
    const original = board()
    const file = JSON.parse(JSON.stringify(toTldrFile(original)))
    expect(file.tldrawFileFormatVersion).toBe(1)
    const schema = createTLSchema()
    for (const r of file.records) expect(() => schema.types[r.typeName as keyof typeof schema.types].validate(r)).not.toThrow()
    const { seed, records } = fromTldrFile(file, 'fallback')
    const copy = new Y.Doc()
    Y.applyUpdate(copy, encodeSeed(seed))
    writeRecords(recordsOf(copy), records)
    expect(seed.title).toBe('Tre år')
    expect(metaOf(copy).get('zones')).toEqual(zones)
    expect(readRecords(recordsOf(copy))).toEqual(readRecords(recordsOf(original)))
    expect(readRecords(backgroundOf(copy))).toEqual(readRecords(backgroundOf(original)))
    expect(toMarkdown(copy, ctx)).toBe(toMarkdown(original, ctx))
  })

  it('the file carries the session outcome: reactions and the last closed vote, junk left out', () => {
    const original = board()
    toggleReaction(original, 'shape:a', '💡', 'reactor-one')
    facilitationOf(original).set('vote', { id: 'v1', status: 'closed', dots: 3 })
    facilitationOf(original).set('results', { 'shape:a': 4, 'shape:b': 1 })
    const file = JSON.parse(JSON.stringify(toTldrFile(original)))
    expect(fromTldrFile(file, 'x').session).toEqual({
      reactions: ['shape:a|💡|reactor-one'],
      vote: { id: 'v1', status: 'closed', dots: 3 },
      results: { 'shape:a': 4, 'shape:b': 1 },
    })
    const doc = file.records.find((r: { typeName: string }) => r.typeName === 'document')
    doc.meta.tavla.session = { reactions: ['shape:a|💡|reactor-one', 'shape:a|🔥|x', 42], vote: { status: 'open' }, results: { 'shape:a': 9 } }
    expect(fromTldrFile(file, 'x').session).toEqual({ reactions: ['shape:a|💡|reactor-one'] })
    delete doc.meta.tavla
    expect(fromTldrFile(file, 'x').session).toEqual({ reactions: [] })
  })

  it('[D11] the file carries the server’s author record of the notes it holds; junk in it is left out', () => {
    const original = board()
    const notes = [...readRecords(recordsOf(original)).keys()]
    expect(notes.length).toBeGreaterThan(0)
    authorsOf(original).set(notes[0]!, { id: 'idA', name: 'Anna, FK', at: 5 })
    authorsOf(original).set('shape:gone', { id: 'idB', name: 'Bo', at: 6 }) // a note no longer on the board
    const file = JSON.parse(JSON.stringify(toTldrFile(original)))
    expect(fromTldrFile(file, 'x').session.authors).toEqual({ [notes[0]!]: { id: 'idA', name: 'Anna, FK', at: 5 } })
    const doc = file.records.find((r: { typeName: string }) => r.typeName === 'document')
    doc.meta.tavla.session.authors = { [notes[0]!]: { name: 'x'.repeat(500), at: 1 }, 'page:p': { at: 1 }, 'shape:q': { name: 'no time' } }
    expect(fromTldrFile(file, 'x').session.authors).toEqual({ [notes[0]!]: { at: 1 } })
  })

  it('[D8] a file with a record tldraw cannot validate fails, naming it; a restore leaves it out', () => {
    const file = JSON.parse(JSON.stringify(toTldrFile(board())))
    file.records.find((r: { id: string }) => r.id === 'shape:b').index = 'a990'
    expect(() => fromTldrFile(file, 'x')).toThrow(/not valid: shape:b: .*index/)
    const { records } = fromTldrFile(file, 'x', { dropInvalid: true })
    expect(records.map((r) => r.id).sort()).toEqual(['shape:a', 'shape:c'])
  })

  it('a file from a newer tldraw is refused with a message; records from an older one are brought up', () => {
    const file = JSON.parse(JSON.stringify(toTldrFile(board())))
    const newer = { ...file, schema: { ...file.schema, sequences: { ...file.schema.sequences, 'com.tldraw.shape.note': 999 } } }
    expect(() => fromTldrFile(newer, 'x')).toThrow(/cannot be read here/)
    const { seed } = fromTldrFile(file, 'x')
    expect(seed.schema).toEqual(createTLSchema().serialize())
  })

  it('rejects what is not a tldraw file, with a message', () => {
    expect(() => fromTldrFile({ hello: 1 }, 'x')).toThrow(/not a tldraw file/)
    expect(() => fromTldrFile({ tldrawFileFormatVersion: 1, schema: {}, records: [{ nope: 1 }] }, 'x')).toThrow(/id or typeName/)
  })
})

describe('vote results in the reports (apps/server SPEC [H22])', () => {
  it('[H22] the md report ranks the last vote’s notes with their whole text; the csv has every note’s votes', () => {
    const doc = board()
    facilitationOf(doc).set('results', { 'shape:a': 1, 'shape:b': 3 })
    const md = toMarkdown(doc, ctx)
    const section = md.slice(md.indexOf('## Röstningsresultat'), md.indexOf('## Vad gör vi idag?'))
    expect(section).toContain('1. =Styrgruppen  \n  sen beredningen — _3 röster_')
    expect(section).toContain('2. Gemensam, "kartläggning" — _1 röst_')
    expect(section.indexOf('Styrgruppen')).toBeLessThan(section.indexOf('kartläggning'))
    expect(toMarkdown(board(), ctx)).not.toContain('Röstningsresultat') // no vote, no section
    expect(toMarkdown(doc, { ...ctx, lang: 'en' })).toContain('## Vote results')
    const rows = toCsv(doc, ctx).split('\r\n')
    const votes = CSV_COLUMNS.indexOf('votes')
    const cells = (line: string) => line.match(/"(?:[^"]|"")*"/g)!.map((c) => c.slice(1, -1))
    expect(cells(rows.find((r) => r.includes('kartläggning'))!)[votes]).toBe('1')
    expect(cells(rows.find((r) => r.includes('Styrgruppen'))!)[votes]).toBe('3')
  })
})
