// THE SEAM for themes and comments (board SPEC [D19]–[D23], issue 15), which land in @tavla/board
// beside this package. The report reads them only here, through the board package's own helpers
// (`readThemes`, `themeMembership`, `commentsByNote`), looked up on its namespace so that this
// package works with a @tavla/board that does not have them yet (then: no themes, no comments).
// Once they are in @tavla/board's index for good, these lookups can become named imports.
import * as board from '@tavla/board'
import type * as Y from 'yjs'

/** What the report needs of a theme ([D19]). */
export interface ReportTheme {
  id: string
  name: string
  /** The zone the theme belongs to, or null: across zones. */
  zoneId: string | null
  color?: string
}

/** What the report needs of a comment ([D22]/[D23]): its text, when, and the writer's name (named boards only). */
export interface ReportComment {
  text: string
  at: number
  authorName?: string
}

export interface BoardExtras {
  themes: ReportTheme[]
  /** noteId → themeId, for notes that exist. */
  themeOf: Map<string, string>
  /** noteId → its comments, oldest first. */
  comments: Map<string, ReportComment[]>
}

type Helpers = {
  readThemes?: (doc: Y.Doc) => ReportTheme[]
  themeMembership?: (doc: Y.Doc, notes?: ReadonlySet<string>) => Map<string, string>
  commentsByNote?: (doc: Y.Doc, notes?: ReadonlySet<string>) => Map<string, ReportComment[]>
  THEME_TARGET?: string
}
const helpers = board as unknown as Helpers

/** The vote target prefix of a theme ([D21]: a dot on a theme is `theme:<id>`). */
export const THEME_TARGET: string = helpers.THEME_TARGET ?? 'theme:'

/** Themes, memberships and comments of the board's notes (`notes`: the ids of the notes that exist). */
export function readExtras(doc: Y.Doc, notes: ReadonlySet<string>): BoardExtras {
  return {
    themes: helpers.readThemes?.(doc) ?? [],
    themeOf: helpers.themeMembership?.(doc, notes) ?? new Map(),
    comments: helpers.commentsByNote?.(doc, notes) ?? new Map(),
  }
}
