// The y-websocket wire format as the bench speaks it (lib0 encoding, varuint message type first):
//   Sync (0): varuint sub-type — 0 step 1 (varUint8Array state vector), 1 step 2 and 2 update
//             (varUint8Array Yjs update).
//   Awareness (1): varUint8Array awareness update.
// Hocuspocus frames every message in both directions with varString(documentName) in front, needs
// an Auth message (2, sub-type 0 Token, varString token) before anything else on a document, and
// adds its own types: 4 SyncReply (a Sync that asks for no step 1 back), 8 SyncStatus (an ack per
// applied update), 7 Close, 9/10 Ping/Pong.
import * as decoding from 'lib0/decoding'
import * as encoding from 'lib0/encoding'

import * as protocol from '@tavla/protocol'

/** y-websocket's types (@tavla/protocol) and the Hocuspocus ones the bench also speaks. */
export const MessageType = { ...protocol.MessageType, SyncReply: 4, SyncStatus: 8 } as const
export const SyncType = protocol.SyncStep
export const AuthType = { Token: 0 } as const

/**
 * How a room's messages are addressed: plain y-websocket, Hocuspocus' document-name prefix, or
 * tldraw's own sync protocol (JSON, not Yjs: spoken by tlsync.ts, none of the functions here).
 */
export type Dialect = { kind: 'plain' } | { kind: 'hocuspocus'; docName: string; token: string } | { kind: 'tldraw' }

export interface Room {
  /** websocket URL to open for this room */
  url: string
  dialect: Dialect
}

function encode(write: (e: encoding.Encoder) => void): Uint8Array {
  const e = encoding.createEncoder()
  write(e)
  return encoding.toUint8Array(e)
}

const prefixes = new Map<string, Uint8Array>()
function prefixOf(docName: string): Uint8Array {
  let p = prefixes.get(docName)
  if (!p) {
    p = encode((e) => encoding.writeVarString(e, docName))
    prefixes.set(docName, p)
  }
  return p
}

/** Frames a plain y-websocket message for the room's dialect. */
export function frame(dialect: Dialect, body: Uint8Array): Uint8Array {
  if (dialect.kind !== 'hocuspocus') return body
  const p = prefixOf(dialect.docName)
  const out = new Uint8Array(p.length + body.length)
  out.set(p, 0)
  out.set(body, p.length)
  return out
}

/** Offset where the plain y-websocket message starts inside a received frame. */
export function bodyOffset(dialect: Dialect, data: Uint8Array): number {
  if (dialect.kind !== 'hocuspocus') return 0
  const d = decoding.createDecoder(data)
  const len = decoding.readVarUint(d)
  return d.pos + len
}

/** Messages a client sends when it opens: (Hocuspocus: Auth), then sync step 1 with an empty state vector. */
export function openingMessages(dialect: Dialect): Uint8Array[] {
  const step1 = encode((e) => {
    encoding.writeVarUint(e, MessageType.Sync)
    encoding.writeVarUint(e, SyncType.Step1)
    encoding.writeVarUint8Array(e, new Uint8Array([0])) // state vector of an empty doc
  })
  if (dialect.kind !== 'hocuspocus') return [step1]
  const auth = encode((e) => {
    encoding.writeVarUint(e, MessageType.Auth)
    encoding.writeVarUint(e, AuthType.Token)
    encoding.writeVarString(e, dialect.token)
  })
  return [frame(dialect, auth), frame(dialect, step1)]
}

/** The answer to the server's step 1 from a client that has nothing: step 2 with an empty update. */
export function emptyStep2(dialect: Dialect): Uint8Array {
  return frame(
    dialect,
    encode((e) => {
      encoding.writeVarUint(e, MessageType.Sync)
      encoding.writeVarUint(e, SyncType.Step2)
      encoding.writeVarUint8Array(e, new Uint8Array([0, 0]))
    }),
  )
}

export function updateMessage(dialect: Dialect, update: Uint8Array): Uint8Array {
  return frame(
    dialect,
    encode((e) => {
      encoding.writeVarUint(e, MessageType.Sync)
      encoding.writeVarUint(e, SyncType.Update)
      encoding.writeVarUint8Array(e, update)
    }),
  )
}

export interface Parsed {
  type: number
  /** Sync sub-type, or -1 */
  syncType: number
  /** The Yjs update of a step 2 / update message */
  update?: Uint8Array
}

/** Reads the head of a received frame (and the update, if it carries one). */
export function parse(dialect: Dialect, data: Uint8Array): Parsed {
  const d = decoding.createDecoder(data)
  d.pos = bodyOffset(dialect, data)
  const type = decoding.readVarUint(d)
  if (type !== MessageType.Sync && type !== MessageType.SyncReply) return { type, syncType: -1 }
  const syncType = decoding.readVarUint(d)
  if (syncType === SyncType.Step2 || syncType === SyncType.Update) {
    return { type, syncType, update: decoding.readVarUint8Array(d) }
  }
  return { type, syncType }
}
