import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import './styles.css'
import { StartPage } from './start/StartPage.tsx'
import { BoardPage } from './board/BoardPage.tsx'
import { getLang } from './i18n.ts'
import { boardKeyFromAddress } from './board/connection/boardKey.ts'

document.documentElement.lang = getLang()
// Client-side routes: / is the start page, /b/<id>?key=… a board.
const match = location.pathname.match(/^\/b\/([A-Za-z0-9_-]{8,64})\/?$/)
// the key leaves the address bar once read (issue 12 item 7); a reload finds it kept
const key = match ? boardKeyFromAddress(match[1]!) : ''
createRoot(document.getElementById('root')!).render(<StrictMode>{match ? <BoardPage boardId={match[1]!} boardKey={key} /> : <StartPage />}</StrictMode>)
