// The board's picture (svg.ts) as PNG, rendered by resvg (Rust, prebuilt binaries from the npm
// registry) with only the fonts this package ships: the same picture on every server.
import { Resvg } from '@resvg/resvg-js'
import { FONT_FILES } from './fonts.ts'
import { SVG_FONT } from './svg.ts'

export function boardPng(svg: string): Buffer {
  const resvg = new Resvg(svg, {
    font: { loadSystemFonts: false, fontFiles: [FONT_FILES.regular, FONT_FILES.bold], defaultFontFamily: SVG_FONT, sansSerifFamily: SVG_FONT },
    background: '#ffffff',
  })
  return resvg.render().asPng()
}
