import { describe, expect, it } from 'vitest'
import { makeNote, recordProblem, recordScope, richTextProblem, RICH_TEXT_MAX_DEPTH, RICH_TEXT_MAX_ITEMS } from './index.ts'

const note = (richText: unknown) => {
  const n = makeNote({ id: 'bad', x: 0, y: 0, text: 'x' })
  return { ...n, props: { ...n.props, richText } }
}
const doc = (...content: unknown[]) => ({ type: 'doc', content })
const para = (...content: unknown[]) => ({ type: 'paragraph', content })
const text = (t: string, marks?: unknown[]) => (marks ? { type: 'text', text: t, marks } : { type: 'text', text: t })

describe('[D8] rich text every canvas can show', () => {
  it('accepts what tldraw writes: every node and mark of its default set, with their attributes', () => {
    const rich = {
      type: 'doc',
      attrs: { dir: 'auto' },
      content: [
        { type: 'heading', attrs: { level: 2, dir: 'ltr' }, content: [text('Rubrik', [{ type: 'bold' }])] },
        para(
          text('a', [{ type: 'italic' }, { type: 'underline' }, { type: 'strike' }, { type: 'code' }, { type: 'highlight' }]),
          { type: 'hardBreak' },
          text('länk', [
            { type: 'link', attrs: { href: 'https://example.se', target: '_blank', rel: 'noopener noreferrer nofollow', class: null, title: null } },
          ]),
        ),
        { type: 'paragraph', attrs: { dir: null } },
        {
          type: 'bulletList',
          content: [
            {
              type: 'listItem',
              content: [
                para(text('punkt')),
                { type: 'orderedList', attrs: { start: 3, type: null }, content: [{ type: 'listItem', content: [para(text('djup'))] }] },
              ],
            },
          ],
        },
      ],
    }
    expect(richTextProblem(rich)).toBeUndefined()
    expect(recordProblem(note(rich))).toBeUndefined()
    expect(recordProblem(makeNote({ id: 'n', x: 0, y: 0, text: 'två\n\nrader' }))).toBeUndefined()
  })

  it('refuses a mark type tldraw does not know, naming the record and the field', () => {
    // tldraw's own validator lets this through; ProseMirror throws on it in every canvas
    expect(recordProblem(note(doc(para(text('x', [{ type: 'evil' }])))))).toBe(
      'shape:bad: props.richText.content.0.content.0.marks.0.type: unknown mark type "evil"',
    )
  })

  it('refuses unknown node types, misplaced nodes and broken text nodes', () => {
    expect(richTextProblem(doc({ type: 'blockquote', content: [] }))).toMatch(/unknown node type "blockquote"/)
    expect(richTextProblem({ type: 'paragraph', content: [] })).toMatch(/a paragraph node cannot stand here/)
    expect(richTextProblem(doc(text('direkt i doc')))).toMatch(/content\.0: a text node cannot stand here/)
    expect(richTextProblem(doc(para(para())))).toMatch(/content\.0\.content\.0: a paragraph node cannot stand here/)
    expect(richTextProblem(doc({ type: 'bulletList', content: [para(text('x'))] }))).toMatch(/cannot stand here/)
    expect(richTextProblem(doc(para(text(''))))).toMatch(/non-empty string/)
    expect(richTextProblem(doc(para({ type: 'text', text: 5 })))).toMatch(/non-empty string/)
    expect(richTextProblem(doc(para({ type: 'hardBreak', content: [text('x')] })))).toMatch(/has no content/)
    expect(richTextProblem(doc(para(null)))).toMatch(/must be an object/)
    expect(richTextProblem(doc({ type: 'paragraph', content: 'x' }))).toMatch(/content: must be an array/)
    expect(richTextProblem(doc({ type: 'paragraph', marks: [{ type: 'bold' }] }))).toMatch(/carries no marks/)
  })

  it('refuses attributes the schema does not have, or implausible values', () => {
    expect(richTextProblem(doc({ type: 'heading', attrs: { level: 9 } }))).toMatch(/attribute "level"/)
    expect(richTextProblem(doc({ type: 'heading', attrs: { level: '2' } }))).toMatch(/attribute "level"/)
    expect(richTextProblem(doc({ type: 'paragraph', attrs: { dir: 'up' } }))).toMatch(/attribute "dir"/)
    expect(richTextProblem(doc({ type: 'paragraph', attrs: { onclick: 'x' } }))).toMatch(/no attribute "onclick"/)
    expect(richTextProblem(doc(para(text('x', [{ type: 'link', attrs: { href: { toString: 1 } } }]))))).toMatch(/attribute "href"/)
    expect(richTextProblem(doc(para(text('x', [{ type: 'bold', attrs: { color: 'red' } }]))))).toMatch(/no attribute "color"/)
    expect(richTextProblem(doc(para(text('x', [{ type: 'highlight', attrs: [] }]))))).toMatch(/must be an object/)
    expect(richTextProblem(doc(para(text('x', { type: 'bold' } as never))))).toMatch(/marks: must be an array/)
  })

  it('is bounded: too deep or too many nodes is refused without walking it all', () => {
    let deep: unknown = para(text('botten'))
    for (let i = 0; i < RICH_TEXT_MAX_DEPTH; i++) deep = { type: 'bulletList', content: [{ type: 'listItem', content: [deep] }] }
    expect(richTextProblem(doc(deep))).toMatch(/nested deeper than/)
    // a million-deep chain would overflow the stack if the depth were not checked first
    let chain: unknown = para()
    for (let i = 0; i < 500_000; i++) chain = { type: 'bulletList', content: [{ type: 'listItem', content: [chain] }] }
    expect(richTextProblem(doc(chain))).toMatch(/nested deeper than/)
    const wide = doc(para(...Array.from({ length: RICH_TEXT_MAX_ITEMS + 1 }, () => text('x'))))
    expect(richTextProblem(wide)).toMatch(/more than 50000/)
    const marks = doc(
      para(
        text(
          'x',
          Array.from({ length: RICH_TEXT_MAX_ITEMS }, () => ({ type: 'bold' })),
        ),
      ),
    )
    expect(richTextProblem(marks)).toMatch(/more than 50000/)
  })

  it('checks rich text on every shape that has it, not only notes', () => {
    const geo = {
      id: 'shape:g',
      typeName: 'shape',
      type: 'geo',
      x: 0,
      y: 0,
      rotation: 0,
      index: 'a1',
      parentId: 'page:page',
      isLocked: false,
      opacity: 1,
      meta: {},
      props: {
        geo: 'rectangle',
        w: 100,
        h: 100,
        color: 'black',
        labelColor: 'black',
        fill: 'none',
        dash: 'draw',
        size: 'm',
        font: 'draw',
        align: 'middle',
        verticalAlign: 'middle',
        growY: 0,
        url: '',
        scale: 1,
        flipX: false,
        flipY: false,
        richText: doc(para(text('x', [{ type: 'evil' }]))),
      },
    }
    expect(recordProblem(geo)).toMatch(/^shape:g: props\.richText\..*unknown mark type "evil"/)
  })
})

describe('[D2] document scope only', () => {
  it("takes the scope from tldraw's schema", () => {
    expect(recordScope('shape')).toBe('document')
    expect(recordScope('camera')).toBe('session')
    expect(recordScope('instance_presence')).toBe('presence')
    expect(recordScope('constructor')).toBeUndefined()
  })

  it('refuses session and presence records', () => {
    const camera = { id: 'camera:page:page', typeName: 'camera', x: 0, y: 0, z: 1, meta: {} }
    expect(recordProblem(camera)).toBe('camera:page:page: camera records have session scope and are never stored in a board')
    const instance = { id: 'instance:instance', typeName: 'instance', isFocusMode: true, isDebugMode: true }
    expect(recordProblem(instance)).toMatch(/^instance:instance: instance records have session scope/)
    expect(recordProblem({ id: 'pointer:pointer', typeName: 'pointer' })).toMatch(/session scope/)
    expect(recordProblem({ id: 'x', typeName: 'instance_presence' })).toMatch(/presence scope/)
    expect(recordProblem({ id: 'x', typeName: 'toString' })).toMatch(/unknown record type/)
  })
})
