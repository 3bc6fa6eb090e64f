// tldraw's colours (light theme), as tldraw 5.4.2 draws them (@tldraw/editor's defaultThemes:
// `solid` for strokes, `semi` for a zone's fill, `noteFill`/`noteText` for a note). Copied, not
// imported: the editor package is the browser's, and the server needs only these numbers.

export interface PaletteColor {
  solid: string
  semi: string
  noteFill: string
  noteText: string
}

export const COLORS: Record<string, PaletteColor> = {
  black: { solid: '#1d1d1d', semi: '#e8e8e8', noteFill: '#FCE19C', noteText: '#000000' },
  blue: { solid: '#4465e9', semi: '#dce1f8', noteFill: '#8AA3FF', noteText: '#000000' },
  green: { solid: '#099268', semi: '#d3e9e3', noteFill: '#6FC896', noteText: '#000000' },
  grey: { solid: '#9fa8b2', semi: '#eceef0', noteFill: '#C0CAD3', noteText: '#000000' },
  'light-blue': { solid: '#4ba1f1', semi: '#ddedfa', noteFill: '#9BC4FD', noteText: '#000000' },
  'light-green': { solid: '#4cb05e', semi: '#dbf0e0', noteFill: '#98D08A', noteText: '#000000' },
  'light-red': { solid: '#f87777', semi: '#f4dadb', noteFill: '#F7A5A1', noteText: '#000000' },
  'light-violet': { solid: '#e085f4', semi: '#f5eafa', noteFill: '#DFB0F9', noteText: '#000000' },
  orange: { solid: '#e16919', semi: '#f8e2d4', noteFill: '#FAA475', noteText: '#000000' },
  red: { solid: '#e03131', semi: '#f4dadb', noteFill: '#FC8282', noteText: '#000000' },
  violet: { solid: '#ae3ec9', semi: '#ecdcf2', noteFill: '#DB91FD', noteText: '#000000' },
  yellow: { solid: '#f1ac4b', semi: '#f9f0e6', noteFill: '#FED49A', noteText: '#000000' },
  white: { solid: '#FFFFFF', semi: '#f5f5f5', noteFill: '#FFFFFF', noteText: '#000000' },
}

/** A colour id's values; an unknown or missing id is grey (a zone) or as tldraw's default. */
export const colorOf = (id: string | undefined): PaletteColor => (id && COLORS[id]) || COLORS.grey!
