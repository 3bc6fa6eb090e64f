import { describe, expect, it } from 'vitest'
import { RatePerMinute } from './limits.ts'

describe('[L6] RatePerMinute', () => {
  it('gives an address perMinute tokens, refilled over the minute, and others their own', () => {
    let now = 0
    const rate = new RatePerMinute(3, { now: () => now })
    expect([rate.take('a'), rate.take('a'), rate.take('a'), rate.take('a')]).toEqual([true, true, true, false])
    expect(rate.retryAfter('a')).toBe(20)
    expect(rate.take('b')).toBe(true)
    now += 20_000
    expect(rate.take('a')).toBe(true)
    expect(rate.take('a')).toBe(false)
  })

  it('keeps at most maxAddresses buckets, forgetting the least recently seen', () => {
    const rate = new RatePerMinute(1, { maxAddresses: 100 })
    for (let i = 0; i < 10_000; i++) rate.take(`10.0.${i >> 8}.${i & 255}`)
    expect(rate.addresses).toBe(100)
    expect(rate.take('10.0.39.15')).toBe(false) // the last one seen is still remembered
  })
})
