import type { ErrorCode } from '@tavla/protocol'

/**
 * An error a person can act on, sent as `{ error: { code, message } }` with its status. The code is
 * one the page has a sentence for in every language (SPEC [E1]); the message is English, for logs
 * and API clients.
 */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: ErrorCode
  constructor(statusCode: number, code: ErrorCode, message: string) {
    super(message)
    this.statusCode = statusCode
    this.code = code
  }
}

export const errorBody = (code: ErrorCode, message: string) => ({ error: { code, message } })
