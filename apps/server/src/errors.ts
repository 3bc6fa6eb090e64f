/** An error a person can act on, sent as `{ error: { code, message } }` with its status. */
export class HttpError extends Error {
  readonly statusCode: number
  readonly code: string
  constructor(statusCode: number, code: string, message: string) {
    super(message)
    this.statusCode = statusCode
    this.code = code
  }
}

export const errorBody = (code: string, message: string) => ({ error: { code, message } })
