// Presence through y-protocols awareness: this client's cursor, selection and viewport go out as
// the awareness field `presence` (throttled), others' come in as tldraw instance_presence records
// keyed by their awareness clientID, so a peer that leaves is removed by that id (no ghosts).
import { createPresenceStateDerivation, InstancePresenceRecordType, react, type Signal, type TLInstancePresence, type TLStore, type TLUser } from 'tldraw'
import type { Awareness } from 'y-protocols/awareness'

export interface PresenceUser {
  id: string
  name: string
  color: string
  role?: string
}

export function bindPresence(store: TLStore, awareness: Awareness, $user: Signal<TLUser | null>, user: () => PresenceUser, throttleMs = 50): () => void {
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

  const onChange = ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    const states = awareness.getStates()
    const puts: TLInstancePresence[] = []
    const removes: TLInstancePresence['id'][] = []
    for (const id of [...added, ...updated]) {
      if (id === awareness.clientID) continue
      const p = states.get(id)?.presence as TLInstancePresence | null | undefined
      if (p) puts.push(InstancePresenceRecordType.create({ ...p, id: InstancePresenceRecordType.createId(String(id)) }))
      else removes.push(InstancePresenceRecordType.createId(String(id)))
    }
    for (const id of removed) removes.push(InstancePresenceRecordType.createId(String(id)))
    store.mergeRemoteChanges(() => {
      const gone = removes.filter((id) => store.has(id))
      if (gone.length) store.remove(gone)
      if (puts.length) store.put(puts)
    })
  }
  awareness.on('change', onChange)
  return () => {
    stop()
    if (timer) clearTimeout(timer)
    awareness.off('change', onChange)
    awareness.setLocalState(null)
  }
}
