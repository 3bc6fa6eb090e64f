import { Type, type Static } from 'typebox'

// The template format (schemaVersion 1). A template is data: templates/<id>/template.json.

const Localized = Type.Object({ sv: Type.String({ minLength: 1 }), en: Type.String({ minLength: 1 }) }, { additionalProperties: false })
export type Localized = Static<typeof Localized>

const Color = Type.Enum([
  'black',
  'grey',
  'light-violet',
  'violet',
  'blue',
  'light-blue',
  'yellow',
  'orange',
  'green',
  'light-green',
  'light-red',
  'red',
  'white',
])

const Region = Type.Union([
  Type.Object(
    { kind: Type.Literal('rect'), x: Type.Number(), y: Type.Number(), w: Type.Number({ exclusiveMinimum: 0 }), h: Type.Number({ exclusiveMinimum: 0 }) },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('ellipse'), cx: Type.Number(), cy: Type.Number(), rx: Type.Number({ exclusiveMinimum: 0 }), ry: Type.Number({ exclusiveMinimum: 0 }) },
    { additionalProperties: false },
  ),
])

const ZoneSpec = Type.Object(
  {
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    label: Localized,
    prompt: Type.Optional(Localized),
    color: Color,
    region: Region,
  },
  { additionalProperties: false },
)

/** Rows from a list parameter × fixed columns, expanded into zones `<row-slug>__<column-id>`. */
const GridSpec = Type.Object(
  {
    rowsParam: Type.String(),
    columns: Type.Array(
      Type.Object(
        { id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }), label: Localized, prompt: Type.Optional(Localized), color: Color },
        { additionalProperties: false },
      ),
      { minItems: 1 },
    ),
    x: Type.Number(),
    y: Type.Number(),
    rowHeaderWidth: Type.Number({ exclusiveMinimum: 0 }),
    headerHeight: Type.Number({ exclusiveMinimum: 0 }),
    cellWidth: Type.Number({ exclusiveMinimum: 0 }),
    cellHeight: Type.Number({ exclusiveMinimum: 0 }),
  },
  { additionalProperties: false },
)

/** Items of a list parameter placed on a circle, each a zone `<item-slug>` (e.g. the actors). */
const RingSpec = Type.Object(
  {
    param: Type.String(),
    cx: Type.Number(),
    cy: Type.Number(),
    radius: Type.Number({ exclusiveMinimum: 0 }),
    w: Type.Number({ exclusiveMinimum: 0 }),
    h: Type.Number({ exclusiveMinimum: 0 }),
    color: Color,
    prompt: Type.Optional(Localized),
  },
  { additionalProperties: false },
)

const Geo = Type.Enum(['rectangle', 'ellipse', 'cloud', 'arrow-right', 'arrow-left', 'arrow-up', 'arrow-down', 'star', 'heart', 'oval', 'hexagon'])

const Decoration = Type.Union([
  Type.Object(
    {
      kind: Type.Literal('text'),
      x: Type.Number(),
      y: Type.Number(),
      w: Type.Number({ exclusiveMinimum: 0 }),
      text: Localized,
      size: Type.Union([Type.Literal('s'), Type.Literal('m'), Type.Literal('l'), Type.Literal('xl')]),
      color: Type.Optional(Color),
      align: Type.Optional(Type.Union([Type.Literal('start'), Type.Literal('middle'), Type.Literal('end')])),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    {
      kind: Type.Literal('shape'),
      geo: Geo,
      x: Type.Number(),
      y: Type.Number(),
      w: Type.Number({ exclusiveMinimum: 0 }),
      h: Type.Number({ exclusiveMinimum: 0 }),
      color: Color,
      fill: Type.Union([Type.Literal('none'), Type.Literal('semi'), Type.Literal('solid'), Type.Literal('pattern')]),
      text: Type.Optional(Localized),
      size: Type.Optional(Type.Union([Type.Literal('s'), Type.Literal('m'), Type.Literal('l'), Type.Literal('xl')])),
    },
    { additionalProperties: false },
  ),
])

const Param = Type.Object(
  {
    id: Type.String({ pattern: '^[a-zA-Z][a-zA-Z0-9]*$' }),
    label: Localized,
    type: Type.Literal('list'),
    default: Type.Array(Type.String({ minLength: 1, maxLength: 80 }), { minItems: 1 }),
    min: Type.Integer({ minimum: 1 }),
    max: Type.Integer({ minimum: 1 }),
  },
  { additionalProperties: false },
)

const Step = Type.Object(
  { title: Localized, minutes: Type.Integer({ minimum: 1, maximum: 480 }), text: Type.Optional(Localized), questions: Type.Array(Localized) },
  { additionalProperties: false },
)

export const TemplateSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    title: Localized,
    description: Localized,
    guide: Type.Object({ steps: Type.Array(Step) }, { additionalProperties: false }),
    params: Type.Array(Param),
    noteColor: Color,
    zones: Type.Array(ZoneSpec),
    grid: Type.Optional(GridSpec),
    ring: Type.Optional(RingSpec),
    decoration: Type.Array(Decoration),
  },
  { additionalProperties: false },
)
export type Template = Static<typeof TemplateSchema>
export type Decoration = Static<typeof Decoration>
