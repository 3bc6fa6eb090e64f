// tldraw's fonts cut down to the letters our users write (issue 16). A note's font (Shantell Sans)
// is 150 KB as tldraw ships it, with glyphs for Cyrillic, Vietnamese and hundreds of contextual
// alternates; tldraw waits for the fonts of the shapes on the page before it draws them, so on a
// weak connection every kilobyte of it comes before the board does. The subset keeps what
// Swedish, the national minority languages (Finnish, Meänkieli, the Sami languages, Romani) and
// the other Latin-script languages of Europe need, with the usual punctuation and symbols; it
// drops the OpenType alternates that only those glyphs reach (harfbuzz's layout closure). A
// letter outside it still shows: the browser draws it with the next font of tldraw's font stack,
// and tldraw measures what the browser draws. Made once per font and kept in
// node_modules/.cache/tavla-fonts (a build of a fresh clone takes a few seconds more).
import { createHash } from 'node:crypto'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { basename, join, resolve } from 'node:path'
import subsetFont from 'subset-font'
import type { Plugin } from 'vite'

/** Unicode ranges kept, inclusive. */
export const KEPT_RANGES: [number, number][] = [
  [0x0020, 0x007e], // Basic Latin
  [0x00a0, 0x024f], // Latin-1 Supplement, Latin Extended-A and -B (å ä ö, Finnish, Sami: č đ ŋ š ŧ ž ǥ ǧ ǩ ǯ)
  [0x0292, 0x0292], // ʒ (Sami ezh)
  [0x02bc, 0x02bc], // ʼ (modifier apostrophe, Skolt Sami)
  [0x02c6, 0x02dd], // spacing accents ˆ ˇ ˘ ˙ ˚ ˛ ˜ ˝
  [0x0300, 0x036f], // combining accents
  [0x1e00, 0x1eff], // Latin Extended Additional
  [0x2010, 0x2027], // dashes, quotes, bullets, ellipsis
  [0x2030, 0x203a], // per mille, primes, angle quotes
  [0x20ac, 0x20ac], // €
  [0x2116, 0x2116], // №
  [0x2122, 0x2122], // ™
  [0x2190, 0x2199], // arrows
  [0x2212, 0x2212], // minus
  [0x2248, 0x2248], // ≈
  [0x2260, 0x2265], // ≠ ≤ ≥
]

const FONT = /[\\/]@tldraw[\\/]assets[\\/]fonts[\\/]([^\\/?]+\.woff2)\?url$/

function keptText(): string {
  let text = ''
  for (const [from, to] of KEPT_RANGES) for (let c = from; c <= to; c++) text += String.fromCodePoint(c)
  return text
}

export function subsetFonts(): Plugin {
  let cacheDir = ''
  const text = keptText()
  const version = JSON.parse(readFileSync(resolve(import.meta.dirname, '../node_modules/subset-font/package.json'), 'utf8')).version as string
  return {
    name: 'tavla-subset-fonts',
    apply: 'build',
    enforce: 'pre',
    configResolved(c) {
      cacheDir = resolve(c.root, 'node_modules/.cache/tavla-fonts')
    },
    async load(id) {
      const m = FONT.exec(id)
      if (!m) return null
      const file = id.slice(0, id.indexOf('?'))
      const original = readFileSync(file)
      const key = createHash('sha256').update(original).update(text).update(`subset-font ${version}, no layout closure`).digest('hex').slice(0, 32)
      const cached = join(cacheDir, `${key}.woff2`)
      let source: Uint8Array
      if (existsSync(cached)) source = readFileSync(cached)
      else {
        source = await subsetFont(original, text, { targetFormat: 'woff2', noLayoutClosure: true })
        mkdirSync(cacheDir, { recursive: true })
        writeFileSync(cached, source)
      }
      const ref = this.emitFile({ type: 'asset', name: basename(file), source })
      return `export default import.meta.ROLLUP_FILE_URL_${ref}`
    },
  }
}
