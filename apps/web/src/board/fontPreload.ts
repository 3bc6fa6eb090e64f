// tldraw draws a page only once the fonts of its shapes are loaded (editor.options
// .maxFontsToLoadBeforeRender), and it asks for them only when its own code has arrived and run.
// On a weak connection that is one more download after the biggest one (issue 16). The board page
// knows the shapes as soon as the doc is there (from this device's copy or the first sync, while
// the canvas code is still on its way), so it asks for those fonts then, with the canvas code.
// The URLs are the ones tldraw will ask for (the same imports, subset at build time,
// build/subsetFonts.ts): the browser gives tldraw the preloaded bytes.
import draw from '@tldraw/assets/fonts/Shantell_Sans-Informal_Regular.woff2?url'
import mono from '@tldraw/assets/fonts/IBMPlexMono-Medium.woff2?url'
import sans from '@tldraw/assets/fonts/IBMPlexSans-Medium.woff2?url'
import serif from '@tldraw/assets/fonts/IBMPlexSerif-Medium.woff2?url'
import type * as Y from 'yjs'
import { backgroundOf, readRecords, recordsOf } from '@tavla/board'

/** tldraw's font style → the face it draws unstyled text of that font with. */
const FACES: Record<string, string> = { draw, sans, serif, mono }

/** The faces the shapes of this doc are written in (a shape's `props.font`): the template's
 * shapes in the background (board SPEC [D3]) and the people's in the records. */
export function fontsOf(doc: Y.Doc): string[] {
  const used = new Set<string>()
  for (const root of [backgroundOf(doc), recordsOf(doc)])
    for (const rec of readRecords<{ typeName?: string; props?: { font?: unknown } }>(root).values()) {
      const font = rec?.typeName === 'shape' ? rec.props?.font : undefined
      if (typeof font === 'string' && FACES[font]) used.add(FACES[font])
    }
  return [...used]
}

/** Asks for the fonts the board's shapes need, once each per page. */
export function preloadBoardFonts(doc: Y.Doc): void {
  for (const href of fontsOf(doc)) {
    if (document.head.querySelector(`link[rel=preload][href="${CSS.escape(href)}"]`)) continue
    const link = document.createElement('link')
    link.rel = 'preload'
    link.as = 'font'
    link.type = 'font/woff2'
    link.crossOrigin = 'anonymous' // fonts are fetched in CORS mode; the preload must match to be used
    link.href = href
    document.head.append(link)
  }
}
