// y-websocket's own WebsocketProvider in Node, against a real server: the client the browser uses.
import WebSocket from 'ws'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'

export interface Client {
  doc: Y.Doc
  provider: WebsocketProvider
  /** Resolves once the first sync with the server is done. */
  synced: Promise<void>
  /** Resolves with the close event's code once the server closes the socket. */
  closed: Promise<number>
  destroy(): void
}

export function connectClient(wsUrl: string, room: string, key: string, opts: { doc?: Y.Doc; params?: Record<string, string> } = {}): Client {
  const doc = opts.doc ?? new Y.Doc()
  const provider = new WebsocketProvider(wsUrl, room, doc, {
    params: { key, ...opts.params },
    WebSocketPolyfill: WebSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true, // Node has BroadcastChannel: clients in one test process must talk only through the server
    maxBackoffTime: 500,
  })
  const synced = new Promise<void>((res) => {
    if (provider.synced) return res()
    const on = (s: boolean) => {
      if (s) {
        provider.off('sync', on)
        res()
      }
    }
    provider.on('sync', on)
  })
  const closed = new Promise<number>((res) => provider.on('connection-close', (ev) => res((ev as { code: number } | null)?.code ?? 0)))
  return {
    doc,
    provider,
    synced,
    closed,
    destroy() {
      provider.destroy()
    },
  }
}

/** Polls a condition (every 10 ms) until it holds; fails with the message after the timeout. */
export async function waitFor(cond: () => boolean | Promise<boolean>, message: string, timeoutMs = 10_000): Promise<void> {
  const start = Date.now()
  while (!(await cond())) {
    if (Date.now() - start > timeoutMs) throw new Error(`timed out after ${timeoutMs} ms: ${message}`)
    await new Promise((r) => setTimeout(r, 10))
  }
}

export async function createBoard(baseUrl: string, body: { template?: string; title?: string; params?: Record<string, unknown> } = {}) {
  const res = await fetch(`${baseUrl}/api/boards`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ template: 'blank', title: 'Testtavla', ...body }),
  })
  if (res.status !== 201) throw new Error(`create board: ${res.status} ${await res.text()}`)
  return (await res.json()) as {
    id: string
    title: string
    template: string
    createdAt: string
    keys: { facilitator: string; participant: string; viewer: string }
    links: { facilitator: string; participant: string; viewer: string }
  }
}

/** An identity the server signs for one board and device (apps/server SPEC [K3], [H19]). */
export async function issueIdentity(
  baseUrl: string,
  boardId: string,
  key: string,
  body: { name?: string; org?: string; identity?: string } = {},
): Promise<string> {
  const res = await fetch(`${baseUrl}/api/boards/${boardId}/identity`, {
    method: 'POST',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  if (res.status !== 200) throw new Error(`identity: ${res.status} ${await res.text()}`)
  return ((await res.json()) as { identity: string }).identity
}
