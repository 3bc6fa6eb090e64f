// The import rules of ../shared/STYLE.md, checked on the real source: apps import packages,
// packages import only the @tavla packages their package.json declares (through their public
// entries) and never an app, the web app imports nothing that needs Node, and neither the
// package graph nor the files inside a package form a cycle.
import { readFileSync, readdirSync, statSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { repoRoot } from '../support/server.ts'

interface Unit {
  name: string
  dir: string
  declared: Set<string>
  entries: Set<string>
}

const units: Unit[] = ['packages', 'apps'].flatMap((top) =>
  readdirSync(join(repoRoot, top)).map((d) => {
    const dir = join(repoRoot, top, d)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const deps = { ...pkg.dependencies, ...pkg.devDependencies }
    const exportsField = typeof pkg.exports === 'object' && pkg.exports ? Object.keys(pkg.exports) : []
    return {
      name: pkg.name as string,
      dir,
      declared: new Set(Object.keys(deps).filter((k) => k.startsWith('@tavla/'))),
      entries: new Set(exportsField.map((e) => (e === '.' ? pkg.name : `${pkg.name}/${e.slice(2)}`))),
    }
  }),
)
const byName = new Map(units.map((u) => [u.name, u]))

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f)
    if (f === 'node_modules' || f === 'dist') return []
    if (statSync(p).isDirectory()) return sources(p)
    return /\.tsx?$/.test(f) ? [p] : []
  })
}

/** Every module a file imports (static, dynamic and re-exports), as written. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, 'utf8')
  const out: string[] = []
  for (const m of text.matchAll(
    /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|(?:^|\n)\s*import\s*['"]([^'"]+)['"]/g,
  )) {
    out.push((m[1] ?? m[2] ?? m[3])!)
  }
  return out
}

const isTest = (f: string) => /\.test\.tsx?$|\.bench\.ts$/.test(f)

describe('architecture (STYLE.md: import direction, one public entry, no cycles)', () => {
  it('packages never import an app, and import only the @tavla packages they declare, by their public entry', () => {
    const problems: string[] = []
    for (const u of units) {
      for (const file of sources(join(u.dir, 'src'))) {
        if (isTest(file)) continue
        for (const spec of importsOf(file)) {
          const where = `${relative(repoRoot, file)} imports ${spec}`
          if (spec.startsWith('.')) {
            const target = resolve(dirname(file), spec)
            if (!target.startsWith(`${u.dir}/`)) problems.push(`${where}: a relative import out of its own ${u.name}`)
            continue
          }
          if (!spec.startsWith('@tavla/')) continue
          const name = spec.split('/').slice(0, 2).join('/')
          const target = byName.get(name)
          if (!target) problems.push(`${where}: no such package`)
          else if (target.dir.includes('/apps/')) problems.push(`${where}: nothing imports an app`)
          else if (!u.declared.has(name)) problems.push(`${where}: not declared in ${u.name}'s package.json`)
          else if (!target.entries.has(spec)) problems.push(`${where}: not a public entry of ${name}`)
        }
      }
    }
    expect(problems).toEqual([])
  })

  it('the web app imports nothing that needs Node or the server', () => {
    const serverOnly = /^(node:|fs$|path$|@tavla\/(storage|templates|export|server)\b|pg$|ioredis$|fastify)/
    const web = byName.get('@tavla/web')!
    const problems = sources(join(web.dir, 'src')).flatMap((f) =>
      importsOf(f)
        .filter((s) => serverOnly.test(s))
        .map((s) => `${relative(repoRoot, f)} imports ${s}`),
    )
    expect(problems).toEqual([])
    // and the browser-safe packages it uses do not either
    for (const name of web.declared) {
      const u = byName.get(name)!
      const bad = sources(join(u.dir, 'src'))
        .filter((f) => !isTest(f))
        .flatMap((f) => importsOf(f).filter((s) => serverOnly.test(s) || byName.get(s)?.declared.has('@tavla/storage')))
      expect(bad, `${name} is used by the page`).toEqual([])
    }
  })

  it('the package graph has no cycle', () => {
    const seen = new Map<string, 'open' | 'done'>()
    const visit = (name: string, path: string[]): void => {
      if (seen.get(name) === 'done') return
      if (seen.get(name) === 'open') throw new Error(`package cycle: ${[...path, name].join(' → ')}`)
      seen.set(name, 'open')
      for (const d of byName.get(name)?.declared ?? []) visit(d, [...path, name])
      seen.set(name, 'done')
    }
    for (const u of units) expect(() => visit(u.name, [])).not.toThrow()
  })

  it('no file imports itself back through others, inside any package or app', () => {
    const cycles: string[] = []
    for (const u of units) {
      const files = sources(join(u.dir, 'src')).filter((f) => !isTest(f))
      const edges = new Map(
        files.map((f) => [
          f,
          importsOf(f)
            .filter((s) => s.startsWith('.'))
            .map((s) => resolve(dirname(f), s))
            .filter((t) => files.includes(t)),
        ]),
      )
      const state = new Map<string, 'open' | 'done'>()
      const visit = (f: string, path: string[]) => {
        if (state.get(f) === 'done') return
        if (state.get(f) === 'open') {
          cycles.push([...path.slice(path.indexOf(f)), f].map((p) => relative(repoRoot, p)).join(' → '))
          return
        }
        state.set(f, 'open')
        for (const t of edges.get(f) ?? []) visit(t, [...path, f])
        state.set(f, 'done')
      }
      for (const f of files) visit(f, [])
    }
    expect(cycles).toEqual([])
  })
})
