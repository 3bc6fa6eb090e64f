// The archive package (issue 15, SPEC.md [A1]–[A7]): one ZIP laid out as an E-ARK SIP (the
// Common Specification for Information Packages, the basis of Riksarkivet's FGS package), so a
// samordningsförbund can register a workshop's record as an allmän handling. A root METS.xml
// lists every file with its SHA-256, size and type; metadata/ holds the descriptive record
// (Dublin Core), tavla's own manifest and the preservation record (PREMIS 3); representations/
// holds the files people read. Pure: the caller hands in the files, this lays them out.
import { createHash } from 'node:crypto'
import { zipSync, type Zippable } from 'fflate'

/** A file people read, placed under `representations/rep1/data/`. */
export interface ArchiveFile {
  /** The name inside the representation's data folder (no slashes). */
  name: string
  bytes: Uint8Array
  /** Its MIME type, as METS's MIMETYPE and PREMIS's format name. */
  type: string
  /** What it is, in the package's language ("Beslutsrapport (PDF)"). */
  label: string
}

export interface ArchiveInput {
  /** The package id (METS OBJID, the ZIP's root folder): `tavla-<kind>-<id>-<time>`. */
  id: string
  title: string
  kind: 'board' | 'snapshot' | 'session'
  lang: 'sv' | 'en'
  /** When the package was made. */
  madeAt: Date
  /** When the content was fixed: the snapshot's time, else the time the live state was read. */
  contentAt: Date
  /** The board's (or session's) creation time. */
  createdAt: Date
  /** The processledare, when known. */
  facilitator?: string
  software: { name: string; version: string }
  /** tavla's manifest: ids, times, template, anonymity, retention, participants (SPEC [A4]); the files' checksums are added. */
  manifest: Record<string, unknown>
  files: ArchiveFile[]
}

export interface ArchivePackage {
  zip: Uint8Array
  /** `<id>.zip` */
  name: string
  /** Every file of the package (paths from the package root) with its SHA-256: what METS.xml lists. */
  files: { path: string; sha256: string; bytes: number; type: string }[]
}

export const sha256 = (b: Uint8Array): string => createHash('sha256').update(b).digest('hex')

/** Text for XML content and attribute values (quotes too). */
export function xml(s: string): string {
  return (
    s
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 cannot hold these control characters; they are dropped
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
  )
}

const iso = (d: Date) => d.toISOString().replace(/\.\d{3}Z$/, 'Z')
const enc = new TextEncoder()

/** The file names a representation may hold: plain, no folders, nothing a file system dislikes. */
function checkName(name: string): void {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are refused in a file name
  if (!name || name.length > 120 || /[\\/:*?"<>|\u0000-\u001f]/.test(name) || name.startsWith('.'))
    throw new Error(`archive: bad file name ${JSON.stringify(name)}`)
}

interface Entry {
  path: string
  bytes: Uint8Array
  type: string
  label: string
  id: string
  /** Its SHA-256 (hex), computed once: METS, PREMIS, the manifest and the listing all name it. */
  sha256: string
}

const entry = (e: Omit<Entry, 'sha256'>): Entry => ({ ...e, sha256: sha256(e.bytes) })
/** What the manifest and the listing say of a file. */
const listing = (e: Entry) => ({ path: e.path, sha256: e.sha256, bytes: e.bytes.byteLength, type: e.type })

function dublinCore(a: ArchiveInput): string {
  const kindWord = {
    sv: { board: 'Tavla från en workshop', snapshot: 'Sparad version av en tavla från en workshop', session: 'Workshop (session med flera övningar)' },
    en: { board: 'Workshop board', snapshot: 'Saved version of a workshop board', session: 'Workshop (session of several exercises)' },
  }[a.lang][a.kind]
  const lines = [
    `<dc:title>${xml(a.title)}</dc:title>`,
    a.facilitator ? `<dc:creator>${xml(a.facilitator)}</dc:creator>` : '',
    `<dc:publisher>${xml(a.software.name)}</dc:publisher>`,
    `<dc:date>${iso(a.contentAt)}</dc:date>`,
    `<dc:type>${xml(kindWord)}</dc:type>`,
    `<dc:identifier>${xml(a.id)}</dc:identifier>`,
    `<dc:language>${a.lang === 'sv' ? 'sv' : 'en'}</dc:language>`,
    `<dc:format>application/zip</dc:format>`,
    `<dc:description>${xml(
      a.lang === 'sv'
        ? `Arkivpaket (E-ARK SIP) gjort av ${a.software.name} ${iso(a.madeAt)}: beslutsrapport, anteckningar som tabell, tavlans innehåll och en bild av tavlan.`
        : `Archive package (E-ARK SIP) made by ${a.software.name} at ${iso(a.madeAt)}: decision report, notes as a table, the board's content and a picture of the board.`,
    )}</dc:description>`,
  ].filter(Boolean)
  return `<?xml version="1.0" encoding="UTF-8"?>
<oai_dc:dc xmlns:oai_dc="http://www.openarchives.org/OAI/2.0/oai_dc/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  ${lines.join('\n  ')}
</oai_dc:dc>
`
}

function premis(a: ArchiveInput, entries: Entry[]): string {
  const agentId = `${a.software.name}-${a.software.version}`
  const objects = entries
    .map(
      (e) => `  <object xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:type="file">
    <objectIdentifier><objectIdentifierType>local</objectIdentifierType><objectIdentifierValue>${xml(e.path)}</objectIdentifierValue></objectIdentifier>
    <objectCharacteristics>
      <compositionLevel>0</compositionLevel>
      <fixity><messageDigestAlgorithm>SHA-256</messageDigestAlgorithm><messageDigest>${e.sha256}</messageDigest></fixity>
      <size>${e.bytes.byteLength}</size>
      <format><formatDesignation><formatName>${xml(e.type)}</formatName></formatDesignation></format>
    </objectCharacteristics>
    <linkingEventIdentifier><linkingEventIdentifierType>local</linkingEventIdentifierType><linkingEventIdentifierValue>event-creation</linkingEventIdentifierValue></linkingEventIdentifier>
  </object>`,
    )
    .join('\n')
  const how =
    a.kind === 'snapshot'
      ? 'the saved version (snapshot) of the board, read from the server store; a snapshot never changes once taken'
      : a.kind === 'session'
        ? 'every exercise board of the session, as the server held them when the package was made'
        : 'the live board, as the server held it when the package was made'
  return `<?xml version="1.0" encoding="UTF-8"?>
<premis xmlns="http://www.loc.gov/premis/v3" version="3.0">
${objects}
  <event>
    <eventIdentifier><eventIdentifierType>local</eventIdentifierType><eventIdentifierValue>event-creation</eventIdentifierValue></eventIdentifier>
    <eventType>creation</eventType>
    <eventDateTime>${iso(a.madeAt)}</eventDateTime>
    <eventDetailInformation><eventDetail>${xml(`Made by ${a.software.name} ${a.software.version} on the server, without a browser, from ${how} (content as of ${iso(a.contentAt)}).`)}</eventDetail></eventDetailInformation>
    <eventOutcomeInformation><eventOutcome>success</eventOutcome></eventOutcomeInformation>
    <linkingAgentIdentifier><linkingAgentIdentifierType>local</linkingAgentIdentifierType><linkingAgentIdentifierValue>${xml(agentId)}</linkingAgentIdentifierValue></linkingAgentIdentifier>
  </event>
  <event>
    <eventIdentifier><eventIdentifierType>local</eventIdentifierType><eventIdentifierValue>event-digest</eventIdentifierValue></eventIdentifier>
    <eventType>message digest calculation</eventType>
    <eventDateTime>${iso(a.madeAt)}</eventDateTime>
    <eventDetailInformation><eventDetail>SHA-256 of every file, listed in METS.xml and here</eventDetail></eventDetailInformation>
    <eventOutcomeInformation><eventOutcome>success</eventOutcome></eventOutcomeInformation>
    <linkingAgentIdentifier><linkingAgentIdentifierType>local</linkingAgentIdentifierType><linkingAgentIdentifierValue>${xml(agentId)}</linkingAgentIdentifierValue></linkingAgentIdentifier>
  </event>
  <agent>
    <agentIdentifier><agentIdentifierType>local</agentIdentifierType><agentIdentifierValue>${xml(agentId)}</agentIdentifierValue></agentIdentifier>
    <agentName>${xml(a.software.name)}</agentName>
    <agentType>software</agentType>
    <agentVersion>${xml(a.software.version)}</agentVersion>
  </agent>
</premis>
`
}

/** A METS `<file>` or `<mdRef>`'s checksum attributes for these bytes. */
const fileAttrs = (e: Entry, created: Date) =>
  `MIMETYPE="${xml(e.type)}" SIZE="${e.bytes.byteLength}" CREATED="${iso(created)}" CHECKSUM="${e.sha256}" CHECKSUMTYPE="SHA-256"`

function mets(a: ArchiveInput, meta: { dc: Entry; manifest: Entry; premis: Entry }, data: Entry[]): string {
  const mdRef = (e: Entry, mdtype: string) =>
    `<mdRef LOCTYPE="URL" xlink:type="simple" xlink:href="${xml(e.path)}" ${mdtype} ${fileAttrs(e, a.madeAt)} LABEL="${xml(e.label)}"/>`
  const files = data
    .map(
      (e) => `      <file ID="${e.id}" ${fileAttrs(e, a.madeAt)}>
        <FLocat LOCTYPE="URL" xlink:type="simple" xlink:href="${xml(e.path)}" xlink:title="${xml(e.label)}"/>
      </file>`,
    )
    .join('\n')
  const otherType = { board: 'Workshop board', snapshot: 'Workshop board snapshot', session: 'Workshop session' }[a.kind]
  return `<?xml version="1.0" encoding="UTF-8"?>
<mets xmlns="http://www.loc.gov/METS/" xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:csip="https://DILCIS.eu/XML/METS/CSIPExtensionMETS" xmlns:sip="https://DILCIS.eu/XML/METS/SIPExtensionMETS" OBJID="${xml(a.id)}" LABEL="${xml(a.title)}" TYPE="Other" csip:OTHERTYPE="${otherType}" csip:CONTENTINFORMATIONTYPE="OTHER" PROFILE="https://earksip.dilcis.eu/profile/E-ARK-SIP.xml">
  <metsHdr CREATEDATE="${iso(a.madeAt)}" RECORDSTATUS="NEW" csip:OAISPACKAGETYPE="SIP">
    <agent ROLE="CREATOR" TYPE="OTHER" OTHERTYPE="SOFTWARE">
      <name>${xml(a.software.name)}</name>
      <note csip:NOTETYPE="SOFTWARE VERSION">${xml(a.software.version)}</note>
    </agent>${
      a.facilitator
        ? `
    <agent ROLE="CREATOR" TYPE="INDIVIDUAL">
      <name>${xml(a.facilitator)}</name>
    </agent>`
        : ''
    }
  </metsHdr>
  <dmdSec ID="dmd-dc" CREATED="${iso(a.madeAt)}" STATUS="CURRENT">
    ${mdRef(meta.dc, 'MDTYPE="DC"')}
  </dmdSec>
  <dmdSec ID="dmd-manifest" CREATED="${iso(a.madeAt)}" STATUS="CURRENT">
    ${mdRef(meta.manifest, 'MDTYPE="OTHER" OTHERMDTYPE="TAVLA-MANIFEST"')}
  </dmdSec>
  <amdSec ID="amd">
    <digiprovMD ID="digiprov-premis" CREATED="${iso(a.madeAt)}" STATUS="CURRENT">
      ${mdRef(meta.premis, 'MDTYPE="PREMIS"')}
    </digiprovMD>
  </amdSec>
  <fileSec ID="filesec">
    <fileGrp ID="grp-rep1" USE="Representations/rep1">
${files}
    </fileGrp>
  </fileSec>
  <structMap ID="structmap" TYPE="PHYSICAL" LABEL="CSIP">
    <div ID="struct-root" LABEL="${xml(a.id)}">
      <div ID="struct-metadata" LABEL="Metadata" DMDID="dmd-dc dmd-manifest" ADMID="digiprov-premis"/>
      <div ID="struct-rep1" LABEL="Representations/rep1">
        <fptr FILEID="grp-rep1"/>
      </div>
    </div>
  </structMap>
</mets>
`
}

/** [A1]–[A7] Lays the files out as an E-ARK SIP and zips it. */
export function archivePackage(a: ArchiveInput): ArchivePackage {
  // [A1] the id names a folder and a file and goes into a header: plain characters only
  if (!/^[A-Za-z0-9_-]{1,200}$/.test(a.id)) throw new Error(`archive: bad package id ${JSON.stringify(a.id)}`)
  const seen = new Set<string>()
  const data: Entry[] = a.files.map((f, i) => {
    checkName(f.name)
    if (seen.has(f.name)) throw new Error(`archive: two files named ${f.name}`)
    seen.add(f.name)
    return entry({ path: `representations/rep1/data/${f.name}`, bytes: f.bytes, type: f.type, label: f.label, id: `file-${i + 1}` })
  })
  const dc = entry({ path: 'metadata/descriptive/dc.xml', bytes: enc.encode(dublinCore(a)), type: 'text/xml', label: 'Dublin Core', id: 'md-dc' })
  const premisEntry = entry({
    path: 'metadata/preservation/premis.xml',
    bytes: enc.encode(premis(a, data)),
    type: 'text/xml',
    label: 'PREMIS',
    id: 'md-premis',
  })
  // the manifest names every file but itself and METS.xml (which name it)
  const listed = [...data, dc, premisEntry].map(listing)
  const manifest = entry({
    path: 'metadata/descriptive/manifest.json',
    bytes: enc.encode(`${JSON.stringify({ tavla: 'archive', version: 1, id: a.id, madeAt: a.madeAt.toISOString(), ...a.manifest, files: listed }, null, 2)}\n`),
    type: 'application/json',
    label: 'Manifest',
    id: 'md-manifest',
  })
  const metsBytes = enc.encode(mets(a, { dc, manifest, premis: premisEntry }, data))
  const all: Entry[] = [entry({ path: 'METS.xml', bytes: metsBytes, type: 'text/xml', label: 'METS', id: 'mets' }), dc, manifest, premisEntry, ...data]
  const tree: Zippable = {}
  // one root folder named after the package ([A1]); times in the ZIP are the package's
  for (const e of all) tree[`${a.id}/${e.path}`] = [e.bytes, { mtime: a.madeAt, level: /\.(png|pdf|zip|docx)$/.test(e.path) ? 0 : 6 }]
  return {
    zip: zipSync(tree),
    name: `${a.id}.zip`,
    files: all.map(listing),
  }
}
