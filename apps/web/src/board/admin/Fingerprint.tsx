// [V5] A snapshot's fingerprint (apps/server SPEC, storage [S16]): the SHA-256 of its stored bytes,
// shown short in groups people can read aloud and compare ("3f2a 9c1b 04e7 d2aa …"), the whole
// 64 digits a click away on the clipboard, to write into a register of allmänna handlingar.
import { useId } from 'react'
import { useT } from '../../i18n.ts'
import { useCopy } from '../../ui/useCopy.ts'

/** The first 16 hex digits in groups of four. */
export const shortFingerprint = (sha256: string): string => `${(sha256.slice(0, 16).match(/.{1,4}/g) ?? []).join(' ')} …`

export function Fingerprint({ sha256, name }: { sha256: string; name: string }) {
  const t = useT()
  const id = useId()
  // the field holds the whole fingerprint for the copy fallback (select, then copy)
  const { copied, copy } = useCopy(sha256, id)
  return (
    <div className="admin-fingerprint" data-fingerprint={sha256}>
      <span className="muted">{t.fingerprint}:</span>{' '}
      <code title={sha256} data-fingerprint-short>
        {shortFingerprint(sha256)}
      </code>
      <input id={id} readOnly value={sha256} className="visually-hidden" tabIndex={-1} aria-hidden="true" />
      <button type="button" className="admin-small" onClick={copy} aria-label={t.fingerprintCopy(name)}>
        {copied ? t.copied : t.fingerprintCopyShort}
      </button>
    </div>
  )
}
