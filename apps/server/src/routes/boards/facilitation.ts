// Issue 6: the facilitator's tools. Every change of the facilitation state goes through here and
// is written by the server into the board's `facilitation` map (participants cannot write it).
import type { FastifyInstance } from 'fastify'
import { Type, type Static } from 'typebox'
import * as Y from 'yjs'
import { authorsOf, facilitationOf, listNotes, readRecords, recordsOf, deleteRecords, writeRecords, type StoredRecord } from '@tavla/board'
import type { BoardStorage } from '@tavla/storage'
import type { Config } from '../../config.ts'
import { HttpError } from '../../errors.ts'
import type { RoomServer } from '../../rooms/RoomServer.ts'
import type { BoardSettings } from '../../rooms/policy.ts'
import { authorize } from './access.ts'
import { audit } from './audit.ts'
import { BoardIdParams, KeyQuery } from './schemas.ts'

export interface TimerState {
  status: 'running' | 'paused' | 'stopped'
  durationMs: number
  /** When a running timer reaches zero (ms since epoch). */
  endsAt: number | null
  /** What is left of a paused timer. */
  remainingMs: number | null
}
export interface VoteState {
  id: string
  status: 'open' | 'closed'
  dots: number
  zones: string[] | null
  anonymous: boolean
  startedAt: number
  closedAt: number | null
  /** Closed votes: how many people (identities, [K3]) had a dot counted. */
  voters?: number
}

const Action = Type.Union([
  Type.Object({ action: Type.Literal('timer.start'), seconds: Type.Integer({ minimum: 1, maximum: 86_400 }) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('timer.add'), seconds: Type.Integer({ minimum: -3600, maximum: 3600 }) }, { additionalProperties: false }),
  Type.Object({ action: Type.Union([Type.Literal('timer.pause'), Type.Literal('timer.resume'), Type.Literal('timer.stop')]) }, { additionalProperties: false }),
  Type.Object(
    {
      action: Type.Literal('vote.start'),
      dots: Type.Integer({ minimum: 1, maximum: 20 }),
      zones: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), { maxItems: 200 })),
      anonymous: Type.Optional(Type.Boolean()),
    },
    { additionalProperties: false },
  ),
  Type.Object({ action: Type.Union([Type.Literal('vote.close'), Type.Literal('private.start'), Type.Literal('private.reveal'), Type.Literal('follow.stop'), Type.Literal('board.lock'), Type.Literal('board.unlock'), Type.Literal('background.lock'), Type.Literal('background.unlock')]) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('follow.start'), userId: Type.String({ minLength: 1, maxLength: 200 }), name: Type.Optional(Type.String({ maxLength: 200 })) }, { additionalProperties: false }),
  Type.Object({ action: Type.Literal('attention'), zoneId: Type.String({ minLength: 1, maxLength: 200 }) }, { additionalProperties: false }),
])
type ActionBody = Static<typeof Action>

const now = () => Date.now()

/** The facilitation map as plain JSON. */
export const facilitationJson = (doc: Y.Doc): Record<string, unknown> => facilitationOf(doc).toJSON()

function readPart(state: Uint8Array) {
  const d = new Y.Doc()
  Y.applyUpdate(d, state)
  return d
}

export function facilitationRoutes(app: FastifyInstance, deps: { storage: BoardStorage; rooms: RoomServer; config: Config }): void {
  const { storage, rooms } = deps

  const setSettings = async (boardId: string, current: Record<string, unknown>, patch: BoardSettings) => {
    const settings = { ...current, ...patch }
    await storage.updateBoard(boardId, { settings, updatedAt: now() })
    rooms.setSettings(boardId, settings)
  }

  /** Moves every private note into the shared board and empties the private parts. */
  const reveal = async (boardId: string): Promise<number> => {
    let moved = 0
    for (const part of await rooms.privateParts(boardId)) {
      const { records, authors } = await rooms.withRoom(boardId, part, (room) => {
        const notes = [...readRecords<StoredRecord>(recordsOf(room.doc)).values()]
        // [D11] who wrote them, as recorded in the private part, goes with them
        const recorded = notes.flatMap((n) => (authorsOf(room.doc).has(n.id) ? [[n.id, authorsOf(room.doc).get(n.id)!] as const] : []))
        if (notes.length) room.change((d) => deleteRecords(recordsOf(d), notes.map((n) => n.id)))
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

  /** Counts the dots in every private part: each voter's first N, on notes that exist in allowed zones. */
  const tally = async (boardId: string, vote: VoteState, notes: Map<string, { zone?: { id: string } }>): Promise<{ results: Record<string, number>; voters: number }> => {
    const results: Record<string, number> = {}
    let voters = 0
    for (const part of await rooms.privateParts(boardId)) {
      const doc = readPart(await rooms.currentState(boardId, part))
      const dots = doc.getMap('votes').get(vote.id)
      doc.destroy()
      if (!Array.isArray(dots)) continue
      let used = 0
      for (const noteId of dots) {
        if (used >= vote.dots) break
        const note = typeof noteId === 'string' ? notes.get(noteId) : undefined
        if (!note) continue
        if (vote.zones && !(note.zone && vote.zones.includes(note.zone.id))) continue
        results[noteId] = (results[noteId] ?? 0) + 1
        used++
      }
      if (used) voters++
    }
    return { results, voters }
  }

  app.post<{ Params: Static<typeof BoardIdParams>; Querystring: Static<typeof KeyQuery>; Body: ActionBody }>(
    '/api/boards/:id/facilitation',
    { schema: { params: BoardIdParams, querystring: KeyQuery, body: Action } },
    async (req) => {
      const { board } = await authorize(storage, req, req.params.id, ['facilitator'])
      const body = req.body
      const settings = board.settings as BoardSettings & Record<string, unknown>
      if (settings.locked && body.action !== 'board.unlock') throw new HttpError(409, 'board_locked', 'The board is locked. Unlock it first.')

      // [V3] the board as it was, before a step that changes much at once
      if (body.action === 'private.reveal' || body.action === 'board.lock') await rooms.history.trySave(board.id, await rooms.currentState(board.id), body.action)
      switch (body.action) {
        case 'board.lock':
        case 'board.unlock':
          await setSettings(board.id, settings, { locked: body.action === 'board.lock' })
          if (body.action === 'board.lock') await rooms.withRoom(board.id, '', (r) => r.change((d) => facilitationOf(d).set('locked', true)))
          else {
            await rooms.withRoom(board.id, '', (r) => r.change((d) => facilitationOf(d).set('locked', false)))
          }
          break
        case 'private.reveal': {
          const moved = await reveal(board.id)
          await rooms.withRoom(board.id, '', (r) => r.change((d) => facilitationOf(d).set('private', { active: false, revealedAt: now(), revealed: moved })))
          break
        }
        case 'vote.close': {
          const closed = await rooms.withRoom(board.id, '', (r) => {
            const vote = facilitationOf(r.doc).get('vote') as VoteState | undefined
            if (!vote || vote.status !== 'open') throw new HttpError(409, 'no_open_vote', 'There is no open vote to close.')
            return { vote, notes: new Map(listNotes(r.doc).map((n) => [n.id, { zone: n.zone }])) }
          })
          const { results, voters } = await tally(board.id, closed.vote, closed.notes)
          await rooms.withRoom(board.id, '', (r) =>
            r.change((d) => {
              const f = facilitationOf(d)
              f.set('vote', { ...closed.vote, status: 'closed', closedAt: now(), voters })
              f.set('results', results)
            }),
          )
          break
        }
        default:
          await rooms.withRoom(board.id, '', (r) => r.change((d) => apply(d, body, settings)))
      }
      const { action, ...detail } = body
      await audit(storage, req, board.id, action, detail)
      return { facilitation: await rooms.withRoom(board.id, '', (r) => facilitationJson(r.doc)) }
    },
  )
}

/** The plain state changes (timer, vote start, modes, follow, attention) on the shared doc. */
function apply(doc: Y.Doc, body: ActionBody, settings: BoardSettings): void {
  const f = facilitationOf(doc)
  const timer = (f.get('timer') as TimerState | undefined) ?? { status: 'stopped', durationMs: 0, endsAt: null, remainingMs: null }
  switch (body.action) {
    case 'timer.start':
      f.set('timer', { status: 'running', durationMs: body.seconds * 1000, endsAt: now() + body.seconds * 1000, remainingMs: null } satisfies TimerState)
      return
    case 'timer.pause':
      if (timer.status !== 'running') throw new HttpError(409, 'timer_not_running', 'The timer is not running.')
      f.set('timer', { ...timer, status: 'paused', endsAt: null, remainingMs: Math.max(0, (timer.endsAt ?? now()) - now()) })
      return
    case 'timer.resume':
      if (timer.status !== 'paused') throw new HttpError(409, 'timer_not_paused', 'The timer is not paused.')
      f.set('timer', { ...timer, status: 'running', endsAt: now() + (timer.remainingMs ?? 0), remainingMs: null })
      return
    case 'timer.add':
      if (timer.status === 'running') f.set('timer', { ...timer, durationMs: timer.durationMs + body.seconds * 1000, endsAt: Math.max(now(), (timer.endsAt ?? now()) + body.seconds * 1000) })
      else if (timer.status === 'paused') f.set('timer', { ...timer, durationMs: timer.durationMs + body.seconds * 1000, remainingMs: Math.max(0, (timer.remainingMs ?? 0) + body.seconds * 1000) })
      else throw new HttpError(409, 'timer_not_running', 'Start the timer first.')
      return
    case 'timer.stop':
      f.set('timer', { status: 'stopped', durationMs: timer.durationMs, endsAt: null, remainingMs: null } satisfies TimerState)
      return
    case 'vote.start': {
      const current = f.get('vote') as VoteState | undefined
      if (current?.status === 'open') throw new HttpError(409, 'vote_open', 'A vote is already open. Close it first.')
      f.set('vote', {
        id: `v${now().toString(36)}`,
        status: 'open',
        dots: body.dots,
        zones: body.zones?.length ? body.zones : null,
        anonymous: body.anonymous ?? settings.anonymous ?? false,
        startedAt: now(),
        closedAt: null,
      } satisfies VoteState)
      f.delete('results')
      return
    }
    case 'private.start':
      f.set('private', { active: true, startedAt: now() })
      return
    case 'follow.start':
      f.set('follow', { userId: body.userId, name: body.name ?? null, since: now() })
      return
    case 'follow.stop':
      f.delete('follow')
      return
    case 'attention':
      f.set('attention', { zoneId: body.zoneId, at: now() })
      return
    case 'background.unlock':
    case 'background.lock':
      f.set('backgroundLocked', body.action === 'background.lock')
      return
  }
}


