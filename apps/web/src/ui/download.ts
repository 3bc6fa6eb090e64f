// Files the page hands the person: a name they recognise and the browser's download. Kept free of
// tldraw, so the start page and the session page load without the canvas (apps/server SPEC [H23]).

/** A board with no shapes has no picture. */
export class EmptyBoardError extends Error {
  constructor() {
    super('empty board')
  }
}

/** A file name people recognise: the board's title and the date, nothing file systems dislike. */
export function fileBase(title: string, when = new Date()): string {
  const safe =
    title
      .normalize('NFC')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this removes from a file name
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
