// The name prompt a person meets once before a board (or a whole session) opens: their name goes
// next to their cursor and on their notes, and is kept on this device (identity.ts).
import { useState } from 'react'
import { useT } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { savedName, saveName } from './connection/identity.ts'

export function JoinForm({ heading, onJoin }: { heading: string; onJoin: (name: string) => void }) {
  const t = useT()
  const [name, setName] = useState(savedName)
  return (
    <div className="page join">
      <header className="topbar">
        <h1 className="brand">tavla</h1>
        <LanguageSwitch />
      </header>
      <main>
        <form
          className="card"
          onSubmit={(e) => {
            e.preventDefault()
            if (!name.trim()) return
            saveName(name.trim())
            onJoin(name.trim())
          }}
        >
          <h2>{heading}</h2>
          <label className="field">
            <span>{t.yourName}</span>
            <input name="name" autoFocus required maxLength={60} value={name} onChange={(e) => setName(e.target.value)} aria-describedby="name-hint" />
          </label>
          <p id="name-hint" className="muted">
            {t.yourNameHint}
          </p>
          <button className="primary" type="submit">
            {t.join}
          </button>
        </form>
      </main>
    </div>
  )
}
