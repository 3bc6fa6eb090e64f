import { existsSync } from 'node:fs'
import type { IncomingMessage } from 'node:http'
import { join } from 'node:path'
import Fastify, { type FastifyInstance } from 'fastify'
import fastifyStatic from '@fastify/static'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import type { Config } from './config.ts'
import { HttpError, errorBody } from './errors.ts'
import { TemplateCatalog } from './plugins/templates.ts'
import { RoomRegistry } from './rooms/RoomRegistry.ts'
import { Transport } from './rooms/Transport.ts'
import { RedisBus } from './plugins/bus/RedisBus.ts'
import { openStorage } from './plugins/storage.ts'
import { loadKeySecret } from './plugins/keySecret.ts'
import { KeyIssuer } from './KeyIssuer.ts'
import { boardRoutes } from './routes/boards/index.ts'
import { exportRoutes } from './routes/boards/exports.ts'
import { facilitationRoutes } from './routes/boards/facilitation.ts'
import { auditRoutes } from './routes/boards/audit.ts'
import { snapshotRoutes } from './routes/boards/snapshots.ts'
import { trashRoutes } from './routes/boards/trash.ts'
import { keyRoutes } from './routes/boards/keys.ts'
import { voterRoutes } from './routes/boards/voters.ts'
import { privateNoteRoutes } from './routes/boards/privateNotes.ts'
import { Retention } from './plugins/retention.ts'
import { healthRoutes } from './routes/health.ts'
import { sessionRoutes } from './routes/sessions/index.ts'
import { templateRoutes } from './routes/templates.ts'
import { metricsRoutes } from './routes/metrics.ts'
import { trustFunction, upgradeBase } from './plugins/proxy.ts'
import { openReportPool } from './report/ReportPool.ts'
import fastifyCookie from '@fastify/cookie'
import { accountFacilitates, Auth, cookieSecret, fromOwnPage, isOwnOrigin, SIGN_IN_COOKIE } from './plugins/auth.ts'
import { baseUrl } from './routes/boards/create.ts'
import { authRoutes } from './routes/auth.ts'
import { facilitatorRoutes } from './routes/boards/facilitators.ts'

export interface AppOptions {
  config: Config
  /** Defaults to the SQLite file in config.dataDir. */
  storage?: BoardStorage
  templates?: TemplateCatalog
  /** The clock retention reads (tests move it). */
  now?: () => number
}

export interface App {
  app: FastifyInstance
  rooms: RoomRegistry
  storage: BoardStorage
  retention: Retention
}

/** A URL with the value of every `key` (and `secret`) query parameter replaced. */
export function redactKeys(url: string): string {
  return url.replace(/([?&](?:key|secret)=)[^&#]*/g, '$1[redacted]')
}

/** Builds the whole server without listening (tests listen on port 0). */
export async function buildApp(options: AppOptions): Promise<App> {
  const { config } = options
  const storage = options.storage ?? (await openStorage(config))
  const templates = options.templates ?? new TemplateCatalog()
  const app = Fastify({
    logger: {
      level: config.logLevel,
      // Board links carry their key (`?key=`): the log keeps the request, never the key.
      serializers: {
        req: (req: { method: string; url: string; hostname?: string; ip?: string }) => ({
          method: req.method,
          url: redactKeys(req.url),
          host: req.hostname,
          remoteAddress: req.ip,
        }),
      },
    },
    bodyLimit: 1024 * 1024,
    // TRUST_PROXY: X-Forwarded-* count only from the named proxies (req.ip, req.protocol, req.host)
    trustProxy: trustFunction(config.trustProxy),
    ajv: { customOptions: { allErrors: false, coerceTypes: false, removeAdditional: false } },
  }).withTypeProvider<TypeBoxTypeProvider>()

  // Issue 9: the page may load and connect to nothing but this server.
  app.addHook('onSend', async (_req, reply) => {
    reply.header(
      'content-security-policy',
      "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' data: blob:; worker-src 'self' blob:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    )
    reply.header('x-content-type-options', 'nosniff')
    reply.header('referrer-policy', 'no-referrer')
  })

  app.setErrorHandler((err: unknown, req, reply) => {
    if (err instanceof HttpError) return reply.code(err.statusCode).send(errorBody(err.code, err.message))
    const e = err as { validation?: unknown; statusCode?: number; message?: string; code?: string }
    if (e.validation) return reply.code(400).send(errorBody('invalid_request', `The request is not valid: ${e.message}.`))
    if (e.statusCode && e.statusCode >= 400 && e.statusCode < 500) {
      // Fastify's own refusals (a body too large, a wrong content type): one of our codes ([E1])
      return reply.code(e.statusCode).send(errorBody(e.statusCode === 413 ? 'too_large' : 'bad_request', e.message ?? 'Bad request.'))
    }
    req.log.error({ err }, 'request failed')
    return reply.code(500).send(errorBody('internal_error', 'Something went wrong on the server. Try again; if it keeps happening, tell the administrator.'))
  })

  const bus = config.redisUrl ? new RedisBus(config.redisUrl, app.log) : undefined
  const keySecret = loadKeySecret(config)
  const rooms = new RoomRegistry(storage, config, app.log, bus, new KeyIssuer(keySecret))
  // [O1]–[O3] sign-in with OpenID Connect, when configured: the cookie signed under the key secret
  const auth = config.oidc ? new Auth(config.oidc, options.now) : undefined
  app.decorateRequest('signIn', null)
  app.decorateRequest('fromOwnPage', false)
  if (auth) {
    await app.register(fastifyCookie, { secret: cookieSecret(keySecret) })
    app.addHook('onRequest', async (req) => {
      req.signIn = auth.readSignIn(req)
      if (req.signIn) req.fromOwnPage = fromOwnPage(req, baseUrl(req, config), config.publicUrl)
    })
  }
  // [O15] a websocket on the sign-in alone: only from this server's own page (its Origin), the
  // account an owner or co-facilitator of the board
  const upgradeTrust = trustFunction(config.trustProxy)
  const wsSignIn = auth
    ? async (req: IncomingMessage, board: BoardRow): Promise<string | undefined> => {
        if (!isOwnOrigin(req.headers.origin, upgradeBase(req, upgradeTrust, config.publicUrl), config.publicUrl)) return undefined
        const raw = req.headers.cookie ? app.parseCookie(req.headers.cookie)[SIGN_IN_COOKIE] : undefined
        const account = auth.signInFrom(raw, (v) => app.unsignCookie(v))?.account
        return account && (await accountFacilitates(storage, account, board)) ? account : undefined
      }
    : undefined
  const transport = new Transport(rooms, config, app.log, wsSignIn)
  // [L18] reports and board pictures are made in worker threads, ended with the app
  const reports = openReportPool({ maxRenders: config.maxReportRenders, maxQueue: config.maxReportQueue }, (err, what) => app.log.error({ err }, what))
  app.server.on('upgrade', transport.handleUpgrade)

  healthRoutes(app, { storage, rooms })
  authRoutes(app, { auth, config, storage, keys: rooms.keys })
  facilitatorRoutes(app, { storage, config, rooms })
  metricsRoutes(app, { rooms, config })
  templateRoutes(app, { templates })
  boardRoutes(app, { storage, templates, config, rooms })
  exportRoutes(app, { storage, templates, rooms, config })
  facilitationRoutes(app, { storage, rooms, config })
  auditRoutes(app, { storage, rooms })
  snapshotRoutes(app, { storage })
  trashRoutes(app, { storage, rooms })
  keyRoutes(app, { storage, rooms, config })
  voterRoutes(app, { storage, rooms })
  privateNoteRoutes(app, { storage, rooms })
  sessionRoutes(app, { storage, templates, rooms, config })
  // [H5] runtime settings for the page: the tldraw license key is not baked into the build
  // [H5] and what the accessibility statement and the storage page say about this server
  const PageConfig = {
    type: 'object',
    properties: {
      tldrawLicenseKey: { type: 'string' },
      operatorName: { type: 'string' },
      accessibilityContact: { type: 'string' },
      retentionDays: { type: 'integer' },
      historyKeep: { type: 'integer' },
    },
  } as const
  app.get('/config.json', { schema: { response: { 200: PageConfig } } }, async () => ({
    ...(config.tldrawLicenseKey && { tldrawLicenseKey: config.tldrawLicenseKey }),
    ...(config.operatorName && { operatorName: config.operatorName }),
    ...(config.accessibilityContact && { accessibilityContact: config.accessibilityContact }),
    retentionDays: config.retentionDays,
    historyKeep: config.historyKeep,
  }))

  const index = join(config.webDist, 'index.html')
  const hasWeb = existsSync(index)
  if (hasWeb) {
    await app.register(fastifyStatic, {
      root: config.webDist,
      wildcard: false,
      index: 'index.html',
      // .br and .gz made at build time (apps/web/vite.config.ts), chosen by Accept-Encoding
      preCompressed: true,
      // Built files have content hashes in their names: a browser keeps them, so a participant on
      // a weak connection fetches fonts and icons once and still has them when the network drops.
      cacheControl: false,
      setHeaders: (reply, path) => {
        reply.header('cache-control', path.includes('/assets/') ? 'public, max-age=31536000, immutable' : 'no-cache')
      },
    })
  }
  app.setNotFoundHandler((req, reply) => {
    if (req.url.startsWith('/api/') || req.method !== 'GET') {
      return reply.code(404).send(errorBody('not_found', `Nothing at ${req.method} ${req.url.split('?')[0]}.`))
    }
    if (!hasWeb) return reply.code(404).type('text/plain').send('The web app is not built. Run `npm start` (it builds it) or `npm run build`.')
    return reply.type('text/html').sendFile('index.html') // client-side routes such as /b/:id
  })

  const retention = new Retention(config.retentionDays, storage, rooms, app.log, options.now)
  app.addHook('onReady', async () => retention.start())
  // preClose: the HTTP server waits for open sockets before onClose, so websockets close first.
  app.addHook('preClose', async () => {
    retention.stop()
    await rooms.close()
    transport.close()
  })
  app.addHook('onClose', async () => {
    await reports.close()
    await bus?.close()
    if (!options.storage) await storage.close()
  })
  return { app, rooms, storage, retention }
}

export { loadConfig, ConfigError, type Config } from './config.ts'
export { CloseCode, MessageType, SyncStep } from './rooms/protocol.ts'
// the room and its guard, for the convergence tests (in-memory transport) and the guard's benchmark
export { Room } from './rooms/Room.ts'
export { Connection } from './rooms/Connection.ts'
export { Outbox } from './rooms/Outbox.ts'
export { inspectUpdate } from './rooms/UpdateGuard.ts'
export { BoardPolicy, ensureRoots } from './rooms/policy.ts'
export { craftUpdate } from './rooms/testing/craftUpdate.ts'
