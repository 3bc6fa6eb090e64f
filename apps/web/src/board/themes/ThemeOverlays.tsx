// Themes on the canvas (issue 15, board SPEC [D19]–[D21]): each theme drawn as a labelled outline
// around its notes, the "Gruppera i tema" bar over a selection of notes, and a note dropped on a
// theme's outline moving into it. Drawn in front of the canvas like the reaction bars, in screen
// coordinates from page coordinates: a theme is not a tldraw shape, it lives in the `themes` and
// `themeOf` roots, so it never enters the records the binding and the server's shape rules see.
import { useEffect, useRef, useState } from 'react'
import { react, stopEventPropagation, useEditor, useValue, type Editor, type TLShapeId } from 'tldraw'
import type * as Y from 'yjs'
import {
  clickDot,
  createTheme,
  deleteTheme,
  listNotes,
  moveToTheme,
  readRecords,
  recordsOf,
  themeTarget,
  updateTheme,
  voteTargets,
  THEME_NAME_MAX,
  type Theme,
} from '@tavla/board'
import { useT } from '../../i18n.ts'
import { mayWrite, useBoard, useFacilitation, useMyDots } from '../BoardContext.ts'
import { DotsIcon } from '../../ui/icons.tsx'
import { mayGroup, nextThemeColor, randomId, themeHex, useThemes, zoneForNotes, type ThemeState } from './useThemes.ts'

/** Page units of room between a theme's notes and its outline. */
const PAD = 14

type Box = { minX: number; minY: number; maxX: number; maxY: number }

/** The page bounds around these notes (those on the current page), padded; null when none is there. */
function outlineOf(editor: Editor, noteIds: Iterable<string>): Box | null {
  let box: Box | null = null
  const page = editor.getCurrentPageId()
  for (const id of noteIds) {
    const shape = editor.getShape(id as TLShapeId)
    if (shape?.type !== 'note' || shape.parentId !== page) continue
    const b = editor.getShapePageBounds(shape)
    if (!b) continue
    box = box
      ? { minX: Math.min(box.minX, b.minX), minY: Math.min(box.minY, b.minY), maxX: Math.max(box.maxX, b.maxX), maxY: Math.max(box.maxY, b.maxY) }
      : { minX: b.minX, minY: b.minY, maxX: b.maxX, maxY: b.maxY }
  }
  return box && { minX: box.minX - PAD, minY: box.minY - PAD, maxX: box.maxX + PAD, maxY: box.maxY + PAD }
}

const membersOf = (state: ThemeState, themeId: string) => [...state.member].filter(([, t]) => t === themeId).map(([n]) => n)

/** Notes still in this participant's private part (private mode) are not on the shared board: they take no theme. */
const sharedOnly = (privateDoc: Y.Doc | null, ids: string[]) => {
  if (!privateDoc) return ids
  const hidden = readRecords(recordsOf(privateDoc))
  return ids.filter((id) => !hidden.has(id))
}

/** A sentence for screen readers, said once (one polite live region for the theme overlays). */
function useSay(): [string, (s: string) => void] {
  const [said, setSaid] = useState('')
  useEffect(() => {
    if (!said) return
    const id = setTimeout(() => setSaid(''), 6000)
    return () => clearTimeout(id)
  }, [said])
  return [said, setSaid]
}

/** Everything themes draw on the canvas (registered in Canvas.tsx's InFrontOfTheCanvas, under the reactions). */
export function ThemeOverlays() {
  const [said, say] = useSay()
  return (
    <>
      <ThemeOutlines say={say} />
      <ThemeDrop say={say} />
      <ThemeSelectionBar say={say} />
      <p className="visually-hidden" aria-live="polite" data-theme-said>
        {said}
      </p>
    </>
  )
}

/** [D19] One outline per theme around its notes, with its name; the label opens rename/delete, or takes a dot in the vote tool ([D21]). */
function ThemeOutlines({ say }: { say: (s: string) => void }) {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const f = useFacilitation(doc)
  const state = useThemes(doc)
  const canGroup = mayGroup(f, role)
  const vote = f.vote?.status === 'open' && mayWrite(f, role) && privateDoc ? f.vote : undefined
  const mine = useMyDots(vote ? privateDoc : null, vote?.id)
  const results = f.vote?.status === 'closed' ? (f.results ?? {}) : {}
  const tool = useValue('current tool', () => editor.getCurrentToolId(), [editor])
  const [menu, setMenu] = useState<string | null>(null)
  const boxes = useValue('theme outlines', () => {
    const z = editor.getZoomLevel()
    return state.themes.flatMap((theme) => {
      const b = outlineOf(editor, membersOf(state, theme.id))
      if (!b) return []
      const p = editor.pageToViewport({ x: b.minX, y: b.minY })
      // the label shrinks with the view (never below 70 %), so at a board's first fit it does not cover the zone's texts
      const scale = Math.min(1, Math.max(0.7, z * 2.5))
      return [{ theme, x: p.x, y: p.y, w: (b.maxX - b.minX) * z, h: (b.maxY - b.minY) * z, n: membersOf(state, theme.id).length, scale }]
    })
  }, [editor, state])
  const screen = useValue('viewport', () => editor.getViewportScreenBounds(), [editor])
  useEffect(() => {
    if (menu && !state.themes.some((x) => x.id === menu)) setMenu(null)
  }, [menu, state])
  useEffect(() => {
    if (!canGroup) setMenu(null)
  }, [canGroup])

  const dotOn = (theme: Theme, remove: boolean) => {
    if (!vote || !privateDoc) return
    const target = themeTarget(theme.id)
    const notes = new Map(listNotes(doc).map((n) => [n.id, n]))
    if (!voteTargets(vote, notes, new Map(state.themes.map((x) => [x.id, x])))(target)) return say(t.themeNotInVote)
    const next = clickDot(vote, mine, target, remove)
    if (next) privateDoc.getMap('votes').set(vote.id, next)
  }
  const voteTool = !!vote && tool === 'vote'
  return (
    <>
      {boxes.map((b) => {
        const color = themeHex(b.theme)
        const target = themeTarget(b.theme.id)
        const dots = vote ? mine.filter((x) => x === target).length : (results[target] ?? 0)
        const label = t.themeLabel(b.theme.name, b.n)
        const clickable = voteTool || canGroup
        // no wider than its outline (the name is cut with an ellipsis; the whole name is in the title), so labels side by side do not cover each other
        const labelStyle = { background: color, transform: `translateY(-100%) scale(${b.scale})`, maxWidth: Math.max(b.w / b.scale, 96) }
        const inner = (
          <>
            <span className="theme-name">{b.theme.name}</span>
            <span className="theme-count">{b.n}</span>
            {dots > 0 && (
              <span className={`theme-dots ${vote ? 'mine' : ''}`} data-theme-votes={dots} title={t.voteDotsOn(dots)}>
                <DotsIcon n={Math.min(dots, 5)} />
                {dots > 5 ? ` ${dots}` : ''}
              </span>
            )}
          </>
        )
        return (
          <div
            key={b.theme.id}
            className="theme-outline"
            style={{ left: b.x, top: b.y, width: b.w, height: b.h, borderColor: color }}
            data-theme-outline={b.theme.id}
          >
            {clickable ? (
              <button
                type="button"
                className="theme-label"
                style={labelStyle}
                aria-label={voteTool ? t.themeDot(b.theme.name) : t.themeMenu(b.theme.name)}
                aria-expanded={voteTool ? undefined : menu === b.theme.id}
                title={label}
                data-theme-label={b.theme.id}
                onPointerDown={stopEventPropagation}
                onPointerUp={stopEventPropagation}
                onClick={(e) => (voteTool ? dotOn(b.theme, e.shiftKey || e.altKey) : setMenu(menu === b.theme.id ? null : b.theme.id))}
              >
                {inner}
              </button>
            ) : (
              <span className="theme-label" style={labelStyle} title={label} data-theme-label={b.theme.id}>
                {inner}
              </span>
            )}
            {menu === b.theme.id && canGroup && (
              <ThemeMenu
                theme={b.theme}
                doc={doc}
                // kept inside the canvas: the menu is 18rem wide at most
                shiftLeft={Math.min(0, screen.w - 8 - (b.x + 288))}
                onClose={(said) => {
                  setMenu(null)
                  if (said) say(said)
                  requestAnimationFrame(() => (document.querySelector(`[data-theme-label="${b.theme.id}"]`) as HTMLElement | null)?.focus())
                }}
              />
            )}
          </div>
        )
      })}
    </>
  )
}

/** Rename or delete a theme (its notes stay on the board, in no theme). */
function ThemeMenu({ theme, doc, shiftLeft, onClose }: { theme: Theme; doc: Y.Doc; shiftLeft: number; onClose: (said?: string) => void }) {
  const t = useT()
  const [name, setName] = useState(theme.name)
  const [confirm, setConfirm] = useState(false)
  const field = `theme-rename-${theme.id}`
  return (
    <fieldset
      className="theme-menu"
      style={{ left: shiftLeft }}
      aria-label={t.themeMenu(theme.name)}
      onPointerDown={stopEventPropagation}
      onPointerUp={stopEventPropagation}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') onClose()
      }}
      data-theme-menu={theme.id}
    >
      <form
        onSubmit={(e) => {
          e.preventDefault()
          if (!name.trim()) return
          updateTheme(doc, theme.id, { name })
          onClose(t.themeRenamed(name.trim()))
        }}
      >
        <label htmlFor={field}>{t.themeRename}</label>
        <span className="theme-row">
          <input id={field} value={name} maxLength={THEME_NAME_MAX} onChange={(e) => setName(e.target.value)} autoComplete="off" autoFocus />
          <button type="submit" disabled={!name.trim()}>
            {t.themeSave}
          </button>
        </span>
      </form>
      {confirm ? (
        <span className="theme-row">
          <span>{t.themeDeleteConfirm}</span>
          <button
            type="button"
            className="danger"
            onClick={() => {
              deleteTheme(doc, theme.id)
              onClose(t.themeDeleted(theme.name))
            }}
            data-theme-delete-yes
          >
            {t.themeYes}
          </button>
          <button type="button" onClick={() => setConfirm(false)}>
            {t.themeNo}
          </button>
        </span>
      ) : (
        <span className="theme-row">
          <button type="button" onClick={() => setConfirm(true)} data-theme-delete>
            {t.themeDelete}
          </button>
          <button type="button" onClick={() => onClose()}>
            {t.themeClose}
          </button>
        </span>
      )}
    </fieldset>
  )
}

/**
 * [D20] A note dragged onto another theme's outline moves into that theme (the smallest outline
 * holding the note's center that did not hold it before the drag, drawn without the notes being
 * dragged). Dragging a note out of its
 * theme's outline does not take it out: membership is not position.
 */
function ThemeDrop({ say }: { say: (s: string) => void }) {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const f = useFacilitation(doc)
  const state = useThemes(doc)
  const latest = useRef({ canGroup: mayGroup(f, role), state, t, say, privateDoc })
  latest.current = { canGroup: mayGroup(f, role), state, t, say, privateDoc }
  useEffect(() => {
    let moving: { ids: string[]; from: Map<string, { x: number; y: number }> } | null = null
    const drop = (m: NonNullable<typeof moving>) => {
      const { canGroup, state, t, say, privateDoc } = latest.current
      if (!canGroup || !state.themes.length) return
      const moved = new Set(m.ids)
      const outlines = state.themes.flatMap((theme) => {
        const b = outlineOf(
          editor,
          membersOf(state, theme.id).filter((id) => !moved.has(id)),
        )
        return b ? [{ theme, b, area: (b.maxX - b.minX) * (b.maxY - b.minY) }] : []
      })
      for (const id of sharedOnly(privateDoc, m.ids)) {
        const shape = editor.getShape(id as TLShapeId)
        const from = m.from.get(id)
        if (!shape || !from || (shape.x === from.x && shape.y === from.y)) continue
        const c = editor.getShapePageBounds(shape)?.center
        if (!c) continue
        // where the note's center was before the drag: a note nudged inside an outline it already lay in has not been dropped on it
        const start = { x: c.x - (shape.x - from.x), y: c.y - (shape.y - from.y) }
        const inside = (b: Box, p: { x: number; y: number }) => p.x >= b.minX && p.x <= b.maxX && p.y >= b.minY && p.y <= b.maxY
        const hit = outlines.filter(({ b }) => inside(b, c) && !inside(b, start)).sort((a, b) => a.area - b.area)[0]
        if (!hit || state.member.get(id) === hit.theme.id) continue
        moveToTheme(doc, [id], hit.theme.id)
        say(t.themeMoved(hit.theme.name))
      }
    }
    return react('theme drop', () => {
      const translating = editor.isIn('select.translating')
      if (translating && !moving) {
        const ids = editor.getSelectedShapeIds().filter((id) => editor.getShape(id)?.type === 'note')
        moving = { ids, from: new Map(ids.map((id) => [id, { x: editor.getShape(id)!.x, y: editor.getShape(id)!.y }])) }
      } else if (!translating && moving) {
        const m = moving
        moving = null
        // after the drag's last change has been applied
        setTimeout(() => drop(m), 0)
      }
    })
  }, [editor, doc])
  return null
}

/** "Gruppera i tema" over two or more selected notes: a name and Enter makes the theme; or into a theme there is; or out of theirs. */
function ThemeSelectionBar({ say }: { say: (s: string) => void }) {
  const editor = useEditor()
  const t = useT()
  const { doc, privateDoc, role } = useBoard()
  const f = useFacilitation(doc)
  const state = useThemes(doc)
  const canGroup = mayGroup(f, role) && f.vote?.status !== 'open'
  const [naming, setNaming] = useState(false)
  const [name, setName] = useState('')
  const [into, setInto] = useState('')
  const sel = useValue('theme selection', () => {
    if (editor.getEditingShapeId() || !editor.isIn('select.idle')) return null
    const ids = editor
      .getSelectedShapeIds()
      .filter((id) => editor.getShape(id)?.type === 'note')
      .map(String)
    if (!ids.length) return null
    const b = editor.getSelectionPageBounds()
    if (!b) return null
    const top = editor.pageToViewport({ x: b.center.x, y: b.minY })
    const bottom = editor.pageToViewport({ x: b.center.x, y: b.maxY })
    return { ids, x: top.x, top: top.y, bottom: bottom.y }
  }, [editor])
  const screen = useValue('viewport', () => editor.getViewportScreenBounds(), [editor])
  const ids = sel ? sharedOnly(privateDoc, sel.ids) : []
  const key = ids.join(',')
  // a new selection starts afresh
  // biome-ignore lint/correctness/useExhaustiveDependencies: the selection is the trigger
  useEffect(() => {
    setNaming(false)
    setName('')
  }, [key])
  // one note on its own is what a note just written is: the bar would pop up after every note, so
  // it shows for two or more (or one already in a theme, to take it out); one note goes into a
  // theme by dragging, or from the list view
  if (!canGroup || !sel || !ids.length || (ids.length === 1 && !state.member.has(ids[0]!))) return null
  const inTheme = ids.filter((id) => state.member.has(id))
  const backToCanvas = () => requestAnimationFrame(() => editor.getContainer().focus())
  const create = () => {
    if (!name.trim()) return
    const notes = listNotes(doc).filter((n) => ids.includes(n.id))
    const theme = createTheme(doc, {
      id: randomId(),
      name,
      zoneId: zoneForNotes(notes),
      color: nextThemeColor(state.themes),
      now: Date.now(),
      notes: ids,
    })
    say(t.themeCreated(theme.name, ids.length))
    setNaming(false)
    setName('')
    backToCanvas()
  }
  const width = Math.min(360, screen.w - 16)
  const left = Math.min(Math.max(8, sel.x - width / 2), screen.w - 8 - width)
  // above the selection, or under it when there is no room above
  const above = sel.top > 96
  const style = above ? { left, top: sel.top - 10, width, transform: 'translateY(-100%)' } : { left, top: Math.min(sel.bottom + 10, screen.h - 60), width }
  return (
    <fieldset
      className="theme-bar"
      style={style}
      aria-label={t.themeSelected(ids.length)}
      onPointerDown={stopEventPropagation}
      onPointerUp={stopEventPropagation}
      onKeyDown={(e) => {
        e.stopPropagation()
        if (e.key === 'Escape') {
          setNaming(false)
          backToCanvas()
        }
      }}
      data-theme-bar={ids.length}
    >
      {naming ? (
        <>
          <form
            className="theme-row"
            onSubmit={(e) => {
              e.preventDefault()
              create()
            }}
          >
            <label htmlFor="theme-new-name" className="visually-hidden">
              {t.themeName}
            </label>
            <input
              id="theme-new-name"
              value={name}
              maxLength={THEME_NAME_MAX}
              placeholder={t.themeName}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
              autoFocus
              data-theme-name
            />
            <button type="submit" className="primary" disabled={!name.trim()}>
              {t.themeCreate}
            </button>
            <button type="button" onClick={() => setNaming(false)}>
              {t.themeCancel}
            </button>
          </form>
          {state.themes.length > 0 && (
            <form
              className="theme-row"
              onSubmit={(e) => {
                e.preventDefault()
                const theme = state.themes.find((x) => x.id === (into || state.themes[0]!.id))
                if (!theme) return
                moveToTheme(doc, ids, theme.id)
                say(t.themeMovedMany(theme.name, ids.length))
                setNaming(false)
                backToCanvas()
              }}
            >
              <label htmlFor="theme-into">{t.themeOr}</label>
              <select id="theme-into" value={into || state.themes[0]!.id} onChange={(e) => setInto(e.target.value)}>
                {state.themes.map((x) => (
                  <option key={x.id} value={x.id}>
                    {x.name}
                  </option>
                ))}
              </select>
              <button type="submit">{t.themeAdd}</button>
            </form>
          )}
        </>
      ) : (
        <span className="theme-row">
          <button type="button" className="primary" onClick={() => setNaming(true)} data-theme-group>
            {t.themeGroup}
          </button>
          {inTheme.length > 0 && (
            <button
              type="button"
              onClick={() => {
                moveToTheme(doc, inTheme, null)
                say(t.themeTakenOut)
              }}
              data-theme-out
            >
              {t.themeTakeOut}
            </button>
          )}
        </span>
      )}
    </fieldset>
  )
}
