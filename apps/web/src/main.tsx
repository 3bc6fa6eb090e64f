import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { StartPage } from './start/StartPage.tsx'
import { BoardPage } from './board/BoardPage.tsx'
import { SessionPage } from './session/SessionPage.tsx'
import { getLang } from './i18n.ts'
import { boardKeyFromAddress } from './board/connection/boardKey.ts'
import { LegalPage } from './legal/LegalPage.tsx'

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
    {match ? (
      <BoardPage boardId={id!} boardKey={key} />
    ) : session ? (
      <SessionPage sessionId={id!} sessionKey={key} />
    ) : legal ? (
      <LegalPage kind={legal} />
    ) : (
      <StartPage />
    )}
  </StrictMode>,
)
