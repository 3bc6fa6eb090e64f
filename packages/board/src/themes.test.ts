import { describe, expect, it } from 'vitest'
import * as Y from 'yjs'
import {
  countedDots,
  createTheme,
  deleteTheme,
  makeNote,
  moveToTheme,
  notesByTheme,
  rankResults,
  readThemes,
  recordsOf,
  themeMembership,
  themeOfMap,
  themeOfNote,
  themeProblem,
  themesOf,
  themeTarget,
  updateTheme,
  voteTargets,
  writeRecords,
  type Zone,
} from './index.ts'

const zones: Zone[] = [
  { id: 'z1', label: { sv: 'Ett', en: 'One' }, region: { kind: 'rect', x: 0, y: 0, w: 1000, h: 1000 } },
  { id: 'z2', label: { sv: 'Två', en: 'Two' }, region: { kind: 'rect', x: 1000, y: 0, w: 1000, h: 1000 } },
]

function board(): Y.Doc {
  const doc = new Y.Doc()
  doc.getMap('meta').set('zones', zones)
  writeRecords(recordsOf(doc), [
    makeNote({ id: 'a', x: 100, y: 100, text: 'A' }),
    makeNote({ id: 'b', x: 100, y: 400, text: 'B' }),
    makeNote({ id: 'c', x: 1100, y: 100, text: 'C' }),
  ])
  return doc
}

/** A small seeded generator (mulberry32): the same run every time. */
function random(seed: number) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

describe('themes [D19]–[D21]', () => {
  it('[D19] a theme is exactly { id, name (1–80), zoneId|null, color?, createdAt }; anything else is a problem', () => {
    const ok = { id: 'theme0001', name: 'Samverkan', zoneId: 'z1', createdAt: 1 }
    expect(themeProblem('theme0001', ok)).toBeUndefined()
    expect(themeProblem('theme0001', { ...ok, zoneId: null, color: 'blue' })).toBeUndefined()
    expect(themeProblem('short', { ...ok, id: 'short' })).toMatch(/id/)
    expect(themeProblem('theme0001', { ...ok, id: 'theme0002' })).toMatch(/id/)
    expect(themeProblem('theme0001', { ...ok, name: '' })).toMatch(/namn/)
    expect(themeProblem('theme0001', { ...ok, name: 'x'.repeat(81) })).toMatch(/namn/)
    expect(themeProblem('theme0001', { ...ok, color: 'pink' })).toMatch(/färg/)
    expect(themeProblem('theme0001', { ...ok, zoneId: 3 })).toMatch(/zoneId/)
    expect(themeProblem('theme0001', { ...ok, owner: 'x' })).toMatch(/fält/)
    expect(themeProblem('theme0001', 'Samverkan')).toBeDefined()
  })

  it('[D19][D20] readers leave malformed themes and memberships out; a membership of a deleted theme reads as none', () => {
    const doc = board()
    createTheme(doc, { id: 'theme0001', name: ' Samverkan ', zoneId: 'z1', now: 5, notes: ['shape:a', 'shape:b'] })
    createTheme(doc, { id: 'theme0002', name: 'Över zonerna', zoneId: null, now: 6, notes: ['shape:c'] })
    themesOf(doc).set('theme0003', { id: 'theme0003', name: 42 }) // malformed
    themeOfMap(doc).set('shape:c|x', 'theme0001') // not a note id
    themeOfMap(doc).set('shape:zzz', 'nope') // no such theme
    expect(readThemes(doc).map((t) => [t.id, t.name])).toEqual([
      ['theme0001', 'Samverkan'],
      ['theme0002', 'Över zonerna'],
    ])
    expect([...themeMembership(doc)].sort()).toEqual([
      ['shape:a', 'theme0001'],
      ['shape:b', 'theme0001'],
      ['shape:c', 'theme0002'],
    ])
    const groups = notesByTheme(doc)
    expect(groups.map((g) => [g.theme.id, g.notes.map((n) => n.id)])).toEqual([
      ['theme0001', ['shape:a', 'shape:b']],
      ['theme0002', ['shape:c']],
    ])
    expect(themeOfNote(doc, 'shape:c')?.name).toBe('Över zonerna')
    deleteTheme(doc, 'theme0002')
    expect(themeOfNote(doc, 'shape:c')).toBeUndefined()
    expect(themeOfMap(doc).has('shape:c')).toBe(false)
    expect(notesByTheme(doc).map((g) => g.theme.id)).toEqual(['theme0001'])
  })

  it('[D20] a deleted note keeps its membership (the trash restore brings it back into its theme); readers skip it meanwhile', () => {
    const doc = board()
    createTheme(doc, { id: 'theme0001', name: 'T', zoneId: 'z1', now: 1, notes: ['shape:a'] })
    const arr = recordsOf(doc)
    const i = arr.toArray().findIndex((e) => e.key === 'shape:a')
    arr.delete(i, 1)
    expect(notesByTheme(doc)[0]!.notes).toEqual([])
    expect(themeOfMap(doc).get('shape:a')).toBe('theme0001')
    writeRecords(arr, [makeNote({ id: 'a', x: 100, y: 100, text: 'A' })])
    expect(notesByTheme(doc)[0]!.notes.map((n) => n.id)).toEqual(['shape:a'])
  })

  it('[D19] rename and recolour keep the theme; a bad name throws and writes nothing', () => {
    const doc = board()
    createTheme(doc, { id: 'theme0001', name: 'T', zoneId: 'z1', color: 'red', now: 1 })
    expect(updateTheme(doc, 'theme0001', { name: 'Tema ett' })).toBe(true)
    expect(readThemes(doc)[0]).toEqual({ id: 'theme0001', name: 'Tema ett', zoneId: 'z1', color: 'red', createdAt: 1 })
    expect(updateTheme(doc, 'theme0001', { color: null })).toBe(true)
    expect(readThemes(doc)[0]!.color).toBeUndefined()
    expect(() => updateTheme(doc, 'theme0001', { name: '' })).toThrow()
    expect(readThemes(doc)[0]!.name).toBe('Tema ett')
    expect(updateTheme(doc, 'theme9999', { name: 'x' })).toBe(false)
  })

  it('[D20] seeded concurrent moves by four replicas converge: every doc equal, every note in at most one theme', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const rand = random(seed)
      const origin = board()
      for (const [i, z] of ['z1', 'z1', 'z2', null].entries()) createTheme(origin, { id: `theme000${i}`, name: `T${i}`, zoneId: z, now: i })
      const replicas = [0, 1, 2, 3].map(() => {
        const d = new Y.Doc()
        Y.applyUpdate(d, Y.encodeStateAsUpdate(origin))
        return d
      })
      const notes = ['shape:a', 'shape:b', 'shape:c']
      for (let step = 0; step < 200; step++) {
        const d = replicas[Math.floor(rand() * replicas.length)]!
        const note = notes[Math.floor(rand() * notes.length)]!
        const r = rand()
        moveToTheme(d, [note], r < 0.15 ? null : `theme000${Math.floor(rand() * 4)}`)
        if (rand() < 0.2) {
          // a random pair syncs
          const x = replicas[Math.floor(rand() * replicas.length)]!
          const y = replicas[Math.floor(rand() * replicas.length)]!
          Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)))
        }
      }
      for (const x of replicas) for (const y of replicas) Y.applyUpdate(y, Y.encodeStateAsUpdate(x, Y.encodeStateVector(y)))
      const first = JSON.stringify([...themeMembership(replicas[0]!)].sort())
      for (const d of replicas) {
        expect(JSON.stringify([...themeMembership(d)].sort())).toBe(first)
        expect(themeOfMap(d).toJSON()).toEqual(themeOfMap(replicas[0]!).toJSON())
        const seen = notesByTheme(d).flatMap((g) => g.notes.map((n) => n.id))
        expect(new Set(seen).size).toBe(seen.length) // at most one theme each
      }
    }
  })

  it('[D21] dots on themes count when the theme exists and lies in the vote’s zones; results rank themes beside notes', () => {
    const doc = board()
    createTheme(doc, { id: 'theme0001', name: 'T1', zoneId: 'z1', now: 1 })
    createTheme(doc, { id: 'theme0002', name: 'T2', zoneId: null, now: 2 })
    const themes = new Map(readThemes(doc).map((t) => [t.id, t]))
    const notes = new Map([
      ['shape:a', { zone: zones[0] }],
      ['shape:c', { zone: zones[1] }],
    ])
    const vote = { status: 'open' as const, dots: 4 }
    const everywhere = voteTargets({ zones: null }, notes, themes)
    const dots = [themeTarget('theme0001'), themeTarget('theme0002'), themeTarget('gone00000'), 'shape:a', 'shape:zzz']
    expect(countedDots(vote, dots, everywhere)).toEqual(['theme:theme0001', 'theme:theme0002', 'shape:a'])
    const inZ1 = voteTargets({ zones: ['z1'] }, notes, themes)
    expect(countedDots(vote, [...dots, 'shape:c'], inZ1)).toEqual(['theme:theme0001', 'shape:a'])
    expect(rankResults({ 'shape:a': 1, 'theme:theme0001': 3, 'theme:theme0002': 1 })).toEqual([
      ['theme:theme0001', 3],
      ['shape:a', 1],
      ['theme:theme0002', 1],
    ])
  })
})
