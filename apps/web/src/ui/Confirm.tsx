// One inline confirmation for the facilitator's steps that cannot be undone or that everyone
// sees at once (a new link, a restore onto the board): an opener button, then the explanation
// with a primary "yes" and "cancel"; cancelling gives focus back to the opener (keyboard use).
import { useRef, useState, type ButtonHTMLAttributes } from 'react'
import { useT } from '../i18n.ts'

type Data = Record<`data-${string}`, string | boolean | undefined>

export interface ConfirmProps {
  /** The opener's text, and its props (aria-label, data-* for tests, disabled). */
  label: string
  openerProps?: ButtonHTMLAttributes<HTMLButtonElement> & Data
  /** What happens, in a sentence the facilitator reads before saying yes. */
  explain: string
  explainId?: string
  /** The group's accessible name or the id of the heading that names it. */
  groupLabel?: string
  groupLabelledBy?: string
  confirmLabel: string
  confirmProps?: ButtonHTMLAttributes<HTMLButtonElement> & Data
  busy: boolean
  /** Runs on "yes"; the confirmation closes when it resolves true. */
  onConfirm: () => Promise<boolean>
}

export function Confirm(p: ConfirmProps) {
  const t = useT()
  const [asking, setAsking] = useState(false)
  const opener = useRef<HTMLButtonElement>(null)
  if (!asking) {
    return (
      <button type="button" ref={opener} onClick={() => setAsking(true)} aria-expanded={false} {...p.openerProps}>
        {p.label}
      </button>
    )
  }
  return (
    // biome-ignore lint/a11y/useSemanticElements: a question with its two buttons, not a form's fieldset
    <div className="admin-confirm" role="group" aria-label={p.groupLabel} aria-labelledby={p.groupLabelledBy} aria-describedby={p.explainId}>
      <p id={p.explainId}>{p.explain}</p>
      <div className="admin-actions">
        <button
          type="button"
          className="primary"
          onClick={() => void p.onConfirm().then((done) => done && setAsking(false))}
          disabled={p.busy}
          aria-busy={p.busy}
          autoFocus
          {...p.confirmProps}
        >
          {p.confirmLabel}
        </button>
        <button
          type="button"
          onClick={() => {
            setAsking(false)
            setTimeout(() => opener.current?.focus())
          }}
          disabled={p.busy}
        >
          {t.cancel}
        </button>
      </div>
    </div>
  )
}
