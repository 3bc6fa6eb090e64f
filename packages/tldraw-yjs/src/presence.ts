// Presence through y-protocols awareness: this client's cursor, selection and viewport go out as
// the awareness field `presence` (throttled), others' come in as tldraw instance_presence records
// keyed by their awareness clientID, so a peer that leaves is removed by that id (no ghosts), and
// applied to the store once per animation frame however many arrive.
import { createPresenceStateDerivation, InstancePresenceRecordType, react, type Signal, type TLInstancePresence, type TLStore, type TLUser } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'

export interface PresenceUser {
  id: string
  name: string
  color: string
  role?: string
}

const nextFrame = (fn: () => void) => (typeof requestAnimationFrame === 'function' ? requestAnimationFrame(() => fn()) : setTimeout(fn, 16))

export function bindPresence(
  store: TLStore,
  awareness: Awareness,
  $user: Signal<TLUser | null>,
  user: () => PresenceUser,
  throttleMs = 50,
  schedule: (fn: () => void) => void = nextFrame,
): () => void {
  const instanceId = InstancePresenceRecordType.createId(String(awareness.clientID))
  const $presence = createPresenceStateDerivation($user, { instanceId })(store)
  let timer: ReturnType<typeof setTimeout> | undefined
  let last = 0
  const publish = () => {
    timer = undefined
    last = Date.now()
    awareness.setLocalState({ user: user(), presence: $presence.get() })
  }
  const stop = react('tavla presence', () => {
    $presence.get()
    $user.get()
    const wait = throttleMs - (Date.now() - last)
    if (wait <= 0) publish()
    else if (!timer) timer = setTimeout(publish, wait)
  })

  // Others' moves are applied once per animation frame: thirty people moving their cursors send
  // hundreds of awareness updates a second, and one store transaction each would redraw as often.
  const pending = new Set<number>()
  let scheduled = false
  let stopped = false
  const flush = () => {
    scheduled = false
    if (stopped) return
    const states = awareness.getStates()
    const puts: TLInstancePresence[] = []
    const removes: TLInstancePresence['id'][] = []
    for (const id of pending) {
      const p = states.get(id)?.presence as TLInstancePresence | null | undefined
      const recordId = InstancePresenceRecordType.createId(String(id))
      if (!p) {
        removes.push(recordId)
        continue
      }
      try {
        // The server relays awareness unread: a peer's presence is checked here, one at a time, so
        // one that tldraw cannot read hides that cursor and no one else's.
        const record = InstancePresenceRecordType.create({ ...p, id: recordId })
        InstancePresenceRecordType.validate(record)
        puts.push(record)
      } catch {
        removes.push(recordId)
      }
    }
    pending.clear()
    store.mergeRemoteChanges(() => {
      const gone = removes.filter((id) => store.has(id))
      if (gone.length) store.remove(gone)
      if (puts.length) store.put(puts)
    })
  }
  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    for (const id of [...added, ...updated, ...removed]) if (id !== awareness.clientID) pending.add(id)
    if (pending.size && !scheduled) {
      scheduled = true
      schedule(flush)
    }
  }
  awareness.on('change', onChange)
  return () => {
    stopped = true
    pending.clear()
    stop()
    if (timer) clearTimeout(timer)
    awareness.off('change', onChange)
    awareness.setLocalState(null)
  }
}
