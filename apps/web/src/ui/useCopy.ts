// Copying a link, the same everywhere: the clipboard API, or selecting the field and the older
// copy command where the page may not use the clipboard (plain http on a LAN address); "copied"
// shows for a moment after.
import { useState } from 'react'

export function useCopy(text: string, fieldId: string): { copied: boolean; copy: () => Promise<void> } {
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
    } catch {
      ;(document.getElementById(fieldId) as HTMLInputElement | null)?.select()
      document.execCommand('copy')
    }
    setCopied(true)
    setTimeout(() => setCopied(false), 1500)
  }
  return { copied, copy }
}
