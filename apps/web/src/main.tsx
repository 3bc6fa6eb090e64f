import { lazy, StrictMode, Suspense } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { BoardPage } from './board/BoardPage.tsx'
import { getLang } from './i18n.ts'
import { boardKeyFromAddress } from './board/connection/boardKey.ts'

// A participant's link (/b/…) is the page on the weakest connections: only it is in the first
// script; the other routes are chunks of their own, loaded by the route that needs them (issue 16).
const StartPage = lazy(() => import('./start/StartPage.tsx').then((m) => ({ default: m.StartPage })))
const SessionPage = lazy(() => import('./session/SessionPage.tsx').then((m) => ({ default: m.SessionPage })))
const LegalPage = lazy(() => import('./legal/LegalPage.tsx').then((m) => ({ default: m.LegalPage })))

document.documentElement.lang = getLang()
// Client-side routes: / is the start page, /b/<id>?key=… a board, /s/<id>?key=… a session (its exercises' boards).
const match = location.pathname.match(/^\/b\/([A-Za-z0-9_-]{8,64})\/?$/)
const session = location.pathname.match(/^\/s\/([A-Za-z0-9_-]{8,64})\/?$/)
// issue 17: the accessibility statement and what is stored
const legal = /^\/tillganglighet\/?$/.test(location.pathname) ? 'accessibility' : /^\/lagring\/?$/.test(location.pathname) ? 'storage' : null
// the key leaves the address bar once read (issue 12 item 7); a reload finds it kept
const id = (match ?? session)?.[1]
const key = id ? boardKeyFromAddress(id) : ''
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <Suspense fallback={null}>
      {match ? (
        <BoardPage boardId={id!} boardKey={key} />
      ) : session ? (
        <SessionPage sessionId={id!} sessionKey={key} />
      ) : legal ? (
        <LegalPage kind={legal} />
      ) : (
        <StartPage />
      )}
    </Suspense>
  </StrictMode>,
)
