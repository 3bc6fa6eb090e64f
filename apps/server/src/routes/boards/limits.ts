// SPEC Limits [L6]–[L9] on the HTTP side: who may create boards (CREATE_TOKEN), how many per
// address and minute (imports included), how large an import may be, and the manual snapshot
// quota of a board. Each refusal is an HttpError with a code and a sentence for a person.
import { timingSafeEqual } from 'node:crypto'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError, errorBody } from '../../errors.ts'
import { requireFacilitator } from '../../plugins/auth.ts'

/**
 * A token bucket per address: `perMinute` tokens, refilled continuously. Memory is bounded: past
 * `maxAddresses` the least recently seen address is forgotten (it starts again with a full bucket).
 */
export class RatePerMinute {
  readonly #buckets = new Map<string, { tokens: number; at: number }>()
  readonly #perMinute: number
  readonly #maxAddresses: number
  readonly #now: () => number

  constructor(perMinute: number, opts: { maxAddresses?: number; now?: () => number } = {}) {
    this.#perMinute = perMinute
    this.#maxAddresses = opts.maxAddresses ?? 100_000
    this.#now = opts.now ?? Date.now
  }

  get addresses(): number {
    return this.#buckets.size
  }

  /** Takes one token for the address; false (taking nothing) when its bucket is empty. */
  take(address: string): boolean {
    const now = this.#now()
    const b = this.#buckets.get(address)
    let tokens = b ? Math.min(this.#perMinute, b.tokens + ((now - b.at) / 60_000) * this.#perMinute) : this.#perMinute
    if (b) this.#buckets.delete(address) // re-inserted below: the map stays in order of last use
    const ok = tokens >= 1
    if (ok) tokens -= 1
    this.#buckets.set(address, { tokens, at: now })
    while (this.#buckets.size > this.#maxAddresses) this.#buckets.delete(this.#buckets.keys().next().value as string)
    return ok
  }

  /** Seconds until the address has a token again. */
  retryAfter(address: string): number {
    const b = this.#buckets.get(address)
    if (!b || b.tokens >= 1) return 0
    return Math.ceil(((1 - b.tokens) * 60) / this.#perMinute)
  }
}

const bearerOf = (req: FastifyRequest) => req.headers.authorization?.match(/^Bearer\s+(\S+)$/i)?.[1]

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given)
  const b = Buffer.from(expected)
  return a.length === b.length && timingSafeEqual(a, b)
}

const rates = new WeakMap<object, RatePerMinute>()

/**
 * [L6][L7] Runs before the body is read (onRequest), so a refused creation or import costs
 * nothing: CREATE_TOKEN first (a refused token uses up no rate), then the rate per address.
 */
export function creationGate(config: Pick<Config, 'createToken' | 'maxBoardsPerMinute'> & Partial<Pick<Config, 'oidc'>>) {
  // one count per server (its config) for every route that creates: boards, sessions, session restores
  let rate = rates.get(config)
  if (!rate) rates.set(config, (rate = new RatePerMinute(config.maxBoardsPerMinute)))
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // [O5] with sign-in configured, a signed-in facilitator (or, for scripts, the CREATE_TOKEN)
    const how = requireFacilitator(req, { oidc: config.oidc, createToken: config.createToken })
    if (config.createToken && how !== 'signed-in') {
      const given = bearerOf(req)
      if (!given)
        throw new HttpError(
          401,
          'create_token_required',
          'This server creates boards only with its creation code. Ask the administrator for it (sent as Authorization: Bearer <CREATE_TOKEN>).',
        )
      if (!sameSecret(given, config.createToken))
        throw new HttpError(403, 'invalid_create_token', 'That creation code is not the one this server has. Check it with the administrator.')
    }
    if (!rate.take(req.ip)) {
      reply.header('retry-after', String(rate.retryAfter(req.ip)))
      throw new HttpError(
        429,
        'too_many_boards',
        `Too many new boards from your address: at most ${config.maxBoardsPerMinute} a minute (MAX_BOARDS_PER_MINUTE). Wait a minute and try again.`,
      )
    }
  }
}

/** [L8] A body over MAX_IMPORT_BYTES gets 413 `import_too_large` with the limit; other errors go on. */
export function importTooLarge(config: Pick<Config, 'maxImportBytes'>) {
  return (err: FastifyError, _req: FastifyRequest, reply: FastifyReply) => {
    if (err.code !== 'FST_ERR_CTP_BODY_TOO_LARGE') throw err
    const mb = (config.maxImportBytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')
    return reply.code(413).send(errorBody('import_too_large', `The file is too large to import: at most ${mb} MB (MAX_IMPORT_BYTES).`))
  }
}

/**
 * [L9] Manual snapshots per board and their total size. Automatic ones (auto: true) have their own
 * retention and do not count. Checked before the state is encoded (count) and after (size).
 */
export async function checkSnapshotQuota(
  storage: BoardStorage,
  boardId: string,
  config: Pick<Config, 'maxSnapshotsPerBoard' | 'maxSnapshotBytesPerBoard'>,
  newBytes = 0,
): Promise<void> {
  const manual = (await storage.listSnapshots(boardId)).filter((s) => !s.auto)
  if (manual.length >= config.maxSnapshotsPerBoard) {
    throw new HttpError(
      409,
      'snapshot_quota',
      `This board has ${manual.length} saved snapshots, the most it may keep (MAX_SNAPSHOTS_PER_BOARD). Delete old snapshots to save a new one.`,
    )
  }
  const used = manual.reduce((n, s) => n + s.bytes, 0)
  if (newBytes && used + newBytes > config.maxSnapshotBytesPerBoard) {
    const mb = (b: number) => (b / (1024 * 1024)).toFixed(1)
    throw new HttpError(
      413,
      'snapshot_quota',
      `The saved snapshots of this board take ${mb(used)} MB; this one (${mb(newBytes)} MB) would go over ${mb(config.maxSnapshotBytesPerBoard)} MB (MAX_SNAPSHOT_BYTES_PER_BOARD). Delete old snapshots to save a new one.`,
    )
  }
}
