// [H2] [SE2] The template catalogs are the same for the life of the process, and the start page
// waits for them: on a slow connection the 38 KB of /api/templates (its previews are SVG) was the
// last thing before the page could be used (issue 16). Each catalog is encoded once, compressed
// once (brotli and gzip, as the page's own files are, [H23]) and answered with an ETag, so a
// browser that has it asks again with If-None-Match and gets a 304 with no body.
import { createHash } from 'node:crypto'
import { brotliCompressSync, constants, gzipSync } from 'node:zlib'
import { negotiate } from '@fastify/accept-negotiator'
import type { FastifyReply, FastifyRequest } from 'fastify'

type Encoding = 'br' | 'gzip'

/** A JSON body fixed at start: its bytes, their compressed copies and its ETag, made once. */
export function catalogReply(value: unknown): (req: FastifyRequest, reply: FastifyReply) => FastifyReply {
  const body = Buffer.from(JSON.stringify(value))
  // weak: the same content in each encoding (a strong ETag would name one representation)
  const etag = `W/"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`
  const copies: Record<Encoding, Buffer> = {
    br: brotliCompressSync(body, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length } }),
    gzip: gzipSync(body, { level: 9 }),
  }
  return (req, reply) => {
    reply.header('cache-control', 'no-cache').header('etag', etag).header('vary', 'accept-encoding')
    const seen = req.headers['if-none-match']
    // If-None-Match compares weakly: a tag with or without W/ is the same tag
    if (seen?.split(',').some((t) => t.trim() === '*' || t.trim().replace(/^W\//, '') === etag.slice(2))) return reply.code(304).send()
    reply.type('application/json; charset=utf-8')
    // the best encoding Accept-Encoding allows, chosen as @fastify/static chooses for the page's files
    const enc = negotiate<Encoding>(req.headers['accept-encoding'] ?? '', ['br', 'gzip'])
    if (!enc) return reply.send(body)
    return reply.header('content-encoding', enc).send(copies[enc])
  }
}
