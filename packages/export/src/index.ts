export { toMarkdown } from './markdown.ts'
export { toCsv, CSV_COLUMNS, CSV_HEADERS } from './csv.ts'
export { toTldrFile, fromTldrFile, ImportError, type TldrFile, type SessionOutcome } from './tldr.ts'
export { notesByZone, votesByNote, colorName, localTime, type ExportContext, type ZoneGroup, type Lang } from './notes.ts'
