// The decision report (issue 15) of a board, a snapshot or a session, as PDF or Word ([H8], [H9],
// [SE9]): the documents are read as the other exports read them; this adds who took part and
// hands everything to @tavla/report.
import * as Y from 'yjs'
import { authorsOf, commentAuthorsOf, metaOf, readCommentAuthor } from '@tavla/board'
import type { BoardSvgOptions, ExerciseInput, OrganisationCount } from '@tavla/report'
import { privatePartOf } from '../../keys.ts'
import { reportPool } from '../../report/ReportPool.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'

export const REPORT_FORMATS = ['pdf', 'docx'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
export const isReportFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f)

export const REPORT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

/** Who took part, for the report's cover. */
export interface Participants {
  count: number
  /** Their organisations ([K3], optional when joining), most first; a person counts once, under the organisation their latest record gives. */
  organisations: OrganisationCount[]
}

/**
 * How many people took part: the identities ([K3]) the server issued that left a trace on these
 * boards, as one set — a private part ([W10]: they voted or wrote privately; named by a hash of
 * the identity) or a note the server recorded them as the author of ([D11], hashed the same way).
 * An identity issued to someone who only looked leaves nothing and is not counted. A session's
 * identity is the same on every exercise, so a person counts once across the session.
 * The organisations are those of that same set, as the server's author records carry them
 * (notes [D11] and comments [D23]: a comment does not make someone a participant, but tells the
 * organisation of one who voted); one who left no record with an organisation counts as none given.
 */
export async function countParticipants(rooms: RoomRegistry, boardIds: readonly string[], docs: readonly Y.Doc[]): Promise<Participants> {
  const people = new Set<string>()
  const orgOf = new Map<string, { org: string; at: number }>()
  const note = (a: { id?: unknown; org?: unknown; at?: unknown }) => {
    if (typeof a.id !== 'string' || typeof a.org !== 'string' || !a.org.trim()) return
    const key = privatePartOf(a.id)
    const at = typeof a.at === 'number' ? a.at : 0
    if ((orgOf.get(key)?.at ?? -1) <= at) orgOf.set(key, { org: a.org.trim(), at })
  }
  for (const id of boardIds) for (const part of await rooms.privateParts(id)) people.add(part)
  for (const doc of docs) {
    for (const a of authorsOf(doc).values()) {
      if (!a || typeof a !== 'object' || typeof a.id !== 'string') continue
      people.add(privatePartOf(a.id))
      note(a)
    }
    if (doc.share.has('commentAuthors')) for (const v of commentAuthorsOf(doc).values()) if (readCommentAuthor(v)) note(v as object)
  }
  // one organisation however it was capitalised (`region skåne`, `Region Skåne`): the spelling most
  // gave, on a tie one with a capital first (a name is written so), then the alphabet's first
  const groups = new Map<string, Map<string, number>>()
  for (const p of people) {
    const org = orgOf.get(p)?.org
    if (!org) continue
    const k = org.toLocaleLowerCase('sv')
    const spellings = groups.get(k) ?? new Map<string, number>()
    spellings.set(org, (spellings.get(org) ?? 0) + 1)
    groups.set(k, spellings)
  }
  const organisations = [...groups.values()]
    .map((spellings) => {
      const capital = (s: string) => (s[0] !== s[0]!.toLocaleLowerCase('sv') ? 0 : 1)
      const [org] = [...spellings].sort((a, b) => b[1] - a[1] || capital(a[0]) - capital(b[0]) || a[0].localeCompare(b[0], 'sv'))[0]!
      return { org, count: [...spellings.values()].reduce((n, c) => n + c, 0) }
    })
    .sort((a, b) => b.count - a.count || a.org.localeCompare(b.org, 'sv'))
  return { count: people.size, organisations }
}

export interface ReportRequest {
  title: string
  takenAt: Date
  lang: 'sv' | 'en'
  kind: 'board' | 'session'
  anonymous: boolean
  /** A count alone, or the count with the organisations ([K3]). */
  participants: number | Participants
  snapshot?: { id: string; name: string }
  exercises: ExerciseInput[]
  /** SEAM: the facilitator's summary; the page will pass it, until then each board's `meta.summary`. */
  summary?: string
}

/**
 * The report's file, made in a worker thread ([L18]); the documents go there as Yjs states. Busy
 * (MAX_REPORT_RENDERS running, MAX_REPORT_QUEUE waiting) → 429 `report_busy`; a worker that fails
 * or dies → 500 `report_failed`.
 */
export async function renderReport(format: ReportFormat, r: ReportRequest): Promise<Buffer> {
  const anonymous = r.anonymous || r.exercises.some((e) => metaOf(e.doc).get('anonymous') === true)
  const who = typeof r.participants === 'number' ? { count: r.participants, organisations: [] } : r.participants
  // an anonymous board shows no organisations (its identities carry none, [H19]; this holds for older records too)
  const input = { ...r, anonymous, participants: who.count, ...(anonymous ? {} : { organisations: who.organisations }) }
  const exercises = r.exercises.map(({ doc, ...e }) => ({ ...e, state: Y.encodeStateAsUpdate(doc) }))
  return reportPool().run({ kind: 'report', format, request: { ...input, exercises } })
}

/** The board's picture (@tavla/report `boardSvg`; PNG by resvg), made in a worker thread as the report is ([L18]). */
export async function renderPicture(format: 'png' | 'svg', doc: Y.Doc, options: BoardSvgOptions = {}): Promise<Buffer> {
  return reportPool().run({ kind: 'picture', format, state: Y.encodeStateAsUpdate(doc), options })
}
