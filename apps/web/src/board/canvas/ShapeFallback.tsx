import type { TLShapeErrorFallbackComponent } from 'tldraw'
import { useT } from '../../i18n.ts'

/**
 * [D8] tldraw draws this in place of one shape that throws while rendering, so the rest of the
 * board still shows. (Shapes the binding already knows to be bad arrive as placeholders.)
 */
export const ShapeFallback: TLShapeErrorFallbackComponent = () => {
  const t = useT()
  return (
    <div className="tl-shape-error-boundary" role="img" aria-label={t.shapeFailed} data-testid="shape-fallback">
      {t.shapeFailed}
    </div>
  )
}
