// The font files the picture and the PDF embed: DejaVu Sans (TrueType) from the npm package
// `dejavu-fonts-ttf`, so no system font is needed and å, ä, ö (and the rest of Latin, Greek and
// Cyrillic) render on any server. tldraw ships its fonts as WOFF2 only, which resvg cannot read.
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

const dir = join(dirname(createRequire(import.meta.url).resolve('dejavu-fonts-ttf/package.json')), 'ttf')

export const FONT_FILES = {
  regular: join(dir, 'DejaVuSans.ttf'),
  bold: join(dir, 'DejaVuSans-Bold.ttf'),
  italic: join(dir, 'DejaVuSans-Oblique.ttf'),
} as const
