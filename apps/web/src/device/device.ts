// Every key this app keeps on the device, in one place (README "What is stored where"). Nothing
// else in the page touches localStorage, sessionStorage or IndexedDB by name: a new key is added
// here, and `forgetBoardOnDevice` removes everything a board left, as the README promises.
//
// Per device:   tavla.userId, tavla.name, tavla.org (the organisation given when joining), tavla.lang, tavla.listView, tavla.myBoards, tavla.createToken,
//               tavla.mySessions (sessions made here, with their links), tavla.sessionTemplates (own session templates)
// Per board:    tavla.key.<id> (also in sessionStorage), tavla.role.<id>, tavla.identity.<id>,
//               tavla.identity.<id>.name, tavla.identity.<id>.org, tavla.reactor.<id>, tavla.deviceNotes.<id>,
//               tavla.copy.<id> (how many times the copies below were started afresh after a refusal)
// IndexedDB:    tavla-board-<id>[~<n>], tavla-private-<id>[~<n>] (y-indexeddb copies of the board's docs;
//               ~<n> after the n-th refusal, [R1])
// Sessions:     a session is a board row (apps/server [SE6]): its key, role, identity (one for every
//               exercise) and its document's copy are the per-board keys above under the session's
//               id; each exercise board it shows keeps its own role, notes and copies under its id.
//               tavla.agendaPanel (per device): whether the session page's agenda panel is open.

const DEVICE = {
  userId: 'tavla.userId',
  name: 'tavla.name',
  org: 'tavla.org',
  lang: 'tavla.lang',
  listView: 'tavla.listView',
  myBoards: 'tavla.myBoards',
  createToken: 'tavla.createToken',
  agendaPanel: 'tavla.agendaPanel',
  mySessions: 'tavla.mySessions',
  sessionTemplates: 'tavla.sessionTemplates',
} as const

const PER_BOARD = {
  key: (id: string) => `tavla.key.${id}`,
  role: (id: string) => `tavla.role.${id}`,
  identity: (id: string) => `tavla.identity.${id}`,
  identityName: (id: string) => `tavla.identity.${id}.name`,
  identityOrg: (id: string) => `tavla.identity.${id}.org`,
  reactor: (id: string) => `tavla.reactor.${id}`,
  deviceNotes: (id: string) => `tavla.deviceNotes.${id}`,
  copy: (id: string) => `tavla.copy.${id}`,
} as const

export type DeviceKey = keyof typeof DEVICE
export type BoardKeyName = keyof typeof PER_BOARD

/** How many times this board's copies were started afresh ([R1]); 0 for the first. */
const copyEpoch = (id: string): number => {
  const n = Number(read(local(), PER_BOARD.copy(id)))
  return Number.isInteger(n) && n > 0 ? n : 0
}
const suffix = (n: number) => (n ? `~${n}` : '')
/** The IndexedDB names of a board's local copies (used by the connection and by forgetting). */
export const boardDatabase = (id: string) => `tavla-board-${id}${suffix(copyEpoch(id))}`
export const privateDatabase = (id: string) => `tavla-private-${id}${suffix(copyEpoch(id))}`

/**
 * [R1] After a refusal the page starts from the server's board under new database names, so
 * nothing of the refused copy can be read back, however its deletion goes (the old databases are
 * deleted by the caller, in the background).
 */
export function renewBoardCopies(id: string): void {
  write(local(), PER_BOARD.copy(id), String(copyEpoch(id) + 1))
}

function read(store: Storage | undefined, key: string): string | null {
  try {
    return store?.getItem(key) ?? null
  } catch {
    return null // storage refused (private browsing, disabled storage)
  }
}
function write(store: Storage | undefined, key: string, value: string | null): boolean {
  try {
    if (!store) return false
    if (value === null) store.removeItem(key)
    else store.setItem(key, value)
    return true
  } catch {
    return false
  }
}
/** A kept JSON value, or the fallback when there is none or it does not parse. */
function parsed<T>(raw: string | null, fallback: T): T {
  try {
    return raw === null ? fallback : (JSON.parse(raw) as T)
  } catch {
    return fallback
  }
}
const local = (): Storage | undefined => (typeof localStorage === 'undefined' ? undefined : localStorage)
const session = (): Storage | undefined => (typeof sessionStorage === 'undefined' ? undefined : sessionStorage)

export const device = {
  get: (k: DeviceKey): string | null => read(local(), DEVICE[k]),
  set: (k: DeviceKey, v: string | null): boolean => write(local(), DEVICE[k], v),
  json: <T>(k: DeviceKey, fallback: T): T => parsed(read(local(), DEVICE[k]), fallback),
}

export const boardDevice = {
  get: (k: BoardKeyName, id: string): string | null => read(local(), PER_BOARD[k](id)),
  set: (k: BoardKeyName, id: string, v: string | null): boolean => write(local(), PER_BOARD[k](id), v),
  json: <T>(k: BoardKeyName, id: string, fallback: T): T => parsed(read(local(), PER_BOARD[k](id)), fallback),
  /** The board key of this tab (sessionStorage), else the one kept on the device. */
  tabKey: (id: string): string | null => read(session(), PER_BOARD.key(id)) ?? read(local(), PER_BOARD.key(id)),
  /** Keeps a board key for this tab and the device; false when storage is refused. */
  setTabKey(id: string, key: string | null): boolean {
    const a = write(session(), PER_BOARD.key(id), key)
    const b = write(local(), PER_BOARD.key(id), key)
    return a && b
  },
}

/** Removes everything a board left on this device: every per-board key and its local copies. */
export function forgetBoardOnDevice(id: string): void {
  const databases = [boardDatabase(id), privateDatabase(id)] // named before the keys go
  for (const k of Object.keys(PER_BOARD) as BoardKeyName[]) boardDevice.set(k, id, null)
  write(session(), PER_BOARD.key(id), null)
  if (typeof indexedDB !== 'undefined') for (const name of databases) indexedDB.deleteDatabase(name)
}
