// The decision report (issue 15) of a board, a snapshot or a session, as PDF or Word ([H8], [H9],
// [SE9]): the documents are read as the other exports read them; this adds who took part and
// hands everything to @tavla/report.
import type * as Y from 'yjs'
import { authorsOf, metaOf } from '@tavla/board'
import { buildReport, reportDocx, reportPdf, type ExerciseInput } from '@tavla/report'
import { privatePartOf } from '../../keys.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'

export const REPORT_FORMATS = ['pdf', 'docx'] as const
export type ReportFormat = (typeof REPORT_FORMATS)[number]
export const isReportFormat = (f: string): f is ReportFormat => (REPORT_FORMATS as readonly string[]).includes(f)

export const REPORT_TYPES: Record<ReportFormat, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
}

/**
 * How many people took part: the identities ([K3]) the server issued that left a trace on these
 * boards, as one set — a private part ([W10]: they voted or wrote privately; named by a hash of
 * the identity) or a note the server recorded them as the author of ([D11], hashed the same way).
 * An identity issued to someone who only looked leaves nothing and is not counted. A session's
 * identity is the same on every exercise, so a person counts once across the session.
 */
export async function countParticipants(rooms: RoomRegistry, boardIds: readonly string[], docs: readonly Y.Doc[]): Promise<number> {
  const people = new Set<string>()
  for (const id of boardIds) for (const part of await rooms.privateParts(id)) people.add(part)
  for (const doc of docs) {
    for (const a of authorsOf(doc).values()) if (a && typeof a === 'object' && typeof a.id === 'string') people.add(privatePartOf(a.id))
  }
  return people.size
}

export interface ReportRequest {
  title: string
  takenAt: Date
  lang: 'sv' | 'en'
  kind: 'board' | 'session'
  anonymous: boolean
  participants: number
  snapshot?: { id: string; name: string }
  exercises: ExerciseInput[]
  /** SEAM: the facilitator's summary; the page will pass it, until then each board's `meta.summary`. */
  summary?: string
}

export async function renderReport(format: ReportFormat, r: ReportRequest): Promise<Buffer> {
  const anonymous = r.anonymous || r.exercises.some((e) => metaOf(e.doc).get('anonymous') === true)
  const report = buildReport({ ...r, anonymous })
  return format === 'pdf' ? reportPdf(report) : reportDocx(report)
}
