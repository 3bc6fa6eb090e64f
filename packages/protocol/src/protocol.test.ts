import { describe, expect, it } from 'vitest'
import * as decoding from 'lib0/decoding'
import { CloseCode, encodeAwarenessMessage, encodeSyncMessage, MessageType, REFUSAL_CODES, SyncStep } from './index.ts'

describe('@tavla/protocol', () => {
  it('keeps y-websocket’s numbers', () => {
    expect(MessageType).toEqual({ Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 })
    expect(SyncStep).toEqual({ Step1: 0, Step2: 1, Update: 2 })
  })

  it('[R1] the refusal codes are the 4xxx an update can be refused with, and only those', () => {
    expect([...REFUSAL_CODES].sort()).toEqual([4400, 4403, 4409, 4413, 4423])
    for (const code of [CloseCode.Unauthorized, CloseCode.NotFound, CloseCode.RateLimited, CloseCode.AtCapacity, CloseCode.ServiceRestart])
      expect(REFUSAL_CODES.has(code)).toBe(false)
  })

  it('a sync message is type, step, payload; an awareness message is type, payload', () => {
    const d = decoding.createDecoder(encodeSyncMessage(SyncStep.Update, new Uint8Array([7, 8])))
    expect([decoding.readVarUint(d), decoding.readVarUint(d), [...decoding.readVarUint8Array(d)]]).toEqual([0, 2, [7, 8]])
    const a = decoding.createDecoder(encodeAwarenessMessage(new Uint8Array([1])))
    expect([decoding.readVarUint(a), [...decoding.readVarUint8Array(a)]]).toEqual([1, [1]])
  })
})
