import { describe, expect, it } from 'vitest'
import { nextSignal } from './nextSignal'

/** An instant given in IST wall-clock time on a 2026 date. */
const ist = (isoLocal: string) => Date.parse(`${isoLocal}+05:30`)
const iso = (isoLocal: string) => new Date(ist(isoLocal)).toISOString()

describe('the next signal', () => {
  it('while open, waits for the candle after the shown one', () => {
    const market = { status: 'open' as const, as_of: iso('2026-11-26T10:20:00'), next_open: null }

    expect(nextSignal(market, ist('2026-11-26T10:22:00'))).toEqual({ ready: false, reason: 'Next signal at 10:25 IST' })
    expect(nextSignal(market, ist('2026-11-26T10:25:00'))).toEqual({ ready: true, reason: null })
  })

  it('after the close, names the next session and then its first candle', () => {
    // Thursday 26 Nov after the close; Friday opens at 09:15.
    const market = { status: 'closed' as const, as_of: iso('2026-11-26T15:30:00'), next_open: iso('2026-11-27T09:15:00') }

    expect(nextSignal(market, ist('2026-11-26T16:00:00'))).toEqual({
      ready: false,
      reason: 'Market closed — next signals Fri 09:15 IST',
    })
    expect(nextSignal(market, ist('2026-11-27T09:17:00'))).toEqual({ ready: false, reason: 'Next signal at 09:20 IST' })
    expect(nextSignal(market, ist('2026-11-27T09:20:00')).ready).toBe(true)
  })

  it('just after the open, the previous close is followed by today’s first candle', () => {
    const market = { status: 'open' as const, as_of: iso('2026-11-26T15:30:00'), next_open: null }

    expect(nextSignal(market, ist('2026-11-27T09:16:00'))).toEqual({ ready: false, reason: 'Next signal at 09:20 IST' })
  })

  it('brings nothing while the market calendar is unknown', () => {
    const market = { status: 'unknown' as const, as_of: iso('2027-01-26T10:00:00'), next_open: null }

    expect(nextSignal(market, ist('2027-01-26T11:00:00')).ready).toBe(false)
  })
})
