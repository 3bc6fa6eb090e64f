export { boardSvg, xmlEscape, wrapText, SVG_FONT, type BoardSvgOptions } from './svg.ts'
export { boardPng } from './png.ts'
export { reportPdf, exercisePicture, type Picture, type RenderOptions } from './pdf.ts'
export { reportDocx } from './docx.ts'
export {
  buildReport,
  exerciseReport,
  isDecisionZone,
  SUMMARY_MAX,
  organisationsLine,
  type OrganisationCount,
  type Report,
  type ReportInput,
  type ExerciseInput,
  type ExerciseReport,
  type ReportNote,
  type ZoneSection,
  type RankedItem,
  type Decision,
} from './model.ts'
export { readExtras, type ReportTheme, type ReportComment, type BoardExtras } from './extras.ts'
export { FONT_FILES } from './fonts.ts'
export { COLORS } from './palette.ts'
