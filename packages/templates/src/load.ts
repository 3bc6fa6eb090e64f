import { readdirSync, readFileSync, existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { Compile } from 'typebox/compile'
import { TemplateSchema, type Template } from './schema.ts'

export const builtinTemplatesDir = resolve(import.meta.dirname, '../../../templates')

const check = Compile(TemplateSchema)

/** A template that does not load: the message names the file and the field. */
export class TemplateError extends Error {}

/** Validates one template's JSON (as parsed) and the rules a schema cannot say. */
export function validateTemplate(data: unknown, file: string): Template {
  if (!check.Check(data)) {
    const errors = [...check.Errors(data)].filter((e) => e.keyword !== 'boolean')
    const first = errors[0]
    const where = first?.instancePath || '/'
    throw new TemplateError(
      `${file}: field ${where} ${first?.message ?? 'is not valid'}${errors.length > 1 ? ` (and ${errors.length - 1} more problems)` : ''}`,
    )
  }
  const t = data as Template
  for (const p of t.params) {
    if (p.min > p.max) throw new TemplateError(`${file}: field /params/${p.id} has min above max`)
    if (p.default.length < p.min || p.default.length > p.max)
      throw new TemplateError(`${file}: field /params/${p.id}/default must have ${p.min}–${p.max} items`)
  }
  for (const [name, ref] of [
    ['grid', t.grid?.rowsParam],
    ['ring', t.ring?.param],
  ] as const) {
    if (ref !== undefined && !t.params.some((p) => p.id === ref))
      throw new TemplateError(`${file}: field /${name} names the parameter "${ref}", which /params does not define`)
  }
  const ids = new Set<string>()
  for (const z of t.zones) {
    if (ids.has(z.id)) throw new TemplateError(`${file}: field /zones has the id "${z.id}" twice`)
    ids.add(z.id)
  }
  return t
}

/** Loads and validates every template in the folder (one sub-folder each, with template.json). */
export function loadTemplates(dir: string = builtinTemplatesDir): Template[] {
  const out: Template[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory())
    .sort((a, b) => a.name.localeCompare(b.name))) {
    const file = join(dir, entry.name, 'template.json')
    if (!existsSync(file)) continue
    let data: unknown
    try {
      data = JSON.parse(readFileSync(file, 'utf8'))
    } catch (err) {
      throw new TemplateError(`${file}: not valid JSON (${(err as Error).message})`)
    }
    const t = validateTemplate(data, file)
    if (t.id !== entry.name) throw new TemplateError(`${file}: field /id is "${t.id}" but the folder is "${entry.name}"`)
    out.push(t)
  }
  // The order a facilitator sees: the workshops first, blank last.
  return out.sort((a, b) => Number(a.id === 'blank') - Number(b.id === 'blank') || ORDER.indexOf(a.id) - ORDER.indexOf(b.id) || a.id.localeCompare(b.id))
}

const ORDER = ['golden-circle', 'vattenfallet', 'samverkanskarta', 'tre-ar-framat', 'nulage-onskat-lage', 'persona', 'samordning-kanns', 'kvalitativ-data']
