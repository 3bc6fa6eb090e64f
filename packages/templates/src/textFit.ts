// How big the template's texts are on the page, estimated the way tldraw 5 renders them (no DOM
// here): its sans font, its sizes and line height. Estimates err on the large side (a character is
// taken as CHAR_EM of the font size, a little wider than tldraw_sans's average), so a box reserved from
// them holds the rendered text; the browser test (tests/browser/template-text.test.ts) measures
// the real thing.
import type { Box } from '@tavla/board'

/** tldraw's text shape font sizes (px at scale 1) and its geo shapes' label sizes. */
export const TEXT_FONT: Record<string, number> = { s: 18, m: 24, l: 36, xl: 44 }
export const LABEL_FONT: Record<string, number> = { s: 18, m: 22, l: 26, xl: 32 }
export const LINE_HEIGHT = 1.35
/** tldraw's padding around a geo shape's label (px at scale 1). */
export const LABEL_PADDING = 16
const CHAR_EM = 0.55

/**
 * The smallest font size (CSS px on screen) a template text has at the first fit, on the smallest
 * screen the product supports (1024×700): READABLE_PX. What the fit fills there, once the top bar
 * (82 px) and the fit's margin (tldraw's zoomToFit: 128 px) are taken off, is about REFERENCE_VIEW.
 * If the page's first fit leaves more room for its toolbars, make this smaller: the browser test
 * measures the real size.
 */
export const READABLE_PX = 11
export const REFERENCE_VIEW = { w: 896, h: 470 }

/** The page font size that is READABLE_PX on screen (with a margin) when a board this big is fit into REFERENCE_VIEW. */
export function readableFont(extent: { w: number; h: number }): number {
  const zoom = Math.min(REFERENCE_VIEW.w / Math.max(1, extent.w), REFERENCE_VIEW.h / Math.max(1, extent.h))
  return (READABLE_PX * 1.05) / zoom
}

/** Lines the text takes when wrapped (at word boundaries, greedily) into this width at this font size. */
export function lineCount(text: string, width: number, font: number): number {
  const perLine = Math.max(1, Math.floor(width / (font * CHAR_EM)))
  let lines = 0
  for (const para of text.split('\n')) {
    let used = 0
    lines++
    for (const word of para.split(/\s+/).filter(Boolean)) {
      const len = word.length
      if (used === 0) used = len
      else if (used + 1 + len <= perLine) used += 1 + len
      else {
        lines++
        used = len
      }
      // a word longer than a line breaks over several
      while (used > perLine) {
        lines++
        used -= perLine
      }
    }
  }
  return lines
}

/** The width one line of this text takes (its longest paragraph), at this font size. */
export const lineWidth = (text: string, font: number): number => Math.max(...text.split('\n').map((p) => p.length)) * font * CHAR_EM

/** The height of a text of this many lines. */
export const textHeight = (lines: number, font: number): number => lines * font * LINE_HEIGHT

export const overlaps = (a: Box, b: Box): boolean => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h
