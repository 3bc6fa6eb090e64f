export { toMarkdown } from './markdown.ts'
export { toCsv, csvRows, csvText, CSV_COLUMNS, CSV_HEADERS } from './csv.ts'
export { toTldrFile, fromTldrFile, ImportError, type TldrFile, type SessionOutcome } from './tldr.ts'
export {
  notesByZone,
  votesByNote,
  colorName,
  localTime,
  reportLayout,
  type ExportContext,
  type ExportNote,
  type ZoneGroup,
  type ReportZone,
  type ThemeSection,
  type Lang,
} from './notes.ts'
export { sessionMarkdown, sessionCsv, SESSION_CSV_COLUMNS, type SessionPart } from './session.ts'
export { archivePackage, sha256, xml, type ArchiveFile, type ArchiveInput, type ArchivePackage } from './archive.ts'
