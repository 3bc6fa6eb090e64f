// What a sender gets when it reaches one of the limits of the SPEC's "Limits" table: the
// transport closes its connection with `code` and `message` (a sentence for the log and the page).
import { CloseCode } from './protocol.ts'

export class LimitError extends Error {
  readonly code: number
  constructor(code: number, message: string) {
    super(message)
    this.code = code
  }
}

export const tooLarge = (message: string) => new LimitError(CloseCode.TooLarge, message)
