// The facilitator's switch for grouping (issue 15, board SPEC [D24]): whether participants may
// group notes into themes too, set through the server (`tools.set { themes }`, apps/server [H12]).
import type { FacilitationRequest, ToolsState } from '@tavla/board'
import { useT } from '../../i18n.ts'

export function ThemesCard({ tools, act }: { tools: ToolsState | undefined; act: (body: FacilitationRequest, done: string) => unknown }) {
  const t = useT()
  const on = tools?.themes === true
  return (
    <section aria-labelledby="tools-themes" className="tools-card" data-themes-card>
      <h3 id="tools-themes">{t.themesCardTitle}</h3>
      <p className="muted">{t.themesCardHint}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={on}
          onChange={(e) => act({ action: 'tools.set', themes: e.target.checked }, e.target.checked ? t.themesParticipantsOn : t.themesParticipantsOff)}
          data-tools-themes
        />{' '}
        {t.themesParticipants}
      </label>
    </section>
  )
}
