// [D8] Rich text (props.richText, TipTap JSON) checked against the schema tldraw's editor uses.
//
// tldraw's record validator only asks for `{ type: string, content: unknown[] }`; the canvas then
// hands the JSON to ProseMirror (tldraw's `tipTapDefaultExtensions`), which throws on a mark type
// it does not know, inside text measurement, outside any per-shape error boundary: every canvas
// shows "Something went wrong". So a note's rich text must be a tree of the node and mark types
// of that schema, with their attributes, and nothing else.
//
// The table below is tldraw 5.4's default set (StarterKit without blockquote, code block and
// horizontal rule; Highlight; TextDirection's `dir` on every node but text), written out so the
// server needs neither TipTap nor a DOM. packages/tldraw-yjs/src/richTextSchema.test.ts builds
// ProseMirror's schema from the installed tldraw's extensions and fails when they differ.

type AttrCheck = (v: unknown) => boolean

const nullable =
  (check: AttrCheck): AttrCheck =>
  (v) =>
    v === null || check(v)
const shortString: AttrCheck = (v) => typeof v === 'string' && v.length <= 2048
const dir: AttrCheck = (v) => v === null || v === 'auto' || v === 'ltr' || v === 'rtl'
const integer =
  (min: number, max: number): AttrCheck =>
  (v) =>
    Number.isInteger(v) && (v as number) >= min && (v as number) <= max

interface NodeSpec {
  /** The group of the node (ProseMirror's `group`): what may contain it. */
  group: 'block' | 'inline' | 'top' | 'item'
  /** The group its children belong to; undefined for a leaf. */
  content?: 'block' | 'inline' | 'item'
  attrs: Record<string, AttrCheck>
}

export const RICH_TEXT_NODES: Record<string, NodeSpec> = {
  doc: { group: 'top', content: 'block', attrs: { dir } },
  paragraph: { group: 'block', content: 'inline', attrs: { dir } },
  heading: { group: 'block', content: 'inline', attrs: { dir, level: integer(1, 6) } },
  bulletList: { group: 'block', content: 'item', attrs: { dir } },
  orderedList: { group: 'block', content: 'item', attrs: { dir, start: integer(-1e9, 1e9), type: nullable((v) => typeof v === 'string' && v.length <= 16) } },
  listItem: { group: 'item', content: 'block', attrs: { dir } },
  hardBreak: { group: 'inline', attrs: { dir } },
  text: { group: 'inline', attrs: {} },
}

export const RICH_TEXT_MARKS: Record<string, Record<string, AttrCheck>> = {
  bold: {},
  italic: {},
  strike: {},
  underline: {},
  code: {},
  highlight: {},
  link: { href: nullable(shortString), target: nullable(shortString), rel: nullable(shortString), class: nullable(shortString), title: nullable(shortString) },
}

/** Deeper than any list a person nests; the check is recursive, so this also bounds the stack. */
export const RICH_TEXT_MAX_DEPTH = 48
/** Nodes and marks in one rich text; far above a note's worth, and keeps the check linear. */
export const RICH_TEXT_MAX_ITEMS = 50_000

const own = (o: object, k: string) => Object.hasOwn(o, k)
const isObject = (v: unknown): v is Record<string, unknown> => !!v && typeof v === 'object' && !Array.isArray(v)

function attrsProblem(attrs: unknown, allowed: Record<string, AttrCheck>, what: string): string | undefined {
  if (attrs === undefined || attrs === null) return undefined
  if (!isObject(attrs)) return `attrs of ${what} must be an object`
  for (const key of Object.keys(attrs)) {
    if (!own(allowed, key)) return `${what} has no attribute "${key.slice(0, 40)}"`
    if (!allowed[key]!(attrs[key])) return `attribute "${key}" of ${what} is not valid`
  }
  return undefined
}

/**
 * Why this is not rich text tldraw's editor can show, or undefined when it is. `path` names the
 * field in the problem ("props.richText.content.0.marks.1: unknown mark type \"x\"").
 */
export function richTextProblem(richText: unknown, path = 'richText'): string | undefined {
  let items = 0
  const visit = (node: unknown, at: string, depth: number, parentContent: string | undefined): string | undefined => {
    if (++items > RICH_TEXT_MAX_ITEMS) return `${at}: more than ${RICH_TEXT_MAX_ITEMS} nodes and marks`
    if (depth > RICH_TEXT_MAX_DEPTH) return `${at}: nested deeper than ${RICH_TEXT_MAX_DEPTH}`
    if (!isObject(node)) return `${at}: a node must be an object`
    const type = node.type
    if (typeof type !== 'string' || !own(RICH_TEXT_NODES, type)) return `${at}.type: unknown node type "${String(type).slice(0, 40)}"`
    const spec = RICH_TEXT_NODES[type]!
    if (parentContent === undefined ? type !== 'doc' : spec.group !== parentContent) return `${at}: a ${type} node cannot stand here`
    const attrs = attrsProblem(node.attrs, spec.attrs, `a ${type} node`)
    if (attrs) return `${at}.attrs: ${attrs}`
    if (type === 'text' && (typeof node.text !== 'string' || node.text.length === 0)) return `${at}.text: a text node needs a non-empty string`
    if (node.marks !== undefined) {
      if (spec.group !== 'inline') return `${at}.marks: a ${type} node carries no marks`
      if (!Array.isArray(node.marks)) return `${at}.marks: must be an array`
      for (let i = 0; i < node.marks.length; i++) {
        if (++items > RICH_TEXT_MAX_ITEMS) return `${at}: more than ${RICH_TEXT_MAX_ITEMS} nodes and marks`
        const mark = node.marks[i]
        const markAt = `${at}.marks.${i}`
        if (!isObject(mark)) return `${markAt}: a mark must be an object`
        if (typeof mark.type !== 'string' || !own(RICH_TEXT_MARKS, mark.type)) return `${markAt}.type: unknown mark type "${String(mark.type).slice(0, 40)}"`
        const markAttrs = attrsProblem(mark.attrs, RICH_TEXT_MARKS[mark.type]!, `a ${mark.type} mark`)
        if (markAttrs) return `${markAt}.attrs: ${markAttrs}`
      }
    }
    if (node.content === undefined) return undefined
    if (!Array.isArray(node.content)) return `${at}.content: must be an array`
    if (spec.content === undefined && node.content.length > 0) return `${at}.content: a ${type} node has no content`
    for (let i = 0; i < node.content.length; i++) {
      const problem = visit(node.content[i], `${at}.content.${i}`, depth + 1, spec.content)
      if (problem) return problem
    }
    return undefined
  }
  return visit(richText, path, 0, undefined)
}
