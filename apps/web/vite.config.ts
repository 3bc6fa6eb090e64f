import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'
import react from '@vitejs/plugin-react'
import { subsetFonts } from './build/subsetFonts.ts'

const server = process.env.TAVLA_SERVER ?? 'http://127.0.0.1:8080'

/**
 * Every text asset also as .br and .gz beside it, compressed once at build time: the server sends
 * the smallest one the browser accepts (@fastify/static preCompressed, with Vary: Accept-Encoding).
 * A participant on a weak connection downloads a fifth of the bytes (issue 16).
 */
function precompress(): Plugin {
  let outDir = 'dist'
  return {
    name: 'tavla-precompress',
    apply: 'build',
    configResolved(c) {
      outDir = resolve(c.root, c.build.outDir)
    },
    closeBundle() {
      const walk = (dir: string): string[] => readdirSync(dir).flatMap((f) => (statSync(join(dir, f)).isDirectory() ? walk(join(dir, f)) : [join(dir, f)]))
      for (const file of walk(outDir)) {
        if (!/\.(js|css|html|svg|json|txt|map)$/.test(file)) continue // woff2 and png are compressed already
        const raw = readFileSync(file)
        if (raw.length < 1024) continue
        writeFileSync(
          `${file}.br`,
          brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: raw.length } }),
        )
        writeFileSync(`${file}.gz`, gzipSync(raw, { level: 9 }))
      }
    },
  }
}

/**
 * tiptap's generateHTML builds a ProseMirror schema from the extensions on every call, and tldraw
 * calls it once per note to measure its label: opening a board of 1,000 notes built the same
 * schema 1,000 times (0.9 s of the opening in a profile, issue 16). A schema depends only on the
 * extensions array (tldraw passes the same one each time) and is never changed: it is made once.
 */
function tiptapSchemaOnce(): Plugin {
  const from = 'function generateHTML(doc, extensions) {\n\tconst schema = getSchema(extensions);'
  const to =
    'const tavlaSchemas = new WeakMap();\nfunction generateHTML(doc, extensions) {\n\tlet schema = tavlaSchemas.get(extensions);\n\tif (!schema) tavlaSchemas.set(extensions, (schema = getSchema(extensions)));'
  return {
    name: 'tavla-tiptap-schema-once',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]@tiptap[\\/]core[\\/]dist[\\/]index\.js$/.test(id)) return null
      if (!code.includes(from)) {
        this.warn('@tiptap/core changed: generateHTML is no longer patched to build its schema once (a big board opens slower)')
        return null
      }
      return { code: code.replace(from, to), map: null }
    },
  }
}

export default defineConfig({
  root: import.meta.dirname,
  plugins: [react(), subsetFonts(), precompress(), tiptapSchemaOnce()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Nothing becomes a data: URL: fonts, icons and translations are files this server serves.
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 4000,
  },
  server: {
    proxy: {
      '/api': server,
      '/config.json': server,
      '/healthz': server,
      '/ws': { target: server.replace(/^http/, 'ws'), ws: true },
    },
  },
})
