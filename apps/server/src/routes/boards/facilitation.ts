// Issue 6: the facilitator's tools. Every change of the facilitation state goes through here and
// is written by the server into the board's `facilitation` map (participants cannot write it).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import {
  applyFacilitation,
  authorsOf,
  countedDots,
  deleteRecords,
  facilitationOf,
  facilitationRefusal,
  listNotes,
  readFacilitation,
  readRecords,
  readThemes,
  recordsOf,
  voteTargets,
  writeFacilitation,
  writeRecords,
  type FacilitationAction,
  type FacilitationContext,
  type FacilitationError,
  type StoredRecord,
  type VoteState,
} from '@tavla/board'
import type { BoardRow, BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import type { RoomRegistry } from '../../rooms/RoomRegistry.ts'
import type { BoardSettings } from '../../rooms/policy.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

const Action = Type.Union([
  Type.Object({ action: Type.Literal('timer.start'), seconds: Type.Integer({ minimum: 1, maximum: 86_400 }) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('timer.add'), seconds: Type.Integer({ minimum: -3600, maximum: 3600 }) }, { additionalProperties: false }),
  Type.Object({ action: Type.Union([Type.Literal('timer.pause'), Type.Literal('timer.resume'), Type.Literal('timer.stop')]) }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('vote.start'),
      dots: Type.Integer({ minimum: 1, maximum: 20 }),
      perNote: Type.Optional(Type.Integer({ minimum: 1, maximum: 20 })),
      zones: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
      anonymous: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  // the two actions the server adds its own inputs to (counted dots, moved notes) stand alone, so a body narrows to them
  Type.Object({ action: Type.Literal('vote.close') }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('private.reveal') }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Union([
        Type.Literal('private.start'),
        Type.Literal('follow.stop'),
        Type.Literal('board.lock'),
        Type.Literal('board.unlock'),
        Type.Literal('background.lock'),
        Type.Literal('background.unlock'),
      ]),
    },
    { additionalProperties: false },
  ),
  Type.Object(
    { action: Type.Literal('follow.start'), userId: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(Type.String({ maxLength: 200 })) },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Literal('attention'), zoneId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
  // [D16] what participants may make beyond the basics (enforced from the board's settings, [W16])
  Type.Object(
    {
      action: Type.Literal('tools.set'),
      draw: Type.Optional(Type.Boolean()),
      frames: Type.Optional(Type.Boolean()),
      // [D24] participants may group notes into themes
      themes: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
])
/** A body the schema lets through is a `FacilitationRequest` (tsc checks it where the route passes it on). */
export type ActionBody = Static<typeof Action>

const now = () => Date.now()

/** The facilitation map as plain JSON. */
export const facilitationJson = (doc: Y.Doc): Record<string, unknown> => facilitationOf(doc).toJSON()

function readPart(state: Uint8Array) {
  const d = new Y.Doc()
  Y.applyUpdate(d, state)
  return d
}

/**
 * Every facilitation action goes through here: the route ([H12]) and the session's moves between
 * exercises ([SE5]) alike. `act` refuses before anything is counted, moved or saved, and answers
 * the facilitation map after the action.
 */
export function facilitationService(deps: { storage: BoardStorage; rooms: RoomRegistry }) {
  const { storage, rooms } = deps

  // Merged into the row as it is now, not as the caller read it: a lock or tools.set running
  // beside a session's move ([SE5]) keeps the `closed` the move wrote, and the other way round.
  const setSettings = async (boardId: string, current: Record<string, unknown>, patch: BoardSettings) => {
    const settings = { ...((await storage.getBoard(boardId))?.settings ?? current), ...patch }
    await storage.updateBoard(boardId, { settings, updatedAt: now() })
    rooms.setSettings(boardId, settings)
    return settings
  }
  /** Moves every private note into the shared board and empties the private parts. */
  const reveal = async (boardId: string): Promise<number> => {
    let moved = 0
    for (const part of await rooms.privateParts(boardId)) {
      const { records, authors } = await rooms.withRoom(boardId, part, (room) => {
        const notes = [...readRecords<StoredRecord>(recordsOf(room.doc)).values()]
        // [D11] who wrote them, as recorded in the private part, goes with them
        const recorded = notes.flatMap((n) => (authorsOf(room.doc).has(n.id) ? [[n.id, authorsOf(room.doc).get(n.id)!] as const] : []))
        if (notes.length)
          room.change((d) =>
            deleteRecords(
              recordsOf(d),
              notes.map((n) => n.id),
            ),
          )
        return { records: notes, authors: recorded }
      })
      if (!records.length) continue
      await rooms.withRoom(boardId, '', (room) =>
        room.change((d) => {
          const shared = authorsOf(d)
          for (const [id, author] of authors) if (!shared.has(id)) shared.set(id, author)
          writeRecords(recordsOf(d), records)
        }),
      )
      moved += records.length
    }
    return moved
  }

  /**
   * [H22] Counts the dots in every private part: each voter's first N, at most perNote on a note
   * or theme, on notes and themes (board SPEC [D21]) that exist in allowed zones.
   */
  const tally = async (
    boardId: string,
    vote: VoteState,
    notes: Map<string, { zone?: { id: string } }>,
    themes: Map<string, { zoneId: string | null }>,
  ): Promise<{ results: Record<string, number>; voters: number }> => {
    const results: Record<string, number> = {}
    let voters = 0
    const counts = voteTargets(vote, notes, themes)
    for (const part of await rooms.privateParts(boardId)) {
      const doc = readPart(await rooms.currentState(boardId, part))
      const dots = countedDots(vote, doc.getMap('votes').get(vote.id), counts)
      doc.destroy()
      for (const noteId of dots) results[noteId] = (results[noteId] ?? 0) + 1
      if (dots.length) voters++
    }
    return { results, voters }
  }

  /** One action on one board (its row as read now); throws HttpError for a refusal. */
  const act = async (board: BoardRow, body: ActionBody): Promise<Record<string, unknown>> => {
    const settings = board.settings as BoardSettings & Record<string, unknown>
    // The board's lock is kept in its settings (the map's `locked` mirrors it for the pages).
    const ctx = (): FacilitationContext => {
      const at = now()
      return { now: at, newId: () => `v${at.toString(36)}`, anonymous: settings.anonymous ?? false, locked: settings.locked === true }
    }
    const before = await rooms.withRoom(board.id, '', (r) => ({
      state: readFacilitation(facilitationOf(r.doc)),
      notes: body.action === 'vote.close' ? new Map(listNotes(r.doc).map((n) => [n.id, { zone: n.zone }])) : undefined,
      themes: body.action === 'vote.close' ? new Map(readThemes(r.doc).map((t) => [t.id, { zoneId: t.zoneId }])) : undefined,
    }))
    // Refused before anything is counted, moved or saved.
    const refused = facilitationRefusal(before.state, body, ctx())
    if (refused) throw httpError(refused)

    // [V3] the board as it was, before a step that changes much at once
    if (body.action === 'private.reveal' || body.action === 'board.lock') await rooms.history.trySave(board.id, await rooms.currentState(board.id), body.action)
    let action: FacilitationAction
    switch (body.action) {
      case 'private.reveal':
        action = { action: 'private.reveal', revealed: await reveal(board.id) }
        break
      case 'vote.close': {
        const vote = before.state.vote!
        action = { action: 'vote.close', voteId: vote.id, ...(await tally(board.id, vote, before.notes!, before.themes!)) }
        break
      }
      case 'board.lock':
      case 'board.unlock':
        await setSettings(board.id, settings, { locked: body.action === 'board.lock' })
        action = body
        break
      case 'tools.set': {
        // [W16] enforced from the board's settings (the private parts have no facilitation map),
        // set before the map tells the pages, so a tool the page now offers is already allowed
        const next = applyFacilitation(before.state, body, ctx())
        if ('error' in next) throw httpError(next.error)
        await setSettings(board.id, settings, { tools: next.state.tools })
        action = body
        break
      }
      default:
        action = body
    }
    await rooms.withRoom(board.id, '', (r) => {
      const out = applyFacilitation(readFacilitation(facilitationOf(r.doc)), action, ctx())
      if ('error' in out) throw httpError(out.error)
      r.change((d) => writeFacilitation(facilitationOf(d), out.state, out.changed))
    })
    return rooms.withRoom(board.id, '', (r) => facilitationJson(r.doc))
  }

  return { act, setSettings }
}

export function facilitationRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomRegistry; config: Config }): void {
  const { storage } = deps
  const service = facilitationService(deps)
  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: ActionBody }>(
    '/api/boards/:id/facilitation',
    { schema: { params: BoardIdParams, querystring: KeyQuery, body: Action } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      if (board.settings.kind === 'session')
        throw new HttpError(409, 'session_board', 'This is a workshop session, not a board: use the tools on one of its exercises.')
      const facilitation = await service.act(board, req.body)
      const { action: name, ...detail } = req.body
      await audit(storage, req, board.id, name, detail)
      return { facilitation }
    },
  )
}

const httpError = (e: FacilitationError) => new HttpError(e.status, e.code, e.message)
