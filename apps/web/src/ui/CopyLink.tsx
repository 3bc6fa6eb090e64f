// A read-only link with a copy button (the clipboard, or selecting it where that is refused), and
// whatever else belongs to that link beneath it (a "new link" confirmation).
import { useId, type ReactNode } from 'react'
import { useT } from '../i18n.ts'
import { useCopy } from './useCopy.ts'

export function CopyLink({ label, url, name, children }: { label: string; url: string; name: string; children?: ReactNode }) {
  const t = useT()
  const id = useId()
  const { copied, copy } = useCopy(url, id)
  return (
    <div className="admin-link">
      <label htmlFor={id}>{label}</label>
      <div className="admin-link-row">
        <input id={id} readOnly value={url} onFocus={(e) => e.target.select()} data-link={name} />
        <button type="button" onClick={copy}>
          {copied ? t.copied : t.copy}
        </button>
      </div>
      {children}
    </div>
  )
}
