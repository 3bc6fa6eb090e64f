import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import { applyFacilitation, readFacilitation, writeFacilitation } from './facilitation.ts'
import { DEFAULT_TOOLS, participantRecordRefusal, participantShapes, readTools } from './tools.ts'

const ctx = { now: 1, newId: () => 'v1' }
const shape = (type: string) => ({ id: `shape:${type}`, typeName: 'shape', type })

describe('[D16] what participants may make', () => {
  it('the basics: notes, text, arrows, geo shapes and groups; nothing else without the facilitator', () => {
    const basics = participantShapes()
    for (const t of ['note', 'text', 'arrow', 'geo', 'group']) expect(participantRecordRefusal(shape(t), basics)).toBeUndefined()
    for (const t of ['draw', 'highlight', 'frame', 'image', 'video', 'embed', 'bookmark', 'line'])
      expect(participantRecordRefusal(shape(t), basics)).toMatch(/^deltagare får inte/)
    expect(participantRecordRefusal({ id: 'page:x', typeName: 'page' }, basics)).toMatch(/sidor/)
    expect(participantRecordRefusal({ id: 'asset:x', typeName: 'asset' }, basics)).toMatch(/bilder, video eller filer/)
    expect(participantRecordRefusal({ id: 'document:document', typeName: 'document' }, basics)).toMatch(/inställningar/)
    expect(participantRecordRefusal({ id: 'binding:x', typeName: 'binding' }, basics)).toBeUndefined()
  })

  it('free drawing and frames open separately; media, embeds and pages never', () => {
    const draw = participantShapes({ draw: true, frames: false })
    expect(participantRecordRefusal(shape('draw'), draw)).toBeUndefined()
    expect(participantRecordRefusal(shape('highlight'), draw)).toBeUndefined()
    expect(participantRecordRefusal(shape('frame'), draw)).toMatch(/ramar/)
    const all = participantShapes({ draw: true, frames: true })
    expect(participantRecordRefusal(shape('frame'), all)).toBeUndefined()
    for (const t of ['image', 'video', 'embed', 'bookmark']) expect(participantRecordRefusal(shape(t), all)).toBeDefined()
  })

  it('tools.set changes only what it names; the map reads it back, a malformed entry as absent', () => {
    const out = applyFacilitation({}, { action: 'tools.set', draw: true }, ctx)
    if ('error' in out) throw new Error(out.error.message)
    expect(out.state.tools).toEqual({ draw: true, frames: false })
    expect(out.changed).toEqual(['tools'])
    const next = applyFacilitation(out.state, { action: 'tools.set', frames: true }, ctx)
    if ('error' in next) throw new Error(next.error.message)
    expect(next.state.tools).toEqual({ draw: true, frames: true })
    const doc = new Y.Doc()
    const map = doc.getMap<unknown>('facilitation')
    writeFacilitation(map, next.state, next.changed)
    expect(readFacilitation(map).tools).toEqual({ draw: true, frames: true })
    map.set('tools', { draw: 'ja' })
    expect(readFacilitation(map).tools).toBeUndefined()
    expect(readTools(undefined)).toBeUndefined()
    expect(DEFAULT_TOOLS).toEqual({ draw: false, frames: false })
    expect(applyFacilitation({}, { action: 'tools.set', draw: 'ja' } as never, ctx)).toMatchObject({ error: { status: 400 } })
    expect(applyFacilitation({}, { action: 'tools.set', draw: true }, { ...ctx, locked: true })).toMatchObject({ error: { code: 'board_locked' } })
  })
})
