// Our own strings, Swedish first; tldraw's own UI uses its Swedish translation ('sv').
import { useSyncExternalStore } from 'react'

export type Lang = 'sv' | 'en'

const sv = {
  appTagline: 'Samarbetstavla för workshoppar – på er egen server',
  startTitle: 'Starta en ny tavla',
  chooseTemplate: 'Välj mall',
  boardTitle: 'Tavlans namn',
  boardTitlePlaceholder: 't.ex. Beredningsgruppen, november',
  anonymous: 'Anonym tavla (inga namn sparas på lappar eller röster)',
  create: 'Skapa tavla',
  creating: 'Skapar…',
  created: 'Tavlan är skapad',
  linkFacilitator: 'Processledare (du)',
  linkParticipant: 'Deltagare',
  linkViewer: 'Åskådare',
  copy: 'Kopiera',
  copied: 'Kopierad!',
  openBoard: 'Öppna tavlan',
  qrHint: 'Deltagarlänken som QR-kod',
  myBoards: 'Tavlor du har skapat på den här datorn',
  noBoards: 'Inga tavlor än.',
  open: 'Öppna',
  guide: 'Processledarens guide',
  minutes: 'min',
  joinTitle: 'Gå med i tavlan',
  yourName: 'Ditt namn',
  yourNameHint: 'Visas för de andra bredvid din markör. Sparas på den här enheten.',
  join: 'Gå med',
  connected: 'Ansluten',
  connecting: 'Ansluter…',
  reconnecting: 'Återansluter…',
  offline: 'Offline – ändringar sparas här och skickas när du är tillbaka',
  saved: 'Alla ändringar sparade',
  saving: 'Sparar…',
  notSaved: 'Ändringar väntar på att skickas',
  whoIsHere: 'Här nu',
  you: 'du',
  follow: 'Följ',
  stopFollowing: 'Sluta följa',
  newNote: 'Ny lapp',
  language: 'Språk',
  roleFacilitator: 'Processledare',
  roleParticipant: 'Deltagare',
  roleViewer: 'Åskådare (kan bara titta)',
  unlockTemplate: 'Lås upp mallen',
  lockTemplate: 'Lås mallen',
  errNotFound: 'Tavlan finns inte. Kontrollera länken du fick.',
  errKey: 'Länken öppnar inte den här tavlan längre. Be processledaren om en ny länk.',
  errForbidden: 'Servern tog inte emot en ändring: ',
  errFull: 'Servern är full just nu. Försök igen om en stund.',
  errReload: 'Tavlan är gjord med en nyare version. Ladda om sidan.',
  reload: 'Ladda om',
  loading: 'Laddar tavlan…',
  back: 'Till startsidan',
  exportMenu: 'Exportera',
  snapshot: 'Spara ögonblicksbild',
  snapshotSaved: 'Ögonblicksbilden är sparad',
}
type Strings = typeof sv
const en: Strings = {
  appTagline: 'A collaborative whiteboard for workshops – on your own server',
  startTitle: 'Start a new board',
  chooseTemplate: 'Choose a template',
  boardTitle: 'Board name',
  boardTitlePlaceholder: 'e.g. Steering group, November',
  anonymous: 'Anonymous board (no names stored with notes or votes)',
  create: 'Create board',
  creating: 'Creating…',
  created: 'The board is ready',
  linkFacilitator: 'Facilitator (you)',
  linkParticipant: 'Participants',
  linkViewer: 'Viewers',
  copy: 'Copy',
  copied: 'Copied!',
  openBoard: 'Open the board',
  qrHint: 'The participant link as a QR code',
  myBoards: 'Boards you created on this computer',
  noBoards: 'No boards yet.',
  open: 'Open',
  guide: "Facilitator's guide",
  minutes: 'min',
  joinTitle: 'Join the board',
  yourName: 'Your name',
  yourNameHint: 'Shown to the others next to your cursor. Kept on this device.',
  join: 'Join',
  connected: 'Connected',
  connecting: 'Connecting…',
  reconnecting: 'Reconnecting…',
  offline: 'Offline – changes are kept here and sent when you are back',
  saved: 'All changes saved',
  saving: 'Saving…',
  notSaved: 'Changes waiting to be sent',
  whoIsHere: 'Here now',
  you: 'you',
  follow: 'Follow',
  stopFollowing: 'Stop following',
  newNote: 'New note',
  language: 'Language',
  roleFacilitator: 'Facilitator',
  roleParticipant: 'Participant',
  roleViewer: 'Viewer (can only look)',
  unlockTemplate: 'Unlock the template',
  lockTemplate: 'Lock the template',
  errNotFound: 'This board does not exist. Check the link you were given.',
  errKey: 'This link no longer opens the board. Ask the facilitator for a new one.',
  errForbidden: 'The server refused a change: ',
  errFull: 'The server is full right now. Try again in a moment.',
  errReload: 'This board was made with a newer version. Reload the page.',
  reload: 'Reload',
  loading: 'Loading the board…',
  back: 'To the start page',
  exportMenu: 'Export',
  snapshot: 'Save snapshot',
  snapshotSaved: 'The snapshot is saved',
}

const KEY = 'tavla.lang'
let lang: Lang = (typeof localStorage !== 'undefined' && (localStorage.getItem(KEY) as Lang)) || 'sv'
const listeners = new Set<() => void>()

export function setLang(next: Lang): void {
  lang = next
  localStorage.setItem(KEY, next)
  document.documentElement.lang = next
  listeners.forEach((l) => l())
}
export const getLang = (): Lang => lang

/** The strings of the current language; re-renders when it changes. */
export function useT(): Strings & { lang: Lang } {
  const current = useSyncExternalStore(
    (l) => (listeners.add(l), () => listeners.delete(l)),
    () => lang,
  )
  return { ...(current === 'en' ? en : sv), lang: current }
}
