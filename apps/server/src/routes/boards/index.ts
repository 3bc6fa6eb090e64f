import type { FastifyInstance, FastifyRequest } from 'fastify'
import { Type, type Static } from 'typebox'
import { encodeSeed } from '@tavla/board'
import { TemplateParamError } from '@tavla/templates'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import { newBoardId, newKeys, roleForKey } from '../../keys.ts'
import type { TemplateCatalog } from '../../plugins/templates.ts'
import type { Role } from '../../rooms/Connection.ts'

export const CreateBoardSchema = Type.Object(
  {
    template: Type.String({ minLength: 1, maxLength: 64 }),
    title: Type.String({ minLength: 1, maxLength: 200 }),
    params: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  },
  { additionalProperties: false },
)
export type CreateBoard = Static<typeof CreateBoardSchema>

const Roles = Type.Object({ facilitator: Type.String(), participant: Type.String(), viewer: Type.String() })
const BoardIdParams = Type.Object({ id: Type.String({ maxLength: 200 }) })
const KeyQuery = Type.Object({ key: Type.Optional(Type.String({ maxLength: 200 })) })
const BoardMetaSchema = Type.Object({
  id: Type.String(),
  title: Type.String(),
  template: Type.String(),
  createdAt: Type.String(),
  role: Type.Optional(Type.Union([Type.Literal('facilitator'), Type.Literal('participant'), Type.Literal('viewer')])),
})

export function keyOf(req: FastifyRequest): string | undefined {
  const q = (req.query as { key?: string } | undefined)?.key
  if (q) return q
  return req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]
}

/** The public address of the board page for a role [H3]. */
function baseUrl(req: FastifyRequest, config: Config): string {
  if (config.publicUrl) return config.publicUrl
  const proto = (req.headers['x-forwarded-proto'] as string | undefined)?.split(',')[0]?.trim() || req.protocol
  const host = (req.headers['x-forwarded-host'] as string | undefined) || req.headers.host || `${config.host}:${config.port}`
  return `${proto}://${host}`
}

export function boardRoutes(app: FastifyInstance, deps: { storage: BoardStorage; templates: TemplateCatalog; config: Config }): void {
  const { storage, templates, config } = deps

  app.post<{ Body: CreateBoard }>(
    '/api/boards',
    {
      schema: {
        body: CreateBoardSchema,
        response: {
          201: Type.Object({ id: Type.String(), title: Type.String(), template: Type.String(), createdAt: Type.String(), keys: Roles, links: Roles }),
        },
      },
    },
    async (req, reply) => {
      const { template: templateId, params } = req.body
      const title = req.body.title.trim()
      if (!title) throw new HttpError(400, 'invalid_request', 'The board needs a title.')
      const template = templates.get(templateId)
      if (!template) {
        throw new HttpError(400, 'unknown_template', `There is no template "${templateId}". Choose one of: ${templates.ids.join(', ')}.`)
      }
      let seed
      try {
        seed = templates.seed(template, title, params)
      } catch (err) {
        if (err instanceof TemplateParamError) throw new HttpError(400, 'invalid_params', (err as Error).message)
        throw err
      }
      const id = newBoardId()
      const now = Date.now()
      const { keys, hashes } = newKeys()
      await storage.createBoard(
        { id, title, template: template.id, createdAt: now, updatedAt: now, keyHashes: hashes, settings: {} },
        encodeSeed({ ...seed, createdAt: now }),
      )
      const base = baseUrl(req, config)
      const link = (key: string) => `${base}/b/${id}?key=${key}`
      req.log.info({ boardId: id, template: template.id }, 'board created')
      return reply.code(201).send({
        id,
        title,
        template: template.id,
        createdAt: new Date(now).toISOString(),
        keys,
        links: { facilitator: link(keys.facilitator), participant: link(keys.participant), viewer: link(keys.viewer) },
      })
    },
  )

  app.get<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery> }>(
    '/api/boards/:id',
    { schema: { params: BoardIdParams, querystring: KeyQuery, response: { 200: BoardMetaSchema } } },
    async (req) => {
      const board = await storage.getBoard(req.params.id)
      if (!board) throw new HttpError(404, 'board_not_found', 'There is no board with this address. Check the link you were given.')
      const key = keyOf(req)
      let role: Role | undefined
      if (key) {
        role = roleForKey(board.keyHashes, key)
        if (!role) throw new HttpError(401, 'invalid_key', 'This key does not open the board. Ask the facilitator for a new link.')
      }
      return { id: board.id, title: board.title, template: board.template, createdAt: new Date(board.createdAt).toISOString(), ...(role ? { role } : {}) }
    },
  )
}
