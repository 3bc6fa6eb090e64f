import { beforeEach, describe, expect, it } from 'vitest'
import { boardKeyFromAddress, forgetBoardKey } from './boardKey.ts'

class MemoryStorage {
  readonly #m = new Map<string, string>()
  getItem(k: string) {
    return this.#m.get(k) ?? null
  }
  setItem(k: string, v: string) {
    this.#m.set(k, v)
  }
  removeItem(k: string) {
    this.#m.delete(k)
  }
}

/** A tab: its address, its history entries, its sessionStorage; localStorage is the browser's. */
function tab(href: string) {
  const entries = [href]
  const loc = {
    get href() {
      return entries[entries.length - 1]!
    },
  } as Location
  const hist = {
    state: null,
    replaceState: (_s: unknown, _t: string, url: string) => {
      entries[entries.length - 1] = new URL(url, entries[entries.length - 1]).href
    },
  } as unknown as History
  return { loc, hist, entries }
}

beforeEach(() => {
  Object.assign(globalThis, { sessionStorage: new MemoryStorage(), localStorage: new MemoryStorage() })
})

describe('[L12] the board key leaves the address bar', () => {
  it('reads ?key=, keeps it for the board and replaces the address with one without it', () => {
    const t = tab('https://tavla.example.se/b/board12345678?key=SECRETKEY&view=list#x')
    expect(boardKeyFromAddress('board12345678', t.loc, t.hist)).toBe('SECRETKEY')
    expect(t.entries).toEqual(['https://tavla.example.se/b/board12345678?view=list#x'])
    expect(t.loc.href).not.toMatch(/SECRETKEY/)
  })

  it('a reload (and a new tab at the address without key) finds the kept key; another board does not', () => {
    const t = tab('https://tavla.example.se/b/board12345678?key=SECRETKEY')
    boardKeyFromAddress('board12345678', t.loc, t.hist)
    expect(boardKeyFromAddress('board12345678', t.loc, t.hist)).toBe('SECRETKEY') // reload
    Object.assign(globalThis, { sessionStorage: new MemoryStorage() }) // a new tab
    const again = tab('https://tavla.example.se/b/board12345678')
    expect(boardKeyFromAddress('board12345678', again.loc, again.hist)).toBe('SECRETKEY')
    expect(boardKeyFromAddress('otherboard99', again.loc, again.hist)).toBe('')
  })

  it('a new link for the board replaces the kept key; forgetting removes it', () => {
    const t = tab('https://tavla.example.se/b/board12345678?key=OLD')
    boardKeyFromAddress('board12345678', t.loc, t.hist)
    const n = tab('https://tavla.example.se/b/board12345678?key=NEW')
    expect(boardKeyFromAddress('board12345678', n.loc, n.hist)).toBe('NEW')
    forgetBoardKey('board12345678')
    const bare = tab('https://tavla.example.se/b/board12345678')
    expect(boardKeyFromAddress('board12345678', bare.loc, bare.hist)).toBe('')
  })
})
