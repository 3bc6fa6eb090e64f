import { resolve } from 'node:path'
import { QUIET_MS } from './rooms/MemoryReclaim.ts'

/** Every setting of the server, read from the environment (README "Configuration"). */
export interface Config {
  port: number
  host: string
  dataDir: string
  publicUrl: string | undefined
  webDist: string
  tldrawLicenseKey: string | undefined
  /** Who runs this server, named on the accessibility statement and the storage page (issue 17). */
  operatorName: string | undefined
  /** Where people report an accessibility problem: an e-mail address or a web address. */
  accessibilityContact: string | undefined
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent'
  maxMessageBytes: number
  maxMessagesPerSecond: number
  maxBufferedBytes: number
  maxRooms: number
  maxConnections: number
  persistBatchMs: number
  /** [W7] No client message for this long: one full collection, if there is memory to give back; 0 = never. */
  reclaimQuietMs: number
  compactUpdates: number
  compactBytes: number
  /** Delete boards untouched for this many days; 0 = keep forever. */
  retentionDays: number
  /** postgres://… to keep boards in Postgres instead of the SQLite file (issue 7). */
  databaseUrl: string | undefined
  /** redis://… to serve the same boards from several processes (issue 7). */
  redisUrl: string | undefined
  /** SPEC Limits [L1]: largest JSON text of one awareness state. */
  /** [L12] largest Yjs state of a board part; updates that would grow it further are refused (4413). */
  maxBoardBytes: number
  /** [L13] most structs one update may carry (Yjs integrates them one by one). */
  maxUpdateStructs: number
  maxAwarenessBytes: number
  /** [L2] awareness client ids one connection may announce. */
  maxAwarenessClientsPerConnection: number
  /** [L5] websocket connections from one address at once. */
  maxConnectionsPerAddress: number
  /** [L6] boards (and imports) one address may create per minute. */
  maxBoardsPerMinute: number
  /** [L7] when set, creating a board needs `Authorization: Bearer <CREATE_TOKEN>`. */
  createToken: string | undefined
  /** [L8] largest body of POST /api/boards (an imported .tldr file). */
  maxImportBytes: number
  /** [L9] manual snapshots per board, and their total size. */
  maxSnapshotsPerBoard: number
  maxSnapshotBytesPerBoard: number
  /** TRUST_PROXY: the proxies whose X-Forwarded-* headers count (Fastify's trustProxy); false = none. */
  trustProxy: boolean | string[]
  /** [L11] when set, /metrics answers other than loopback only with `Authorization: Bearer <METRICS_TOKEN>`. */
  metricsToken: string | undefined
  /** Issue 12 item 6: deleted notes kept per board in the trash (oldest dropped). */
  maxTrashPerBoard: number
  /** An automatic snapshot at most this often while a board changes; 0 = none by interval. */
  historyIntervalMinutes: number
  /** Automatic snapshots kept per board (outside the manual snapshot quota). */
  historyKeep: number
  /** Notes removed in one change (or within a minute) that count as a bulk delete: snapshot first. */
  bulkDeleteNotes: number
  /** KEY_SECRET: the secret board keys and identities are derived under (else DATA_DIR/key-secret). */
  keySecret: string | undefined
  /** Identities one address may have issued per board and minute. */
  maxIdentitiesPerMinute: number
  /** [SE1] exercises one session holds over all its meetings. */
  maxSessionExercises: number
  /** Private parts (voters) one board may have. */
  maxPrivatePartsPerBoard: number
  /** [L17] themes one board may have (board SPEC [D19]). */
  maxThemesPerBoard: number
  /** [L17] comments one note may have (board SPEC [D22]). */
  maxCommentsPerNote: number
  /** [L18] decision reports and board pictures made at once in this process (worker threads). */
  maxReportRenders: number
  /** [L18] reports waiting for a worker; one more → 429 `report_busy`. */
  maxReportQueue: number
  /** [O1] Sign-in for facilitators with OpenID Connect (OIDC_*); undefined = no sign-in, as before. */
  oidc: OidcConfig | undefined
}

export interface OidcConfig {
  issuer: string
  clientId: string
  clientSecret: string | undefined
  /** OIDC_REDIRECT_URL; undefined = `<PUBLIC_URL or the request's address>/auth/callback`. */
  redirectUrl: string | undefined
  /** [O4] a claim (e.g. `groups`) that makes someone a facilitator, and the value it must have or hold. */
  facilitatorClaim: string | undefined
  facilitatorValue: string | undefined
}

export class ConfigError extends Error {}

type Env = Record<string, string | undefined>

function int(env: Env, name: string, def: number, min: number, max: number): number {
  const raw = env[name]
  if (raw === undefined || raw === '') return def
  const n = Number(raw)
  if (!Number.isInteger(n) || n < min || n > max) {
    throw new ConfigError(`${name} must be a whole number from ${min} to ${max}, but it is "${raw}".`)
  }
  return n
}

function url(env: Env, name: string, protocols: string[]): string | undefined {
  const raw = env[name]?.trim()
  if (!raw) return undefined
  let u: URL
  try {
    u = new URL(raw)
  } catch {
    throw new ConfigError(`${name} must be a URL such as ${protocols[0]}//host:port/…, but it is "${raw}".`)
  }
  if (!protocols.includes(u.protocol)) throw new ConfigError(`${name} must start with ${protocols.map((p) => `${p}//`).join(' or ')}, but it is "${raw}".`)
  return raw
}

/** TRUST_PROXY: off, `true` (any proxy: only behind one that always sets the header), or addresses/CIDRs. */
function trustProxy(env: Env): boolean | string[] {
  const raw = env.TRUST_PROXY?.trim()
  if (!raw || raw === 'false' || raw === '0') return false
  if (raw === 'true') return true
  const list = raw
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  for (const a of list) {
    if (!/^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:]+(\/\d{1,3})?)$/.test(a)) {
      throw new ConfigError(`TRUST_PROXY must be true, or proxy addresses/CIDRs separated by commas (e.g. 127.0.0.1,10.0.0.0/8), but it has "${a}".`)
    }
  }
  return list
}

/** [O1] OIDC_ISSUER and OIDC_CLIENT_ID turn sign-in on; one without the other is a mistake. */
function oidc(env: Env, publicUrl: string | undefined): OidcConfig | undefined {
  const issuer = url(env, 'OIDC_ISSUER', ['https:', 'http:'])
  const clientId = env.OIDC_CLIENT_ID?.trim() || undefined
  if (!issuer && !clientId) return undefined
  if (!issuer)
    throw new ConfigError('OIDC_CLIENT_ID is set but OIDC_ISSUER is not: set both to turn on sign-in (e.g. OIDC_ISSUER=https://login.example.se/realms/staff).')
  if (!clientId) throw new ConfigError('OIDC_ISSUER is set but OIDC_CLIENT_ID is not: set the client id this server has at the identity provider.')
  const redirect = url(env, 'OIDC_REDIRECT_URL', ['https:', 'http:'])
  return {
    issuer,
    clientId,
    clientSecret: env.OIDC_CLIENT_SECRET?.trim() || undefined,
    redirectUrl: redirect ?? (publicUrl ? `${publicUrl.replace(/\/+$/, '')}/auth/callback` : undefined),
    facilitatorClaim: env.OIDC_FACILITATOR_CLAIM?.trim() || undefined,
    facilitatorValue: env.OIDC_FACILITATOR_VALUE?.trim() || undefined,
  }
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

export const repoRoot = resolve(import.meta.dirname, '../../..')

export function loadConfig(env: Env = process.env): Config {
  const publicUrl = env.PUBLIC_URL?.trim() || undefined
  if (publicUrl) {
    let u: URL
    try {
      u = new URL(publicUrl)
    } catch {
      throw new ConfigError(`PUBLIC_URL must be a full URL such as https://tavla.example.se, but it is "${publicUrl}".`)
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ConfigError(`PUBLIC_URL must start with http:// or https://, but it is "${publicUrl}".`)
  }
  const logLevel = (env.LOG_LEVEL || 'info') as Config['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}, but it is "${env.LOG_LEVEL}".`)
  const host = env.HOST?.trim() || '0.0.0.0'
  const keySecret = env.KEY_SECRET?.trim() || undefined
  if (keySecret && keySecret.length < 32) throw new ConfigError('KEY_SECRET must be at least 32 characters (e.g. `openssl rand -base64 32`).')
  // Several processes on one database must derive the same keys: the secret cannot be a local file.
  if (!keySecret && env.DATABASE_URL?.trim())
    throw new ConfigError('KEY_SECRET must be set when DATABASE_URL is: every server process must derive the same board keys (e.g. `openssl rand -base64 32`).')
  return {
    port: int(env, 'PORT', 8080, 0, 65535),
    host,
    dataDir: resolve(env.DATA_DIR || 'data'),
    publicUrl: publicUrl?.replace(/\/+$/, ''),
    webDist: resolve(env.WEB_DIST || resolve(repoRoot, 'apps/web/dist')),
    tldrawLicenseKey: env.TLDRAW_LICENSE_KEY?.trim() || undefined,
    operatorName: env.OPERATOR_NAME?.trim().slice(0, 200) || undefined,
    accessibilityContact: env.ACCESSIBILITY_CONTACT?.trim().slice(0, 300) || undefined,
    logLevel,
    maxMessageBytes: int(env, 'MAX_MESSAGE_BYTES', 4 * 1024 * 1024, 1024, 512 * 1024 * 1024),
    maxMessagesPerSecond: int(env, 'MAX_MESSAGES_PER_SECOND', 300, 1, 1_000_000),
    maxBufferedBytes: int(env, 'MAX_BUFFERED_BYTES', 16 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    maxRooms: int(env, 'MAX_ROOMS', 10_000, 1, 10_000_000),
    maxConnections: int(env, 'MAX_CONNECTIONS', 20_000, 1, 10_000_000),
    persistBatchMs: int(env, 'PERSIST_BATCH_MS', 10, 0, 60_000),
    reclaimQuietMs: int(env, 'RECLAIM_QUIET_MS', QUIET_MS, 0, 3_600_000),
    compactUpdates: int(env, 'COMPACT_UPDATES', 500, 1, 10_000_000),
    compactBytes: int(env, 'COMPACT_BYTES', 4 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    retentionDays: int(env, 'RETENTION_DAYS', 0, 0, 36_500),
    databaseUrl: url(env, 'DATABASE_URL', ['postgres:', 'postgresql:']),
    redisUrl: url(env, 'REDIS_URL', ['redis:', 'rediss:']),
    maxBoardBytes: int(env, 'MAX_BOARD_BYTES', 8 * 1024 * 1024, 64 * 1024, 1024 * 1024 * 1024),
    maxUpdateStructs: int(env, 'MAX_UPDATE_STRUCTS', 5000, 10, 10_000_000),
    maxAwarenessBytes: int(env, 'MAX_AWARENESS_BYTES', 16 * 1024, 256, 16 * 1024 * 1024),
    maxAwarenessClientsPerConnection: int(env, 'MAX_AWARENESS_CLIENTS_PER_CONNECTION', 4, 1, 10_000),
    maxConnectionsPerAddress: int(env, 'MAX_CONNECTIONS_PER_ADDRESS', 100, 1, 10_000_000),
    maxBoardsPerMinute: int(env, 'MAX_BOARDS_PER_MINUTE', 20, 1, 1_000_000),
    createToken: env.CREATE_TOKEN?.trim() || undefined,
    maxImportBytes: int(env, 'MAX_IMPORT_BYTES', 16 * 1024 * 1024, 1024, 1024 * 1024 * 1024),
    maxSnapshotsPerBoard: int(env, 'MAX_SNAPSHOTS_PER_BOARD', 50, 1, 1_000_000),
    maxSnapshotBytesPerBoard: int(env, 'MAX_SNAPSHOT_BYTES_PER_BOARD', 64 * 1024 * 1024, 1024, 1024 * 1024 * 1024 * 1024),
    trustProxy: trustProxy(env),
    metricsToken: env.METRICS_TOKEN?.trim() || undefined,
    maxTrashPerBoard: int(env, 'MAX_TRASH_PER_BOARD', 1000, 1, 1_000_000),
    historyIntervalMinutes: int(env, 'HISTORY_INTERVAL_MINUTES', 10, 0, 10_080),
    historyKeep: int(env, 'HISTORY_KEEP', 50, 1, 100_000),
    bulkDeleteNotes: int(env, 'BULK_DELETE_NOTES', 5, 1, 1_000_000),
    keySecret,
    maxIdentitiesPerMinute: int(env, 'MAX_IDENTITIES_PER_MINUTE', 60, 1, 1_000_000),
    maxPrivatePartsPerBoard: int(env, 'MAX_PRIVATE_PARTS_PER_BOARD', 500, 1, 1_000_000),
    maxSessionExercises: int(env, 'MAX_SESSION_EXERCISES', 40, 1, 1000),
    maxThemesPerBoard: int(env, 'MAX_THEMES_PER_BOARD', 200, 1, 100_000),
    maxCommentsPerNote: int(env, 'MAX_COMMENTS_PER_NOTE', 100, 1, 100_000),
    maxReportRenders: int(env, 'MAX_REPORT_RENDERS', 2, 1, 64),
    maxReportQueue: int(env, 'MAX_REPORT_QUEUE', 8, 0, 10_000),
    oidc: oidc(env, publicUrl),
  }
}
