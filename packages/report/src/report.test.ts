import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import { authorsOf, encodeSeed, facilitationOf, makeNote, metaOf, recordsOf, toggleReaction, writeRecords, type Zone } from '@tavla/board'
import { buildBoardSeed, loadTemplates } from '@tavla/templates'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { unzipSync } from 'fflate'
import { boardPng, boardSvg, buildReport, isDecisionZone, reportDocx, reportPdf, wrapText, xmlEscape } from './index.ts'
import { MAX_TEXT_NOTES } from './svg.ts'

const zones: Zone[] = [
  { id: 'inner', label: { sv: 'Varför?', en: 'Why?' }, color: 'yellow', region: { kind: 'ellipse', cx: 500, cy: 500, rx: 200, ry: 200 } },
  { id: 'idag', label: { sv: 'Vad gör vi idag?', en: 'What do we do today?' }, color: 'light-blue', region: { kind: 'rect', x: 1000, y: 0, w: 600, h: 600 } },
  {
    id: 'r__vem',
    label: { sv: 'Rehab – Vem tar frågan vidare?', en: 'Rehab – Who takes the question on?' },
    region: { kind: 'rect', x: 1700, y: 0, w: 600, h: 600 },
  },
]
const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }

function board(anonymous = false) {
  const doc = new Y.Doc()
  Y.applyUpdate(doc, encodeSeed({ title: 'Tre år', template: 'x', schema: createTLSchema().serialize(), background: [document, page], zones }))
  if (anonymous) metaOf(doc).set('anonymous', true)
  writeRecords(recordsOf(doc), [
    makeNote({ id: 'a', x: 400, y: 400, text: 'Kärnan <b>&"\'\u0001' }),
    makeNote({ id: 'b', x: 1100, y: 100, text: 'Gör en karta', authorName: 'Åsa' }),
    makeNote({ id: 'c', x: 1800, y: 100, text: 'Styrgruppen' }),
    makeNote({ id: 'far', x: 90_000, y: 90_000, text: 'Långt bort' }),
  ])
  authorsOf(doc).set('shape:b', { id: 'id-asa', name: 'Åsa Öberg', at: 1 })
  facilitationOf(doc).set('results', { 'shape:b': 3, 'shape:a': 1 })
  toggleReaction(doc, 'shape:a', '💡', 'reactor01')
  return doc
}
const ctx = { boardId: 'x', title: 'Tre år', template: 'x', questions: ['Hur då?'], takenAt: new Date(Date.UTC(2026, 11, 2, 12, 55)) }

describe('the picture (boardSvg, boardPng)', () => {
  it('escapes what notes say: the SVG is well-formed XML with the text intact, and a forbidden character is dropped', () => {
    expect(xmlEscape(`<a href="x">&'\u0001</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&amp;&apos;&lt;/a&gt;')
    const svg = boardSvg(board())
    expect(XMLValidator.validate(svg)).toBe(true)
    const texts: string[] = []
    const walk = (v: unknown): void => {
      if (typeof v === 'string') texts.push(v)
      else if (Array.isArray(v)) v.forEach(walk)
      else if (v && typeof v === 'object') Object.values(v).forEach(walk)
    }
    walk(new XMLParser({ ignoreAttributes: true }).parse(svg))
    expect(texts.join(' ')).toContain('Kärnan <b>&"\'') // two lines of the note
    expect(svg).not.toContain('\u0001')
  })

  it('draws the zones (rect and ellipse) with their labels, a badge with the dots, and leaves out a note parked far away', () => {
    const svg = boardSvg(board())
    expect(svg).toMatch(/<ellipse cx="500" cy="500" rx="200" ry="200" fill="#f9f0e6"/) // yellow's semi
    expect(svg).toMatch(/<rect x="1000" y="0" width="600" height="600"[^>]* fill="#ddedfa"/) // light-blue's semi
    expect(svg).toContain('>Vad gör vi idag?</tspan>')
    expect(svg).toMatch(/<circle [^>]*\/>\s*<text [^>]*>3<\/text>/)
    expect(svg).not.toContain('Långt bort')
    const viewBox = /viewBox="([^"]+)"/.exec(svg)![1]!.split(' ').map(Number)
    expect(viewBox[2]).toBeLessThan(3000)
  })

  it('wraps text into the lines a note holds, cuts long words with a hyphen, ends a cut text with …', () => {
    expect(wrapText('en två tre fyra', 8, 3)).toEqual(['en två', 'tre fyra'])
    // cut where a syllable begins, with a hyphen
    expect(wrapText('Samordningsförbundet', 12, 3)).toEqual(['Samordnings-', 'förbundet'])
    expect(wrapText('Arbetsförmedlingen', 12, 3)).toEqual(['Arbetsför-', 'medlingen'])
    expect(wrapText('rehabiliteringskoordinatorer', 12, 3)).toEqual(['rehabilite-', 'ringskoordi-', 'natorer'])
    expect(wrapText('FK/AF-samverkan', 8, 3)).toEqual(['FK/AF-', 'samver-', 'kan']) // after a hyphen of its own: no second one
    expect(wrapText('Samordningsförbundet', 8, 3)).toEqual(['Samord-', 'nings-', 'förbun…']) // cut short: … instead of the hyphen
    // a cut word that does not fit ends in … (no hyphen then)
    expect(wrapText('Vem tar frågan vidare? Samordningsförbundet', 12, 4)).toEqual(['Vem tar', 'frågan', 'vidare?', 'Samordnings…'])
    expect(wrapText('xxxxxxxxxxxxxxxx', 6, 3)).toEqual(['xxxxx-', 'xxxxx-', 'xxxxxx']) // no syllable: at the line's end
    const cut = wrapText('ett två tre fyra fem sex sju åtta nio tio', 8, 2)
    expect(cut).toHaveLength(2)
    expect(cut[1]!.endsWith('…')).toBe(true)
    expect(wrapText('x'.repeat(1_000_000), 10, 3).join('')).toHaveLength(30)
  })

  it(`draws the text of at most ${MAX_TEXT_NOTES} notes, those with dots first, and renders a PNG with its own fonts`, () => {
    const doc = board()
    writeRecords(
      recordsOf(doc),
      Array.from({ length: 400 }, (_, i) => makeNote({ id: `m${i}`, x: 1000 + (i % 20) * 25, y: 200 + Math.floor(i / 20) * 20, text: `lapp${i}` })),
    )
    const svg = boardSvg(doc)
    expect((svg.match(/<text /g) ?? []).length).toBeLessThanOrEqual(MAX_TEXT_NOTES + zones.length + 10)
    expect(svg).toContain('>Gör en<') // it has dots (its first line)
    const png = boardPng(svg)
    expect(png.subarray(1, 4).toString()).toBe('PNG')
  })
})

describe('the report model (buildReport)', () => {
  it('groups notes by zone, ranks the vote, finds "Vem tar frågan vidare?" in a grid column, names authors only on named boards', () => {
    const r = buildReport({ title: 'Tre år', takenAt: ctx.takenAt, anonymous: false, participants: 3, exercises: [{ doc: board(), ctx }] })
    expect(r.takenAt).toBe('2 december 2026 kl. 13:55')
    const ex = r.exercises[0]!
    expect(ex.sections.map((s) => s.label)).toEqual(['Varför?', 'Vad gör vi idag?', 'Rehab – Vem tar frågan vidare?', 'Utanför zonerna'])
    expect(ex.ranked.map((x) => [x.rank, x.text, x.votes])).toEqual([
      [1, 'Gör en karta', 3],
      [2, 'Kärnan <b>&"\'\u0001', 1],
    ])
    expect(ex.decisions).toEqual([{ area: 'Rehab', text: 'Styrgruppen', votes: 0 }])
    const b = ex.sections[1]!.groups[0]!.notes[0]!
    expect(b.author).toBe('Åsa Öberg')
    expect(ex.sections[0]!.groups[0]!.notes[0]!.reactions).toBe('idé 1')
    const anon = buildReport({ title: 'x', takenAt: ctx.takenAt, anonymous: true, exercises: [{ doc: board(true), ctx }] })
    expect(anon.exercises[0]!.sections[1]!.groups[0]!.notes[0]!.author).toBeUndefined()
    expect(isDecisionZone(zones[1]!)).toBe(false)
  })

  it('reads the facilitator and the summary from the board meta (the seam the page will write)', () => {
    const doc = board()
    metaOf(doc).set('summary', 'Vi går vidare med kartan.\n\nNästa möte i mars.')
    metaOf(doc).set('facilitator', 'Petra Processledare')
    const r = buildReport({ title: 'x', takenAt: ctx.takenAt, anonymous: false, exercises: [{ doc, ctx }] })
    expect(r.facilitator).toBe('Petra Processledare')
    expect(r.exercises[0]!.summary).toBe('Vi går vidare med kartan.\n\nNästa möte i mars.')
  })
})

describe('the files', () => {
  it('the PDF is PDF 1.7, marked, with a structure tree, /Lang and the title shown; the font embedded', async () => {
    const r = buildReport({ title: 'Tre år', takenAt: ctx.takenAt, anonymous: false, exercises: [{ doc: board(), ctx }] })
    const pdf = (await reportPdf(r)).toString('latin1')
    expect(pdf.startsWith('%PDF-1.7')).toBe(true)
    expect(pdf).toContain('/Lang (sv-SE)')
    expect(pdf).toMatch(/\/MarkInfo\s+\d+ 0 R|\/Marked true/)
    expect(pdf).toContain('/StructTreeRoot')
    expect(pdf).toContain('/DisplayDocTitle true')
    expect(pdf).toMatch(/\/FontFile2/)
    expect(pdf).not.toMatch(/\/BaseFont \/Helvetica/)
    const en = (await reportPdf({ ...r, lang: 'en' })).toString('latin1')
    expect(en).toContain('/Lang (en-GB)')
  })

  it('the .docx: Word heading styles in the PDF order, the picture with alt text, Swedish as the document language', async () => {
    const tre = loadTemplates().find((t) => t.id === 'tre-ar-framat')!
    const doc = new Y.Doc()
    Y.applyUpdate(doc, encodeSeed(buildBoardSeed(tre, { title: 'Om tre år' })))
    const r = buildReport({ title: 'Om tre år', takenAt: ctx.takenAt, anonymous: false, exercises: [{ doc, ctx: { ...ctx, title: 'Om tre år' } }] })
    const files = unzipSync(new Uint8Array(await reportDocx(r)))
    const xml = new TextDecoder().decode(files['word/document.xml'])
    expect(XMLValidator.validate(xml)).toBe(true)
    const headings = [...xml.matchAll(/<w:pStyle w:val="(Heading\d)"\/>.*?<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => `${m[1]} ${m[2]}`)
    expect(headings.slice(0, 4)).toEqual(['Heading1 Om tre år', 'Heading1 Om tre år', 'Heading2 Frågor', 'Heading2 Röstningsresultat'])
    expect(headings).toContain('Heading3 Rehabilitering – Vem tar frågan vidare?')
    expect(headings.slice(-3)).toEqual(['Heading1 Beslut och nästa steg', 'Heading2 Vem tar frågan vidare?', 'Heading2 Processledarens sammanfattning'])
    expect(xml).toMatch(/<wp:docPr [^>]*descr="Bild av tavlan: 0 lappar i 18 zoner/)
    expect(new TextDecoder().decode(files['word/styles.xml'])).toContain('w:lang w:val="sv-SE"')
  })
})
