// Themes (affinity grouping, issue 15), SPEC [D19]–[D21]. Two roots of the board Y.Doc:
// `themes` (Y.Map themeId → Theme, plain JSON) and `themeOf` (Y.Map noteId → themeId). A note's
// membership is one key of its own, so two people moving the same note into different themes at
// once leave one winner (Yjs picks the same one everywhere), never a note in two themes; and
// moving notes never rewrites the theme's value, so a rename and a move never overwrite each other.
import type * as Y from 'yjs'
import { listNotes, type BoardNote } from './notes.ts'
import { BoardRoots } from './roots.ts'

/** [D19] One theme: a named group of notes inside one zone, or across zones (`zoneId: null`). */
export interface Theme {
  id: string
  /** 1–80 characters. */
  name: string
  /** The zone the theme belongs to, or null: across zones. */
  zoneId: string | null
  /** One of tldraw's colour ids (`THEME_COLORS`), when the theme has one. */
  color?: string
  /** ms since epoch. */
  createdAt: number
}

export const THEME_NAME_MAX = 80
/** [D19] The form of a theme id (also what the page makes: 8–64 of A–Z, a–z, 0–9, _ and -). */
export const THEME_ID = /^[A-Za-z0-9_-]{8,64}$/
/** The longest note id a membership or comment key may name (tldraw ids are far shorter). */
export const NOTE_ID_MAX = 200
/** The vote target id of a theme ([D21]): a dot on a theme is the id `theme:<themeId>` in a person's list of dots. */
export const THEME_TARGET = 'theme:'
/** tldraw's colour ids, which a theme's `color` may take. */
export const THEME_COLORS: readonly string[] = [
  'black',
  'grey',
  'light-violet',
  'violet',
  'blue',
  'light-blue',
  'yellow',
  'orange',
  'green',
  'light-green',
  'light-red',
  'red',
  'white',
]

export function themesOf(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.Themes)
}
export function themeOfMap(doc: Y.Doc): Y.Map<unknown> {
  return doc.getMap(BoardRoots.ThemeOf)
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** A note id a key may name: a tldraw shape id, without the separator `|`. */
export const isNoteId = (s: unknown): s is string =>
  typeof s === 'string' && s.startsWith('shape:') && s.length > 6 && s.length <= NOTE_ID_MAX && !s.includes('|')

/**
 * [D19] Why this `themes` entry is not a theme (a short Swedish sentence, the server's close
 * reason), or undefined. Exactly the fields of `Theme`, nothing else.
 */
export function themeProblem(key: string, value: unknown): string | undefined {
  if (!THEME_ID.test(key)) return 'ett temas id ska vara 8–64 tecken A–Z, a–z, 0–9, _ eller -'
  if (!isObject(value)) return 'ett tema ska vara { id, name, zoneId, color?, createdAt }'
  for (const k of Object.keys(value)) if (!['id', 'name', 'zoneId', 'color', 'createdAt'].includes(k)) return `ett tema har inget fält "${k.slice(0, 20)}"`
  if (value.id !== key) return 'temats id och nyckel skiljer sig'
  if (typeof value.name !== 'string' || value.name.trim() === '' || value.name.length > THEME_NAME_MAX) return 'ett temas namn ska vara 1–80 tecken'
  if (value.zoneId !== null && !(typeof value.zoneId === 'string' && value.zoneId.length >= 1 && value.zoneId.length <= 200))
    return 'ett temas zoneId ska vara en zons id eller null'
  if (value.color !== undefined && !(typeof value.color === 'string' && THEME_COLORS.includes(value.color)))
    return 'ett temas färg ska vara en av tldraws färger'
  if (typeof value.createdAt !== 'number' || !Number.isFinite(value.createdAt)) return 'ett tema ska ha createdAt (ms)'
  return undefined
}

/** [D19] The themes of the board in the order people made them (then by id); malformed entries are left out. */
export function readThemes(doc: Y.Doc): Theme[] {
  const out: Theme[] = []
  for (const [key, value] of themesOf(doc).entries()) {
    if (themeProblem(key, value)) continue
    const v = value as Theme
    out.push({ id: v.id, name: v.name, zoneId: v.zoneId, ...(v.color !== undefined ? { color: v.color } : {}), createdAt: v.createdAt })
  }
  return out.sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
}

/**
 * [D20] noteId → themeId for every membership that names a theme the board has and a note id of
 * the right form; the rest (a theme deleted meanwhile, a malformed entry) reads as "no theme".
 * With `notes`, only notes that exist (a deleted note keeps its entry for the trash, [D20]).
 */
export function themeMembership(doc: Y.Doc, notes?: ReadonlySet<string>): Map<string, string> {
  const themes = new Set(readThemes(doc).map((t) => t.id))
  const out = new Map<string, string>()
  for (const [noteId, themeId] of themeOfMap(doc).entries()) {
    if (!isNoteId(noteId) || typeof themeId !== 'string' || !themes.has(themeId)) continue
    if (notes && !notes.has(noteId)) continue
    out.set(noteId, themeId)
  }
  return out
}

export interface ThemeGroup {
  theme: Theme
  /** Its notes that exist, in reading order (top to bottom, left to right). */
  notes: BoardNote[]
}

/** [D20] Every theme with its notes (existing ones, in reading order); themes without notes too. */
export function notesByTheme(doc: Y.Doc, notes: readonly BoardNote[] = listNotes(doc)): ThemeGroup[] {
  const byId = new Map(notes.map((n) => [n.id, n]))
  const member = themeMembership(doc, new Set(byId.keys()))
  const groups = new Map(readThemes(doc).map((t) => [t.id, { theme: t, notes: [] as BoardNote[] }]))
  for (const [noteId, themeId] of member) groups.get(themeId)?.notes.push(byId.get(noteId)!)
  for (const g of groups.values()) g.notes.sort((a, b) => a.record.y - b.record.y || a.record.x - b.record.x)
  return [...groups.values()]
}

/** The theme a note is in, or undefined. */
export function themeOfNote(doc: Y.Doc, noteId: string): Theme | undefined {
  const themeId = themeOfMap(doc).get(noteId)
  if (typeof themeId !== 'string') return undefined
  const value = themesOf(doc).get(themeId)
  return themeProblem(themeId, value) ? undefined : (value as Theme)
}

// ---- writers the page calls (each one transaction) ----

const transact = (doc: Y.Doc, fn: () => void) => doc.transact(fn)

/** A new theme; `id` is the caller's random id (`THEME_ID`). Throws on a name or colour the format does not allow. */
export function createTheme(
  doc: Y.Doc,
  init: { id: string; name: string; zoneId: string | null; color?: string; now: number; notes?: readonly string[] },
): Theme {
  const theme: Theme = { id: init.id, name: init.name.trim(), zoneId: init.zoneId, ...(init.color ? { color: init.color } : {}), createdAt: init.now }
  const problem = themeProblem(theme.id, theme)
  if (problem) throw new Error(problem)
  transact(doc, () => {
    themesOf(doc).set(theme.id, theme)
    for (const noteId of init.notes ?? []) themeOfMap(doc).set(noteId, theme.id)
  })
  return theme
}

/** Renames (or recolours) a theme; false when there is no such theme. */
export function updateTheme(doc: Y.Doc, themeId: string, patch: { name?: string; color?: string | null; zoneId?: string | null }): boolean {
  const value = themesOf(doc).get(themeId)
  if (themeProblem(themeId, value)) return false
  const { color, ...rest } = value as Theme
  const next: Theme = {
    ...rest,
    ...(patch.name !== undefined ? { name: patch.name.trim() } : {}),
    ...(patch.zoneId !== undefined ? { zoneId: patch.zoneId } : {}),
    ...(patch.color === undefined ? (color !== undefined ? { color } : {}) : patch.color === null ? {} : { color: patch.color }),
  }
  const problem = themeProblem(themeId, next)
  if (problem) throw new Error(problem)
  themesOf(doc).set(themeId, next)
  return true
}

/** Deletes a theme and the memberships that name it (its notes stay on the board, in no theme). */
export function deleteTheme(doc: Y.Doc, themeId: string): void {
  transact(doc, () => {
    const member = themeOfMap(doc)
    for (const [noteId, t] of [...member.entries()]) if (t === themeId) member.delete(noteId)
    themesOf(doc).delete(themeId)
  })
}

/** Moves notes into a theme (out of any other), or out of every theme with `themeId` null. */
export function moveToTheme(doc: Y.Doc, noteIds: readonly string[], themeId: string | null): void {
  transact(doc, () => {
    const member = themeOfMap(doc)
    for (const noteId of noteIds) {
      if (themeId === null) {
        if (member.has(noteId)) member.delete(noteId)
      } else if (member.get(noteId) !== themeId) member.set(noteId, themeId)
    }
  })
}

// ---- votes on themes ([D21]) ----

export const themeTarget = (themeId: string): string => `${THEME_TARGET}${themeId}`
/** The theme id of a vote target id, or undefined when the target is a note. */
export const targetTheme = (target: string): string | undefined => (target.startsWith(THEME_TARGET) ? target.slice(THEME_TARGET.length) : undefined)
