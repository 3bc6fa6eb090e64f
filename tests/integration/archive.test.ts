// Issue 15: the archive package, an E-ARK SIP (packages/export SPEC [A1]–[A7]; apps/server SPEC
// [H8], [H9], [SE9] `format=archive`). A real server, notes written over real sockets; the ZIP
// opened, its METS.xml, dc.xml and premis.xml parsed with real XML parsers (libxml2's xmllint;
// fast-xml-parser, its validator first, for the tree) and checked against the structure the SPEC writes down; every checksum
// recomputed from the file it names; the PDF read back with Debian's poppler.
import { createHash } from 'node:crypto'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { makeNote, readRecords, recordsOf, writeRecords, zonesOf, type SessionState, type Zone } from '@tavla/board'
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import * as Y from 'yjs'
import { connectClient, createBoard, waitFor, type Client } from '../support/clients.ts'
import { ensurePoppler, ensureXmllint, run } from '../support/documents.ts'
import { startInProcess, type InProcessServer } from '../support/inprocess.ts'

let s: InProcessServer
const clients: Client[] = []
const dir = mkdtempSync(join(tmpdir(), 'tavla-archive-'))
beforeAll(async () => {
  await Promise.all([ensurePoppler(), ensureXmllint()])
  s = await startInProcess({ MAX_BOARDS_PER_MINUTE: '1000', RETENTION_DAYS: '365' })
}, 600_000)
afterAll(async () => {
  for (const c of clients) c.destroy()
  await s?.close()
})
const connect = (room: string, key: string) => {
  const c = connectClient(s.wsUrl, room, key)
  clients.push(c)
  return c
}
const call = (method: string, path: string, key?: string, json?: unknown) =>
  fetch(`${s.url}${path}`, {
    method,
    headers: { ...(key ? { authorization: `Bearer ${key}` } : {}), ...(json !== undefined ? { 'content-type': 'application/json' } : {}) },
    body: json === undefined ? undefined : JSON.stringify(json),
  })
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex')
const center = (z: Zone) => (z.region.kind === 'rect' ? { x: z.region.x + z.region.w / 2, y: z.region.y + z.region.h / 2 } : { x: z.region.cx, y: z.region.cy })
const noteIn = (z: Zone, id: string, text: string) => makeNote({ id, x: center(z).x - 100, y: center(z).y - 100, text })

type Node = Record<string, unknown>
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: '@',
  // the elements that may repeat are always arrays, so the checks read the same for one or many
  isArray: (name) => ['dmdSec', 'file', 'agent', 'div', 'fptr', 'object', 'event', 'fileGrp'].includes(name),
})
/** A file of the package parsed as XML: well-formed first (the validator), then the tree. */
function parseXml(bytes: Uint8Array | undefined, what: string): Node {
  expect(bytes, what).toBeDefined()
  const text = strFromU8(bytes!)
  expect(text.startsWith('<?xml version="1.0" encoding="UTF-8"?>'), what).toBe(true)
  const valid = XMLValidator.validate(text)
  expect(valid, `${what}: ${JSON.stringify(valid)}`).toBe(true)
  return parser.parse(text) as Node
}

interface Opened {
  root: string
  files: Record<string, Uint8Array>
  mets: Node
  manifest: Record<string, unknown> & { files: { path: string; sha256: string; bytes: number; type: string }[] }
  /** The data files METS lists: path → MIME type. */
  data: Map<string, string>
}

/**
 * [A1]–[A6] Opens a package and checks it against the layout the SPEC writes down: one root
 * folder named by the OBJID; METS.xml with its namespaces, profile, header, two dmdSecs, a PREMIS
 * digiprovMD, one fileGrp for rep1 and a CSIP structMap; every file listed once with its true
 * SHA-256, size and type; every file of the ZIP listed.
 */
function openPackage(zip: Uint8Array): Opened {
  const raw = unzipSync(zip)
  const names = Object.keys(raw)
  const roots = new Set(names.map((n) => n.split('/')[0]))
  expect(roots.size).toBe(1) // [A1] one root folder
  const root = [...roots][0]!
  expect(root).toMatch(/^tavla-[A-Za-z0-9_-]+$/)
  const files = Object.fromEntries(names.map((n) => [n.slice(root.length + 1), raw[n]!]))
  const paths = Object.keys(files).sort()
  expect(paths).toContain('METS.xml')
  for (const p of paths) expect(p, p).toMatch(/^(METS\.xml|metadata\/(descriptive|preservation)\/[^/]+|representations\/rep1\/data\/[^/]+)$/) // [A2]

  const doc = parseXml(files['METS.xml'], 'METS.xml')
  const mets = doc.mets as Node
  expect(mets).toBeDefined()
  expect(mets['@xmlns']).toBe('http://www.loc.gov/METS/')
  expect(mets['@xmlns:xlink']).toBe('http://www.w3.org/1999/xlink')
  expect(mets['@xmlns:csip']).toBe('https://DILCIS.eu/XML/METS/CSIPExtensionMETS')
  expect(mets['@OBJID']).toBe(root)
  expect(mets['@TYPE']).toBe('Other')
  expect(mets['@csip:OTHERTYPE']).toMatch(/^Workshop (board|board snapshot|session)$/)
  expect(mets['@PROFILE']).toBe('https://earksip.dilcis.eu/profile/E-ARK-SIP.xml')
  const hdr = mets.metsHdr as Node
  expect(hdr['@RECORDSTATUS']).toBe('NEW')
  expect(hdr['@csip:OAISPACKAGETYPE']).toBe('SIP')
  expect(Number.isNaN(Date.parse(String(hdr['@CREATEDATE'])))).toBe(false)
  const software = (hdr.agent as Node[]).find((a) => a['@OTHERTYPE'] === 'SOFTWARE')!
  expect(software['@ROLE']).toBe('CREATOR')
  expect(software.name).toBe('tavla')

  const listed = new Map<string, Node>()
  const checkRef = (ref: Node, href: string, what: string) => {
    expect(ref['@LOCTYPE'], what).toBe('URL')
    expect(ref['@xlink:type'], what).toBe('simple')
    expect(ref['@CHECKSUMTYPE'], what).toBe('SHA-256')
    const bytes = files[href]
    expect(bytes, `${what}: ${href} is in the package`).toBeDefined()
    expect(ref['@CHECKSUM'], `${what}: checksum of ${href}`).toBe(sha(bytes!))
    expect(Number(ref['@SIZE']), `${what}: size of ${href}`).toBe(bytes!.byteLength)
    expect(listed.has(href), `${href} listed once`).toBe(false)
    listed.set(href, ref)
  }
  // [A3] metadata: Dublin Core and the manifest (dmdSec), PREMIS (digiprovMD)
  const dmd = mets.dmdSec as Node[]
  expect(dmd.map((d) => d['@ID'])).toEqual(['dmd-dc', 'dmd-manifest'])
  const dcRef = dmd[0]!.mdRef as Node
  expect(dcRef['@MDTYPE']).toBe('DC')
  expect(dcRef['@xlink:href']).toBe('metadata/descriptive/dc.xml')
  checkRef(dcRef, 'metadata/descriptive/dc.xml', 'dmdSec dc')
  const manRef = dmd[1]!.mdRef as Node
  expect(manRef['@MDTYPE']).toBe('OTHER')
  expect(manRef['@OTHERMDTYPE']).toBe('TAVLA-MANIFEST')
  checkRef(manRef, String(manRef['@xlink:href']), 'dmdSec manifest')
  expect(manRef['@xlink:href']).toBe('metadata/descriptive/manifest.json')
  const digiprov = (mets.amdSec as Node).digiprovMD as Node
  expect(digiprov['@ID']).toBe('digiprov-premis')
  const premisRef = digiprov.mdRef as Node
  expect(premisRef['@MDTYPE']).toBe('PREMIS')
  checkRef(premisRef, String(premisRef['@xlink:href']), 'digiprovMD')
  expect(premisRef['@xlink:href']).toBe('metadata/preservation/premis.xml')

  // [A5] the representation: one fileGrp, every file with its checksum and type
  const groups = (mets.fileSec as Node).fileGrp as Node[]
  expect(groups).toHaveLength(1)
  expect(groups[0]!['@ID']).toBe('grp-rep1')
  expect(groups[0]!['@USE']).toBe('Representations/rep1')
  const data = new Map<string, string>()
  for (const f of groups[0]!.file as Node[]) {
    const loc = f.FLocat as Node
    const href = String(loc['@xlink:href'])
    expect(href).toMatch(/^representations\/rep1\/data\//)
    expect(f['@ID']).toMatch(/^file-\d+$/)
    expect(f['@MIMETYPE']).toMatch(/^[a-z]+\/[a-z0-9.+-]+$/)
    expect(loc['@LOCTYPE']).toBe('URL')
    checkRef({ ...f, '@LOCTYPE': loc['@LOCTYPE'], '@xlink:type': loc['@xlink:type'] }, href, `file ${href}`)
    data.set(href, String(f['@MIMETYPE']))
  }
  // every file of the package but METS.xml itself is listed
  expect([...listed.keys()].sort()).toEqual(paths.filter((p) => p !== 'METS.xml'))

  // [A6] the structMap: CSIP, physical, its divs pointing at what exists
  const struct = mets.structMap as Node
  expect(struct['@TYPE']).toBe('PHYSICAL')
  expect(struct['@LABEL']).toBe('CSIP')
  const top = (struct.div as Node[])[0]!
  expect(top['@LABEL']).toBe(root)
  const [metaDiv, repDiv] = top.div as Node[]
  expect(metaDiv!['@LABEL']).toBe('Metadata')
  expect(String(metaDiv!['@DMDID']).split(' ')).toEqual(['dmd-dc', 'dmd-manifest'])
  expect(metaDiv!['@ADMID']).toBe('digiprov-premis')
  expect(repDiv!['@LABEL']).toBe('Representations/rep1')
  expect((repDiv!.fptr as Node[]).map((p) => p['@FILEID'])).toEqual(['grp-rep1'])

  // [A4] the manifest names every file but itself and METS.xml, with the same checksums
  const manifest = JSON.parse(strFromU8(files['metadata/descriptive/manifest.json']!)) as Opened['manifest']
  expect(manifest).toMatchObject({ tavla: 'archive', version: 1, id: root })
  expect(manifest.files.map((f) => f.path).sort()).toEqual(paths.filter((p) => p !== 'METS.xml' && p !== 'metadata/descriptive/manifest.json'))
  for (const f of manifest.files) {
    expect(f.sha256, f.path).toBe(sha(files[f.path]!))
    expect(f.bytes, f.path).toBe(files[f.path]!.byteLength)
  }

  // [A3] PREMIS: an object per data file with its fixity, the creation event, the software agent
  const premis = parseXml(files['metadata/preservation/premis.xml'], 'premis.xml').premis as Node
  expect(premis['@xmlns']).toBe('http://www.loc.gov/premis/v3')
  const objects = premis.object as Node[]
  expect(objects.map((o) => (o.objectIdentifier as Node).objectIdentifierValue).sort()).toEqual([...data.keys()].sort())
  for (const o of objects) {
    const path = String((o.objectIdentifier as Node).objectIdentifierValue)
    const ch = o.objectCharacteristics as Node
    expect((ch.fixity as Node).messageDigestAlgorithm).toBe('SHA-256')
    expect((ch.fixity as Node).messageDigest, path).toBe(sha(files[path]!))
    expect(Number(ch.size)).toBe(files[path]!.byteLength)
  }
  expect((premis.event as Node[]).map((e) => e.eventType)).toEqual(['creation', 'message digest calculation'])
  expect((premis.agent as Node[]).map((a) => a.agentType)).toEqual(['software'])
  return { root, files, mets, manifest, data }
}

const dcOf = (o: Opened) => (parseXml(o.files['metadata/descriptive/dc.xml'], 'dc.xml')['oai_dc:dc'] as Node) ?? {}

async function archive(path: string, key: string) {
  const res = await call('GET', path, key)
  expect(res.status, path).toBe(200)
  expect(res.headers.get('content-type')).toBe('application/zip')
  const zip = new Uint8Array(await res.arrayBuffer())
  const opened = openPackage(zip)
  // libxml2 reads every XML file too, namespaces checked (an undeclared prefix fails)
  for (const f of ['METS.xml', 'metadata/descriptive/dc.xml', 'metadata/preservation/premis.xml']) {
    const at = join(dir, `${opened.root}-${f.replace(/\//g, '_')}`)
    writeFileSync(at, opened.files[f]!)
    // xmllint exits 0 on a namespace error: what it prints is the verdict
    expect(await run('/bin/sh', ['-c', '/usr/bin/xmllint --noout "$1" 2>&1', 'sh', at]), f).toBe('')
  }
  expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${opened.root}.zip"`)
  return opened
}

describe('the archive package (issue 15)', () => {
  let b: Awaited<ReturnType<typeof createBoard>>
  const notes = ['Gemensam ingång för individen', 'Kartlägg flödet – "SAMLA" & <mer>', 'Styrelsen tar frågan vidare']
  beforeAll(async () => {
    b = await createBoard(s.url, { template: 'tre-ar-framat', title: 'Samspelet – om tre år' })
    const fac = connect(b.id, b.keys.facilitator)
    await fac.synced
    const zones = zonesOf(fac.doc)
    writeRecords(
      recordsOf(fac.doc),
      notes.map((t, i) => noteIn(zones[i]!, `a${i}`, t)),
    )
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).size >= notes.length, 'the server has the notes')
  })

  it('[H8] [A1]–[A6] the live board as an E-ARK SIP: METS lists every file with its true SHA-256; the PDF, CSV, JSON, picture and state are the board', async () => {
    const p = await archive(`/api/boards/${b.id}/export?format=archive`, b.keys.facilitator)
    expect(p.root).toMatch(new RegExp(`^tavla-${b.id}-\\d{8}T\\d{6}Z$`))
    expect(p.mets['@LABEL']).toBe('Samspelet – om tre år')
    expect(p.mets['@csip:OTHERTYPE']).toBe('Workshop board')
    const d = 'representations/rep1/data/'
    expect(Object.fromEntries(p.data)).toEqual({
      [`${d}beslutsrapport.pdf`]: 'application/pdf',
      [`${d}anteckningar.csv`]: 'text/csv',
      [`${d}tavla.tldr.json`]: 'application/json',
      [`${d}bild.png`]: 'image/png',
      [`${d}dokument.yjs`]: 'application/octet-stream',
    })
    // the files are what they say
    const pdf = join(dir, 'live.pdf')
    writeFileSync(pdf, p.files[`${d}beslutsrapport.pdf`]!)
    expect(await run('/usr/bin/pdfinfo', [pdf])).toMatch(/^Tagged:\s+yes$/m)
    const text = await run('/usr/bin/pdftotext', ['-enc', 'UTF-8', pdf, '-'])
    for (const n of notes) expect(text).toContain(n)
    const csv = strFromU8(p.files[`${d}anteckningar.csv`]!)
    for (const n of notes) expect(csv).toContain(n.replace(/"/g, '""'))
    const tldr = JSON.parse(strFromU8(p.files[`${d}tavla.tldr.json`]!)) as { records: { typeName: string; type?: string }[] }
    expect(tldr.records.filter((r) => r.type === 'note')).toHaveLength(notes.length)
    expect([...p.files[`${d}bild.png`]!.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])
    const state = new Y.Doc()
    Y.applyUpdate(state, p.files[`${d}dokument.yjs`]!)
    expect(readRecords(recordsOf(state)).size).toBeGreaterThanOrEqual(notes.length)
    // [A4] the manifest: ids, times, template, anonymity, retention
    expect(p.manifest).toMatchObject({
      kind: 'board',
      board: { id: b.id, title: 'Samspelet – om tre år', template: 'tre-ar-framat' },
      template: 'tre-ar-framat',
      anonymous: false,
      retention: { days: 365 },
      lang: 'sv',
      software: { name: 'tavla' },
    })
    expect(p.manifest.snapshot).toBeUndefined()
    // [A3] Dublin Core
    const dc = dcOf(p)
    expect(dc['dc:title']).toBe('Samspelet – om tre år')
    expect(dc['dc:identifier']).toBe(p.root)
    expect(dc['dc:language']).toBe('sv')
  })

  it('[H9] [A7] a snapshot as a package: its own bytes (their SHA-256 the fingerprint), the notes as they were, the same files every time', async () => {
    const snap = (await (await call('POST', `/api/boards/${b.id}/snapshots`, b.keys.facilitator, { name: 'Efter passet' })).json()) as {
      id: string
      sha256: string
    }
    const fac = connect(b.id, b.keys.facilitator)
    await fac.synced
    writeRecords(recordsOf(fac.doc), [makeNote({ id: 'later', x: 20_000, y: 20_000, text: 'Skrevs efter versionen' })])
    await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(b.id)!.doc)).has('shape:later'), 'the later note is stored')

    const path = `/api/boards/${b.id}/snapshots/${snap.id}/export?format=archive`
    const p = await archive(path, b.keys.facilitator)
    expect(p.root).toBe(`tavla-${b.id}-${snap.id}`)
    expect(p.mets['@csip:OTHERTYPE']).toBe('Workshop board snapshot')
    const state = p.files['representations/rep1/data/dokument.yjs']!
    const m = p.manifest as unknown as { snapshot: { id: string; name: string; sha256: string } }
    expect(m.snapshot).toMatchObject({ id: snap.id, name: 'Efter passet', sha256: sha(state) })
    expect(m.snapshot.sha256).toBe(snap.sha256) // the fingerprint the page shows ([H9], storage [S16])
    const csv = strFromU8(p.files['representations/rep1/data/anteckningar.csv']!)
    expect(csv).toContain('Gemensam ingång för individen')
    expect(csv).not.toContain('Skrevs efter versionen')
    // the snapshot cannot change: a second package of it holds the same document, table and JSON
    const again = await archive(path, b.keys.facilitator)
    expect(again.root).toBe(p.root)
    for (const f of ['dokument.yjs', 'anteckningar.csv', 'tavla.tldr.json', 'bild.png'])
      expect(sha(again.files[`representations/rep1/data/${f}`]!), f).toBe(sha(p.files[`representations/rep1/data/${f}`]!))
  })

  it('[SE9] a session as one package: the session report, table and JSON, a picture of every exercise in agenda order; lang=en names the files in English', async () => {
    const created = (await (
      await call('POST', '/api/sessions', undefined, {
        title: 'Samverkansdag',
        meetings: [{ title: 'Förmiddag', date: '2026-12-03', exercises: [{ template: 'golden-circle' }, { template: 'tre-ar-framat', title: 'Om tre år' }] }],
      })
    ).json()) as { id: string; keys: { facilitator: string; participant: string }; session: SessionState }
    const exercises = created.session.meetings.flatMap((m) => m.exercises)
    for (const [i, ex] of exercises.entries()) {
      const c = connect(ex.boardId, created.keys.facilitator)
      await c.synced
      writeRecords(recordsOf(c.doc), [noteIn(zonesOf(c.doc)[0]!, `s${i}`, `Övning ${i + 1}: en lapp`)])
      await waitFor(() => readRecords(recordsOf(s.rooms.rooms.get(ex.boardId)!.doc)).has(`shape:s${i}`), 'note stored')
    }
    const p = await archive(`/api/sessions/${created.id}/export?format=archive`, created.keys.facilitator)
    expect(p.root).toMatch(new RegExp(`^tavla-${created.id}-\\d{8}T\\d{6}Z$`))
    expect(p.mets['@csip:OTHERTYPE']).toBe('Workshop session')
    const d = 'representations/rep1/data/'
    expect([...p.data.keys()]).toEqual([`${d}beslutsrapport.pdf`, `${d}anteckningar.csv`, `${d}session.json`, `${d}bild-01.png`, `${d}bild-02.png`])
    const fileTitles = ((p.mets.fileSec as Node).fileGrp as Node[])[0]!.file as Node[]
    expect(String((fileTitles[3]!.FLocat as Node)['@xlink:title'])).toContain(exercises[0]!.title)
    expect(String((fileTitles[4]!.FLocat as Node)['@xlink:title'])).toContain('Om tre år')
    const json = JSON.parse(strFromU8(p.files[`${d}session.json`]!)) as { tavla: string; boards: Record<string, unknown> }
    expect(json.tavla).toBe('session')
    expect(Object.keys(json.boards)).toEqual(exercises.map((e) => e.id))
    const m = p.manifest as unknown as { session: { id: string; exercises: { position: number; title: string; board: string }[] } }
    expect(m.session.id).toBe(created.id)
    expect(m.session.exercises.map((e) => [e.position, e.board])).toEqual(exercises.map((e, i) => [i + 1, e.boardId]))
    const csv = strFromU8(p.files[`${d}anteckningar.csv`]!)
    expect(csv).toContain('Övning 1: en lapp')
    expect(csv).toContain('Övning 2: en lapp')

    const en = await archive(`/api/sessions/${created.id}/export?format=archive&lang=en`, created.keys.facilitator)
    expect([...en.data.keys()]).toEqual([`${d}decision-report.pdf`, `${d}notes.csv`, `${d}session.json`, `${d}picture-01.png`, `${d}picture-02.png`])
    expect(dcOf(en)['dc:language']).toBe('en')

    // one exercise alone
    const one = await archive(`/api/sessions/${created.id}/export?format=archive&exercise=${exercises[1]!.id}`, created.keys.facilitator)
    expect(one.root).toContain(exercises[1]!.id)
    expect([...one.data.keys()].filter((k) => k.endsWith('.png'))).toHaveLength(1)
    // a participant's key is refused
    expect((await call('GET', `/api/sessions/${created.id}/export?format=archive`, created.keys.participant)).status).toBe(403)
  })

  it('[H10] errors: no key 401, a participant 403, an unknown format names archive among the formats', async () => {
    expect((await call('GET', `/api/boards/${b.id}/export?format=archive`)).status).toBe(401)
    expect((await call('GET', `/api/boards/${b.id}/export?format=archive`, b.keys.participant)).status).toBe(403)
    const bad = await call('GET', `/api/boards/${b.id}/export?format=sip`, b.keys.facilitator)
    expect(bad.status).toBe(400)
    expect(((await bad.json()) as { error: { code: string; message: string } }).error).toMatchObject({
      code: 'unknown_format',
      message: expect.stringContaining('archive'),
    })
    const missing = await call('GET', `/api/boards/${b.id}/snapshots/nope/export?format=archive`, b.keys.facilitator)
    expect(missing.status).toBe(404)
  })
})
