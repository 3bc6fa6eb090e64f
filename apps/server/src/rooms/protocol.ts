// The wire contract (message types, sync steps, close codes, message encoders) is @tavla/protocol,
// shared with the page, the bench and the tests; what is left here is Node's side of it: whole
// websocket frames, made once and written as they are to every receiving socket.
export { MessageType, SyncStep, CloseCode, REFUSAL_CODES, encodeSyncMessage, encodeAwarenessMessage } from '@tavla/protocol'

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
