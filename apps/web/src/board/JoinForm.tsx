// The name prompt a person meets once before a board (or a whole session) opens: their name goes
// next to their cursor and on their notes, their organisation (optional) into the identity the
// server issues and onto the report's cover; both are kept on this device (identity.ts).
import { useState } from 'react'
import { useT } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { LegalLinks } from '../legal/LegalLinks.tsx'
import { savedName, saveName, savedOrg, saveOrg } from './connection/identity.ts'

/** Organisations of the workshops this is for (README), offered as the person types; anything else goes too. */
const ORG_SUGGESTIONS = ['Försäkringskassan', 'Arbetsförmedlingen', 'Region', 'Kommun', 'Samordningsförbund']

/** `anonymous`: the board (or session) keeps no names nor organisations, so none is asked for. */
export function JoinForm({ heading, onJoin, anonymous = false }: { heading: string; onJoin: (name: string) => void; anonymous?: boolean }) {
  const t = useT()
  const [name, setName] = useState(savedName)
  const [org, setOrg] = useState(savedOrg)
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
            // before onJoin: the identity is asked for with the organisation kept here
            if (!anonymous) saveOrg(org.trim())
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
          {!anonymous && (
            <>
              <label className="field">
                <span>{t.yourOrg}</span>
                <input
                  name="org"
                  maxLength={100}
                  autoComplete="organization"
                  list="join-orgs"
                  value={org}
                  onChange={(e) => setOrg(e.target.value)}
                  aria-describedby="org-hint"
                />
              </label>
              <datalist id="join-orgs">
                {ORG_SUGGESTIONS.map((o) => (
                  <option key={o} value={o} />
                ))}
              </datalist>
              <p id="org-hint" className="muted">
                {t.yourOrgHint}
              </p>
            </>
          )}
          <button className="primary" type="submit">
            {t.join}
          </button>
        </form>
        <LegalLinks newTab />
      </main>
    </div>
  )
}
