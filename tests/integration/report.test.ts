// Issue 15: the decision report as PDF and Word, made by the server ([H8], [H9], [SE9]). A real
// server, notes written over real sockets, a vote counted from two people's private parts; the
// PDF read back with Debian's poppler (pdftotext, pdfinfo, pdftoppm) and the .docx converted by
// LibreOffice headless and its word/document.xml parsed with a real XML parser. Page images go to
// tests/artifacts/report-*.png to be looked at.
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as board from '@tavla/board'
import { makeNote, readRecords, recordsOf, writeRecords, zonesOf, type Zone } from '@tavla/board'
import { XMLParser } from 'fast-xml-parser'
import { unzipSync } from 'fflate'
import { connectClient, createBoard, issueIdentity, waitFor, type Client } from '../support/clients.ts'
import { docxText, ensureLibreOffice, ensurePoppler, run } from '../support/documents.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'
import { repoRoot } from '../support/server.ts'

let s: InProcessServer
const clients: Client[] = []
const dir = mkdtempSync(join(tmpdir(), 'tavla-report-'))
const artifacts = join(repoRoot, 'tests', 'artifacts')
beforeAll(async () => {
  await Promise.all([ensurePoppler(), ensureLibreOffice()])
  s = await startInProcess({ MAX_BOARDS_PER_MINUTE: '1000' })
}, 600_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s?.close()
})
const connect = (room: string, key: string, params: Record<string, string> = {}) => {
  const c = connectClient(s.wsUrl, room, key, { params })
  clients.push(c)
  return c
}
const call = (method: string, path: string, key?: string, json?: unknown) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
type Board = Awaited<ReturnType<typeof createBoard>>

const center = (z: Zone) => (z.region.kind === 'rect' ? { x: z.region.x + z.region.w / 2, y: z.region.y + z.region.h / 2 } : { x: z.region.cx, y: z.region.cy })
const noteIn = (z: Zone, id: string, text: string, dx = 0) => {
  const c = center(z)
  return makeNote({ id, x: c.x - 100 + dx, y: c.y - 100, text })
}
const cell = (zones: Zone[], area: string, column: string) => {
  const z = zones.find((z) => z.label.sv.startsWith(area) && z.label.sv.endsWith(column))
  if (!z) throw new Error(`no zone ${area} × ${column}`)
  return z
}

/** A file the server sent, saved; its bytes. */
async function download(path: string, key: string | undefined, file: string) {
  const res = await call('GET', path, key)
  const bytes = Buffer.from(await res.arrayBuffer())
  writeFileSync(join(dir, file), bytes)
  return { res, bytes, file: join(dir, file) }
}
const pdfText = (file: string) => run('/usr/bin/pdftotext', ['-enc', 'UTF-8', file, '-'])
/** The PDF's catalog as written (pdfkit writes no object streams): its /Lang. */
const pdfLang = (bytes: Buffer) => /\/Lang \(([^)]*)\)/.exec(bytes.toString('latin1'))?.[1]

/** Every paragraph of word/document.xml: its style (Heading1 …) and its text. */
function docxParagraphs(bytes: Buffer) {
  const files = unzipSync(new Uint8Array(bytes))
  const xml = new TextDecoder().decode(files['word/document.xml'])
  const parsed = new XMLParser({ ignoreAttributes: false, preserveOrder: true }).parse(xml)
  const out: { style?: string; text: string; alt?: string }[] = []
  const walk = (nodes: unknown[], p?: { style?: string; text: string; alt?: string }) => {
    for (const n of nodes as Record<string, unknown>[]) {
      const [tag] = Object.keys(n).filter((k) => k !== ':@')
      if (!tag) continue
      const attrs = (n[':@'] ?? {}) as Record<string, string>
      if (tag === 'w:p') {
        const para = { text: '' } as { style?: string; text: string; alt?: string }
        out.push(para)
        walk(n[tag] as unknown[], para)
        continue
      }
      if (p && tag === 'w:pStyle') p.style = attrs['@_w:val']
      if (p && tag === 'wp:docPr') p.alt = attrs['@_descr']
      if (p && tag === '#text') p.text += String(n[tag])
      if (Array.isArray(n[tag])) walk(n[tag] as unknown[], p)
    }
  }
  walk(parsed)
  return { files, paragraphs: out }
}

/** Lines of text; the heading a line stands under is the nearest line before it that is one of `headings`. */
function under(lines: string[], text: string, headings: string[]): string | undefined {
  const at = lines.findIndex((l) => l.includes(text))
  if (at < 0) return undefined
  for (let i = at - 1; i >= 0; i--) if (headings.includes(lines[i]!.trim())) return lines[i]!.trim()
  return undefined
}

interface Fixture {
  b: Board
  zones: Zone[]
  notes: { id: string; text: string; zone?: Zone }[]
}
let fixture: Fixture | undefined

/** A tre-ar-framat board: notes in known cells (one outside), Anna's written under her identity, a closed vote of Anna and Björn. */
async function treArFramat(): Promise<Fixture> {
  if (fixture) return fixture
  const b = await createBoard(s.url, { template: 'tre-ar-framat', title: 'Samspelet – om tre år' })
  const fac = connect(b.id, b.keys.facilitator)
  await fac.synced
  const zones = zonesOf(fac.doc)
  const notes = [
    { id: 'shape:n1', text: 'Gemensam ingång för individen', zone: cell(zones, 'Rehabilitering', 'Om tre år…') },
    { id: 'shape:n2', text: 'Kartlägg flödet – "SAMLA" & <mer>', zone: cell(zones, 'Rehabilitering', 'Vad ska vi göra idag?') },
    { id: 'shape:n3', text: 'Styrelsen för samordningsförbundet', zone: cell(zones, 'Förebyggande', 'Vem tar frågan vidare?') },
    { id: 'shape:n5', text: 'Parkerad fråga om lokaler' },
  ]
  writeRecords(
    recordsOf(fac.doc),
    notes.map((n) => (n.zone ? noteIn(n.zone, n.id.slice(6), n.text) : makeNote({ id: n.id.slice(6), x: 20_000, y: 20_000, text: n.text }))),
  )
  const person = async (name: string) => {
    const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name })
    const onBoard = connect(b.id, b.keys.participant, { identity })
    const part = connect(`${b.id}/private`, b.keys.participant, { identity })
    await Promise.all([onBoard.synced, part.synced])
    return { onBoard, part }
  }
  const anna = await person('Anna Åström')
  const bjorn = await person('Björn Öberg')
  // Anna writes one note herself: the server records her as its author ([D11]), one person with her private part
  const n4 = { id: 'shape:n4', text: 'Åsa på Arbetsförmedlingen tar det vidare', zone: cell(zones, 'Andra aktörer', 'Vem tar frågan vidare?') }
  writeRecords(recordsOf(anna.onBoard.doc), [noteIn(n4.zone, 'n4', n4.text)])
  notes.push(n4)
  await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).size >= 5, 'the server has the notes')
  const act = (body: unknown) => call('POST', `/api/boards/${b.id}/facilitation`, b.keys.facilitator, body)
  const vote = (await (await act({ action: 'vote.start', dots: 3 })).json()).facilitation.vote.id as string
  anna.part.doc.getMap('votes').set(vote, ['shape:n1', 'shape:n2'])
  bjorn.part.doc.getMap('votes').set(vote, ['shape:n1'])
  await waitFor(
    async () => ((await (await call('GET', `/api/boards/${b.id}/voters`, b.keys.facilitator)).json()) as { voters: number }).voters === 2,
    'two voters',
  )
  const closed = (await (await act({ action: 'vote.close' })).json()).facilitation
  expect(closed.results).toEqual({ 'shape:n1': 2, 'shape:n2': 1 })
  fixture = { b, zones, notes }
  return fixture
}

describe('the decision report (issue 15)', () => {
  it('[H8] a tre-ar-framat board as PDF: every note under its area and column, the ranked votes, "Beslut och nästa steg"; tagged, titled, Swedish', async () => {
    const { b, zones, notes } = await treArFramat()
    const { res, bytes, file } = await download(`/api/boards/${b.id}/export?format=pdf`, b.keys.facilitator, 'board.pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(res.headers.get('content-disposition')).toMatch(
      /^attachment; filename=".*\.pdf"; filename\*=UTF-8''Samspelet%20%E2%80%93%20om%20tre%20%C3%A5r%20\d{4}-\d\d-\d\d%20\d\d\.\d\d\.pdf$/,
    )

    const info = await run('/usr/bin/pdfinfo', [file])
    expect(info).toMatch(/^Tagged:\s+yes$/m)
    expect(info).toMatch(/^Title:\s+Samspelet – om tre år$/m)
    expect(info).toMatch(/^PDF version:\s+1\.7$/m)
    expect(info).toMatch(/^Page size:.*\(A4\)$/m)
    // pdfinfo prints no language: it is the catalog's /Lang
    expect(pdfLang(bytes)).toBe('sv-SE')
    const struct = await run('/usr/bin/pdfinfo', ['-struct', file])
    for (const tag of ['Document', 'H1', 'H2', 'H3', 'P', 'L', 'LI', 'Figure']) expect(struct).toMatch(new RegExp(`^\\s*${tag}\\b`, 'm'))
    const fonts = await run('/usr/bin/pdffonts', [file])
    expect(fonts).toMatch(/DejaVuSans/)
    for (const line of fonts.split('\n').slice(2).filter(Boolean)) expect(line).toMatch(/\byes\s+yes\s+yes\b/) // embedded, subset, unicode

    const text = await pdfText(file)
    const labels = [...zones.map((z) => z.label.sv), 'Utanför zonerna']
    const byZone = text.slice(text.indexOf('Lappar per zon'))
    for (const n of notes) {
      expect(text, n.text).toContain(n.text)
      expect(under(byZone.split('\n'), n.text, labels), n.text).toBe(n.zone?.label.sv ?? 'Utanför zonerna')
    }
    // cover: two people (Anna's note and her private part are one identity), not anonymous
    expect(text).toContain('Antal deltagare: 2')
    expect(text).toContain('Anonymitet: Inte anonym')
    expect(text).toContain('Frågor')
    expect(text).toContain('Vem tar frågan vidare?')
    // the ranked vote, 2 before 1
    const ranking = text.slice(text.indexOf('Röstningsresultat'), text.indexOf('Lappar per zon'))
    expect(ranking).toMatch(/1\.\s+Gemensam ingång för individen – 2 röster \(Rehabilitering – Om tre år…\)/)
    expect(ranking).toMatch(/2\.\s+Kartlägg flödet – "SAMLA" & <mer> – 1 röst/)
    // the notes' details: votes and the author's name
    expect(byZone).toMatch(/Gemensam ingång för individen \(2 röster\)/)
    expect(byZone).toMatch(/Åsa på Arbetsförmedlingen tar det vidare \(Anna Åström\)/)
    // Beslut och nästa steg: the "Vem tar frågan vidare?" notes with their area, nothing else
    const decisions = text.slice(text.lastIndexOf('Beslut och nästa steg'))
    expect(decisions).toContain('Förebyggande: Styrelsen för samordningsförbundet')
    expect(decisions).toContain('Andra aktörer: Åsa på Arbetsförmedlingen tar det vidare')
    expect(decisions).not.toContain('Gemensam ingång')
    expect(decisions).toContain('Processledarens sammanfattning')

    // pages as pictures, to be looked at
    mkdirSync(artifacts, { recursive: true })
    await run('/usr/bin/pdftoppm', ['-png', '-r', '80', file, join(artifacts, 'report-board')])
    const pages = readdirSync(artifacts).filter((f) => f.startsWith('report-board-') && f.endsWith('.png'))
    expect(pages.length).toBe(Number(/^Pages:\s+(\d+)$/m.exec(info)![1]))
    for (const p of pages) expect(readFileSync(join(artifacts, p)).subarray(1, 4).toString()).toBe('PNG')
  })

  it('[H8] lang=en: an English report with an English language tag', async () => {
    const { b } = await treArFramat()
    const { bytes, file } = await download(`/api/boards/${b.id}/export?format=pdf&lang=en`, b.keys.facilitator, 'board-en.pdf')
    expect(pdfLang(bytes)).toBe('en-GB')
    const text = await pdfText(file)
    expect(text).toContain('Decisions and next steps')
    expect(text).toContain('Participants: 2')
    expect(text).toMatch(/Gemensam ingång för individen – 2 votes/)
  })

  it('[H8] the .docx holds the same text, Word heading styles, the picture with its alt text; LibreOffice opens and converts it', async () => {
    const { b, notes } = await treArFramat()
    const { res, bytes, file } = await download(`/api/boards/${b.id}/export?format=docx`, b.keys.facilitator, 'board.docx')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/vnd.openxmlformats-officedocument.wordprocessingml.document')
    expect(res.headers.get('content-disposition')).toMatch(/\.docx"; filename\*=UTF-8''.*\.docx$/)
    const { files, paragraphs } = docxParagraphs(bytes)
    expect(Object.keys(files).some((f) => /^word\/media\/.+\.png$/.test(f))).toBe(true)
    const heading = (style: string, text: string) => paragraphs.some((p) => p.style === style && p.text === text)
    expect(heading('Heading1', 'Samspelet – om tre år')).toBe(true)
    expect(heading('Heading2', 'Röstningsresultat')).toBe(true)
    expect(heading('Heading3', 'Rehabilitering – Om tre år…')).toBe(true)
    expect(heading('Heading1', 'Beslut och nästa steg')).toBe(true)
    expect(paragraphs.find((p) => p.alt)?.alt).toMatch(/^Bild av tavlan: 5 lappar i 18 zoner/)
    const settings = new TextDecoder().decode(files['word/styles.xml'])
    expect(settings).toContain('w:lang w:val="sv-SE"')

    const text = await docxText(file, dir)
    for (const n of notes) expect(text).toContain(n.text)
    expect(text).toContain('Antal deltagare: 2')
    expect(text).toMatch(/Gemensam ingång för individen – 2 röster/)
    expect(text.indexOf('Förebyggande: Styrelsen för samordningsförbundet')).toBeGreaterThan(text.lastIndexOf('Beslut och nästa steg'))
  })

  it('[H9] a snapshot exports as its own report: its name on the cover, the notes as they were', async () => {
    const { b } = await treArFramat()
    const snap = (await (await call('POST', `/api/boards/${b.id}/snapshots`, b.keys.facilitator, { name: 'Efter röstningen' })).json()) as { id: string }
    const fac = connect(b.id, b.keys.facilitator)
    await fac.synced
    writeRecords(recordsOf(fac.doc), [makeNote({ id: 'later', x: 20_000, y: 20_000, text: 'Skrevs efter ögonblicksbilden' })])
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).has('shape:later'), 'the later note is stored')
    const { res, file } = await download(`/api/boards/${b.id}/snapshots/${snap.id}/export?format=pdf`, b.keys.facilitator, 'snap.pdf')
    expect(res.headers.get('content-disposition')).toContain(encodeURIComponent('Efter röstningen'))
    const text = await pdfText(file)
    expect(text).toContain('Ögonblicksbild: Efter röstningen')
    expect(text).toContain('Gemensam ingång för individen')
    expect(text).not.toContain('Skrevs efter ögonblicksbilden')
    const docx = await download(`/api/boards/${b.id}/snapshots/${snap.id}/export?format=docx`, b.keys.facilitator, 'snap.docx')
    expect(docxParagraphs(docx.bytes).paragraphs.some((p) => p.text === 'Ögonblicksbild: Efter röstningen')).toBe(true)
  })

  it('[H10] errors: an unknown format 400, no key 401, a participant key 403', async () => {
    const { b } = await treArFramat()
    const bad = await call('GET', `/api/boards/${b.id}/export?format=odt`, b.keys.facilitator)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'unknown_format',
      message: expect.stringContaining('pdf, docx'),
    })
    expect((await call('GET', `/api/boards/${b.id}/export?format=pdf`)).status).toBe(401)
    expect((await call('GET', `/api/boards/${b.id}/export?format=docx`, b.keys.participant)).status).toBe(403)
  })

  it('[SE9] a session exports as one report: the exercises in agenda order, each note under its exercise', async () => {
    const created = (await (
      await call('POST', '/api/sessions', undefined, {
        title: 'Samverkansdag',
        meetings: [
          { title: 'Förmiddag', date: '2026-12-03', exercises: [{ template: 'golden-circle' }, { kind: 'plain', title: 'Fika', minutes: 15 }] },
          { title: 'Eftermiddag', date: '2026-12-04', exercises: [{ template: 'tre-ar-framat', title: 'Om tre år' }] },
        ],
      })
    ).json()) as { id: string; keys: { facilitator: string }; session: board.SessionState }
    const exercises = created.session.meetings.flatMap((m) => m.exercises)
    const texts = ['Varför vi finns: individen', 'Kaffe och bullar', 'Styrgruppen beslutar i mars']
    for (const [i, ex] of exercises.entries()) {
      const c = connect(ex.boardId, created.keys.facilitator)
      await c.synced
      const z = zonesOf(c.doc)[0]
      writeRecords(recordsOf(c.doc), [z ? noteIn(z, `s${i}`, texts[i]!) : makeNote({ id: `s${i}`, x: 0, y: 0, text: texts[i]! })])
      await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(ex.boardId)!.doc)).has(`shape:s${i}`), 'note stored')
    }
    const { res, bytes, file } = await download(`/api/sessions/${created.id}/export?format=pdf`, created.keys.facilitator, 'session.pdf')
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('application/pdf')
    expect(pdfLang(bytes)).toBe('sv-SE')
    const text = await pdfText(file)
    expect(text).toContain('Beslutsunderlag från workshopserie')
    // each exercise's heading is a line of its own (the cover's list adds the meeting to it); pages start with a form feed
    const lines = text.split('\n').map((l) => l.replace(/^\f/, '').trim())
    const headings = exercises.map((e, i) => lines.indexOf(`${i + 1}. ${e.title}`))
    expect(headings.every((h) => h > 0)).toBe(true)
    expect([...headings].sort((a, b) => a - b)).toEqual(headings)
    texts.forEach((t, i) => {
      const at = lines.findIndex((l) => l.includes(t))
      expect(at, t).toBeGreaterThan(headings[i]!)
      if (i + 1 < headings.length) expect(at, t).toBeLessThan(headings[i + 1]!)
    })
    expect(text).toContain('Möte: Eftermiddag, 4 december 2026')
    await run('/usr/bin/pdftoppm', ['-png', '-r', '60', '-l', '3', file, join(artifacts, 'report-session')])

    // one exercise alone, as Word
    const one = await download(`/api/sessions/${created.id}/export?format=docx&exercise=${exercises[2]!.id}`, created.keys.facilitator, 'one.docx')
    expect(one.res.status).toBe(200)
    const paragraphs = docxParagraphs(one.bytes).paragraphs.map((p) => p.text)
    expect(paragraphs).toContain('Styrgruppen beslutar i mars')
    expect(paragraphs).not.toContain('Varför vi finns: individen')
    expect((await call('GET', `/api/sessions/${created.id}/export?format=rtf`, created.keys.facilitator)).status).toBe(400)
  })

  it("[H8] [K3] the cover lists the participants' organisations with how many, in Swedish and English, PDF and Word; none on an anonymous board", async () => {
    const b = await createBoard(s.url, { template: 'tre-ar-framat', title: 'Samverkan i länet' })
    const zones = await (async () => {
      const fac = connect(b.id, b.keys.facilitator)
      await fac.synced
      return zonesOf(fac.doc)
    })()
    const z = cell(zones, 'Rehabilitering', 'Om tre år…')
    const person = async (name: string, org?: string) => {
      const identity = await issueIdentity(s.url, b.id, b.keys.participant, { name, ...(org !== undefined ? { org } : {}) })
      const onBoard = connect(b.id, b.keys.participant, { identity })
      await onBoard.synced
      return { onBoard, identity }
    }
    // two from Försäkringskassan (spelt two ways) and one from Region Skåne write notes; Dan gives no organisation
    const writers = [
      await person('Anna', 'Försäkringskassan'),
      await person('Britt', 'försäkringskassan'),
      await person('Cecilia', 'Region Skåne'),
      await person('Dan'),
    ]
    writers.forEach((w, i) => writeRecords(recordsOf(w.onBoard.doc), [noteIn(z, `o${i}`, `Lapp ${i}`, i * 220)]))
    // Erik only votes (a private part) and comments: the comment names his organisation
    const erik = await person('Erik', 'Arbetsförmedlingen')
    const part = connect(`${b.id}/private`, b.keys.participant, { identity: erik.identity })
    await part.synced
    part.doc.getMap('votes').set('v', ['shape:o0'])
    board.addComment(erik.onBoard.doc, 'shape:o0', 'comment01', 'Vi kan ta det', Date.now())
    // Fia only looks: her organisation is not on the cover
    await person('Fia', 'Kommunen')
    await waitFor(() => {
      const d = s.rooms.rooms.get(b.id)!.doc
      return board.authorsOf(d).size === 4 && board.commentAuthorsOf(d).size === 1
    }, 'notes and the comment recorded')

    const { file } = await download(`/api/boards/${b.id}/export?format=pdf`, b.keys.facilitator, 'orgs.pdf')
    const text = (await pdfText(file)).replace(/\s+/g, ' ')
    expect(text).toContain('Antal deltagare: 5')
    expect(text).toContain('Organisationer: Försäkringskassan 2, Arbetsförmedlingen 1, Region Skåne 1, ingen organisation angiven 1')
    expect(text).not.toContain('Kommunen')
    // the cover: before the first exercise's page
    expect(text.indexOf('Organisationer:')).toBeLessThan(text.indexOf('Anonymitet:'))
    const en = await download(`/api/boards/${b.id}/export?format=pdf&lang=en`, b.keys.facilitator, 'orgs-en.pdf')
    expect((await pdfText(en.file)).replace(/\s+/g, ' ')).toContain(
      'Organisations: Försäkringskassan 2, Arbetsförmedlingen 1, Region Skåne 1, no organisation given 1',
    )
    const docx = await download(`/api/boards/${b.id}/export?format=docx`, b.keys.facilitator, 'orgs.docx')
    expect(docxParagraphs(docx.bytes).paragraphs.map((p) => p.text)).toContain(
      'Organisationer: Försäkringskassan 2, Arbetsförmedlingen 1, Region Skåne 1, ingen organisation angiven 1 (som deltagarna angav när de gick med)',
    )
    expect(await docxText(docx.file, dir)).toContain('Region Skåne 1')

    // an anonymous board: the identity carries no organisation, the cover names none
    const anon = (await (await call('POST', '/api/boards', undefined, { template: 'tre-ar-framat', title: 'Anonym', anonymous: true })).json()) as Board
    const identity = await issueIdentity(s.url, anon.id, anon.keys.participant, { name: 'Anna', org: 'Försäkringskassan' })
    const c = connect(anon.id, anon.keys.participant, { identity })
    const p = connect(`${anon.id}/private`, anon.keys.participant, { identity })
    await Promise.all([c.synced, p.synced])
    writeRecords(recordsOf(c.doc), [makeNote({ id: 'a1', x: 0, y: 0, text: 'Anonym lapp' })])
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(anon.id)!.doc)).has('shape:a1'), 'stored')
    const anonText = await pdfText((await download(`/api/boards/${anon.id}/export?format=pdf`, anon.keys.facilitator, 'anon.pdf')).file)
    expect(anonText).toContain('Antal deltagare: 1')
    expect(anonText).not.toContain('Organisationer')
    expect(anonText).not.toContain('Försäkringskassan')
  })

  const helpers = board as unknown as Record<string, unknown>
  it('[D19] [D22] themes and comments reach the report: a theme heading over its notes, the comment under its note', async () => {
    const b = await createBoard(s.url, { template: 'tre-ar-framat', title: 'Teman' })
    const fac = connect(b.id, b.keys.facilitator)
    await fac.synced
    const zones = zonesOf(fac.doc)
    const z = cell(zones, 'Organisering', 'Om tre år…')
    writeRecords(recordsOf(fac.doc), [noteIn(z, 't1', 'En väg in'), noteIn(z, 't2', 'Samlokalisering', 220), noteIn(z, 't3', 'Ensam lapp', 440)])
    const createTheme = helpers.createTheme as (doc: unknown, init: unknown) => unknown
    const addComment = helpers.addComment as (doc: unknown, noteId: string, id: string, text: string, now: number) => string
    createTheme(fac.doc, { id: 'themeOne1', name: 'Tillgänglighet', zoneId: z.id, now: 1, notes: ['shape:t1', 'shape:t2'] })
    addComment(fac.doc, 'shape:t1', 'comment01', 'Vad menar du med väg in?', 2)
    await waitFor(() => {
      const d = s.rooms.rooms.get(b.id)!.doc
      return d.getMap('comments').size === 1 && d.getMap('themeOf').size === 2
    }, 'theme and comment stored')
    const { file } = await download(`/api/boards/${b.id}/export?format=pdf`, b.keys.facilitator, 'themes.pdf')
    const lines = (await pdfText(file)).split('\n')
    const at = (t: string) => lines.findIndex((l) => l.includes(t))
    expect(at('Tema: Tillgänglighet')).toBeGreaterThan(at('Organisering – Om tre år…'))
    expect(at('En väg in')).toBeGreaterThan(at('Tema: Tillgänglighet'))
    expect(at('Kommentar: Vad menar du med väg in?')).toBeGreaterThan(at('En väg in'))
    expect(at('Ensam lapp')).toBeGreaterThan(at('Utan tema'))
  })
})
