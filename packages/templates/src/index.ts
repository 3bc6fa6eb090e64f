export { TemplateSchema, type Template, type Localized } from './schema.ts'
export { loadTemplates, validateTemplate, builtinTemplatesDir, TemplateError } from './load.ts'
export { buildBoardSeed, validateRecords, serializedSchema, type BuildOptions } from './build.ts'
export { TemplateParamError, resolveParams, slug } from './layout.ts'
export { templatePreviewSvg } from './preview.ts'
export { templateSummary, type TemplateSummary } from './summary.ts'
export {
  SessionTemplateSchema,
  SessionExerciseSchema,
  type SessionTemplate,
  type SessionExerciseSpec,
  type TemplateExerciseSpec,
  type PlainExerciseSpec,
  type MeetingSpec,
  type ExerciseToolsSpec,
  MAX_MEETINGS,
  MAX_SESSION_EXERCISES,
} from './sessionSchema.ts'
export {
  validateSessionTemplate,
  loadSessionTemplates,
  exerciseDefaults,
  guideMinutes,
  type SessionExercise,
  type ExerciseTools,
} from './sessions.ts'
