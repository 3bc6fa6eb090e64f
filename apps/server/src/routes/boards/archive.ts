// The archive package (issue 15; apps/server SPEC [H8]/[H9]/[SE9] `format=archive`, its layout
// in packages/export SPEC [A1]–[A7]): the decision report, the notes as CSV, the board's JSON,
// the picture and the Yjs state, with a manifest, laid out as an E-ARK SIP by @tavla/export.
import { readFileSync } from 'node:fs'
import type { FastifyReply } from 'fastify'
import type * as Y from 'yjs'
import { metaOf } from '@tavla/board'
import { archivePackage, sha256, toCsv, toTldrFile, type ArchiveFile, type ArchivePackage, type ExportContext } from '@tavla/export'
import type { BoardRow, SnapshotInfo } from '@tavla/storage'
import { renderPicture, renderReport, type Participants } from './report.ts'

const VERSION: string = (() => {
  try {
    return JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version ?? '0'
  } catch {
    return '0'
  }
})()
export const SOFTWARE = { name: 'tavla', version: VERSION }

const enc = new TextEncoder()
/** `20261203T140501Z`: a time in a package id. */
const stamp = (d: Date) =>
  d
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d{3}Z$/, 'Z')

/** The file names, in the package's language. */
const NAMES = {
  sv: {
    report: ['beslutsrapport.pdf', 'Beslutsrapport (PDF)'],
    csv: ['anteckningar.csv', 'Anteckningarna som tabell (CSV)'],
    json: ['tavla.tldr.json', 'Tavlans innehåll (tldraw-fil, JSON)'],
    picture: ['bild.png', 'Bild av tavlan (PNG)'],
    state: ['dokument.yjs', 'Tavlans dokument (Yjs-tillstånd; fingeravtrycket gäller denna fil)'],
    session: ['session.json', 'Sessionen och alla övningars tavlor (JSON)'],
    exercisePicture: (n: string, t: string): [string, string] => [`bild-${n}.png`, `Bild av övning ${n}: ${t} (PNG)`],
  },
  en: {
    report: ['decision-report.pdf', 'Decision report (PDF)'],
    csv: ['notes.csv', 'The notes as a table (CSV)'],
    json: ['board.tldr.json', "The board's content (tldraw file, JSON)"],
    picture: ['picture.png', 'Picture of the board (PNG)'],
    state: ['document.yjs', "The board's document (Yjs state; the fingerprint is this file's)"],
    session: ['session.json', "The session and every exercise's board (JSON)"],
    exercisePicture: (n: string, t: string): [string, string] => [`picture-${n}.png`, `Picture of exercise ${n}: ${t} (PNG)`],
  },
} as const

const file = (named: readonly [string, string], bytes: Uint8Array, type: string): ArchiveFile => ({ name: named[0], label: named[1], bytes, type })

const facilitatorOf = (doc: Y.Doc): string | undefined => {
  const f = metaOf(doc).get('facilitator')
  return typeof f === 'string' && f.trim() ? f.trim().slice(0, 200) : undefined
}

/** The picture the report draws, as the archive's own PNG, made in a worker ([L18]). */
export function picturePng(doc: Y.Doc, lang: 'sv' | 'en'): Promise<Buffer> {
  return renderPicture('png', doc, { lang })
}

/** A board's archive: of the live board (`snapshot` absent) or of one snapshot. */
export async function boardArchive(a: {
  board: BoardRow
  doc: Y.Doc
  state: Uint8Array
  ctx: ExportContext
  snapshot?: SnapshotInfo
  anonymous: boolean
  participants: number | Participants
  retentionDays: number
  madeAt?: Date
}): Promise<ArchivePackage> {
  const lang = a.ctx.lang ?? 'sv'
  const n = NAMES[lang]
  const madeAt = a.madeAt ?? new Date()
  const contentAt = a.snapshot ? new Date(a.snapshot.createdAt) : a.ctx.takenAt
  const pdf = await renderReport('pdf', {
    title: a.ctx.title,
    takenAt: a.ctx.takenAt,
    lang,
    kind: 'board',
    anonymous: a.anonymous,
    participants: a.participants,
    snapshot: a.ctx.snapshot,
    exercises: [{ doc: a.doc, ctx: a.ctx }],
  })
  const files = [
    file(n.report, pdf, 'application/pdf'),
    file(n.csv, enc.encode(toCsv(a.doc, a.ctx)), 'text/csv'),
    file(n.json, enc.encode(JSON.stringify(toTldrFile(a.doc))), 'application/json'),
    file(n.picture, await picturePng(a.doc, lang), 'image/png'),
    file(n.state, a.state, 'application/octet-stream'),
  ]
  const facilitator = facilitatorOf(a.doc)
  return archivePackage({
    id: a.snapshot ? `tavla-${a.board.id}-${a.snapshot.id}` : `tavla-${a.board.id}-${stamp(madeAt)}`,
    title: a.snapshot ? `${a.board.title} – ${a.snapshot.name}` : a.board.title,
    kind: a.snapshot ? 'snapshot' : 'board',
    lang,
    madeAt,
    contentAt,
    createdAt: new Date(a.board.createdAt),
    facilitator,
    software: SOFTWARE,
    manifest: {
      kind: a.snapshot ? 'snapshot' : 'board',
      board: { id: a.board.id, title: a.board.title, template: a.board.template, createdAt: new Date(a.board.createdAt).toISOString() },
      ...(a.snapshot && {
        snapshot: {
          id: a.snapshot.id,
          name: a.snapshot.name,
          createdAt: new Date(a.snapshot.createdAt).toISOString(),
          auto: a.snapshot.auto,
          sha256: sha256(a.state),
        },
      }),
      contentAt: contentAt.toISOString(),
      template: a.board.template,
      anonymous: a.anonymous,
      retention: retention(a.retentionDays),
      facilitator: facilitator ?? null,
      ...who(a.participants, a.anonymous),
      lang,
      software: SOFTWARE,
    },
    files,
  })
}

/** [A4] how many took part, and (not on an anonymous board) their organisations as they gave them. */
function who(p: number | Participants, anonymous: boolean): { participants: number; organisations?: Participants['organisations'] } {
  if (typeof p === 'number') return { participants: p }
  return anonymous ? { participants: p.count } : { participants: p.count, organisations: p.organisations }
}

/** [A4] what the server keeps and for how long, as the package records it. */
export function retention(days: number): { days: number; rule: string } {
  return {
    days,
    rule:
      days > 0
        ? `RETENTION_DAYS=${days}: the server deletes a board nobody has touched for ${days} days`
        : 'RETENTION_DAYS=0: the server keeps boards until a facilitator deletes them',
  }
}

/** A session's archive: the session report, the session CSV and JSON, a picture of every exercise. */
export async function sessionArchive(a: {
  session: { id: string; title: string; createdAt: number; anonymous: boolean; template?: string }
  exercises: { id: string; title: string; meeting?: string; boardId: string; doc: Y.Doc; ctx: ExportContext; prompt?: string }[]
  /** The md/csv/json the session export makes ([SE9]). */
  csv: string
  json: string
  pdf: Buffer
  lang: 'sv' | 'en'
  participants: number | Participants
  retentionDays: number
  exerciseId?: string
  madeAt?: Date
}): Promise<ArchivePackage> {
  const n = NAMES[a.lang]
  const madeAt = a.madeAt ?? new Date()
  const width = String(a.exercises.length).length < 2 ? 2 : String(a.exercises.length).length
  const files = [file(n.report, a.pdf, 'application/pdf'), file(n.csv, enc.encode(a.csv), 'text/csv'), file(n.session, enc.encode(a.json), 'application/json')]
  // one after the other: each waits its turn in the report pool like any report ([L18])
  for (const [i, e] of a.exercises.entries()) {
    files.push(file(n.exercisePicture(String(i + 1).padStart(width, '0'), e.title), await picturePng(e.doc, a.lang), 'image/png'))
  }
  const facilitator = a.exercises.map((e) => facilitatorOf(e.doc)).find(Boolean)
  return archivePackage({
    id: `tavla-${a.session.id}${a.exerciseId ? `-${a.exerciseId}` : ''}-${stamp(madeAt)}`,
    title: a.session.title,
    kind: 'session',
    lang: a.lang,
    madeAt,
    contentAt: madeAt,
    createdAt: new Date(a.session.createdAt),
    facilitator,
    software: SOFTWARE,
    manifest: {
      kind: 'session',
      session: {
        id: a.session.id,
        title: a.session.title,
        template: a.session.template ?? null,
        createdAt: new Date(a.session.createdAt).toISOString(),
        exercises: a.exercises.map((e, i) => ({
          position: i + 1,
          id: e.id,
          title: e.title,
          meeting: e.meeting ?? null,
          board: e.boardId,
          template: e.ctx.template,
        })),
      },
      contentAt: madeAt.toISOString(),
      anonymous: a.session.anonymous,
      retention: retention(a.retentionDays),
      facilitator: facilitator ?? null,
      ...who(a.participants, a.session.anonymous),
      lang: a.lang,
      software: SOFTWARE,
    },
    files,
  })
}

/** The package as an attachment named by its id ([A1]). */
export function sendArchive(reply: FastifyReply, pkg: ArchivePackage): FastifyReply {
  return reply.type('application/zip').header('content-disposition', `attachment; filename="${pkg.name}"`).send(Buffer.from(pkg.zip))
}
