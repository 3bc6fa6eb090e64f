// [L10][O15] The address a websocket upgrade came to, as the sign-in's Origin check reads it.
import type { IncomingMessage } from 'node:http'
import { describe, expect, it } from 'vitest'
import { isOwnOrigin } from './auth.ts'
import { trustFunction, upgradeBase } from './proxy.ts'

const upgrade = (peer: string, headers: Record<string, string>, encrypted = false) =>
  ({ headers, socket: { remoteAddress: peer, encrypted } }) as unknown as IncomingMessage

describe('the websocket upgrade’s own address', () => {
  it('[L10][O15] reads X-Forwarded-Proto/-Host only from a trusted proxy; PUBLIC_URL decides when set', () => {
    const nginx = trustFunction(['127.0.0.1'])
    const forwarded = { host: 'intern:8080', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'tavla.example.se' }
    expect(upgradeBase(upgrade('127.0.0.1', forwarded), nginx, undefined)).toBe('https://tavla.example.se')
    expect(upgradeBase(upgrade('203.0.113.9', forwarded), nginx, undefined)).toBe('http://intern:8080')
    expect(upgradeBase(upgrade('127.0.0.1', forwarded), trustFunction(false), undefined)).toBe('http://intern:8080')
    expect(upgradeBase(upgrade('203.0.113.9', { host: 'tavla.example.se' }, true), nginx, undefined)).toBe('https://tavla.example.se')
    expect(upgradeBase(upgrade('203.0.113.9', forwarded), nginx, 'https://tavla.example.se')).toBe('https://tavla.example.se')
  })

  it('[O15] an Origin is this server’s only when it names the same scheme, host and port', () => {
    expect(isOwnOrigin('https://tavla.example.se', 'https://tavla.example.se', undefined)).toBe(true)
    expect(isOwnOrigin('https://tavla.example.se', 'http://intern:8080', 'https://tavla.example.se/')).toBe(true)
    expect(isOwnOrigin('http://tavla.example.se', 'https://tavla.example.se', undefined)).toBe(false)
    expect(isOwnOrigin('https://tavla.example.se.elak.example', 'https://tavla.example.se', undefined)).toBe(false)
    expect(isOwnOrigin('https://tavla.example.se:8443', 'https://tavla.example.se', undefined)).toBe(false)
    expect(isOwnOrigin('null', 'https://tavla.example.se', undefined)).toBe(false)
    expect(isOwnOrigin(undefined, 'https://tavla.example.se', undefined)).toBe(false)
  })
})
