// Themes in the list view (issue 15, board SPEC [D19]–[D21]): under each zone its themes with
// their notes, the themes across zones in a section of their own, and per note a keyboard way to
// move it into a theme, out of one, or into a new theme made from it. While a vote is open a
// theme takes dots as a note does ([D21]).
import { useState, type ReactNode } from 'react'
import type * as Y from 'yjs'
import { createTheme, deleteTheme, moveToTheme, updateTheme, THEME_NAME_MAX, type Theme } from '@tavla/board'
import { useT } from '../../i18n.ts'
import { nextThemeColor, randomId, themeHex, type ListThemeGroup, type ThemeState } from './useThemes.ts'

/** Moves the focus to a control of a note once the list has re-rendered (the note may now be in another section). */
export function focusNoteControl(noteId: string, selector: string): void {
  const find = () => document.querySelector<HTMLElement>(`[data-listview] [data-note="${CSS.escape(noteId)}"] ${selector}`)
  requestAnimationFrame(() => requestAnimationFrame(() => find()?.focus()))
}

/** What a theme's section offers while a vote is open: dots on the theme ([D21]). */
export interface ThemeVote {
  dots: (themeId: string) => number
  canDot: (themeId: string) => boolean
  counts: (themeId: string) => boolean
  onDot: (themeId: string) => void
  onUndot: (themeId: string) => void
}

/** The themes of one zone (or across zones), each with its notes. */
export function ListThemes<N>({
  groups,
  item,
  doc,
  canGroup,
  vote,
  results,
  headingLevel = 4,
  say,
}: {
  groups: ListThemeGroup<N>[]
  item: (n: N) => ReactNode
  doc: Y.Doc
  canGroup: boolean
  vote: ThemeVote | undefined
  results: Record<string, number>
  headingLevel?: 3 | 4
  say: (s: string) => void
}) {
  if (!groups.length) return null
  return (
    <>
      {groups.map((g) => (
        <ThemeSection
          key={g.theme.id}
          group={g}
          item={item}
          doc={doc}
          canGroup={canGroup}
          vote={vote}
          result={results[`theme:${g.theme.id}`]}
          level={headingLevel}
          say={say}
        />
      ))}
    </>
  )
}

function ThemeSection<N>({
  group,
  item,
  doc,
  canGroup,
  vote,
  result,
  level,
  say,
}: {
  group: ListThemeGroup<N>
  item: (n: N) => ReactNode
  doc: Y.Doc
  canGroup: boolean
  vote: ThemeVote | undefined
  result: number | undefined
  level: 3 | 4
  say: (s: string) => void
}) {
  const t = useT()
  const { theme, notes } = group
  const [renaming, setRenaming] = useState(false)
  const [confirm, setConfirm] = useState(false)
  const [name, setName] = useState(theme.name)
  const headingId = `theme-${theme.id}`
  const H = level === 3 ? 'h3' : 'h4'
  const focusHeading = () => requestAnimationFrame(() => document.getElementById(`${headingId}-actions`)?.querySelector<HTMLElement>('button')?.focus())
  const dots = vote?.dots(theme.id) ?? 0
  return (
    <section className="theme-list" aria-labelledby={headingId} data-list-theme={theme.id} style={{ borderColor: themeHex(theme) }}>
      <H id={headingId} className="theme-list-heading">
        {t.themeHeading(theme.name)}
        {result !== undefined && (
          <span className="muted" data-list-theme-result={result}>
            {' '}
            · {t.listVotes}: {result}
          </span>
        )}
        {dots > 0 && (
          <span className="muted" data-list-theme-dots={dots}>
            {' '}
            · {t.listMyDots}: {dots}
          </span>
        )}
      </H>
      {renaming ? (
        <form
          className="theme-row"
          onSubmit={(e) => {
            e.preventDefault()
            if (!name.trim()) return
            updateTheme(doc, theme.id, { name })
            say(t.themeRenamed(name.trim()))
            setRenaming(false)
            focusHeading()
          }}
          onKeyDown={(e) => {
            if (e.key === 'Escape') {
              setRenaming(false)
              focusHeading()
            }
          }}
        >
          <label htmlFor={`${headingId}-name`}>{t.themeRename}</label>
          <input id={`${headingId}-name`} value={name} maxLength={THEME_NAME_MAX} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
          <button type="submit" disabled={!name.trim()}>
            {t.themeSave}
          </button>
          <button
            type="button"
            onClick={() => {
              setRenaming(false)
              focusHeading()
            }}
          >
            {t.themeCancel}
          </button>
        </form>
      ) : (
        (canGroup || vote?.counts(theme.id)) && (
          <span className="list-actions" id={`${headingId}-actions`}>
            {vote?.counts(theme.id) && (
              <>
                <button type="button" aria-describedby={headingId} disabled={!vote.canDot(theme.id)} onClick={() => vote.onDot(theme.id)} data-theme-dot>
                  {t.listDot}
                </button>
                {dots > 0 && (
                  <button type="button" aria-describedby={headingId} onClick={() => vote.onUndot(theme.id)} data-theme-undot>
                    {t.listUndot}
                  </button>
                )}
              </>
            )}
            {canGroup &&
              (confirm ? (
                <>
                  <span>{t.themeDeleteConfirm}</span>
                  <button
                    type="button"
                    className="danger"
                    onClick={() => {
                      deleteTheme(doc, theme.id)
                      say(t.themeDeleted(theme.name))
                    }}
                  >
                    {t.themeYes}
                  </button>
                  <button type="button" onClick={() => setConfirm(false)}>
                    {t.themeNo}
                  </button>
                </>
              ) : (
                <>
                  <button
                    type="button"
                    aria-describedby={headingId}
                    onClick={() => {
                      setName(theme.name)
                      setRenaming(true)
                    }}
                    data-theme-rename
                  >
                    {t.themeRename}
                  </button>
                  <button type="button" aria-describedby={headingId} onClick={() => setConfirm(true)} data-theme-delete>
                    {t.themeDelete}
                  </button>
                </>
              ))}
          </span>
        )
      )}
      {notes.length ? (
        <ul className="list-notes" aria-label={t.themeHeading(theme.name)}>
          {notes.map(item)}
        </ul>
      ) : (
        <p className="muted list-empty">{t.themeEmpty}</p>
      )}
    </section>
  )
}

const NEW = '\u0000new'

/**
 * Per note: which theme it is in, and (for those who may group) a select to move it to another
 * theme, out of every theme, or into a new theme made from it; a button does it, so arrowing
 * through the options moves nothing.
 */
export function NoteThemeControl({
  noteId,
  noteZoneId,
  textId,
  state,
  doc,
  canGroup,
  say,
}: {
  noteId: string
  noteZoneId: string | null
  /** The id of the note's text, which describes the controls. */
  textId: string
  state: ThemeState
  doc: Y.Doc
  canGroup: boolean
  say: (s: string) => void
}) {
  const t = useT()
  const current = state.member.get(noteId) ?? ''
  const [choice, setChoice] = useState<string | null>(null)
  const [name, setName] = useState('')
  const value = choice ?? current
  const field = `${textId}-theme`
  if (!canGroup) return null
  const done = (theme: Theme | null) => {
    setChoice(null)
    setName('')
    say(theme ? t.themeMoved(theme.name) : t.themeTakenOut)
    focusNoteControl(noteId, '[data-theme-select]')
  }
  return (
    <form
      className="theme-note"
      onSubmit={(e) => {
        e.preventDefault()
        if (value === NEW) {
          if (!name.trim()) return
          const theme = createTheme(doc, { id: randomId(), name, zoneId: noteZoneId, color: nextThemeColor(state.themes), now: Date.now(), notes: [noteId] })
          say(t.themeCreated(theme.name, 1))
          setChoice(null)
          setName('')
          focusNoteControl(noteId, '[data-theme-select]')
          return
        }
        if (value === current) return
        const theme = state.themes.find((x) => x.id === value) ?? null
        moveToTheme(doc, [noteId], theme ? theme.id : null)
        done(theme)
      }}
    >
      <label htmlFor={field}>{t.themeOfNote}</label>
      <select id={field} value={value} onChange={(e) => setChoice(e.target.value)} aria-describedby={textId} data-theme-select>
        <option value="">{t.themeNone}</option>
        {state.themes.map((x) => (
          <option key={x.id} value={x.id}>
            {x.name}
          </option>
        ))}
        <option value={NEW}>{t.themeNew}</option>
      </select>
      {value === NEW && (
        <>
          <label htmlFor={`${field}-name`} className="visually-hidden">
            {t.themeName}
          </label>
          <input
            id={`${field}-name`}
            value={name}
            maxLength={THEME_NAME_MAX}
            placeholder={t.themeName}
            onChange={(e) => setName(e.target.value)}
            autoComplete="off"
            data-theme-new-name
          />
        </>
      )}
      <button type="submit" aria-describedby={textId} disabled={value === current || (value === NEW && !name.trim())} data-theme-move>
        {value === NEW ? t.themeCreate : t.themeMove}
      </button>
    </form>
  )
}
