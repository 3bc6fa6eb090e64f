// /tillganglighet and /lagring (issue 17): the accessibility statement and what is stored, each a
// plain page of text with the operator's contact from the server's settings ([H5]).
import { useEffect, useState } from 'react'
import { api, type PageConfig } from '../api.ts'
import { useT } from '../i18n.ts'
import { LanguageSwitch } from '../ui/LanguageSwitch.tsx'
import { accessibilityStatement, storagePage, type LegalPage as Page } from './texts.ts'
import { LegalLinks } from './LegalLinks.tsx'

export const LEGAL_PATHS = { accessibility: '/tillganglighet', storage: '/lagring' } as const
export type LegalKind = keyof typeof LEGAL_PATHS

/** DIGG's page for reporting a public body's digital service that is not accessible. */
const DIGG_URL = 'https://www.digg.se/tdosanmalan'

function Contact({ contact, t }: { contact?: string; t: ReturnType<typeof useT> }) {
  if (!contact) return <p data-legal-contact="none">{t.legal.noContact}</p>
  const href = /^https?:\/\//.test(contact) ? contact : /^[^@\s]+@[^@\s]+$/.test(contact) ? `mailto:${contact}` : undefined
  return (
    <p data-legal-contact>
      {t.legal.contactLead} {href ? <a href={href}>{contact}</a> : <span>{contact}</span>}
    </p>
  )
}

export function LegalPage({ kind }: { kind: LegalKind }) {
  const t = useT()
  const [config, setConfig] = useState<PageConfig | null>(null)
  useEffect(() => {
    api
      .config()
      .then(setConfig)
      .catch(() => setConfig({}))
  }, [])
  const operator = { name: config?.operatorName, contact: config?.accessibilityContact, retentionDays: config?.retentionDays, historyKeep: config?.historyKeep }
  const page: Page = kind === 'accessibility' ? accessibilityStatement(t.lang, operator) : storagePage(t.lang, operator)
  useEffect(() => {
    document.title = `${page.title} – tavla`
  }, [page.title])
  return (
    <div className="page legal">
      <header className="topbar">
        <a className="brand" href="/">
          tavla
        </a>
        <LanguageSwitch />
      </header>
      <main aria-busy={config === null}>
        <article className="card legal-text" data-legal={kind}>
          <h1>{page.title}</h1>
          {page.intro.map((p) => (
            <p key={p}>{p}</p>
          ))}
          {page.sections.map((s) => (
            <section key={s.heading}>
              <h2>{s.heading}</h2>
              {s.paragraphs?.map((p) => (
                <p key={p}>{p}</p>
              ))}
              {s.list && (
                <ul>
                  {s.list.map((l) => (
                    <li key={l}>{l}</li>
                  ))}
                </ul>
              )}
              {s.contact && config && <Contact contact={config.accessibilityContact} t={t} />}
              {s.digg && (
                <p>
                  <a href={DIGG_URL}>{t.legal.diggLink}</a>
                </p>
              )}
            </section>
          ))}
        </article>
        <LegalLinks />
      </main>
    </div>
  )
}
