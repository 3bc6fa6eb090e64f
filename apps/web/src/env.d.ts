/// <reference types="vite/client" />
declare module '@tldraw/assets/imports.vite' {
  import type { TLEditorAssetUrls } from 'tldraw'
  export function getAssetUrlsByImport(opts?: { baseUrl?: string }): TLEditorAssetUrls
}
