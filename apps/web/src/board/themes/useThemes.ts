// Themes on the page (issue 15, board SPEC [D19]–[D21], [D24]): the board's themes and which note
// is in which, read again whenever either root changes; who may group now; and what the canvas
// overlays, the list view and the vote need of them. The page writes only through @tavla/board's
// writers (createTheme, updateTheme, deleteTheme, moveToTheme).
import { createContext, useContext, useEffect, useState } from 'react'
import type * as Y from 'yjs'
import { readThemes, themeMembership, themeOfMap, themesOf, type FacilitationState, type Theme } from '@tavla/board'
import type { BoardContextValue } from '../BoardContext.ts'
import { mayWrite } from '../BoardContext.ts'

/** What the overlays need to know about the page beyond the board context (Canvas.tsx provides it). */
export interface PageInfo {
  boardId: string
  anonymous: boolean
  /** The identity id this person writes under (the server's record names it, [D23]). */
  identity?: string
}
export const PageInfoContext = createContext<PageInfo>({ boardId: '', anonymous: false })
export const usePageInfo = () => useContext(PageInfoContext)

export interface ThemeState {
  themes: Theme[]
  /** noteId → themeId, for memberships naming a theme that exists ([D20]). */
  member: Map<string, string>
}

const read = (doc: Y.Doc): ThemeState => ({ themes: readThemes(doc), member: themeMembership(doc) })

/** [D19][D20] The themes and memberships, re-read on every change of `themes` or `themeOf`. */
export function useThemes(doc: Y.Doc): ThemeState {
  const [state, setState] = useState(() => read(doc))
  useEffect(() => {
    const a = themesOf(doc)
    const b = themeOfMap(doc)
    const on = () => setState(read(doc))
    a.observe(on)
    b.observe(on)
    on()
    return () => {
      a.unobserve(on)
      b.unobserve(on)
    }
  }, [doc])
  return state
}

/**
 * [D24] Whether this person may group notes now: the facilitator always, a participant while the
 * facilitator allows it (`tools.themes`); nobody on a locked board or (participants) a closed
 * exercise. The server closes the connection of anyone else who tries ([W17]), so the page offers
 * nothing then.
 */
export const mayGroup = (f: FacilitationState, role: BoardContextValue['role']): boolean =>
  mayWrite(f, role) && (role === 'facilitator' || (role === 'participant' && f.tools?.themes === true))

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_-'
/** A random id of 16 of `[A-Za-z0-9_-]` (THEME_ID, COMMENT_ID). */
export function randomId(): string {
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => ID_CHARS[b & 63]).join('')
}

/** Colours a new theme takes in turn (tldraw colour ids, [D19]), and how the page draws them. */
const THEME_HEX: Record<string, string> = {
  violet: '#ae3ec9',
  blue: '#4465e9',
  green: '#099268',
  orange: '#e16919',
  red: '#e03131',
  'light-violet': '#e085f4',
  'light-blue': '#4ba1f1',
  'light-green': '#4cb05e',
  'light-red': '#f87777',
  yellow: '#f1ac4b',
  grey: '#9fa8b2',
  black: '#1d1d1d',
  white: '#6b6b6b',
}
const TURN = ['violet', 'blue', 'green', 'orange', 'red', 'light-blue']
export const nextThemeColor = (themes: readonly Theme[]): string => TURN[themes.length % TURN.length]!
export const themeHex = (t: Theme): string => THEME_HEX[t.color ?? ''] ?? THEME_HEX.violet!

/**
 * The zone a new theme belongs to: the one zone all its notes are in, else none (across zones).
 */
export function zoneForNotes(notes: readonly { zone?: { id: string } | undefined }[]): string | null {
  const ids = new Set(notes.map((n) => n.zone?.id ?? null))
  return ids.size === 1 ? ([...ids][0] ?? null) : null
}

export interface ListThemeGroup<N> {
  theme: Theme
  notes: N[]
}

/**
 * The list view's layout, as the exports lay it out ([H8]): each zone's themes (a theme whose
 * `zoneId` the board has) with their notes wherever they lie, the themes across zones apart, and
 * the notes in a theme taken out of their zone's plain list, so every note shows once.
 */
export function listLayout<N extends { id: string }>(
  zoneIds: ReadonlySet<string>,
  notes: readonly N[],
  state: ThemeState,
): { byZone: Map<string, ListThemeGroup<N>[]>; across: ListThemeGroup<N>[]; themed: Set<string> } {
  const byZone = new Map<string, ListThemeGroup<N>[]>()
  const across: ListThemeGroup<N>[] = []
  const groups = new Map<string, ListThemeGroup<N>>()
  for (const theme of state.themes) {
    const g = { theme, notes: [] as N[] }
    groups.set(theme.id, g)
    if (theme.zoneId !== null && zoneIds.has(theme.zoneId)) {
      const list = byZone.get(theme.zoneId)
      if (list) list.push(g)
      else byZone.set(theme.zoneId, [g])
    } else across.push(g)
  }
  const themed = new Set<string>()
  for (const n of notes) {
    const themeId = state.member.get(n.id)
    const g = themeId ? groups.get(themeId) : undefined
    if (!g) continue
    g.notes.push(n)
    themed.add(n.id)
  }
  return { byZone, across, themed }
}
