// [D16] What a participant may make on a board (SPEC.md, "Tools"): one rule, read by the server
// (apps/server SPEC [W16], which refuses the rest) and by the page (which offers only these tools).
// A facilitator may make anything; a viewer nothing.

/** What the facilitator has opened to participants beyond the workshop basics (facilitation key `tools`). */
export interface ToolsState {
  /** Free drawing: the pen (`draw` shapes) and the highlighter (`highlight` shapes). */
  draw: boolean
  /** Frames (`frame` shapes). */
  frames: boolean
  /**
   * [D24] Themes: participants may make, rename and delete themes and move notes into them
   * (`themes`, `themeOf`); absent or false: only the facilitator groups. Written only when true.
   */
  themes?: boolean
}

/** A board that has no `tools` entry: the workshop basics only. */
export const DEFAULT_TOOLS: ToolsState = { draw: false, frames: false }

/** Shape types every participant may make: notes, text, arrows, geo shapes (rectangle, ellipse, …) and groups of them. */
export const BASIC_SHAPES: readonly string[] = ['note', 'text', 'arrow', 'geo', 'group']
export const DRAW_SHAPES: readonly string[] = ['draw', 'highlight']
export const FRAME_SHAPES: readonly string[] = ['frame']

/** Record types a participant may write besides shapes: arrow bindings and tldraw's user records. */
const PARTICIPANT_RECORDS: ReadonlySet<string> = new Set(['binding', 'user'])

/** The shape types participants may make under this policy. */
export function participantShapes(tools: ToolsState = DEFAULT_TOOLS): ReadonlySet<string> {
  return new Set([...BASIC_SHAPES, ...(tools.draw ? DRAW_SHAPES : []), ...(tools.frames ? FRAME_SHAPES : [])])
}

/** What a shape type is called in a refusal (Swedish: the server's reasons are read by people). */
const SHAPE_NAMES: Record<string, string> = {
  draw: 'frihandsteckningar',
  highlight: 'överstrykningar',
  frame: 'ramar',
  image: 'bilder',
  video: 'video',
  embed: 'inbäddningar',
  bookmark: 'bokmärken',
  line: 'linjer',
}

/**
 * Why a participant may not write this record (create it, or change it into this) under this
 * policy, or undefined when they may. `shapes` is `participantShapes(tools)`. The reasons are
 * short Swedish sentences (a close reason holds at most 123 bytes).
 */
export function participantRecordRefusal(record: unknown, shapes: ReadonlySet<string>): string | undefined {
  const { typeName, type } = (record ?? {}) as { typeName?: unknown; type?: unknown }
  if (typeName === 'shape') {
    if (typeof type === 'string' && shapes.has(type)) return undefined
    const name = typeof type === 'string' ? SHAPE_NAMES[type] : undefined
    return name ? `deltagare får inte skapa ${name} på den här tavlan` : `deltagare får inte skapa den här sortens former (${String(type).slice(0, 30)})`
  }
  if (typeName === 'page') return 'deltagare får inte skapa, byta namn på eller ta bort sidor'
  if (typeName === 'asset') return 'deltagare får inte ladda upp bilder, video eller filer'
  if (typeof typeName === 'string' && PARTICIPANT_RECORDS.has(typeName)) return undefined
  return 'deltagare får inte ändra tavlans inställningar'
}

/** The shape type a record has when it is a shape (for "changes an existing one of the same type"). */
export function shapeTypeOf(record: unknown): string | undefined {
  const { typeName, type } = (record ?? {}) as { typeName?: unknown; type?: unknown }
  return typeName === 'shape' && typeof type === 'string' ? type : undefined
}

/** The `tools` entry of the facilitation map; malformed reads as absent. */
export function readTools(v: unknown): ToolsState | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined
  const { draw, frames, themes } = v as Record<string, unknown>
  if ([draw, frames, themes].some((f) => f !== undefined && typeof f !== 'boolean')) return undefined
  return { draw: draw === true, frames: frames === true, ...(themes === true ? { themes: true } : {}) }
}
