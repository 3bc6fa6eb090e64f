export { BoardRoots, BOARD_FORMAT_VERSION, metaOf, backgroundOf, recordsOf, facilitationOf, type KeyValueEntry } from './roots.ts'
export { readRecords, writeRecords, deleteRecords, type StoredRecord } from './records.ts'
export { zoneAt, regionContains, regionBounds, type Zone, type ZoneRegion, type LocalizedText, type Point, type Box } from './zones.ts'
export { plainText, richTextOf } from './richText.ts'
export { makeNote, noteCenter, isNote, listNotes, toBoardNote, zonesOf, NOTE_SIZE, type NoteRecord, type NoteInit, type BoardNote } from './notes.ts'
export { seedBoardDoc, encodeSeed, type BoardSeed } from './seed.ts'
export { migrateRecords, recordProblem, recordScope, serializedSchema } from './validate.ts'
export { richTextProblem, RICH_TEXT_NODES, RICH_TEXT_MARKS, RICH_TEXT_MAX_DEPTH, RICH_TEXT_MAX_ITEMS } from './richTextSchema.ts'
export {
  REACTIONS,
  reactionsOf,
  reactionKey,
  parseReactionKey,
  toggleReaction,
  reactionsByNote,
  formatReactions,
  isReaction,
  isReactor,
  type Reaction,
  type NoteReactions,
} from './reactions.ts'
export { authorsOf, authorOf, type NoteAuthor } from './authors.ts'
export { zonesInReadingOrder, placeNoteInZone, noteBox } from './placement.ts'
export { clickDot, countedDots, perNoteLimit, rankResults, type VoteRules } from './votes.ts'
export {
  applyFacilitation,
  facilitationRefusal,
  readFacilitation,
  writeFacilitation,
  FACILITATION_KEYS,
  type FacilitationState,
  type FacilitationKey,
  type FacilitationAction,
  type FacilitationActionName,
  type FacilitationRequest,
  type FacilitationContext,
  type FacilitationError,
  type FacilitationResult,
  type TimerState,
  type VoteState,
  type VoteResults,
  type PrivateState,
  type FollowState,
  type AttentionState,
} from './facilitation.ts'
export {
  DEFAULT_TOOLS,
  BASIC_SHAPES,
  DRAW_SHAPES,
  FRAME_SHAPES,
  participantShapes,
  participantRecordRefusal,
  shapeTypeOf,
  readTools,
  type ToolsState,
} from './tools.ts'
export {
  SESSION_ROOT,
  SESSION_KEYS,
  MAX_SESSION_EXERCISES,
  MAX_SESSION_MEETINGS,
  sessionOf,
  readSession,
  writeSession,
  applyAgenda,
  advanceSession,
  exercisesInOrder,
  findExercise,
  nextExercise,
  exerciseOpen,
  exerciseStatus,
  exerciseFieldsProblem,
  shownExercise,
  stockholmDay,
  type SessionState,
  type SessionKey,
  type Meeting,
  type Exercise,
  type ExerciseInit,
  type ExerciseTools,
  type ExerciseVote,
  type ExercisePlace,
  type ExerciseStatus,
  type CurrentExercise,
  type AgendaAction,
  type AgendaActionName,
  type SessionError,
  type SessionResult,
} from './session.ts'
