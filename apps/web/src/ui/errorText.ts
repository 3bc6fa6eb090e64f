// [E1] What a person is told when a call to the server fails: the page's own sentence for the
// server's error code, in their language (the server's message is English, for logs and API
// clients, and is never shown), that the server does not answer, or that this page failed.
import { ERROR_CODES, type ErrorCode } from '@tavla/protocol'
import { ApiError } from '../api.ts'
import type { useT } from '../i18n.ts'

const known = new Set<string>(ERROR_CODES)

export function errorText(t: ReturnType<typeof useT>, e: unknown): string {
  if (e instanceof ApiError) return known.has(e.code) ? t.errorCodes[e.code as ErrorCode] : t.errorOther(e.status)
  // fetch rejects with a TypeError when the server cannot be reached
  return e instanceof TypeError ? t.errorNetwork : t.errorLocal
}
