import type { FastifyRequest } from 'fastify'
import * as Y from 'yjs'
import {
  authorsOf,
  commentAuthorsOf,
  commentsOf,
  facilitationOf,
  metaOf,
  reactionsOf,
  recordsOf,
  seedBoardDoc,
  themeOfMap,
  themesOf,
  writeRecords,
  type BoardSeed,
  type StoredRecord,
} from '@tavla/board'
import type { SessionOutcome } from '@tavla/export'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { newBoardId } from '../../keys.ts'
import type { KeyIssuer } from '../../KeyIssuer.ts'

export interface CreatedBoard {
  id: string
  title: string
  template: string
  createdAt: string
  keys: { facilitator: string; participant: string; viewer: string }
  links: { facilitator: string; participant: string; viewer: string }
}

/**
 * The public address of the board pages [H3]: PUBLIC_URL, else what the request came to. Fastify
 * reads X-Forwarded-Proto/Host for req.protocol/req.host only from a proxy TRUST_PROXY names [L10].
 */
export function baseUrl(req: FastifyRequest, config: Config): string {
  if (config.publicUrl) return config.publicUrl
  const host = req.host || `${config.host}:${config.port}`
  return `${req.protocol}://${host}`
}

export interface BoardStateOptions {
  records?: StoredRecord[]
  settings?: Record<string, unknown>
  session?: SessionOutcome
}

/** A new board's first state: the seed, its records, and what a restore or import carries. */
export function boardState(seed: BoardSeed, createdAt: number, opts: BoardStateOptions = {}): Uint8Array {
  const doc = new Y.Doc()
  seedBoardDoc(doc, { ...seed, createdAt })
  if (opts.settings?.anonymous) metaOf(doc).set('anonymous', true)
  // [D18] an exercise of a session starts closed to participants; the map tells the pages
  if (opts.settings?.closed) facilitationOf(doc).set('closed', true)
  if (opts.records?.length) writeRecords(recordsOf(doc), opts.records)
  // [H9] a restored (or [H7] imported) board keeps its reactions and its last closed vote's result
  const reactions = reactionsOf(doc)
  for (const key of opts.session?.reactions ?? []) reactions.set(key, true)
  // [D11] who wrote which note, as the server recorded it (never on an anonymous board)
  if (!opts.settings?.anonymous) for (const [id, author] of Object.entries(opts.session?.authors ?? {})) authorsOf(doc).set(id, author)
  // [D19]–[D23] themes, memberships and comments; who wrote the comments, never on an anonymous board
  for (const t of opts.session?.themes ?? []) themesOf(doc).set(t.id, t)
  for (const [noteId, themeId] of Object.entries(opts.session?.themeOf ?? {})) themeOfMap(doc).set(noteId, themeId)
  for (const [key, c] of Object.entries(opts.session?.comments ?? {})) commentsOf(doc).set(key, c)
  if (!opts.settings?.anonymous) for (const [key, a] of Object.entries(opts.session?.commentAuthors ?? {})) commentAuthorsOf(doc).set(key, a)
  if (opts.session?.vote) {
    facilitationOf(doc).set('vote', opts.session.vote)
    facilitationOf(doc).set('results', opts.session.results ?? {})
  }
  const state = Y.encodeStateAsUpdate(doc)
  doc.destroy()
  return state
}

/** Stores a new board whose first state is the seed (plus any records), with keys of generation 1 ([K1]). */
export async function createBoard(
  storage: BoardStorage,
  issuer: KeyIssuer,
  base: string,
  seed: BoardSeed,
  opts: BoardStateOptions & { state?: Uint8Array } = {},
): Promise<CreatedBoard> {
  const id = newBoardId()
  const now = Date.now()
  const { keys, hashes } = issuer.newBoardKeys(id)
  const state = opts.state ?? boardState(seed, now, opts)
  await storage.createBoard(
    { id, title: seed.title, template: seed.template, createdAt: now, updatedAt: now, keyHashes: hashes, settings: opts.settings ?? {} },
    state,
  )
  const link = (key: string) => `${base}/b/${id}?key=${key}`
  return {
    id,
    title: seed.title,
    template: seed.template,
    createdAt: new Date(now).toISOString(),
    keys,
    links: { facilitator: link(keys.facilitator), participant: link(keys.participant), viewer: link(keys.viewer) },
  }
}
