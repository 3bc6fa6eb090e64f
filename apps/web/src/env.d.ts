/// <reference types="vite/client" />
declare module '@tldraw/assets/imports.vite' {
  import type { TLUiAssetUrls } from 'tldraw'
  export function getAssetUrlsByImport(opts?: { baseUrl?: string }): TLUiAssetUrls
}
