// A page that is only a message: loading (a status, busy) or why it cannot open (an alert, with
// the way back to the start page).
import { useT } from '../i18n.ts'

export function Message({ text, busy }: { text: string; busy?: boolean }) {
  const t = useT()
  return (
    <div className="page message">
      <main className="card" role={busy ? 'status' : 'alert'} aria-busy={busy}>
        <p>{text}</p>
        {!busy && <a href="/">{t.back}</a>}
      </main>
    </div>
  )
}
