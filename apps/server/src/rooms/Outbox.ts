import type { Socket } from 'node:net'

/** Something that collects frames during one event-loop turn and writes them at its end. */
export interface Sink {
  /** Frames queued this turn. */
  queue: Buffer[]
  /** The raw TCP socket under the websocket, or undefined once it is gone. */
  socket(): Socket | undefined
  /** Called when the socket has more than the allowed bytes waiting to be sent. */
  overflow(): void
  /** Bytes waiting that are not the reader's fault (a sync reply in flight, SPEC [L4]). */
  readonly allowance?: number
  /** After this turn's frames were written. */
  written?(socket: Socket): void
}

export interface Flushable {
  flushTick(): void
}

/**
 * The fan-out lever (SPEC W3): receivers' frames are queued during a turn and written at its
 * end with one write per socket, and rooms merge the updates of the turn first.
 */
export class Outbox {
  readonly #dirty = new Set<Sink>()
  readonly #rooms = new Set<Flushable>()
  #scheduled = false
  messagesSent = 0
  bytesSent = 0

  readonly #maxBufferedBytes: number

  constructor(maxBufferedBytes: number) {
    this.#maxBufferedBytes = maxBufferedBytes
  }

  push(sink: Sink, frame: Buffer): void {
    sink.queue.push(frame)
    this.#dirty.add(sink)
    this.#schedule()
  }

  /** A room with updates to merge at the end of this turn. */
  room(room: Flushable): void {
    this.#rooms.add(room)
    this.#schedule()
  }

  #schedule(): void {
    if (this.#scheduled) return
    this.#scheduled = true
    setImmediate(this.flush)
  }

  readonly flush = (): void => {
    this.#scheduled = false
    for (const room of this.#rooms) room.flushTick()
    this.#rooms.clear()
    for (const sink of this.#dirty) {
      const frames = sink.queue
      sink.queue = []
      const socket = sink.socket()
      if (!socket || socket.destroyed || !socket.writable) continue
      const data = frames.length === 1 ? frames[0]! : Buffer.concat(frames)
      socket.write(data)
      this.messagesSent += frames.length
      this.bytesSent += data.byteLength
      sink.written?.(socket)
      if (socket.writableLength > this.#maxBufferedBytes + (sink.allowance ?? 0)) sink.overflow()
    }
    this.#dirty.clear()
  }
}
