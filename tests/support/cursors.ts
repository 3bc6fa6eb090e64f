// Other people's cursors, cheaply: a raw y-websocket socket per person that sends its awareness
// (name and tldraw presence, as packages/tldraw-yjs bindPresence does) and reads nothing. Thirty
// full providers in the test process would each decode everyone's cursor moves (30 × 300/s) and
// starve the test itself; real participants are separate browsers, so only the page under test
// should pay for receiving them.
import WebSocket from 'ws'
import * as Y from 'yjs'
import * as encoding from 'lib0/encoding'
import { Awareness, encodeAwarenessUpdate } from 'y-protocols/awareness'

export interface CursorPeer {
  /** Moves this person's cursor to a page point (sent at once). */
  moveTo(x: number, y: number): void
  readonly opened: Promise<void>
  close(): void
}

/** The awareness state a tldraw page publishes: `user` for the people list, `presence` for tldraw. */
export function presenceState(i: number, x: number, y: number, pageId = 'page:page') {
  const name = `Deltagare ${i + 1}`
  const color = `hsl(${(i * 37) % 360} 70% 45%)`
  return {
    user: { id: `peer-${i}`, name, color, role: 'participant' },
    presence: {
      id: `instance_presence:peer-${i}`,
      typeName: 'instance_presence',
      userId: `user:peer-${i}`,
      userName: name,
      lastActivityTimestamp: Date.now(),
      color,
      camera: { x: 0, y: 0, z: 1 },
      selectedShapeIds: [],
      currentPageId: pageId,
      brush: null,
      scribbles: [],
      screenBounds: { x: 0, y: 0, w: 1400, h: 900 },
      followingUserId: null,
      cursor: { x, y, type: 'default', rotation: 0 },
      chatMessage: '',
      meta: {},
    },
  }
}

export function cursorPeer(wsUrl: string, boardId: string, key: string, i: number): CursorPeer {
  const awareness = new Awareness(new Y.Doc())
  const ws = new WebSocket(`${wsUrl}/${boardId}?key=${encodeURIComponent(key)}`)
  ws.on('error', () => {}) // a test that needs the socket waits on `opened`
  const opened = new Promise<void>((res, rej) => {
    ws.once('open', () => res())
    ws.once('close', (code) => rej(new Error(`cursor peer ${i} closed with ${code}`)))
  })
  opened.catch(() => {})
  return {
    opened,
    moveTo(x, y) {
      awareness.setLocalState(presenceState(i, x, y))
      if (ws.readyState !== WebSocket.OPEN) return
      const e = encoding.createEncoder()
      encoding.writeVarUint(e, 1) // awareness
      encoding.writeVarUint8Array(e, encodeAwarenessUpdate(awareness, [awareness.clientID]))
      ws.send(encoding.toUint8Array(e))
    },
    close() {
      awareness.destroy()
      ws.terminate()
    },
  }
}
