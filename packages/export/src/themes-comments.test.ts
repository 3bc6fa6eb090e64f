// Issue 15: themes and comments in the md report, the csv and the .tldr file (apps/server SPEC
// [H8], board SPEC [D19]–[D23]).
import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { createTLSchema } from '@tldraw/tlschema'
import {
  addComment,
  commentAuthorsOf,
  commentsByNote,
  createTheme,
  encodeSeed,
  facilitationOf,
  makeNote,
  metaOf,
  notesByTheme,
  recordsOf,
  writeRecords,
  type Zone,
} from '@tavla/board'
import { fromTldrFile, toCsv, toMarkdown, toTldrFile } from './index.ts'

const zones: Zone[] = [
  { id: 'idag', label: { sv: 'Idag', en: 'Today' }, region: { kind: 'rect', x: 0, y: 0, w: 1000, h: 1000 } },
  { id: 'sen', label: { sv: 'Om tre år', en: 'In three years' }, region: { kind: 'rect', x: 1000, y: 0, w: 1000, h: 1000 } },
]
const ctx = { boardId: 'x', title: 'Tre år', template: 'tre-ar-framat', takenAt: new Date(Date.UTC(2026, 10, 22, 12)) }

function board() {
  const doc = new Y.Doc()
  const page = { id: 'page:page', typeName: 'page', name: 'Tavla', index: 'a1', meta: {} }
  const document = { id: 'document:document', typeName: 'document', gridSize: 10, name: '', meta: {} }
  Y.applyUpdate(doc, encodeSeed({ title: 'Tre år', template: 'tre-ar-framat', schema: createTLSchema().serialize(), background: [document, page], zones }))
  writeRecords(recordsOf(doc), [
    makeNote({ id: 'a', x: 50, y: 50, text: 'Gemensam kartläggning' }),
    makeNote({ id: 'b', x: 50, y: 400, text: 'Samordnare i varje kommun' }),
    makeNote({ id: 'c', x: 50, y: 700, text: 'Fika ihop' }),
    makeNote({ id: 'd', x: 1050, y: 50, text: 'En väg in' }),
  ])
  createTheme(doc, { id: 'themeSamv', name: 'Samverkan', zoneId: 'idag', now: 1, notes: ['shape:a', 'shape:b'] })
  createTheme(doc, { id: 'themeOver', name: 'Tillgänglighet', zoneId: null, now: 2, notes: ['shape:d'] })
  const key = addComment(doc, 'shape:a', 'comment001', 'Vad menar du med kartläggning?', 10)
  commentAuthorsOf(doc).set(key, { id: 'id-bo', name: 'Bo', at: 10 })
  addComment(doc, 'shape:a', 'comment002', 'Alla fyra myndigheter', 20)
  facilitationOf(doc).set('vote', { id: 'v1', status: 'closed', dots: 3, zones: null, anonymous: false, startedAt: 1, closedAt: 2 })
  facilitationOf(doc).set('results', { 'theme:themeOver': 4, 'shape:c': 2, 'theme:themeSamv': 1, 'theme:gone00000': 9 })
  return doc
}

describe('themes and comments in the exports [H8]', () => {
  it('[H8][D20] the md groups a zone’s notes under its themes, then "Utan tema"; a theme across zones has its own section; every note once', () => {
    const md = toMarkdown(board(), ctx)
    const at = (s: string) => md.indexOf(s)
    expect(at('## Idag')).toBeGreaterThan(-1)
    expect(at('### Tema: Samverkan')).toBeGreaterThan(at('## Idag'))
    expect(at('Gemensam kartläggning')).toBeGreaterThan(at('### Tema: Samverkan'))
    expect(at('Samordnare i varje kommun')).toBeGreaterThan(at('### Tema: Samverkan'))
    expect(at('### Utan tema')).toBeGreaterThan(at('Samordnare i varje kommun'))
    expect(at('- Fika ihop')).toBeGreaterThan(at('### Utan tema'))
    expect(at('- Fika ihop')).toBeLessThan(at('## Om tre år'))
    expect(at('## Teman över zonerna')).toBeGreaterThan(at('## Om tre år'))
    expect(at('### Tema: Tillgänglighet')).toBeGreaterThan(at('## Teman över zonerna'))
    expect(at('- En väg in')).toBeGreaterThan(at('### Tema: Tillgänglighet'))
    const sections = md.slice(at('## Idag'))
    for (const text of ['Gemensam kartläggning', 'Samordnare i varje kommun', 'Fika ihop', 'En väg in']) expect(sections.split(`- ${text}`).length).toBe(2)
    // the zone "Om tre år" keeps its heading; its only note is in the theme across zones
    expect(md.slice(at('## Om tre år'), at('## Teman över zonerna'))).not.toContain('En väg in')
  })

  it('[H8][D22] comments are listed under their note with the writer’s name, none on an anonymous board', () => {
    const doc = board()
    const md = toMarkdown(doc, ctx)
    const note = md.indexOf('- Gemensam kartläggning')
    expect(md.indexOf('  - Vad menar du med kartläggning? — _Bo_')).toBeGreaterThan(note)
    expect(md.indexOf('  - Alla fyra myndigheter')).toBeGreaterThan(md.indexOf('  - Vad menar du med kartläggning?'))
    metaOf(doc).set('anonymous', true)
    expect(toMarkdown(doc, ctx)).not.toContain('_Bo_')
    expect(toCsv(doc, ctx)).not.toContain('Bo:')
  })

  it('[H22][D21] the ranked results name themes beside notes; a dot on a deleted theme is left out', () => {
    const md = toMarkdown(board(), ctx)
    const results = md.slice(md.indexOf('## Röstningsresultat'), md.indexOf('## Idag'))
    expect(results).toContain('1. Tema: Tillgänglighet — _4 röster_')
    expect(results).toContain('2. Fika ihop — _2 röster_')
    expect(results).toContain('3. Tema: Samverkan — _1 röst_')
    expect(results).not.toContain('gone')
    expect(toMarkdown(board(), { ...ctx, lang: 'en' })).toContain('1. Theme: Tillgänglighet — _4 votes_')
  })

  it('[H8] the csv has tema and kommentarer (theme, comments in English): the theme’s name, comments oldest first', () => {
    const csv = toCsv(board(), ctx).slice(1)
    const [header, ...rows] = csv.trim().split('\r\n')
    expect(header!.split(',').slice(-2)).toEqual(['tema', 'kommentarer'])
    expect(
      toCsv(board(), { ...ctx, lang: 'en' })
        .slice(1)
        .split('\r\n')[0]!
        .split(',')
        .slice(-2),
    ).toEqual(['theme', 'comments'])
    const rowOf = (text: string) => csv.split('\r\n').find((l) => l.includes(text))!
    expect(rowOf('Gemensam kartläggning').endsWith('"Samverkan","Bo: Vad menar du med kartläggning?\nAlla fyra myndigheter"')).toBe(true)
    expect(rowOf('En väg in').endsWith('"Tillgänglighet",""')).toBe(true)
    expect(rowOf('Fika ihop').endsWith('"",""')).toBe(true)
    expect(rows).toHaveLength(4)
  })

  it('[H7][H9] the .tldr file carries themes, memberships, comments and their authors; junk in it is left out', () => {
    const file = JSON.parse(JSON.stringify(toTldrFile(board())))
    const { session } = fromTldrFile(file, 'x')
    expect(session.themes?.map((t) => t.name)).toEqual(['Samverkan', 'Tillgänglighet'])
    expect(session.themeOf).toEqual({ 'shape:a': 'themeSamv', 'shape:b': 'themeSamv', 'shape:d': 'themeOver' })
    expect(Object.keys(session.comments ?? {}).sort()).toEqual(['shape:a|comment001', 'shape:a|comment002'])
    expect(session.commentAuthors).toEqual({ 'shape:a|comment001': { id: 'id-bo', name: 'Bo', at: 10 } })
    const doc = file.records.find((r: { typeName: string }) => r.typeName === 'document')
    doc.meta.tavla.session.themes.push({ id: 'bad', name: '' })
    doc.meta.tavla.session.themeOf['page:x'] = 'themeSamv'
    doc.meta.tavla.session.comments['shape:a|comment003'] = { text: 'x', at: 1, authorName: 'Förfalskad' }
    doc.meta.tavla.session.commentAuthors['shape:a|nosuchcomment'] = { id: 'x', at: 1 }
    const cleaned = fromTldrFile(file, 'x').session
    expect(cleaned.themes).toHaveLength(2)
    expect(Object.keys(cleaned.themeOf ?? {})).toHaveLength(3)
    expect(Object.keys(cleaned.comments ?? {})).toHaveLength(2)
    expect(Object.keys(cleaned.commentAuthors ?? {})).toEqual(['shape:a|comment001'])
  })

  it('[D23] an anonymous board’s file carries no comment authors', () => {
    const doc = board()
    metaOf(doc).set('anonymous', true)
    const { session } = fromTldrFile(JSON.parse(JSON.stringify(toTldrFile(doc))), 'x')
    expect(session.comments).toBeDefined()
    expect(session.commentAuthors).toBeUndefined()
    // the readers still work on the original
    expect(commentsByNote(doc).get('shape:a')).toHaveLength(2)
    expect(notesByTheme(doc)[0]!.notes).toHaveLength(2)
  })
})
