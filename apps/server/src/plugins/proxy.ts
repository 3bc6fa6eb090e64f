// TRUST_PROXY, one reading for HTTP and websockets: which peer's X-Forwarded-* headers count.
// Without it every request's address is the socket's own; with it, the forwarded address (and
// protocol and host) counts only when the socket's peer is one of the named proxies.
import type { IncomingMessage } from 'node:http'
import proxyaddr from '@fastify/proxy-addr'

export type TrustProxy = boolean | string[]
export type Trust = (addr: string, hop: number) => boolean

/** The trust function Fastify's `trustProxy` and the websocket upgrade both use. */
export function trustFunction(setting: TrustProxy): Trust {
  if (setting === true) return () => true
  if (setting === false || setting.length === 0) return () => false
  return proxyaddr.compile(setting)
}

/** The client's address: the socket's, or the forwarded one when the peer is a trusted proxy. */
export function clientAddress(req: IncomingMessage, trust: Trust): string {
  const raw = proxyaddr(req, trust) || req.socket.remoteAddress || ''
  // one person on IPv4 shows up as ::ffff:a.b.c.d through a dual-stack socket
  return raw.startsWith('::ffff:') ? raw.slice(7) : raw
}

/**
 * [L10][O15] The address a websocket upgrade came to, as Fastify's `req.protocol` and `req.host`
 * read an HTTP request: `PUBLIC_URL` when set; else the forwarded protocol and host when the peer
 * is a trusted proxy, the socket's own and the `Host` header otherwise.
 */
export function upgradeBase(req: IncomingMessage, trust: Trust, publicUrl: string | undefined): string {
  if (publicUrl) return publicUrl
  const trusted = trust(req.socket.remoteAddress ?? '', 0)
  const first = (h: string | string[] | undefined) => (Array.isArray(h) ? h[0] : h)?.split(',')[0]?.trim() || undefined
  const encrypted = (req.socket as { encrypted?: boolean }).encrypted === true
  const proto = (trusted && first(req.headers['x-forwarded-proto'])) || (encrypted ? 'https' : 'http')
  const host = (trusted && first(req.headers['x-forwarded-host'])) || req.headers.host || ''
  return `${proto}://${host}`
}
