// One board's shared state on this page: the Y.Doc kept in IndexedDB (so a reload or a lost
// connection loses nothing), the websocket provider, connection and "saved" state.
import { useEffect, useRef, useState } from 'react'
import * as Y from 'yjs'
import { WebsocketProvider } from 'y-websocket'
import { IndexeddbPersistence } from 'y-indexeddb'
import { metaOf, plainText, readRecords, recordsOf } from '@tavla/board'
import { CloseCode, REFUSAL_CODES } from '@tavla/protocol'
import { api, forgetBoard } from '../../api.ts'
import { boardDatabase, privateDatabase, renewBoardCopies } from '../../device/device.ts'

export type ConnState = 'connecting' | 'connected' | 'reconnecting' | 'offline'
export type SaveState = 'saved' | 'saving' | 'unsent'
export type FatalError = { kind: 'not-found' | 'key' | 'forbidden' | 'full'; reason?: string }
/** [R1] The server refused one of this page's updates; the page rejoined, this is what did not get in. */
export interface Refusal {
  code: number
  /** Texts of notes this page had that the server's board does not (for the person to copy). */
  texts: string[]
}

/** The text of every note in a doc, by id. */
function noteTexts(doc: Y.Doc | null): Map<string, string> {
  const out = new Map<string, string>()
  if (!doc) return out
  for (const [id, rec] of readRecords(recordsOf(doc))) {
    const r = rec as { type?: string; props?: { richText?: unknown } }
    if (r.type === 'note') out.set(id, plainText(r.props?.richText as never))
  }
  return out
}

export interface BoardConnection {
  doc: Y.Doc
  provider: WebsocketProvider
  /** The doc holds the board (from the server or from this device). */
  ready: boolean
  conn: ConnState
  save: SaveState
  fatal: FatalError | null
  /** This person's private part (private mode notes, dot votes); none for viewers. */
  privateDoc: Y.Doc | null
  /** [R1] The last refusal the page recovered from, until the person closes it. */
  refused: Refusal | null
  dismissRefused: () => void
}

const wsBase = () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`

function covers(server: Map<number, number>, local: Map<number, number>): boolean {
  for (const [client, clock] of local) if ((server.get(client) ?? 0) < clock) return false
  return true
}

/**
 * y-websocket's provider sends every awareness update it receives straight back to the server.
 * With thirty people moving their cursors that is hundreds of messages a second upstream from
 * every page (too much for a weak connection, and past the server's rate limit). Only this
 * page's own changes go out; the server drops echoes from other clients too (apps/server [W4]).
 */
function sendOwnAwarenessOnly(provider: WebsocketProvider): void {
  const p = provider as unknown as { _awarenessUpdateHandler: (changes: unknown, origin: unknown) => void }
  const send = p._awarenessUpdateHandler
  const own = (changes: unknown, origin: unknown) => {
    if (origin !== provider) send(changes, origin)
  }
  provider.awareness.off('update', send)
  provider.awareness.on('update', own)
  p._awarenessUpdateHandler = own // provider.destroy() unregisters this one
}

/** `identity`: the token the server signed for this person on this board ([K3]); the private part needs it. */
export function useBoardConnection(boardId: string, key: string, enabled: boolean, withPrivate = true, identity: string | null = null): BoardConnection | null {
  const [state, setState] = useState<BoardConnection | null>(null)
  const patch = useRef<(p: Partial<BoardConnection>) => void>(() => {})
  // [R1] A refused update: the page's copy is dropped and everything is made again with a fresh
  // doc (a new Yjs client id); what it had that the server lacks is shown for copying.
  const [generation, setGeneration] = useState(0)
  const recovering = useRef<{ code: number; before: Map<string, string> } | null>(null)
  const [refused, setRefused] = useState<Refusal | null>(null)

  // biome-ignore lint/correctness/useExhaustiveDependencies: a new generation (after a refusal, [R1]) makes everything again
  useEffect(() => {
    if (!enabled) return
    // Made in the effect, not in a memo, so StrictMode's double mount gets two clean pairs.
    const doc = new Y.Doc()
    const local = new IndexeddbPersistence(boardDatabase(boardId), doc)
    const provider = new WebsocketProvider(wsBase(), boardId, doc, { params: identity ? { key, identity } : { key }, maxBackoffTime: 5000 })
    // The private part: a second doc and socket, named by a secret only this device holds.
    const privateDoc = withPrivate && identity ? new Y.Doc() : null
    const privateLocal = privateDoc ? new IndexeddbPersistence(privateDatabase(boardId), privateDoc) : null
    const privateProvider = privateDoc
      ? new WebsocketProvider(wsBase(), `${boardId}/private`, privateDoc, { params: { key, identity: identity! }, maxBackoffTime: 5000 })
      : null
    sendOwnAwarenessOnly(provider)
    if (privateProvider) sendOwnAwarenessOnly(privateProvider)
    let current: BoardConnection = {
      doc,
      provider,
      ready: false,
      conn: 'connecting',
      save: 'saved',
      fatal: null,
      privateDoc,
      refused: null,
      dismissRefused: () => setRefused(null),
    }
    let everConnected = false
    // [R1] Once this generation is torn down, nothing of it may reach the page again: a "saved"
    // check still on its way (or a late status event) would otherwise put the old, destroyed doc
    // back under the editor, and what the person writes next would go nowhere.
    let live = true
    const set = (p: Partial<BoardConnection>) => {
      if (!live) return
      current = { ...current, ...p }
      setState(current)
    }
    patch.current = set
    set({})

    const hasBoard = () => metaOf(doc).get('formatVersion') !== undefined
    const markReady = () => !current.ready && hasBoard() && set({ ready: true })
    // Mount the editor from this device's copy as soon as it is read (a returning person sees the
    // board at once, issue 16; the sync merges what changed meanwhile), else after the first sync,
    // or with whatever there is when the server is away.
    provider.on('sync', (synced: boolean) => synced && markReady())
    // After a recovery: once the server's board is here, tell what did not get in.
    provider.on('sync', (synced: boolean) => {
      const r = recovering.current
      if (!synced || !r) return
      recovering.current = null
      const now = new Map([...noteTexts(doc), ...noteTexts(privateDoc)])
      const texts = [...r.before].filter(([id, text]) => now.get(id) !== text && text.trim() !== '').map(([, text]) => text)
      setRefused({ code: r.code, texts })
    })
    local.whenSynced.then(() => {
      if (hasBoard() || !navigator.onLine) markReady()
      else setTimeout(markReady, 2500)
    })

    provider.on('status', ({ status }: { status: string }) => {
      if (status === 'connected') everConnected = true
      const conn: ConnState = !navigator.onLine ? 'offline' : status === 'connected' ? 'connected' : everConnected ? 'reconnecting' : 'connecting'
      set({ conn })
    })
    // Offline (issue 13): the sockets are closed until the machine is back, so neither y-websocket's
    // reconnect attempts nor the "saved" check fail (and log) every few seconds meanwhile; what is
    // made offline waits in the doc (and IndexedDB) and goes out on the sync after reconnecting.
    let pausedOffline = false
    const onOnline = () => {
      if (pausedOffline) {
        pausedOffline = false
        provider.connect()
        privateProvider?.connect()
      }
      set({ conn: provider.wsconnected ? 'connected' : 'reconnecting' })
    }
    const onOffline = () => {
      if (provider.shouldConnect) {
        pausedOffline = true
        provider.disconnect()
        privateProvider?.disconnect()
      }
      if (timer) clearTimeout(timer)
      timer = undefined
      set({ conn: 'offline', save: current.save === 'saved' ? 'saved' : 'unsent' })
    }
    window.addEventListener('online', onOnline)
    window.addEventListener('offline', onOffline)

    // [R1] A refused update: stop both sockets, drop this device's copy, start again from the server.
    let recovered = false
    const recover = (code: number) => {
      if (recovered) return
      recovered = true
      provider.shouldConnect = false
      provider.disconnect()
      privateProvider?.disconnect()
      recovering.current = { code, before: new Map([...noteTexts(doc), ...noteTexts(privateDoc)]) }
      // the next generation reads and writes new databases: the refused copy can never be read
      // back (its deletion is asked for here, and may finish later)
      renewBoardCopies(boardId)
      void Promise.allSettled([local.clearData(), privateLocal?.clearData()])
      setGeneration((g) => g + 1)
    }
    privateProvider?.on('connection-close', (ev: CloseEvent | null) => {
      if (REFUSAL_CODES.has(ev?.code ?? 0)) recover(ev!.code)
    })

    // The server's verdict on this connection (apps/server SPEC, close codes): stop retrying.
    provider.on('connection-close', (ev: CloseEvent | null) => {
      const code = ev?.code ?? 0
      if (REFUSAL_CODES.has(code)) return recover(code)
      const fatal: FatalError | null =
        code === CloseCode.NotFound
          ? { kind: 'not-found' }
          : code === CloseCode.Unauthorized
            ? { kind: 'key' }
            : code === CloseCode.AtCapacity
              ? { kind: 'full' }
              : null
      if (fatal) {
        provider.shouldConnect = false
        privateProvider?.disconnect()
        set({ fatal })
      }
      // The server has no such board (deleted, or by retention): nothing of it stays on this device.
      if (code === CloseCode.NotFound) void Promise.all([local.clearData(), privateLocal?.clearData()]).then(() => forgetBoard(boardId))
    })

    // "All changes saved": once the server's state vector covers ours.
    let timer: ReturnType<typeof setTimeout> | undefined
    const check = async () => {
      timer = undefined
      if (!live) return
      if (!provider.wsconnected || !navigator.onLine) return set({ save: 'unsent' })
      try {
        const { sv } = await api.stateVector(boardId, key)
        const server = Y.decodeStateVector(Uint8Array.from(atob(sv), (c) => c.charCodeAt(0)))
        if (!live) return
        if (covers(server, Y.decodeStateVector(Y.encodeStateVector(doc)))) set({ save: 'saved' })
        else timer = setTimeout(check, 500)
      } catch {
        if (live) timer = setTimeout(check, 2000)
      }
    }
    const onUpdate = (_u: Uint8Array, origin: unknown) => {
      if (origin === provider || origin === local) return
      set({ save: provider.wsconnected && navigator.onLine ? 'saving' : 'unsent' })
      if (timer) clearTimeout(timer)
      timer = setTimeout(check, 250)
    }
    doc.on('update', onUpdate)
    provider.on('sync', (s: boolean) => s && (timer ? undefined : (timer = setTimeout(check, 100))))

    return () => {
      live = false
      if (timer) clearTimeout(timer)
      window.removeEventListener('online', onOnline)
      window.removeEventListener('offline', onOffline)
      doc.off('update', onUpdate)
      provider.destroy()
      privateProvider?.destroy()
      void local.destroy()
      void privateLocal?.destroy()
      doc.destroy()
      privateDoc?.destroy()
    }
  }, [boardId, key, enabled, withPrivate, generation, identity])

  return state && { ...state, refused }
}
