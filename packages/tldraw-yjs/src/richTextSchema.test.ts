// @tavla/board checks rich text against a table of tldraw's default TipTap schema (it runs on the
// server, without TipTap or a DOM). This test builds ProseMirror's schema from the extensions the
// installed tldraw really uses and fails as soon as the two differ (a tldraw upgrade that adds or
// drops a node, a mark or an attribute), and shows that what the table lets through is what
// ProseMirror can read.
import { createRequire } from 'node:module'
import { pathToFileURL } from 'node:url'
import { describe, expect, it } from 'vitest'
import { tipTapDefaultExtensions } from 'tldraw'
import { RICH_TEXT_MARKS, RICH_TEXT_NODES, richTextProblem } from '@tavla/board'

// TipTap is tldraw's dependency, not ours: take the copy tldraw resolves.
const fromTldraw = createRequire(createRequire(import.meta.url).resolve('tldraw'))
// the little of ProseMirror's Schema this test reads (TipTap's types are not ours to import)
interface PMType {
  name: string
  spec: { group?: string; content?: string }
  attrs: Record<string, { default: unknown }>
  isLeaf: boolean
  create(attrs?: unknown, content?: unknown): PMNode
}
interface PMNode {
  check(): void
  toJSON(): unknown
}
interface PMSchema {
  nodes: Record<string, PMType>
  marks: Record<string, PMType>
  text(text: string, marks?: unknown[]): PMNode
  nodeFromJSON(json: unknown): PMNode
}
const { getSchema } = (await import(pathToFileURL(fromTldraw.resolve('@tiptap/core')).href)) as { getSchema(extensions: unknown): PMSchema }
const schema = getSchema(tipTapDefaultExtensions)

const contentExpression = { block: ['block+', 'paragraph block*'], inline: ['inline*'], item: ['listItem+'] } as const

describe("[D8] the rich text table is tldraw's default TipTap schema", () => {
  it('has the same node types, with the same groups, content and attributes', () => {
    expect(Object.keys(RICH_TEXT_NODES).sort()).toEqual(Object.keys(schema.nodes).sort())
    for (const [name, type] of Object.entries(schema.nodes)) {
      const ours = RICH_TEXT_NODES[name]!
      expect(Object.keys(ours.attrs).sort(), `${name} attributes`).toEqual(Object.keys(type.attrs).sort())
      const groups = (type.spec.group ?? '').split(' ')
      if (ours.group === 'block' || ours.group === 'inline') expect(groups, `${name} group`).toContain(ours.group)
      else expect(type.spec.group, `${name} group`).toBeUndefined()
      if (ours.content === undefined) expect(type.isLeaf, `${name} is a leaf`).toBe(true)
      else expect(contentExpression[ours.content], `${name} content`).toContain(type.spec.content)
      // every default the editor writes passes our check
      for (const [attr, spec] of Object.entries(type.attrs)) expect(ours.attrs[attr]!(spec.default), `${name}.${attr} default`).toBe(true)
    }
  })

  it('has the same mark types and attributes', () => {
    expect(Object.keys(RICH_TEXT_MARKS).sort()).toEqual(Object.keys(schema.marks).sort())
    for (const [name, type] of Object.entries(schema.marks)) {
      expect(Object.keys(RICH_TEXT_MARKS[name]!).sort(), `${name} attributes`).toEqual(Object.keys(type.attrs).sort())
      for (const [attr, spec] of Object.entries(type.attrs)) expect(RICH_TEXT_MARKS[name]![attr]!(spec.default), `${name}.${attr} default`).toBe(true)
    }
  })

  it('accepts a document ProseMirror builds from every node and mark, and refuses what ProseMirror cannot read', () => {
    const n = schema.nodes
    const m = schema.marks
    const inline = [
      schema.text('fet', [m.bold!.create()]),
      schema.text(
        'allt',
        Object.values(m)
          .filter((t) => t.name !== 'link')
          .map((t) => t.create()),
      ),
      n.hardBreak!.create(),
      schema.text('länk', [m.link!.create({ href: 'https://example.se' })]),
    ]
    const built = n.doc!.create(null, [
      n.heading!.create({ level: 3 }, schema.text('Rubrik')),
      n.paragraph!.create({ dir: 'rtl' }, inline),
      n.paragraph!.create(),
      n.bulletList!.create(
        null,
        n.listItem!.create(null, [
          n.paragraph!.create(null, schema.text('a')),
          n.orderedList!.create({ start: 4 }, n.listItem!.create(null, n.paragraph!.create())),
        ]),
      ),
    ])
    built.check()
    const json = built.toJSON()
    expect(richTextProblem(json)).toBeUndefined()

    const unknownMark = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: 'x', marks: [{ type: 'evil' }] }] }] }
    expect(() => schema.nodeFromJSON(unknownMark)).toThrow()
    expect(richTextProblem(unknownMark)).toMatch(/unknown mark type "evil"/)
    const emptyText = { type: 'doc', content: [{ type: 'paragraph', content: [{ type: 'text', text: '' }] }] }
    expect(() => schema.nodeFromJSON(emptyText)).toThrow()
    expect(richTextProblem(emptyText)).toMatch(/non-empty string/)
  })
})
