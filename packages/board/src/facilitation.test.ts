import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  applyFacilitation,
  facilitationOf,
  facilitationRefusal,
  readFacilitation,
  writeFacilitation,
  type FacilitationAction,
  type FacilitationContext,
  type FacilitationResult,
  type FacilitationState,
  type VoteState,
} from './index.ts'

const T = 1_800_000_000_000
const ctx = (over: Partial<FacilitationContext> = {}): FacilitationContext => ({ now: T, newId: () => 'v1', ...over })
const ok = (r: FacilitationResult) => {
  if ('error' in r) throw new Error(`refused: ${r.error.code}`)
  return r
}
const refusal = (r: FacilitationResult) => ('error' in r ? r.error : null)

const running = (endsAt: number, durationMs = 300_000): FacilitationState => ({ timer: { status: 'running', durationMs, endsAt, remainingMs: null } })
const paused = (remainingMs: number, durationMs = 300_000): FacilitationState => ({ timer: { status: 'paused', durationMs, endsAt: null, remainingMs } })
const openVote: VoteState = { id: 'v0', status: 'open', dots: 3, zones: null, anonymous: false, startedAt: T - 1000, closedAt: null }

describe('the timer [H12]', () => {
  it('[H12] timer.start runs for the given seconds from now', () => {
    const r = ok(applyFacilitation({}, { action: 'timer.start', seconds: 300 }, ctx()))
    expect(r.state.timer).toEqual({ status: 'running', durationMs: 300_000, endsAt: T + 300_000, remainingMs: null })
    expect(r.changed).toEqual(['timer'])
  })

  it('[H12] timer.start on a running timer starts it again', () => {
    expect(ok(applyFacilitation(running(T + 5), { action: 'timer.start', seconds: 60 }, ctx())).state.timer).toEqual({
      status: 'running',
      durationMs: 60_000,
      endsAt: T + 60_000,
      remainingMs: null,
    })
  })

  it('[H12] timer.pause keeps what is left', () => {
    expect(ok(applyFacilitation(running(T + 42_000), { action: 'timer.pause' }, ctx())).state.timer).toEqual({
      status: 'paused',
      durationMs: 300_000,
      endsAt: null,
      remainingMs: 42_000,
    })
  })

  it('[H12] timer.pause after the end leaves nothing, not less', () => {
    expect(ok(applyFacilitation(running(T - 5000), { action: 'timer.pause' }, ctx())).state.timer?.remainingMs).toBe(0)
  })

  it('[H12] timer.pause when the timer is not running is 409 timer_not_running', () => {
    for (const state of [{}, paused(1000), { timer: { status: 'stopped', durationMs: 0, endsAt: null, remainingMs: null } } satisfies FacilitationState]) {
      expect(refusal(applyFacilitation(state, { action: 'timer.pause' }, ctx()))).toEqual({
        status: 409,
        code: 'timer_not_running',
        message: 'The timer is not running.',
      })
    }
  })

  it('[H12] timer.resume runs on from what was left', () => {
    expect(ok(applyFacilitation(paused(42_000), { action: 'timer.resume' }, ctx())).state.timer).toEqual({
      status: 'running',
      durationMs: 300_000,
      endsAt: T + 42_000,
      remainingMs: null,
    })
  })

  it('[H12] timer.resume when the timer is not paused is 409 timer_not_paused', () => {
    expect(refusal(applyFacilitation(running(T + 1), { action: 'timer.resume' }, ctx()))).toMatchObject({ status: 409, code: 'timer_not_paused' })
    expect(refusal(applyFacilitation({}, { action: 'timer.resume' }, ctx()))).toMatchObject({ status: 409, code: 'timer_not_paused' })
  })

  it('[H12] timer.add on a running timer moves the end and the duration', () => {
    expect(ok(applyFacilitation(running(T + 10_000), { action: 'timer.add', seconds: 60 }, ctx())).state.timer).toEqual({
      status: 'running',
      durationMs: 360_000,
      endsAt: T + 70_000,
      remainingMs: null,
    })
  })

  it('[H12] timer.add with negative seconds on a running timer never ends it before now', () => {
    expect(ok(applyFacilitation(running(T + 10_000), { action: 'timer.add', seconds: -60 }, ctx())).state.timer).toMatchObject({
      endsAt: T,
      durationMs: 240_000,
    })
  })

  it('[H12] timer.add on a paused timer adds to remainingMs', () => {
    expect(ok(applyFacilitation(paused(10_000), { action: 'timer.add', seconds: 60 }, ctx())).state.timer).toEqual({
      status: 'paused',
      durationMs: 360_000,
      endsAt: null,
      remainingMs: 70_000,
    })
    expect(ok(applyFacilitation(paused(10_000), { action: 'timer.add', seconds: -60 }, ctx())).state.timer?.remainingMs).toBe(0)
  })

  it('[H12] timer.add on a stopped or absent timer is 409 timer_not_running', () => {
    expect(refusal(applyFacilitation({}, { action: 'timer.add', seconds: 60 }, ctx()))).toEqual({
      status: 409,
      code: 'timer_not_running',
      message: 'Start the timer first.',
    })
  })

  it('[H12] timer.stop keeps the duration; on no timer it writes a stopped one', () => {
    expect(ok(applyFacilitation(running(T + 1), { action: 'timer.stop' }, ctx())).state.timer).toEqual({
      status: 'stopped',
      durationMs: 300_000,
      endsAt: null,
      remainingMs: null,
    })
    expect(ok(applyFacilitation({}, { action: 'timer.stop' }, ctx())).state.timer).toEqual({
      status: 'stopped',
      durationMs: 0,
      endsAt: null,
      remainingMs: null,
    })
  })
})

describe('dot voting [H12]', () => {
  it('[H12] vote.start opens a vote with a new id and clears the last results', () => {
    const r = ok(applyFacilitation({ results: { 'shape:a': 2 } }, { action: 'vote.start', dots: 3 }, ctx()))
    expect(r.state.vote).toEqual({ id: 'v1', status: 'open', dots: 3, zones: null, anonymous: false, startedAt: T, closedAt: null })
    expect(r.state).not.toHaveProperty('results')
    expect(r.changed.sort()).toEqual(['results', 'vote'])
  })

  it('[H12] vote.start takes zones (none is the whole board) and anonymous; the board decides the default', () => {
    expect(ok(applyFacilitation({}, { action: 'vote.start', dots: 2, zones: ['why'], anonymous: true }, ctx())).state.vote).toMatchObject({
      zones: ['why'],
      anonymous: true,
    })
    expect(ok(applyFacilitation({}, { action: 'vote.start', dots: 2, zones: [] }, ctx())).state.vote?.zones).toBeNull()
    expect(ok(applyFacilitation({}, { action: 'vote.start', dots: 2 }, ctx({ anonymous: true }))).state.vote?.anonymous).toBe(true)
    expect(ok(applyFacilitation({}, { action: 'vote.start', dots: 2, anonymous: false }, ctx({ anonymous: true }))).state.vote?.anonymous).toBe(false)
  })

  it('[H12] vote.start while a vote is open is 409 vote_open; after a closed one it opens the next', () => {
    expect(refusal(applyFacilitation({ vote: openVote }, { action: 'vote.start', dots: 3 }, ctx()))).toEqual({
      status: 409,
      code: 'vote_open',
      message: 'A vote is already open. Close it first.',
    })
    expect(ok(applyFacilitation({ vote: { ...openVote, status: 'closed' } }, { action: 'vote.start', dots: 3 }, ctx())).state.vote?.status).toBe('open')
  })

  it('[H12] vote.close closes the open vote with the counted results and voters', () => {
    const r = ok(applyFacilitation({ vote: openVote }, { action: 'vote.close', voteId: 'v0', results: { 'shape:a': 2, 'shape:b': 1 }, voters: 2 }, ctx()))
    expect(r.state.vote).toEqual({ ...openVote, status: 'closed', closedAt: T, voters: 2 })
    expect(r.state.results).toEqual({ 'shape:a': 2, 'shape:b': 1 })
    expect(r.changed.sort()).toEqual(['results', 'vote'])
  })

  it('[H12] vote.close without an open vote is 409 no_open_vote', () => {
    const close: FacilitationAction = { action: 'vote.close', voteId: 'v0', results: {}, voters: 0 }
    for (const state of [{}, { vote: { ...openVote, status: 'closed' } } satisfies FacilitationState]) {
      expect(refusal(applyFacilitation(state, close, ctx()))).toEqual({ status: 409, code: 'no_open_vote', message: 'There is no open vote to close.' })
      expect(facilitationRefusal(state, { action: 'vote.close' })).toMatchObject({ code: 'no_open_vote' })
    }
    expect(facilitationRefusal({ vote: openVote }, { action: 'vote.close' })).toBeNull()
  })

  it('[H12] vote.close with the counts of another vote (closed and opened again meanwhile) is 409 no_open_vote', () => {
    expect(
      refusal(applyFacilitation({ vote: { ...openVote, id: 'v9' } }, { action: 'vote.close', voteId: 'v0', results: {}, voters: 0 }, ctx())),
    ).toMatchObject({ status: 409, code: 'no_open_vote' })
  })
})

describe('modes, follow, attention and locks [H12]', () => {
  it('[H12] private.start turns private mode on; private.reveal off, with how many notes moved', () => {
    expect(ok(applyFacilitation({}, { action: 'private.start' }, ctx())).state.private).toEqual({ active: true, startedAt: T })
    const r = ok(applyFacilitation({ private: { active: true, startedAt: T - 1 } }, { action: 'private.reveal', revealed: 4 }, ctx()))
    expect(r.state.private).toEqual({ active: false, revealedAt: T, revealed: 4 })
    expect(r.changed).toEqual(['private'])
  })

  it('[H12] private.reveal without private mode still answers (it empties whatever private parts hold)', () => {
    expect(ok(applyFacilitation({}, { action: 'private.reveal', revealed: 0 }, ctx())).state.private).toEqual({ active: false, revealedAt: T, revealed: 0 })
  })

  it('[H12] follow.start names the facilitator; follow.stop deletes it', () => {
    expect(ok(applyFacilitation({}, { action: 'follow.start', userId: 'u1', name: 'Anna' }, ctx())).state.follow).toEqual({
      userId: 'u1',
      name: 'Anna',
      since: T,
    })
    expect(ok(applyFacilitation({}, { action: 'follow.start', userId: 'u1' }, ctx())).state.follow).toEqual({ userId: 'u1', name: null, since: T })
    const r = ok(applyFacilitation({ follow: { userId: 'u1', name: null, since: 1 } }, { action: 'follow.stop' }, ctx()))
    expect(r.state).not.toHaveProperty('follow')
    expect(r.changed).toEqual(['follow'])
  })

  it('[H12] attention points everyone to a zone, now', () => {
    expect(ok(applyFacilitation({}, { action: 'attention', zoneId: 'why' }, ctx())).state.attention).toEqual({ zoneId: 'why', at: T })
  })

  it('[H12] background.lock and background.unlock set backgroundLocked', () => {
    expect(ok(applyFacilitation({}, { action: 'background.unlock' }, ctx())).state.backgroundLocked).toBe(false)
    expect(ok(applyFacilitation({ backgroundLocked: false }, { action: 'background.lock' }, ctx())).state.backgroundLocked).toBe(true)
  })

  it('[H12][R1] board.lock and board.unlock set locked', () => {
    expect(ok(applyFacilitation({}, { action: 'board.lock' }, ctx())).state.locked).toBe(true)
    expect(ok(applyFacilitation({ locked: true }, { action: 'board.unlock' }, ctx())).state.locked).toBe(false)
    expect(ok(applyFacilitation({}, { action: 'board.unlock' }, ctx())).state.locked).toBe(false)
  })

  it('[H12][R1] a locked board refuses every action but board.unlock with 409 board_locked', () => {
    const all: FacilitationAction[] = [
      { action: 'timer.start', seconds: 5 },
      { action: 'timer.pause' },
      { action: 'timer.resume' },
      { action: 'timer.add', seconds: 5 },
      { action: 'timer.stop' },
      { action: 'vote.start', dots: 1 },
      { action: 'vote.close', voteId: 'v0', results: {}, voters: 0 },
      { action: 'private.start' },
      { action: 'private.reveal', revealed: 0 },
      { action: 'follow.start', userId: 'u' },
      { action: 'follow.stop' },
      { action: 'attention', zoneId: 'z' },
      { action: 'background.lock' },
      { action: 'background.unlock' },
      { action: 'board.lock' },
    ]
    const state: FacilitationState = { ...running(T + 1), vote: openVote, locked: true }
    for (const action of all)
      expect(refusal(applyFacilitation(state, action, ctx())), action.action).toEqual({
        status: 409,
        code: 'board_locked',
        message: 'The board is locked. Unlock it first.',
      })
    expect(refusal(applyFacilitation(state, { action: 'board.unlock' }, ctx()))).toBeNull()
  })

  it('[H12][R1] the lock the caller keeps (the server: board settings) decides over the map', () => {
    expect(refusal(applyFacilitation({}, { action: 'timer.start', seconds: 5 }, ctx({ locked: true })))).toMatchObject({ code: 'board_locked' })
    expect(refusal(applyFacilitation({ locked: true }, { action: 'timer.start', seconds: 5 }, ctx({ locked: false })))).toBeNull()
    expect(facilitationRefusal({}, { action: 'private.reveal' }, { locked: true })).toMatchObject({ code: 'board_locked' })
  })

  it('[H12] parameters outside the HTTP limits are 400 (for callers that skip the schema)', () => {
    const bad: FacilitationAction[] = [
      { action: 'timer.start', seconds: 0 },
      { action: 'timer.start', seconds: 1.5 },
      { action: 'timer.add', seconds: 3601 },
      { action: 'vote.start', dots: 0 },
      { action: 'vote.start', dots: 21 },
      { action: 'follow.start', userId: '' },
      { action: 'attention', zoneId: '' },
    ]
    for (const action of bad)
      expect(refusal(applyFacilitation(running(T + 1), action, ctx())), JSON.stringify(action)).toMatchObject({ status: 400, code: 'invalid_action' })
  })

  it('[D13] the function is pure: the state it was given is left as it was', () => {
    const state: FacilitationState = { ...paused(1000), vote: openVote, results: { 'shape:a': 1 }, follow: { userId: 'u', name: null, since: 1 } }
    const copy = structuredClone(state)
    applyFacilitation(state, { action: 'timer.add', seconds: 5 }, ctx())
    applyFacilitation(state, { action: 'vote.close', voteId: 'v0', results: { 'shape:b': 1 }, voters: 1 }, ctx())
    applyFacilitation(state, { action: 'follow.stop' }, ctx())
    expect(state).toEqual(copy)
  })
})

describe('reading and writing the map [D12]', () => {
  it('[D12] what writeFacilitation wrote reads back the same', () => {
    const doc = new Y.Doc()
    const f = facilitationOf(doc)
    let state: FacilitationState = {}
    const steps: FacilitationAction[] = [
      { action: 'timer.start', seconds: 60 },
      { action: 'timer.pause' },
      { action: 'vote.start', dots: 2, zones: ['a'] },
      { action: 'private.start' },
      { action: 'follow.start', userId: 'u1', name: 'Anna' },
      { action: 'attention', zoneId: 'a' },
      { action: 'background.unlock' },
      { action: 'vote.close', voteId: 'v1', results: { 'shape:n': 2 }, voters: 1 },
      { action: 'private.reveal', revealed: 3 },
      { action: 'board.lock' },
    ]
    for (const action of steps) {
      const r = ok(applyFacilitation(state, action, ctx()))
      writeFacilitation(f, r.state, r.changed)
      state = r.state
      expect(readFacilitation(f)).toEqual(state)
    }
    expect(f.toJSON()).toEqual(state)
  })

  it('[D12] writeFacilitation writes only the changed keys and deletes those the state dropped', () => {
    const doc = new Y.Doc()
    const f = facilitationOf(doc)
    f.set('timer', { status: 'stopped', durationMs: 0, forged: 'stays' })
    f.set('follow', { userId: 'u', name: null, since: 1 })
    const r = ok(applyFacilitation(readFacilitation(f), { action: 'follow.stop' }, ctx()))
    const seen: string[] = []
    f.observe((e) => seen.push(...e.keysChanged))
    writeFacilitation(f, r.state, r.changed)
    expect(seen).toEqual(['follow'])
    expect(f.has('follow')).toBe(false)
    expect(f.get('timer')).toEqual({ status: 'stopped', durationMs: 0, forged: 'stays' })
  })

  it('[D12] writeFacilitation is one transaction (one update for the pages)', () => {
    const doc = new Y.Doc()
    let updates = 0
    doc.on('update', () => updates++)
    const r = ok(applyFacilitation({ results: { x: 1 } }, { action: 'vote.start', dots: 1 }, ctx()))
    writeFacilitation(facilitationOf(doc), r.state, r.changed)
    expect(updates).toBe(1)
  })

  it('[D12] a malformed entry reads as absent, unknown keys are ignored', () => {
    const doc = new Y.Doc()
    const f = facilitationOf(doc)
    f.set('timer', { status: 'ticking', durationMs: 1 })
    f.set('vote', { id: 7, status: 'open', dots: 3 })
    f.set('private', { active: 'yes' })
    f.set('follow', { userId: '', since: 1 })
    f.set('attention', { zoneId: 'z' })
    f.set('backgroundLocked', 'no')
    f.set('locked', 1)
    f.set('results', ['shape:a'])
    f.set('evil', { x: 1 })
    expect(readFacilitation(f)).toEqual({})
    f.set('timer', { status: 'running', durationMs: '5', endsAt: 1 })
    f.set('vote', { id: 'v', status: 'open', dots: 3, zones: 'why' })
    f.set('private', { active: true, startedAt: 'now' })
    f.set('follow', { userId: 'u', name: 5 })
    expect(readFacilitation(f)).toEqual({})
    f.set('timer', null)
    f.set('vote', new Y.Map())
    expect(readFacilitation(f)).toEqual({})
  })

  it('[D12] missing fields take their defaults: a vote from an imported file still reads', () => {
    const doc = new Y.Doc()
    const f = facilitationOf(doc)
    f.set('vote', { id: 'v1', status: 'closed', dots: 3 })
    f.set('timer', { status: 'stopped', durationMs: 0 })
    f.set('results', { 'shape:a': 4, 'shape:b': 'many', 'shape:c': 1 })
    f.set('follow', { userId: 'u1' })
    expect(readFacilitation(f)).toEqual({
      vote: { id: 'v1', status: 'closed', dots: 3, zones: null, anonymous: false, startedAt: 0, closedAt: null },
      timer: { status: 'stopped', durationMs: 0, endsAt: null, remainingMs: null },
      results: { 'shape:a': 4, 'shape:c': 1 },
      follow: { userId: 'u1', name: null, since: 0 },
    })
  })
})
