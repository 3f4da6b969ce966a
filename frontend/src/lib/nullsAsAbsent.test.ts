import { describe, expect, it } from 'vitest'
import { nullsAsAbsent } from './nullsAsAbsent'

describe('nullsAsAbsent', () => {
  it('drops null fields, so null and absent read the same', () => {
    const body: { unlimited: boolean; limit: number | null; remaining?: number | null } = {
      unlimited: true,
      limit: null,
      remaining: null,
    }

    const read = nullsAsAbsent(body)

    expect(read).toEqual({ unlimited: true })
    expect('limit' in read).toBe(false)
    expect(read.remaining ?? 'unknown').toBe('unknown')
  })

  it('keeps falsy values that are known: false, 0 and the empty string', () => {
    expect(nullsAsAbsent({ is_paid: false, remaining: 0, plan: '' })).toEqual({ is_paid: false, remaining: 0, plan: '' })
  })

  it('leaves nested objects and arrays as they are', () => {
    const body = { signals: [{ symbol: 'NIFTY', reason: null }], market: { next_open: null } }

    expect(nullsAsAbsent(body)).toEqual(body)
  })
})
