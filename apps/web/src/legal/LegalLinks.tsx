// The links to the accessibility statement and the storage page, on every page (issue 17). From a
// board or a session they open in a new tab, so nobody leaves the workshop to read them.
import { useT } from '../i18n.ts'

export function LegalLinks({ newTab = false }: { newTab?: boolean }) {
  const t = useT()
  const target = newTab ? { target: '_blank', rel: 'noopener' } : {}
  return (
    <nav className="legal-links" aria-label={t.legal.nav} data-legal-links>
      <a href="/tillganglighet" {...target}>
        {t.legal.accessibilityLink}
      </a>
      <a href="/lagring" {...target}>
        {t.legal.storageLink}
      </a>
    </nav>
  )
}
