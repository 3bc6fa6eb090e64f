// Hand-made Yjs v1 updates for the guard's tests and fuzzing: any struct, any neighbour, any
// content, any delete range, whether or not a real Y.Doc would ever write it. The layout is
// yjs 13's UpdateEncoderV1 (utils/UpdateEncoder.js, Item.write, writeStructs, writeDeleteSet).
import * as encoding from 'lib0/encoding'

export type Id = readonly [client: number, clock: number]

export type CraftContent =
  | { any: unknown[] }
  | { json: unknown[] }
  | { deleted: number }
  | { string: string }
  | { embed: unknown }
  | { format: [string, unknown] }
  | { type: number }
  | { binary: Uint8Array }
  | { doc: string }

export type CraftStruct = { item: CraftContent; origin?: Id; right?: Id; parent?: string | Id; sub?: string } | { gc: number } | { skip: number }

export interface CraftGroup {
  client: number
  clock: number
  structs: CraftStruct[]
}

const REF = { deleted: 1, json: 2, binary: 3, string: 4, embed: 5, format: 6, type: 7, any: 8, doc: 9 } as const

export function lengthOf(s: CraftStruct): number {
  if ('gc' in s) return s.gc
  if ('skip' in s) return s.skip
  const c = s.item
  if ('any' in c) return c.any.length
  if ('json' in c) return c.json.length
  if ('deleted' in c) return c.deleted
  if ('string' in c) return c.string.length
  return 1
}

export function craftUpdate(groups: CraftGroup[], deletes: readonly (readonly [client: number, clock: number, len: number])[] = []): Uint8Array {
  const e = encoding.createEncoder()
  encoding.writeVarUint(e, groups.length)
  for (const g of groups) {
    encoding.writeVarUint(e, g.structs.length)
    encoding.writeVarUint(e, g.client)
    encoding.writeVarUint(e, g.clock)
    for (const s of g.structs) {
      if ('gc' in s) {
        encoding.writeUint8(e, 0)
        encoding.writeVarUint(e, s.gc)
        continue
      }
      if ('skip' in s) {
        encoding.writeUint8(e, 10)
        encoding.writeVarUint(e, s.skip)
        continue
      }
      const kind = Object.keys(s.item)[0] as keyof typeof REF
      const free = !s.origin && !s.right
      const info = REF[kind] | (s.origin ? 0x80 : 0) | (s.right ? 0x40 : 0) | (free && s.sub !== undefined ? 0x20 : 0)
      encoding.writeUint8(e, info)
      if (s.origin) encoding.writeVarUint(e, s.origin[0]), encoding.writeVarUint(e, s.origin[1])
      if (s.right) encoding.writeVarUint(e, s.right[0]), encoding.writeVarUint(e, s.right[1])
      if (free) {
        const p = s.parent ?? 'records'
        if (typeof p === 'string') {
          encoding.writeVarUint(e, 1)
          encoding.writeVarString(e, p)
        } else {
          encoding.writeVarUint(e, 0)
          encoding.writeVarUint(e, p[0])
          encoding.writeVarUint(e, p[1])
        }
        if (s.sub !== undefined) encoding.writeVarString(e, s.sub)
      }
      const c = s.item as Record<string, unknown>
      switch (kind) {
        case 'any':
          encoding.writeVarUint(e, (c.any as unknown[]).length)
          for (const v of c.any as unknown[]) encoding.writeAny(e, v as never)
          break
        case 'json':
          encoding.writeVarUint(e, (c.json as unknown[]).length)
          for (const v of c.json as unknown[]) encoding.writeVarString(e, v === undefined ? 'undefined' : JSON.stringify(v))
          break
        case 'deleted':
          encoding.writeVarUint(e, c.deleted as number)
          break
        case 'string':
          encoding.writeVarString(e, c.string as string)
          break
        case 'embed':
          encoding.writeVarString(e, JSON.stringify(c.embed))
          break
        case 'format':
          encoding.writeVarString(e, (c.format as [string, unknown])[0])
          encoding.writeVarString(e, JSON.stringify((c.format as [string, unknown])[1]))
          break
        case 'type':
          encoding.writeVarUint(e, c.type as number)
          break
        case 'binary':
          encoding.writeVarUint8Array(e, c.binary as Uint8Array)
          break
        case 'doc':
          encoding.writeVarString(e, c.doc as string)
          encoding.writeAny(e, {})
          break
      }
    }
  }
  const byClient = new Map<number, [number, number][]>()
  for (const [client, clock, len] of deletes) {
    const list = byClient.get(client) ?? []
    list.push([clock, len])
    byClient.set(client, list)
  }
  encoding.writeVarUint(e, byClient.size)
  for (const [client, ranges] of byClient) {
    encoding.writeVarUint(e, client)
    encoding.writeVarUint(e, ranges.length)
    for (const [clock, len] of ranges) encoding.writeVarUint(e, clock), encoding.writeVarUint(e, len)
  }
  return encoding.toUint8Array(e)
}
