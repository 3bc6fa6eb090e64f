import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import { TemplateParamError } from '@tavla/templates'
import { fromTldrFile, ImportError } from '@tavla/export'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import type { TemplateCatalog } from '../../plugins/templates.ts'
import { authorize, findBoard, roleOf } from './access.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import { baseUrl, createBoard } from './create.ts'
import { audit } from './audit.ts'
import { creationGate, importTooLarge } from './limits.ts'
import { recordOwner } from '../../plugins/auth.ts'
import { BoardIdParams, CreateBoardSchema, CreatedBoardSchema, KeyQuery, type CreateBoard } from './schemas.ts'

const BoardMetaSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  template: Type.String(),
  createdAt: Type.String(),
  role: Type.Optional(Type.Union([Type.Literal('facilitator'), Type.Literal('participant'), Type.Literal('viewer')])),
})

export function boardRoutes(app: FastifyInstance, deps: { storage: BoardStorage; templates: TemplateCatalog; config: Config; rooms: RoomRegistry }): void {
  const { storage, templates, config, rooms } = deps

  // [H17] What the server has (a Yjs state vector, base64): a client compares it with its own to
  // show "all changes saved" only once the server has every local change.
  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id/state-vector',
    { schema: { params: BoardIdParams, querystring: KeyQuery, response: { 200: Type.Object({ sv: Type.String() }) } } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator', 'participant', 'viewer'])
      return { sv: Buffer.from(await rooms.stateVector(board.id)).toString('base64') }
    },
  )

  app.post<{ Body: CreateBoard }>(
    '/api/boards',
    // [L6]-[L8] token and rate before the body is read; the body (an import) at most MAX_IMPORT_BYTES
    {
      bodyLimit: config.maxImportBytes,
      onRequest: creationGate(config),
      errorHandler: importTooLarge(config),
      schema: { body: CreateBoardSchema, response: { 201: CreatedBoardSchema } },
    },
    async (req, reply) => {
      const title = req.body.title.trim()
      if (!title) throw new HttpError(400, 'invalid_request', 'The board needs a title.')
      const base = baseUrl(req, config)
      if (req.body.file) {
        if (req.body.template) throw new HttpError(400, 'invalid_request', 'Give either a template or a file to import, not both.')
        try {
          const { seed, records, session } = fromTldrFile(req.body.file, title)
          const created = await createBoard(storage, rooms.keys, base, { ...seed, title }, { records, session })
          req.log.info({ boardId: created.id }, 'board imported')
          await audit(storage, req, created.id, 'created', { from: 'file' })
          await recordOwner(storage, req, created.id)
          return reply.code(201).send(created)
        } catch (err) {
          if (err instanceof ImportError) throw new HttpError(400, 'invalid_file', (err as Error).message)
          throw err
        }
      }
      const templateId = req.body.template ?? 'blank'
      const template = templates.get(templateId)
      if (!template) {
        throw new HttpError(400, 'unknown_template', `There is no template "${templateId}". Choose one of: ${templates.ids.join(', ')}.`)
      }
      let seed: ReturnType<typeof templates.seed>
      try {
        seed = templates.seed(template, title, req.body.params)
      } catch (err) {
        if (err instanceof TemplateParamError) throw new HttpError(400, 'invalid_params', (err as Error).message)
        throw err
      }
      const created = await createBoard(storage, rooms.keys, base, seed, { settings: req.body.anonymous ? { anonymous: true } : {} })
      req.log.info({ boardId: created.id, template: template.id }, 'board created')
      await audit(storage, req, created.id, 'created', { template: template.id, anonymous: !!req.body.anonymous })
      await recordOwner(storage, req, created.id)
      return reply.code(201).send(created)
    },
  )

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id',
    { schema: { params: BoardIdParams, querystring: KeyQuery, response: { 200: BoardMetaSchema } } },
    async (req) => {
      const board = await findBoard(storage, req.params.id)
      // [O15] with no key, a signed-in owner or co-facilitator is its facilitator
      const role = await roleOf(storage, req, board)
      return { id: board.id, title: board.title, template: board.template, createdAt: new Date(board.createdAt).toISOString(), ...(role ? { role } : {}) }
    },
  )
}
