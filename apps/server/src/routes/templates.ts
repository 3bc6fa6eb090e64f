import type { FastifyInstance } from 'fastify'
import type { TemplateCatalog } from '../plugins/templates.ts'
import { catalogReply } from './catalog.ts'

/** [H2] The templates a facilitator can start a board from. */
export function templateRoutes(app: FastifyInstance, deps: { templates: TemplateCatalog }): void {
  app.get('/api/templates', catalogReply({ templates: deps.templates.summaries }))
}
