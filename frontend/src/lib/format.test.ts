import { describe, expect, it } from 'vitest'
import { formatConfidence, formatInr, formatInrWhole, formatSignalTime } from './format'

describe('formats', () => {
  it('groups rupee amounts the Indian way, in lakhs', () => {
    expect(formatInr(123456.7)).toBe('₹1,23,456.70')
    expect(formatInr(24567.5)).toBe('₹24,567.50')
  })

  it('shows whole rupees without paise on prices', () => {
    expect(formatInrWhole(499)).toBe('₹499')
  })

  it('shows confidence as a whole percentage and clamps out-of-range values', () => {
    expect(formatConfidence(0.724)).toBe('72%')
    expect(formatConfidence(1.4)).toBe('100%')
    expect(formatConfidence(-0.2)).toBe('0%')
  })

  it('shows signal times in the user’s time zone (IST in tests)', () => {
    // 09:15 UTC is 14:45 in India.
    expect(formatSignalTime('2026-11-25T09:15:00Z')).toMatch(/2:45:00\s?PM|14:45:00/i)
  })

  it('passes an unparseable timestamp through rather than showing "Invalid Date"', () => {
    expect(formatSignalTime('not a time')).toBe('not a time')
  })
})
