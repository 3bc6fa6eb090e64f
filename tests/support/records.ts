// Valid tldraw 5 records of the kinds a participant may not make ([D16], apps/server SPEC [W16]):
// what a modified client (or an honest page with every tool) would write into `records`.
const base = (id: string, type: string, props: Record<string, unknown>) => ({
  id: `shape:${id}`,
  typeName: 'shape',
  type,
  x: 100,
  y: 100,
  rotation: 0,
  index: 'a5',
  parentId: 'page:page',
  isLocked: false,
  opacity: 1,
  meta: {},
  props,
})

export const drawShape = (id: string) =>
  base(id, 'draw', {
    color: 'black',
    fill: 'none',
    dash: 'draw',
    size: 'm',
    segments: [{ type: 'free', path: 'AAAAAAAAAAA=' }],
    isComplete: true,
    isClosed: false,
    isPen: false,
    scale: 1,
    scaleX: 1,
    scaleY: 1,
  })

export const embedShape = (id: string) => base(id, 'embed', { w: 300, h: 200, url: 'https://example.se/video' })

export const frameShape = (id: string) => base(id, 'frame', { w: 300, h: 200, name: 'Ram', color: 'black' })

export const imageAsset = (id: string) => ({
  id: `asset:${id}`,
  typeName: 'asset',
  type: 'image',
  props: { w: 10, h: 10, name: 'bild.png', isAnimated: false, mimeType: 'image/png', src: 'data:image/png;base64,AAAA' },
  meta: {},
})

export const imageShape = (id: string, assetId: string) =>
  base(id, 'image', { w: 10, h: 10, playing: true, url: '', assetId: `asset:${assetId}`, crop: null, flipX: false, flipY: false, altText: '' })

export const pageRecord = (id: string, name = 'Sida 1') => ({ id: `page:${id}`, typeName: 'page', name, index: 'a5', meta: {} })

export const geoShape = (id: string) =>
  base(id, 'geo', {
    geo: 'rectangle',
    w: 100,
    h: 100,
    color: 'black',
    labelColor: 'black',
    fill: 'none',
    dash: 'draw',
    size: 'm',
    font: 'draw',
    align: 'middle',
    verticalAlign: 'middle',
    growY: 0,
    url: '',
    scale: 1,
    flipX: false,
    flipY: false,
    richText: { type: 'doc', content: [{ type: 'paragraph' }] },
  })
