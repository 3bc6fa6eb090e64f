// [D8] Every record in `records` and `background` must be one tldraw 5's schema accepts: the
// server refuses an update carrying anything else (close 4400), and a client skips such a record
// instead of failing the whole board. One invalid note must never keep a board from opening.
import { createTLSchema } from '@tldraw/tlschema'

const types = createTLSchema().types as Record<string, { validate(record: unknown): unknown }>

/** Why this value is not a valid board record, or undefined when it is. */
export function recordProblem(record: unknown): string | undefined {
  if (!record || typeof record !== 'object') return 'a record must be an object'
  const { id, typeName } = record as { id?: unknown; typeName?: unknown }
  if (typeof id !== 'string' || typeof typeName !== 'string') return 'a record needs a string id and typeName'
  const type = types[typeName]
  if (!type) return `${id}: unknown record type "${typeName}"`
  try {
    type.validate(record)
    return undefined
  } catch (err) {
    return `${id}: ${(err as Error).message}`
  }
}
