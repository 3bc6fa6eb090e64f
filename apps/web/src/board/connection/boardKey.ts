// Issue 12 item 7: the board key leaves the address bar once read. A link's `?key=` is kept for
// that board in this browser (sessionStorage for the tab, localStorage so the address without it
// opens the board again, from history or a bookmark), and the URL is replaced by one without it,
// so a shared screen or the browser's history no longer shows it. A reload finds the stored key.
import { boardDevice } from '../../device/device.ts'

/** Whether the page's key came in its address (a link), not from what this browser kept. */
let inAddress = false

/** The key for this board: from `?key=` (then taken out of the address bar), else the one kept. */
export function boardKeyFromAddress(boardId: string, loc: Location = location, hist: History = history): string {
  const url = new URL(loc.href)
  const given = url.searchParams.get('key')
  inAddress = !!given
  if (!given) return boardDevice.tabKey(boardId) ?? ''
  // storage refused (private mode): keep the key in the address, or a reload would lose it
  if (!boardDevice.setTabKey(boardId, given)) return given
  url.searchParams.delete('key')
  hist.replaceState(hist.state, '', url.pathname + url.search + url.hash)
  return given
}

/** Keeps a new key for this board (the facilitator replaced their own link). */
export function rememberBoardKey(boardId: string, key: string): void {
  boardDevice.setTabKey(boardId, key) // refused storage: the next page load needs the new link
}

/** Forgets the kept key (the board is gone, or its key was replaced). */
export function forgetBoardKey(boardId: string): void {
  boardDevice.setTabKey(boardId, null)
}

/**
 * apps/server SPEC [O15]: a key this browser kept that no longer opens the board (replaced since)
 * is dropped when the sign-in opens it (`opensOnSignIn`, asked with no key); true: open the page
 * again, on the sign-in. A key from the address (a link given) is never dropped.
 */
export async function dropStaleKey(boardId: string, key: string, opensOnSignIn: () => Promise<boolean>): Promise<boolean> {
  if (!key || inAddress) return false
  if (!(await opensOnSignIn().catch(() => false))) return false
  forgetBoardKey(boardId)
  return true
}
