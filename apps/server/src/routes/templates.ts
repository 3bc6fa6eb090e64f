import type { FastifyInstance } from 'fastify'
import { Type } from 'typebox'
import type { TemplateCatalog } from '../plugins/templates.ts'

/** [H2] The templates a facilitator can start a board from. */
export function templateRoutes(app: FastifyInstance, deps: { templates: TemplateCatalog }): void {
  app.get(
    '/api/templates',
    { schema: { response: { 200: Type.Object({ templates: Type.Array(Type.Object({ id: Type.String() }, { additionalProperties: true })) }) } } },
    async () => ({ templates: deps.templates.summaries }),
  )
}
