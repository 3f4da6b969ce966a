import { describe, expect, it } from 'vitest'
import { candleClose, formatMove, formatNextOpen, formatPoints, istDay, istTime } from './marketTime'

describe('market time and levels', () => {
  it('reads times in IST whatever the browser zone', () => {
    expect(istTime('2026-11-27T03:45:00Z')).toBe('09:15')
    expect(istTime('2026-11-27T10:00:00Z')).toBe('15:30')
    expect(istDay('2026-11-27T18:29:59Z')).toBe('2026-11-27')
    expect(istDay('2026-11-27T18:30:00Z')).toBe('2026-11-28')
  })

  it('says when the market opens next, with the date when it is more than a week away', () => {
    const saturday = Date.parse('2026-11-28T10:00:00Z')
    expect(formatNextOpen('2026-11-30T03:45:00Z', saturday)).toBe('Mon 09:15 IST')
    expect(formatNextOpen('2026-12-14T03:45:00Z', saturday)).toBe('Mon 14 Dec 09:15 IST')
  })

  it('dates a candle from an earlier session, not one from today', () => {
    const now = Date.parse('2026-11-27T05:00:00Z')
    expect(candleClose('2026-11-27T04:05:00Z', now)).toBe('09:35 IST')
    expect(candleClose('2026-11-26T10:00:00Z', now)).toBe('Thu 26 Nov 15:30 IST')
  })

  it('shows index levels as points with two decimals, never rupees', () => {
    expect(formatPoints(26012.345)).toBe('26,012.35')
    expect(formatPoints(123456.7)).toBe('1,23,456.70')
    expect(formatPoints(26012)).not.toContain('₹')
  })

  it('signs moves', () => {
    expect(formatMove(0.214)).toBe('+0.21%')
    expect(formatMove(-0.35)).toBe('−0.35%')
    expect(formatMove(0)).toBe('0.00%')
  })
})
