// Issue 5 on the page: pictures of the board (rendered by tldraw here, in the browser) and the
// session package, a ZIP of the picture with the server's md, csv and tldraw exports. The zip is
// made with fflate's synchronous API: its async API starts workers from blob: URLs, which the
// page's Content-Security-Policy does not allow (and the files are small).
import { zipSync, type Zippable } from 'fflate'
import type { Editor } from 'tldraw'
import { api } from '../../api.ts'

export class EmptyBoardError extends Error {
  constructor() {
    super('empty board')
  }
}

/** The whole current page (template and notes) as PNG or SVG, with the background color. */
export async function boardPicture(editor: Editor, format: 'png' | 'svg'): Promise<Blob> {
  const ids = [...editor.getCurrentPageShapeIds()]
  if (!ids.length) throw new EmptyBoardError()
  if (format === 'svg') {
    const svg = await editor.getSvgString(ids, { background: true })
    if (!svg) throw new EmptyBoardError()
    return new Blob([svg.svg], { type: 'image/svg+xml' })
  }
  const { blob } = await editor.toImage(ids, { format: 'png', background: true, scale: 1 })
  return blob
}

/** A file name people recognise: the board's title and the date, nothing file systems dislike. */
export function fileBase(title: string, when = new Date()): string {
  const safe =
    title
      .normalize('NFC')
      .replace(/[\\/:*?"<>|\u0000-\u001f]+/g, ' ')
      .trim()
      .slice(0, 80) || 'tavla'
  const p = (n: number) => String(n).padStart(2, '0')
  return `${safe} ${when.getFullYear()}-${p(when.getMonth() + 1)}-${p(when.getDate())}`
}

export function download(blob: Blob, name: string): void {
  const a = document.createElement('a')
  a.href = URL.createObjectURL(blob)
  a.download = name
  a.click()
  setTimeout(() => URL.revokeObjectURL(a.href), 5000)
}

export interface PackageInput {
  editor: Editor
  boardId: string
  /** The facilitator key: the export API takes no other. */
  boardKey: string
  title: string
  lang: 'sv' | 'en'
}

/** One export of the live board from the server ([H8]), its failure named by the format. */
async function serverExport(input: PackageInput, format: 'md' | 'csv' | 'json'): Promise<Uint8Array> {
  try {
    return new Uint8Array(await (await api.boardFile(input.boardId, input.boardKey, format, input.lang)).arrayBuffer())
  } catch (err) {
    throw new Error(`${format}: ${(err as Error).message}`)
  }
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
    boardPicture(input.editor, 'png').then(
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
