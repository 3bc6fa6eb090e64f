import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { atom, createTLStore, defaultBindingUtils, defaultShapeUtils, InstancePresenceRecordType, type TLInstancePresence, type TLUser } from 'tldraw'
import { Awareness, applyAwarenessUpdate, encodeAwarenessUpdate } from 'y-protocols/awareness'
import { bindPresence } from './index.ts'

/** A peer's awareness whose every change reaches `to`, as the server relays it. */
function peer(to: Awareness) {
  const a = new Awareness(new Y.Doc())
  a.on('update', ({ added, updated, removed }: { added: number[]; updated: number[]; removed: number[] }) => {
    applyAwarenessUpdate(to, encodeAwarenessUpdate(a, [...added, ...updated, ...removed]), 'wire')
  })
  return a
}
const presence = (name: string, x: number) => ({
  ...InstancePresenceRecordType.create({
    id: InstancePresenceRecordType.createId('x'),
    userId: 'user:x' as TLInstancePresence['userId'],
    userName: name,
    currentPageId: 'page:page' as TLInstancePresence['currentPageId'],
  }),
  cursor: { x, y: 0, type: 'default', rotation: 0 },
})

describe('presence over awareness', () => {
  it('others’ moves reach the store once per frame, the latest winning; a peer that leaves is removed', () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    const mine = new Awareness(new Y.Doc())
    const frames: (() => void)[] = []
    const unbind = bindPresence(
      store,
      mine,
      atom<TLUser | null>('me', null),
      () => ({ id: 'me', name: 'Jag', color: '#000' }),
      50,
      (fn) => frames.push(fn),
    )
    const anna = peer(mine)
    for (let x = 1; x <= 10; x++) anna.setLocalState({ presence: presence('Anna', x) })
    const annaId = InstancePresenceRecordType.createId(String(anna.clientID))
    expect(store.get(annaId)).toBeUndefined()
    expect(frames).toHaveLength(1)
    frames.shift()!()
    expect((store.get(annaId) as TLInstancePresence).cursor?.x).toBe(10)
    anna.setLocalState(null)
    frames.shift()!()
    expect(store.get(annaId)).toBeUndefined()
    unbind()
  })

  it('a presence tldraw cannot read hides that cursor only', () => {
    const store = createTLStore({ shapeUtils: defaultShapeUtils, bindingUtils: defaultBindingUtils })
    const mine = new Awareness(new Y.Doc())
    const frames: (() => void)[] = []
    bindPresence(
      store,
      mine,
      atom<TLUser | null>('me', null),
      () => ({ id: 'me', name: 'Jag', color: '#000' }),
      50,
      (fn) => frames.push(fn),
    )
    const good = peer(mine)
    const junk = peer(mine)
    good.setLocalState({ presence: presence('Bo', 3) })
    junk.setLocalState({ presence: { ...presence('Trasig', 1), cursor: { x: 'not a number' } } })
    frames.shift()!()
    expect((store.get(InstancePresenceRecordType.createId(String(good.clientID))) as TLInstancePresence).userName).toBe('Bo')
    expect(store.get(InstancePresenceRecordType.createId(String(junk.clientID)))).toBeUndefined()
  })
})
