// Who this device is on tavla: a stable random id, a display name and a color, kept locally.
const ID = 'tavla.userId'
const NAME = 'tavla.name'
const SECRET = 'tavla.voterSecret'

// tldraw's own colors, so cursors and notes match.
export const PALETTE = [
  { hex: '#4465e9', note: 'blue' },
  { hex: '#e16919', note: 'orange' },
  { hex: '#099268', note: 'green' },
  { hex: '#ae3ec9', note: 'violet' },
  { hex: '#e03131', note: 'red' },
  { hex: '#4ba1f1', note: 'light-blue' },
  { hex: '#f1ac4b', note: 'yellow' },
  { hex: '#4cb05e', note: 'light-green' },
] as const

const random = (bytes: number) => Array.from(crypto.getRandomValues(new Uint8Array(bytes)), (b) => b.toString(16).padStart(2, '0')).join('')

export function userId(): string {
  let id = localStorage.getItem(ID)
  if (!id) localStorage.setItem(ID, (id = random(16)))
  return id
}
/** The secret that names this device's private part of a board; never shown to anyone. */
export function voterSecret(): string {
  let s = localStorage.getItem(SECRET)
  if (!s) localStorage.setItem(SECRET, (s = random(24)))
  return s
}
export const savedName = (): string => localStorage.getItem(NAME) ?? ''
export const saveName = (name: string): void => localStorage.setItem(NAME, name)

export function colorFor(id: string) {
  let h = 0
  for (const c of id) h = (h * 31 + c.charCodeAt(0)) >>> 0
  return PALETTE[h % PALETTE.length]!
}
