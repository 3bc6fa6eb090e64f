// The request and response schemas the board routes share (apps/server SPEC [H3]–[H17]).
import { Type, type Static } from 'typebox'

export const CreateBoardSchema = Type.Object(
  {
    template: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
    /** Issue 6: no author is stored with notes or votes on this board. */
    anonymous: Type.Optional(Type.Boolean()),
    /** A tldraw file (.tldr JSON) to import instead of a template. */
    file: Type.Optional(Type.Object({}, { additionalProperties: true })),
  },
  { additionalProperties: false },
)
export type CreateBoard = Static<typeof CreateBoardSchema>

export const RoleLinks = Type.Object({ facilitator: Type.String(), participant: Type.String(), viewer: Type.String() })
export const CreatedBoardSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  template: Type.String(),
  createdAt: Type.String(),
  keys: RoleLinks,
  links: RoleLinks,
})
export const BoardIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) })
export const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) })
