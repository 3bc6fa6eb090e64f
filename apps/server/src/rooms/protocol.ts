// The y-websocket wire format (see SPEC.md): every message starts with a varuint type.
//   Sync (0):       varuint subtype (0 step 1: state vector, 1 step 2: update, 2 update), varUint8Array payload
//   Awareness (1):  varUint8Array awareness update
//   QueryAwareness (3): nothing
// We keep y-websocket's numbers; the server writes messages with lib0's encoder.
import * as encoding from 'lib0/encoding'

export const MessageType = { Sync: 0, Awareness: 1, Auth: 2, QueryAwareness: 3 } as const
export const SyncStep = { Step1: 0, Step2: 1, Update: 2 } as const

/** Close codes: 4000 + the HTTP status, as in SPEC.md. */
export const CloseCode = {
  TooBig: 1009,
  ServiceRestart: 1012,
  BadMessage: 4400,
  Unauthorized: 4401,
  Forbidden: 4403,
  NotFound: 4404,
  /** [R1] an update the server refused: the page drops its copy and rejoins. */
  Refused: 4409,
  /** a size limit (board, awareness, private parts) was reached. */
  TooLarge: 4413,
  /** the board is locked: the update was refused. */
  Locked: 4423,
  SlowConsumer: 4408,
  RateLimited: 4429,
  AtCapacity: 4503,
} as const

export function encodeSyncMessage(step: number, payload: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Sync)
  encoding.writeVarUint(e, step)
  encoding.writeVarUint8Array(e, payload)
  return encoding.toUint8Array(e)
}

export function encodeAwarenessMessage(update: Uint8Array): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, MessageType.Awareness)
  encoding.writeVarUint8Array(e, update)
  return encoding.toUint8Array(e)
}

/**
 * A complete unmasked binary websocket frame (RFC 6455 §5.2) around `payload`, made once and
 * written as it is to every receiving socket.
 */
export function frameBinary(payload: Uint8Array): Buffer {
  const n = payload.byteLength
  const head = n < 126 ? 2 : n < 65536 ? 4 : 10
  const out = Buffer.allocUnsafe(head + n)
  out[0] = 0x82 // FIN + binary opcode
  if (n < 126) {
    out[1] = n
  } else if (n < 65536) {
    out[1] = 126
    out.writeUInt16BE(n, 2)
  } else {
    out[1] = 127
    out.writeUInt32BE(Math.floor(n / 2 ** 32), 2)
    out.writeUInt32BE(n >>> 0, 6)
  }
  out.set(payload, head)
  return out
}
