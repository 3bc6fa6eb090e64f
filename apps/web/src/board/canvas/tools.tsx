// Issue 13 item 5: each role gets the tools a workshop needs (board SPEC [D16]). The server
// refuses what a participant may not make (apps/server SPEC [W16]); this page does not offer it,
// so an honest page never meets that refusal: tldraw's toolbar, menus, actions and their
// keyboard shortcuts, the page menu, and what a paste or a dropped file would make. The style
// panel is folded into one button for everyone, so it does not sit open over the canvas.
import { useEffect, useMemo } from 'react'
import {
  DefaultStylePanel,
  MobileStylePanel,
  useEditor,
  useRelevantStyles,
  useToasts,
  type Editor,
  type TLComponents,
  type TLUiOverrides,
  type TLUiStylePanelProps,
} from 'tldraw'
import { DEFAULT_TOOLS, participantShapes, type ToolsState } from '@tavla/board'
import { useT } from '../../i18n.ts'
import { useBoard, useFacilitation, type BoardContextValue } from '../BoardContext.ts'

type Role = BoardContextValue['role']

/** tldraw tool items a participant never gets: the eraser (it removes others' notes at a stroke), lines, media, embeds. */
const NEVER_TOOLS = ['eraser', 'line', 'asset', 'embed'] as const
const DRAW_TOOLS = ['draw', 'highlight'] as const
const FRAME_TOOLS = ['frame'] as const

/** tldraw actions a participant never gets: media, embeds, bookmarks, pages, images made of shapes, export of the whole board. */
const NEVER_ACTIONS = [
  'insert-embed',
  'insert-media',
  'export-all-as-svg',
  'export-all-as-png',
  'convert-to-bookmark',
  'convert-to-embed',
  'open-embed-link',
  'move-to-new-page',
  'change-page-prev',
  'change-page-next',
  'flatten-to-image',
  'image-replace',
  'video-replace',
] as const
const FRAME_ACTIONS = ['frame-selection', 'remove-frame', 'fit-frame-to-content'] as const

/** The tldraw tool ids a participant has under this policy that the basics do not include. */
export function removedTools(tools: ToolsState = DEFAULT_TOOLS): string[] {
  return [...NEVER_TOOLS, ...(tools.draw ? [] : DRAW_TOOLS), ...(tools.frames ? [] : FRAME_TOOLS)]
}

function participantOverrides(tools: ToolsState): TLUiOverrides {
  const gone = removedTools(tools)
  const goneActions = [...NEVER_ACTIONS, ...(tools.frames ? [] : FRAME_ACTIONS)]
  return {
    // removing a tool item removes its toolbar button, its menu entries and its keyboard shortcut
    tools(_editor, items) {
      for (const id of gone) delete items[id]
      return items
    },
    actions(_editor, items) {
      for (const id of goneActions) delete items[id]
      return items
    },
  }
}

/** The style panel as one button (tldraw's own, from its small-screen layout) that opens it. */
function FoldedStylePanel(props: TLUiStylePanelProps) {
  const styles = useRelevantStyles()
  // inside the popover: the panel itself
  if (props.isMobile) return <DefaultStylePanel {...props} />
  if (!styles) return null
  return (
    <div className="tavla-style-button" data-testid="tavla-style-button">
      <MobileStylePanel />
    </div>
  )
}

const everyone: TLComponents = { StylePanel: FoldedStylePanel }
const notFacilitator: TLComponents = { ...everyone, PageMenu: null, TopPanel: ParticipantToolWatch }
/** One page: tldraw then offers no page menu, no "move to page", and makes no page. */
const onePage = { maxPages: 1 }

/**
 * What the tldraw UI of this role offers (`overrides`, `components`, `options` for <Tldraw>),
 * with the page's own overrides and components first. Stable while the policy stays the same.
 */
export function useToolUi(
  role: Role,
  tools: ToolsState | undefined,
  base: { overrides?: TLUiOverrides; components: TLComponents },
): { overrides: TLUiOverrides[]; components: TLComponents; options: { maxPages: number } | undefined } {
  const draw = tools?.draw === true
  const frames = tools?.frames === true
  const { overrides, components } = base
  return useMemo(() => {
    const own = role === 'facilitator' ? [] : [participantOverrides({ draw, frames })]
    return {
      overrides: [...(overrides ? [overrides] : []), ...own],
      components: { ...components, ...(role === 'facilitator' ? everyone : notFacilitator) },
      options: role === 'facilitator' ? undefined : onePage,
    }
  }, [role, draw, frames, overrides, components])
}

/** Tells the tldraw UI (ToolNotice) that the page did not take something pasted or dropped. */
const refusedListeners = new Set<() => void>()

/**
 * Keeps a participant's page from making what the policy does not allow, whatever tldraw path
 * would make it (a paste of a frame or a drawing, a dropped file, a pasted link that would become
 * a bookmark): a pasted link becomes text, files and embeds are not taken, and a shape or asset
 * this page made that the policy does not allow is taken out in the same change, before the
 * binding sends it. A tool the policy no longer has is left for the select tool.
 * Returns the cleanup; `tools()` reads the current policy.
 */
export function guardTools(editor: Editor, role: Role, tools: () => ToolsState | undefined): () => void {
  if (role === 'facilitator') return () => {}
  const refused = () => {
    for (const f of refusedListeners) f()
  }
  editor.registerExternalContentHandler('files', () => refused())
  editor.registerExternalContentHandler('embed', () => refused())
  editor.registerExternalContentHandler('svg-text', () => refused())
  editor.registerExternalContentHandler('url', (info) => editor.putExternalContent({ type: 'text', text: info.url, point: info.point, sources: info.sources }))
  const offShape = editor.sideEffects.registerAfterCreateHandler('shape', (shape, source) => {
    if (source !== 'user' || participantShapes(tools()).has(shape.type)) return
    editor.deleteShapes([shape.id])
    refused()
  })
  const offAsset = editor.sideEffects.registerAfterCreateHandler('asset', (asset, source) => {
    if (source !== 'user') return
    editor.deleteAssets([asset.id])
    refused()
  })
  return () => {
    offShape()
    offAsset()
  }
}

/**
 * Inside tldraw's UI, for everyone but the facilitator: a tool the facilitator closes is left for
 * the select tool, and a paste or a dropped file that was not taken is said so (tldraw's toast).
 */
function ParticipantToolWatch() {
  const t = useT()
  const editor = useEditor()
  const { addToast } = useToasts()
  const tools = useFacilitation(useBoard().doc).tools
  const draw = tools?.draw === true
  const frames = tools?.frames === true
  useEffect(() => {
    if (removedTools({ draw, frames }).includes(editor.getCurrentToolId())) editor.setCurrentTool('select')
  }, [editor, draw, frames])
  useEffect(() => {
    const on = () => addToast({ id: 'tavla-refused-paste', title: t.participantPasteRefused, severity: 'info' })
    refusedListeners.add(on)
    return () => {
      refusedListeners.delete(on)
    }
  }, [addToast, t.participantPasteRefused])
  return null
}

/** The facilitator's switches for what participants may make ([D16], `tools.set`). */
export function ParticipantToolsCard({
  tools,
  act,
}: {
  tools: ToolsState | undefined
  act: (body: { action: 'tools.set'; draw?: boolean; frames?: boolean }, done: string) => unknown
}) {
  const t = useT()
  const { draw, frames } = tools ?? DEFAULT_TOOLS
  return (
    <section aria-labelledby="tools-participant-tools" className="tools-card" data-participant-tools>
      <h3 id="tools-participant-tools">{t.participantToolsTitle}</h3>
      <p className="muted">{t.participantToolsBasics}</p>
      <label className="check">
        <input
          type="checkbox"
          checked={draw}
          onChange={(e) => act({ action: 'tools.set', draw: e.target.checked }, e.target.checked ? t.participantToolsDrawOn : t.participantToolsDrawOff)}
          data-tools-draw
        />{' '}
        {t.participantToolsDraw}
      </label>
      <label className="check">
        <input
          type="checkbox"
          checked={frames}
          onChange={(e) => act({ action: 'tools.set', frames: e.target.checked }, e.target.checked ? t.participantToolsFramesOn : t.participantToolsFramesOff)}
          data-tools-frames
        />{' '}
        {t.participantToolsFrames}
      </label>
    </section>
  )
}
