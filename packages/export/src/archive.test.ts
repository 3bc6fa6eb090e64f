// [A1]–[A7] the archive packer alone: what a title or file name can hold, and what it refuses.
import { XMLParser, XMLValidator } from 'fast-xml-parser'
import { strFromU8, unzipSync } from 'fflate'
import { describe, expect, it } from 'vitest'
import { archivePackage, sha256, type ArchiveInput } from './archive.ts'

const input = (over: Partial<ArchiveInput> = {}): ArchiveInput => ({
  id: 'tavla-abc-20261203T120000Z',
  title: 'Samspelet',
  kind: 'board',
  lang: 'sv',
  madeAt: new Date('2026-12-03T12:00:00Z'),
  contentAt: new Date('2026-12-03T11:59:00Z'),
  createdAt: new Date('2026-12-01T09:00:00Z'),
  software: { name: 'tavla', version: '1.0.0' },
  manifest: { kind: 'board' },
  files: [{ name: 'a.csv', bytes: new TextEncoder().encode('x,y\r\n'), type: 'text/csv', label: 'Tabell' }],
  ...over,
})

describe('[A1]–[A7] archivePackage', () => {
  it('[A5] a title with markup, quotes and control characters still makes well-formed XML that says it back', () => {
    const title = 'Möte <"styrelsen"> & \u0001 beslut'
    const pkg = archivePackage(input({ title, facilitator: 'Åsa "Processledare" <Ö>' }))
    const files = unzipSync(pkg.zip)
    for (const f of ['METS.xml', 'metadata/descriptive/dc.xml', 'metadata/preservation/premis.xml']) {
      const text = strFromU8(files[`tavla-abc-20261203T120000Z/${f}`]!)
      expect(XMLValidator.validate(text), f).toBe(true)
    }
    const mets = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(strFromU8(files['tavla-abc-20261203T120000Z/METS.xml']!))
    expect(mets.mets['@LABEL']).toBe('Möte <"styrelsen"> &  beslut') // the control character is gone
    const decoded = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@', htmlEntities: true }).parse(
      strFromU8(files['tavla-abc-20261203T120000Z/metadata/descriptive/dc.xml']!),
    )
    expect(decoded['oai_dc:dc']['dc:creator']).toBe('Åsa "Processledare" <Ö>')
  })

  it('[A4] the listing: every file with its SHA-256, METS.xml first', () => {
    const pkg = archivePackage(input())
    expect(pkg.name).toBe('tavla-abc-20261203T120000Z.zip')
    expect(pkg.files.map((f) => f.path)).toEqual([
      'METS.xml',
      'metadata/descriptive/dc.xml',
      'metadata/descriptive/manifest.json',
      'metadata/preservation/premis.xml',
      'representations/rep1/data/a.csv',
    ])
    const files = unzipSync(pkg.zip)
    for (const f of pkg.files) expect(sha256(files[`tavla-abc-20261203T120000Z/${f.path}`]!), f.path).toBe(f.sha256)
  })

  it('[A1] [A5] refuses a package id that is not plain, a file name with a folder, a leading dot or twice the same name', () => {
    const bytes = new Uint8Array(1)
    expect(() => archivePackage(input({ files: [{ name: '../x', bytes, type: 'text/plain', label: 'x' }] }))).toThrow(/bad file name/)
    expect(() => archivePackage(input({ files: [{ name: '.hidden', bytes, type: 'text/plain', label: 'x' }] }))).toThrow(/bad file name/)
    const twice = { name: 'a.txt', bytes, type: 'text/plain', label: 'x' }
    expect(() => archivePackage(input({ files: [twice, twice] }))).toThrow(/two files/)
    expect(() => archivePackage(input({ id: 'tavla-x"\r\nSet-Cookie: a' }))).toThrow(/bad package id/)
  })
})
