// [O1] [O2] [O4] What sign-in reads from its settings and claims (the flow itself: tests/integration/oidc.test.ts).
import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../config.ts'
import { isFacilitator, safeReturnTo } from './auth.ts'

describe('sign-in settings and claims', () => {
  it('[O1] OIDC_ISSUER and OIDC_CLIENT_ID turn sign-in on together; the redirect defaults to PUBLIC_URL/auth/callback', () => {
    expect(loadConfig({}).oidc).toBeUndefined()
    expect(() => loadConfig({ OIDC_ISSUER: 'https://login.example.se' })).toThrow(/OIDC_CLIENT_ID/)
    expect(() => loadConfig({ OIDC_CLIENT_ID: 'tavla' })).toThrow(ConfigError)
    expect(() => loadConfig({ OIDC_ISSUER: 'login.example.se', OIDC_CLIENT_ID: 'tavla' })).toThrow(/OIDC_ISSUER must be a URL/)
    expect(loadConfig({ OIDC_ISSUER: 'https://login.example.se/realms/a', OIDC_CLIENT_ID: 'tavla', PUBLIC_URL: 'https://tavla.example.se/' }).oidc).toEqual({
      issuer: 'https://login.example.se/realms/a',
      clientId: 'tavla',
      clientSecret: undefined,
      redirectUrl: 'https://tavla.example.se/auth/callback',
      facilitatorClaim: undefined,
      facilitatorValue: undefined,
    })
    const own = loadConfig({
      OIDC_ISSUER: 'https://login.example.se',
      OIDC_CLIENT_ID: 'tavla',
      OIDC_CLIENT_SECRET: ' s3cret ',
      OIDC_REDIRECT_URL: 'https://tavla.example.se/in',
      OIDC_FACILITATOR_CLAIM: 'groups',
      OIDC_FACILITATOR_VALUE: 'processledare',
    }).oidc
    expect(own).toMatchObject({
      clientSecret: 's3cret',
      redirectUrl: 'https://tavla.example.se/in',
      facilitatorClaim: 'groups',
      facilitatorValue: 'processledare',
    })
    // no PUBLIC_URL: the request's own address (decided per request)
    expect(loadConfig({ OIDC_ISSUER: 'https://login.example.se', OIDC_CLIENT_ID: 'tavla' }).oidc?.redirectUrl).toBeUndefined()
  })

  it('[O4] the facilitator claim: a value, a list holding it, a text of several; no claim = everyone', () => {
    const groups = { facilitatorClaim: 'groups', facilitatorValue: 'processledare' }
    expect(isFacilitator({}, { facilitatorClaim: undefined, facilitatorValue: undefined })).toBe(true)
    expect(isFacilitator({ groups: ['personal', 'processledare'] }, groups)).toBe(true)
    expect(isFacilitator({ groups: ['personal'] }, groups)).toBe(false)
    expect(isFacilitator({ groups: 'personal processledare' }, groups)).toBe(true)
    expect(isFacilitator({ groups: 'processledare-x' }, groups)).toBe(false)
    expect(isFacilitator({}, groups)).toBe(false)
    const flag = { facilitatorClaim: 'facilitator', facilitatorValue: undefined }
    expect(isFacilitator({ facilitator: true }, flag)).toBe(true)
    expect(isFacilitator({ facilitator: false }, flag)).toBe(false)
    expect(isFacilitator({ facilitator: '' }, flag)).toBe(false)
  })

  it('[O2] returnTo is a path on this server, else the start page', () => {
    expect(safeReturnTo('/b/abc?x=1')).toBe('/b/abc?x=1')
    for (const bad of ['https://evil.example/', '//evil.example/', '/\\evil.example', 'b/abc', undefined, 42, `/${'a'.repeat(2001)}`])
      expect(safeReturnTo(bad)).toBe('/')
  })
})
