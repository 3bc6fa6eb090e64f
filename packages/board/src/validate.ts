// [D8] Every record in `records` and `background` must be one tldraw 5's schema accepts: the
// server refuses an update carrying anything else (close 4400), and a client skips such a record
// instead of failing the whole board. One invalid note must never keep a board from opening.
import { createTLSchema } from '@tldraw/tlschema'
import { richTextProblem } from './richTextSchema.ts'

const schema = createTLSchema()
const types = schema.types as Record<string, { scope: 'document' | 'session' | 'presence'; validate(record: unknown): unknown }>

/** [D2] The scope tldraw's schema gives a record type ('document', 'session', 'presence'), if it knows the type. */
export function recordScope(typeName: string): 'document' | 'session' | 'presence' | undefined {
  return Object.hasOwn(types, typeName) ? types[typeName]!.scope : undefined
}

/** tldraw's schema as this version writes it into a board ([D4] `meta.schema`). */
export const serializedSchema = schema.serialize()

/** Why this value is not a valid board record, or undefined when it is. */
export function recordProblem(record: unknown): string | undefined {
  if (!record || typeof record !== 'object') return 'a record must be an object'
  const { id, typeName } = record as { id?: unknown; typeName?: unknown }
  if (typeof id !== 'string' || typeof typeName !== 'string') return 'a record needs a string id and typeName'
  const scope = recordScope(typeName)
  if (!scope) return `${id}: unknown record type "${typeName}"`
  // [D2] session and presence records (camera, instance, pointer, …) belong to one page, never to the board
  if (scope !== 'document') return `${id}: ${typeName} records have ${scope} scope and are never stored in a board`
  try {
    types[typeName]!.validate(record)
  } catch (err) {
    return `${id}: ${(err as Error).message}`
  }
  // tldraw's validator takes any JSON as rich text; the canvas does not
  const props = (record as { props?: unknown }).props
  if (typeName === 'shape' && props && typeof props === 'object' && 'richText' in props) {
    const problem = richTextProblem((props as { richText: unknown }).richText, 'props.richText')
    if (problem) return `${id}: ${problem}`
  }
  return undefined
}

/**
 * Records written with another tldraw schema (a file from an older tldraw, say), brought to this
 * one: the migrated records, or why they cannot be read (a newer tldraw, a broken schema).
 */
export function migrateRecords<R extends { id: string }>(records: readonly R[], from: unknown): { records: R[] } | { problem: string } {
  try {
    const result = schema.migrateStoreSnapshot({ store: Object.fromEntries(records.map((r) => [r.id, r])), schema: from } as never)
    if (result.type === 'error') return { problem: `tldraw cannot bring these records to its version here (${result.reason})` }
    return { records: Object.values(result.value as unknown as Record<string, R>) }
  } catch (err) {
    return { problem: `the records' schema cannot be read (${(err as Error).message})` }
  }
}
