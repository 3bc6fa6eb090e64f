type RichNode = { type?: string; text?: unknown; content?: unknown }

const isInline = (n: RichNode) => n.type === 'text' || n.type === 'hardBreak'

function inlineText(n: RichNode): string {
  if (n.type === 'text' && typeof n.text === 'string') return n.text
  if (n.type === 'hardBreak') return '\n'
  return Array.isArray(n.content) ? (n.content as RichNode[]).map(inlineText).join('') : ''
}

function blockLines(n: RichNode): string[] {
  const children = Array.isArray(n.content) ? (n.content as RichNode[]).filter((c) => c && typeof c === 'object') : []
  if (children.length === 0 || children.every(isInline)) return [inlineText(n)]
  return children.flatMap((c) => (isInline(c) ? [inlineText(c)] : blockLines(c)))
}

/** [D5] Plain text of tldraw rich text (TipTap JSON) without a DOM: each block becomes a line. */
export function plainText(richText: unknown): string {
  if (!richText || typeof richText !== 'object') return ''
  return blockLines(richText as RichNode).join('\n')
}

/** Rich text of a plain string, one paragraph a line (the shape tldraw's `toRichText` makes). */
export function richTextOf(text: string): { type: 'doc'; content: unknown[] } {
  return {
    type: 'doc',
    content: text.split('\n').map((line) => (line ? { type: 'paragraph', content: [{ type: 'text', text: line }] } : { type: 'paragraph' })),
  }
}
