import { Type, type Static } from 'typebox'

// The session template format (schemaVersion 1): templates/sessions/<id>/session.json. A session
// is an ordered agenda of exercises, over one or more meetings (seed 000's five workshops with one
// beredningsgrupp, November to May). An exercise is made from a board template (with its
// parameters) or is a plain one (a welcome, a break, a presentation: a blank board). What a field
// left out means is filled in by exerciseDefaults (sessions.ts).

/** Most meetings in one session, and most exercises over all its meetings (the second is checked in sessions.ts). */
export const MAX_MEETINGS = 12
export const MAX_SESSION_EXERCISES = 40

const Text = (maxLength: number) =>
  Type.Object({ sv: Type.String({ minLength: 1, maxLength }), en: Type.String({ minLength: 1, maxLength }) }, { additionalProperties: false })
const Title = Text(200)
const Prose = Text(2000)

const Minutes = Type.Integer({ minimum: 0, maximum: 600 })

/** The exercise's tools: private writing, a dot vote (perNote at most dots: sessions.ts checks), who may edit. */
const ToolsSpec = Type.Object(
  {
    private: Type.Optional(Type.Boolean()),
    vote: Type.Optional(
      Type.Union([
        Type.Object(
          { dots: Type.Integer({ minimum: 1, maximum: 20 }), perNote: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })) },
          { additionalProperties: false },
        ),
        Type.Null(),
      ]),
    ),
    edit: Type.Optional(Type.Union([Type.Literal('participants'), Type.Literal('facilitator')])),
  },
  { additionalProperties: false },
)

/** An exercise made from a board template; the title defaults to the template's, the minutes to its guide's. */
export const TemplateExerciseSchema = Type.Object(
  {
    kind: Type.Optional(Type.Literal('template')),
    template: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    title: Type.Optional(Title),
    params: Type.Optional(Type.Record(Type.String(), Type.Array(Type.String()))),
    minutes: Type.Optional(Minutes),
    prompt: Type.Optional(Prose),
    tools: Type.Optional(ToolsSpec),
  },
  { additionalProperties: false },
)

/** A plain exercise (welcome, break, presentation): a blank board with a title and its minutes. */
export const PlainExerciseSchema = Type.Object(
  {
    kind: Type.Literal('plain'),
    title: Title,
    prompt: Type.Optional(Prose),
    minutes: Minutes,
    tools: Type.Optional(ToolsSpec),
  },
  { additionalProperties: false },
)

export const SessionExerciseSchema = Type.Union([PlainExerciseSchema, TemplateExerciseSchema])

export const MeetingSpecSchema = Type.Object(
  { title: Title, exercises: Type.Array(SessionExerciseSchema, { minItems: 1, maxItems: MAX_SESSION_EXERCISES }) },
  { additionalProperties: false },
)

export const SessionTemplateSchema = Type.Object(
  {
    schemaVersion: Type.Literal(1),
    id: Type.String({ pattern: '^[a-z0-9][a-z0-9-]*$' }),
    title: Title,
    description: Prose,
    meetings: Type.Array(MeetingSpecSchema, { minItems: 1, maxItems: MAX_MEETINGS }),
  },
  { additionalProperties: false },
)

export type SessionTemplate = Static<typeof SessionTemplateSchema>
export type SessionExerciseSpec = Static<typeof SessionExerciseSchema>
export type TemplateExerciseSpec = Static<typeof TemplateExerciseSchema>
export type PlainExerciseSpec = Static<typeof PlainExerciseSchema>
export type MeetingSpec = Static<typeof MeetingSpecSchema>
export type ExerciseToolsSpec = Static<typeof ToolsSpec>
