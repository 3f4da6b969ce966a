import { describe, expect, it } from 'vitest'
import { formatConfidence, formatInrWhole, formatResetTime } from './format'

describe('formats', () => {
  it('shows whole rupees without paise on prices', () => {
    expect(formatInrWhole(499)).toBe('₹499')
  })

  it('shows confidence as a whole percentage and clamps out-of-range values', () => {
    expect(formatConfidence(0.724)).toBe('72%')
    expect(formatConfidence(1.4)).toBe('100%')
    expect(formatConfidence(-0.2)).toBe('0%')
  })

  it('passes an unparseable timestamp through rather than showing "Invalid Date"', () => {
    expect(formatResetTime('not a time')).toBe('not a time')
  })
})
