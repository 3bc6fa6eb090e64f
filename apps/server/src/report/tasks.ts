// What the main thread hands a report worker (reportWorker.ts) and what it gets back, one task per
// message through ReportPool. Only structured-clone data crosses: board documents go as Yjs
// states (Y.encodeStateAsUpdate), never as Y.Doc objects; the file comes back as bytes whose
// buffer is transferred, not copied.
//
//   main → worker  RenderTask       { kind: 'report', format, request } | { kind: 'picture', format, state, options }
//   worker → main  RenderResult     { ok: true, body: Uint8Array } | { ok: false, message }
import type { BoardSvgOptions, ExerciseInput, ReportInput } from '@tavla/report'

/** One exercise of a report as data: its board's Yjs state instead of the document. */
export type ExerciseData = Omit<ExerciseInput, 'doc'> & { state: Uint8Array }

/** What buildReport takes, the documents as states. */
export type ReportTaskRequest = Omit<ReportInput, 'exercises'> & { exercises: ExerciseData[] }

export type RenderTask =
  | { kind: 'report'; format: 'pdf' | 'docx'; request: ReportTaskRequest }
  | { kind: 'picture'; format: 'png' | 'svg'; state: Uint8Array; options: BoardSvgOptions }

export type RenderResult = { ok: true; body: Uint8Array } | { ok: false; message: string }
