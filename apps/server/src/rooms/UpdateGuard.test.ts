import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { touches } from './UpdateGuard.ts'

/** The update `change` makes on a replica of `server`, and the touches the server sees in it. */
function seen(server: Y.Doc, change: (d: Y.Doc) => void) {
  const replica = new Y.Doc()
  Y.applyUpdate(replica, Y.encodeStateAsUpdate(server))
  const sv = Y.encodeStateVector(replica)
  change(replica)
  const update = Y.encodeStateAsUpdate(replica, sv)
  return touches(server, update).map((t) => `${t.kind}:${t.root}${t.key ? `.${t.key}` : ''}`)
}

describe('UpdateGuard: which roots an update touches [W9]', () => {
  const server = new Y.Doc()
  server.getMap('facilitation').set('timer', { status: 'running' })
  server.getArray('background').push([{ key: 'page:page', val: {} }])
  server.getArray('records').push([{ key: 'a', val: 1 }])
  const nested = new Y.Map()
  server.getMap('meta').set('nested', nested)
  nested.set('x', 1)

  it('a new array item at the start names its root', () => {
    expect(seen(server, (d) => d.getArray('records').insert(0, [{ key: 'b', val: 2 }]))).toEqual(['insert:records'])
  })

  it('an item inserted after a neighbour inherits the neighbour’s root', () => {
    expect(seen(server, (d) => d.getArray('background').push([{ key: 'x', val: 0 }]))).toEqual(['insert:background'])
  })

  it('overwriting a map key inherits root and key from the old value', () => {
    expect(seen(server, (d) => d.getMap('facilitation').set('timer', { status: 'stopped' }))).toEqual(['insert:facilitation.timer', 'delete:facilitation.timer'])
  })

  it('changes inside a nested type are attributed to the root that holds it', () => {
    expect(seen(server, (d) => (d.getMap('meta').get('nested') as Y.Map<number>).set('y', 2))).toEqual(['insert:meta.nested'])
  })

  it('deletes are attributed through the doc', () => {
    expect(seen(server, (d) => d.getArray('background').delete(0, 1))).toEqual(['delete:background'])
  })

  it('a new root type is seen by its name', () => {
    expect(seen(server, (d) => d.getMap('votes').set('v1', ['a']))).toEqual(['insert:votes.v1'])
  })

  it('items the server already has touch nothing', () => {
    expect(touches(server, Y.encodeStateAsUpdate(server))).toEqual([])
  })

  it('garbage throws', () => {
    expect(() => touches(server, new Uint8Array([1, 2, 3, 250, 250, 250]))).toThrow()
  })
})
