// The anchor of the big-board scenario (issue 16): tldraw alone, as a tldraw user would set it up
// (<Tldraw> with its self-hosted assets), putting the same records tavla's board holds into its
// store with one `store.put`, then showing them all. Built and served by bench/src/scenarios/bigBoard.ts.
import { createRoot } from 'react-dom/client'
import { Tldraw, type Editor, type TLRecord } from 'tldraw'
import { getAssetUrlsByImport } from '@tldraw/assets/imports.vite'
import 'tldraw/tldraw.css'

const assetUrls = getAssetUrlsByImport()
// asked for before React starts, as tavla asks for its board while the canvas loads
const records = fetch('/records.json').then((r) => r.json() as Promise<TLRecord[]>)

function onMount(editor: Editor) {
  ;(window as unknown as { tavla: unknown }).tavla = { editor }
  void records.then((rs) => {
    editor.store.put(rs)
    editor.zoomToFit({ animation: { duration: 0 } })
  })
}

createRoot(document.getElementById('root')!).render(<Tldraw assetUrls={assetUrls} onMount={onMount} />)
