// What a person is told when the server will not let this page in (apps/server SPEC close codes).
import type { useT } from '../../i18n.ts'

export function fatalText(t: ReturnType<typeof useT>, f: { kind: string }): string {
  // never the server's close reason: it is English, for the log ([E1])
  return f.kind === 'not-found' ? t.errNotFound : f.kind === 'key' ? t.errKey : f.kind === 'full' ? t.errFull : t.refusedForbidden
}
