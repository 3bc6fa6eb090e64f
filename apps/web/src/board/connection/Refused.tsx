// [R1] What a person is told after the server refused one of this page's changes and the page
// rejoined by itself: why, in their language, and the text that did not get in, to copy.
import { CloseCode } from '@tavla/protocol'
import { useT } from '../../i18n.ts'
import { useCopy } from '../../ui/useCopy.ts'
import type { Refusal } from './useBoardConnection.ts'

export function RefusedBanner({ refused, onClose }: { refused: Refusal; onClose: () => void }) {
  const t = useT()
  const text = refused.texts.join('\n\n')
  const { copied, copy } = useCopy(text, 'refused-text')
  const why =
    refused.code === CloseCode.Locked
      ? t.refusedLocked
      : refused.code === CloseCode.Forbidden
        ? t.refusedForbidden
        : refused.code === CloseCode.TooLarge
          ? t.refusedTooLarge
          : (t.closeReasons[refused.code as CloseCode] ?? t.refusedOther)
  return (
    <div className="banner refused" role="alert" data-testid="refused">
      <p>
        {why} {t.refusedBack}
      </p>
      {refused.texts.length > 0 && (
        <>
          <p>{t.refusedKept}</p>
          <textarea id="refused-text" readOnly value={text} rows={Math.min(6, refused.texts.length * 2)} aria-label={t.refusedKept} />
          <button type="button" onClick={() => void copy()}>
            {copied ? t.copied : t.refusedCopy}
          </button>
        </>
      )}
      <button type="button" onClick={onClose}>
        {t.dismiss}
      </button>
    </div>
  )
}
