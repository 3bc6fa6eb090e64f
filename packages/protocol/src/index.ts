// The y-websocket wire format as tavla speaks it (apps/server SPEC "Websocket endpoint"). Every
// message starts with a varuint type:
//   Sync (0):           varuint sub-type (0 step 1: state vector, 1 step 2: update, 2 update), varUint8Array payload
//   Awareness (1):      varUint8Array awareness update
//   QueryAwareness (3): nothing
// The numbers are y-websocket's; the close codes are tavla's (4000 + the HTTP status).
import * as encoding from 'lib0/encoding'

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const

/** Close codes (apps/server SPEC "Close codes"). */
export const CloseCode = {
  TooBig: 1009,
  /** the board could not be opened (storage unreachable); the client retries */
  Unavailable: 1011,
  ServiceRestart: 1012,
  BadMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  SlowConsumer: 4408,
  /** [R1] an update the server refused: the page drops its copy and rejoins. */
  Refused: 4409,
  /** a size limit (board, awareness, private parts) was reached. */
  TooLarge: 4413,
  /** the board is locked: the update was refused. */
  Locked: 4423,
  RateLimited: 4429,
  AtCapacity: 4503,
} as const
export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode]

/**
 * [R1] The closes that refuse an update: nothing of it was applied, and the page recovers by
 * itself (drops its local copy, rejoins with a fresh doc, offers what did not get in).
 */
export const REFUSAL_CODES: ReadonlySet<number> = new Set([CloseCode.BadMessage, CloseCode.Forbidden, CloseCode.Refused, CloseCode.TooLarge, CloseCode.Locked])

/**
 * [E1] Every `code` of an HTTP error body (`{ error: { code, message } }`, apps/server SPEC). The
 * server's `message` is English, for logs and API clients; the page shows its own sentence for
 * the code, in the person's language (apps/web i18n `errorCodes`, typed against this list).
 */
export const ERROR_CODES = [
  'bad_request',
  'board_locked',
  'board_not_found',
  'create_token_required',
  'forbidden',
  'import_too_large',
  'internal_error',
  'invalid_action',
  'invalid_create_token',
  'invalid_file',
  'invalid_identity',
  'invalid_key',
  'invalid_params',
  'invalid_record',
  'invalid_request',
  'key_required',
  'metrics_token_required',
  'no_open_vote',
  'not_found',
  'snapshot_not_found',
  'snapshot_quota',
  'timer_not_paused',
  'timer_not_running',
  'too_large',
  'too_many_boards',
  'too_many_identities',
  'trash_not_found',
  'unknown_format',
  'unknown_template',
  'vote_open',
  'session_not_found',
  'exercise_not_found',
  'meeting_not_found',
  'exercise_current',
  'meeting_not_empty',
  'session_at_end',
  'too_many_exercises',
  'invalid_session',
  'session_board',
  'report_busy',
  'report_failed',
  'sign_in_required',
  'not_facilitator',
  'auth_failed',
  'auth_unavailable',
  'account_not_found',
] as const
export type ErrorCode = (typeof ERROR_CODES)[number]

export function encodeSyncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Sync)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Awareness)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}
