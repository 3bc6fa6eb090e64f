// Issue 5 on the page: pictures of the board (rendered by tldraw here, in the browser) and the
// session package, a ZIP of the picture with the server's md, csv and tldraw exports. The zip is
// made with fflate's synchronous API: its async API starts workers from blob: URLs, which the
// page's Content-Security-Policy does not allow (and the files are small).
import { zipSync, type Zippable } from 'fflate'
import { getSvgAsImage, type Editor, type TLShapeId } from 'tldraw'
import { rankResults, type VoteResults } from '@tavla/board'
import { api } from '../../api.ts'
import { download, EmptyBoardError, fileBase } from '../../ui/download.ts'

export { download, EmptyBoardError, fileBase }

/**
 * The whole current page (template and notes) as PNG or SVG, with the background color, and
 * the last vote's dots on its notes (apps/server SPEC [H22]): tldraw draws the shapes, the dots
 * are added to its SVG (the badges on the canvas are page overlays, not shapes).
 */
export async function boardPicture(editor: Editor, format: 'png' | 'svg', results?: VoteResults): Promise<Blob> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (!ids.length) throw new EmptyBoardError()
  const made = await editor.getSvgString(ids, { background: true, scale: 1 })
  if (!made) throw new EmptyBoardError()
  const svg = withDots(editor, made.svg, results)
  if (format === 'svg') return new Blob([svg], { type: 'image/svg+xml' })
  const png = await getSvgAsImage(svg, { type: 'png', width: made.width, height: made.height, pixelRatio: 2 })
  if (!png) throw new Error('could not draw the picture')
  return png
}

/** The colour of a dot badge in the picture, as on the canvas (styles.css `.vote-badge`). */
export const PICTURE_DOT_COLOR = '#e03131'

/**
 * Each counted note's dots as a badge at its top right corner, in page coordinates (the SVG's
 * viewBox is the page's): up to five dots, and the number past that.
 */
function withDots(editor: Editor, svg: string, results: VoteResults | undefined): string {
  if (!results) return svg
  const badges: string[] = []
  for (const [id, n] of rankResults(results)) {
    const b = editor.getShapePageBounds(id as TLShapeId)
    if (!b || editor.getShape(id as TLShapeId)?.type !== 'note') continue
    const dots = Math.min(n, 5)
    const w = 10 + dots * 14 + (n > 5 ? 22 : 0)
    const x = b.maxX - w + 10
    const y = b.minY - 12
    const circles = Array.from({ length: dots }, (_, i) => `<circle cx="${x + 12 + i * 14}" cy="${y + 12}" r="5" fill="#fff"/>`).join('')
    const more =
      n > 5 ? `<text x="${x + 10 + dots * 14 + 2}" y="${y + 17}" font-family="sans-serif" font-size="14" font-weight="700" fill="#fff">${n}</text>` : ''
    badges.push(
      `<g data-tavla-votes="${id.replace(/[^\w:-]/g, '')}" data-votes="${n}"><rect x="${x}" y="${y}" width="${w}" height="24" rx="12" fill="${PICTURE_DOT_COLOR}"/>${circles}${more}</g>`,
    )
  }
  if (!badges.length) return svg
  const end = svg.lastIndexOf('</svg>')
  return end < 0 ? svg : `${svg.slice(0, end)}${badges.join('')}${svg.slice(end)}`
}

export interface PackageInput {
  editor: Editor
  boardId: string
  /** The facilitator key: the export API takes no other. */
  boardKey: string
  title: string
  lang: 'sv' | 'en'
  /** The last vote's results, drawn as dots in the picture. */
  results?: VoteResults
}

/** One export of the live board from the server ([H8]); a refusal goes on as the ApiError it is, for the page to put in words ([E1]). */
async function serverExport(input: PackageInput, format: 'md' | 'csv' | 'json'): Promise<Uint8Array> {
  return new Uint8Array(await (await api.boardFile(input.boardId, input.boardKey, format, input.lang)).arrayBuffer())
}

/**
 * The session package: `<title> <date>.zip` holding `<title> <date>.png` (left out when the page
 * has no shapes at all), `.md`, `.csv` and `.tldr` (the json export, which tldraw opens).
 */
export async function sessionPackage(input: PackageInput, when = new Date()): Promise<{ blob: Blob; name: string }> {
  const base = fileBase(input.title, when)
  const [md, csv, json, png] = await Promise.all([
    serverExport(input, 'md'),
    serverExport(input, 'csv'),
    serverExport(input, 'json'),
    boardPicture(input.editor, 'png', input.results).then(
      async (b) => new Uint8Array(await b.arrayBuffer()),
      (e) => {
        if (e instanceof EmptyBoardError) return null
        throw e
      },
    ),
  ])
  const mtime = when
  const files: Zippable = {}
  // A PNG is compressed already: stored, not deflated again.
  if (png) files[`${base}.png`] = [png, { level: 0, mtime }]
  files[`${base}.md`] = [md, { mtime }]
  files[`${base}.csv`] = [csv, { mtime }]
  files[`${base}.tldr`] = [json, { mtime }]
  const zipped = zipSync(files, { level: 6 })
  return { blob: new Blob([zipped as Uint8Array<ArrayBuffer>], { type: 'application/zip' }), name: `${base}.zip` }
}
