import { StrictMode, type ReactNode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { BoardPage } from './board/BoardPage.tsx'
import { getLang } from './i18n.ts'
import { boardKeyFromAddress } from './board/connection/boardKey.ts'

document.documentElement.lang = getLang()
// Client-side routes: / is the start page, /b/<id>?key=… a board, /s/<id>?key=… a session (its exercises' boards).
const match = location.pathname.match(/^\/b\/([A-Za-z0-9_-]{8,64})\/?$/)
const session = location.pathname.match(/^\/s\/([A-Za-z0-9_-]{8,64})\/?$/)
// issue 17: the accessibility statement and what is stored
const legal = /^\/tillganglighet\/?$/.test(location.pathname) ? 'accessibility' : /^\/lagring\/?$/.test(location.pathname) ? 'storage' : null
// the key leaves the address bar once read (issue 12 item 7); a reload finds it kept
const id = (match ?? session)?.[1]
const key = id ? boardKeyFromAddress(id) : ''

// A participant's link (/b/…) is the page on the weakest connections: only it is in the first
// script; the other routes are chunks of their own, asked for at once and rendered when here
// (issue 16). Not React.lazy: React shows a Suspense boundary's content no sooner than 300 ms
// after its fallback, which held the warm start page back by that much.
const page: Promise<ReactNode> = match
  ? Promise.resolve(<BoardPage boardId={id!} boardKey={key} />)
  : session
    ? import('./session/SessionPage.tsx').then(({ SessionPage }) => <SessionPage sessionId={id!} sessionKey={key} />)
    : legal
      ? import('./legal/LegalPage.tsx').then(({ LegalPage }) => <LegalPage kind={legal} />)
      : import('./start/StartPage.tsx').then(({ StartPage }) => <StartPage />)
// a chunk that did not arrive (the connection dropped): say so, a reload asks again
const failed = () => (
  <p className="message" role="alert">
    {getLang() === 'en' ? 'The page did not load completely. Reload it to try again.' : 'Sidan laddades inte klart. Ladda om den för att försöka igen.'}
  </p>
)
void page.catch(failed).then((element) => createRoot(document.getElementById('root')!).render(<StrictMode>{element}</StrictMode>))
