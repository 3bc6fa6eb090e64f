// A template's list parameter on the start page (the areas of "Om tre år…", the actors of
// samverkanskartan): one text field per item, with buttons to move an item up or down and to
// remove it, and a field to add one. Keyboard only works throughout: the buttons are real
// buttons, focus follows a moved item, and each change is announced. The server checks the list
// again (apps/server SPEC [H3]); paramProblem says the same things first, in the page's language.
import { useEffect, useRef, useState } from 'react'
import type { TemplateParam } from '../api.ts'
import { useT } from '../i18n.ts'

/** The longest item the server takes (packages/templates PARAM_ITEM_MAX). */
const ITEM_MAX = 80
const key = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '')

/** What is wrong with this list for this parameter, in the page's language, or ''. */
export function paramProblem(t: ReturnType<typeof useT>, p: TemplateParam, value: string[]): string {
  const label = p.label[t.lang]
  const items = value.map((x) => x.trim()).filter(Boolean)
  if (items.length < p.min) return t.paramTooFew(label, p.min)
  if (items.length > p.max) return t.paramTooMany(label, p.max)
  if (items.some((x) => x.length > ITEM_MAX)) return t.paramTooLong(label, ITEM_MAX)
  const seen = new Set<string>()
  for (const x of items) {
    if (seen.has(key(x))) return t.paramTwice(label, x)
    seen.add(key(x))
  }
  return ''
}

export function ParamList({ param, value, onChange }: { param: TemplateParam; value: string[]; onChange: (next: string[]) => void }) {
  const t = useT()
  const label = param.label[t.lang]
  const [draft, setDraft] = useState('')
  const [said, setSaid] = useState('')
  // after a move, the moved item's same button keeps the focus
  const focusNext = useRef<{ index: number; what: string } | null>(null)
  const list = useRef<HTMLOListElement>(null)
  useEffect(() => {
    const f = focusNext.current
    if (!f) return
    focusNext.current = null
    list.current?.querySelector<HTMLElement>(`[data-param-row="${f.index}"] ${f.what}`)?.focus()
  })
  const name = (i: number) => value[i]?.trim() || t.paramItem(label, i + 1)

  function move(i: number, by: -1 | 1) {
    const j = i + by
    if (j < 0 || j >= value.length) return
    const next = [...value]
    ;[next[i], next[j]] = [next[j]!, next[i]!]
    // at the top or bottom the button that moved it is gone: the other one takes the focus
    focusNext.current = {
      index: j,
      what: j === 0 ? '[data-param-down]' : j === value.length - 1 ? '[data-param-up]' : by < 0 ? '[data-param-up]' : '[data-param-down]',
    }
    setSaid(t.paramMoved(name(i), j + 1))
    onChange(next)
  }
  function remove(i: number) {
    const gone = name(i)
    const next = value.filter((_, k) => k !== i)
    focusNext.current = next.length ? { index: Math.min(i, next.length - 1), what: 'input' } : null
    setSaid(t.paramRemoved(gone))
    onChange(next)
  }
  function add() {
    const item = draft.trim()
    if (!item) return
    onChange([...value, item])
    setDraft('')
    setSaid(t.paramAdded(item))
  }

  return (
    <fieldset className="param" data-param={param.id}>
      <legend>{label}</legend>
      <p className="muted" id={`param-hint-${param.id}`}>
        {t.paramHint(param.min, param.max)}
      </p>
      <ol ref={list} className="param-items">
        {value.map((item, i) => (
          // the position is the row's identity here: items may be edited to anything, even alike
          // biome-ignore lint/suspicious/noArrayIndexKey: see above
          <li key={i} data-param-row={i}>
            <input
              data-param-item
              value={item}
              maxLength={ITEM_MAX}
              aria-label={t.paramItem(label, i + 1)}
              aria-describedby={`param-hint-${param.id}`}
              onChange={(e) => onChange(value.map((x, k) => (k === i ? e.target.value : x)))}
            />
            {/* an empty slot where a move button is not, so the fields line up */}
            {i === 0 && <span className="param-slot" aria-hidden="true" />}
            {i > 0 && (
              <button type="button" data-param-up onClick={() => move(i, -1)} aria-label={t.paramUp(name(i))} title={t.paramUp(name(i))}>
                ↑
              </button>
            )}
            {i < value.length - 1 && (
              <button type="button" data-param-down onClick={() => move(i, 1)} aria-label={t.paramDown(name(i))} title={t.paramDown(name(i))}>
                ↓
              </button>
            )}
            {i === value.length - 1 && <span className="param-slot" aria-hidden="true" />}
            <button
              type="button"
              data-param-remove
              onClick={() => remove(i)}
              disabled={value.length <= param.min}
              aria-label={t.paramRemove(name(i))}
              title={t.paramRemove(name(i))}
            >
              ✕
            </button>
          </li>
        ))}
      </ol>
      {value.length < param.max && (
        <div className="param-add">
          <input
            data-param-new
            value={draft}
            maxLength={ITEM_MAX}
            aria-label={t.paramNew(label)}
            onChange={(e) => setDraft(e.target.value)}
            onKeyDown={(e) => {
              // Enter adds the line instead of creating the board
              if (e.key === 'Enter') {
                e.preventDefault()
                add()
              }
            }}
          />
          <button type="button" data-param-add onClick={add} disabled={!draft.trim()}>
            {t.paramAdd}
          </button>
        </div>
      )}
      <button type="button" className="param-reset" data-param-reset onClick={() => onChange(param.default)}>
        {t.paramReset}
      </button>
      <p className="visually-hidden" aria-live="polite">
        {said}
      </p>
    </fieldset>
  )
}
