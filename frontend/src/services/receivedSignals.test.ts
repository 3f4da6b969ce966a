import { describe, expect, it } from 'vitest'
import { SIGNALS } from '../test/fixtures'
import { recallSignals, rememberSignals } from './receivedSignals'

// 18:29 UTC is 23:59 IST; 18:30 UTC is already the next day in India.
const LATE_EVENING = Date.parse('2026-11-25T18:29:00Z')
const AFTER_MIDNIGHT_IST = Date.parse('2026-11-25T18:30:00Z')

describe("today's received signals in localStorage", () => {
  it('gives back what this user received today', () => {
    rememberSignals('u1', SIGNALS, LATE_EVENING)
    expect(recallSignals('u1', LATE_EVENING)).toEqual(SIGNALS)
  })

  it('keeps each user apart', () => {
    rememberSignals('u1', SIGNALS, LATE_EVENING)
    expect(recallSignals('u2', LATE_EVENING)).toBeNull()
  })

  it('forgets them at midnight IST, not UTC, and drops the old day from storage', () => {
    rememberSignals('u1', SIGNALS, LATE_EVENING)
    rememberSignals('u2', SIGNALS, LATE_EVENING)

    expect(recallSignals('u1', AFTER_MIDNIGHT_IST)).toBeNull()
    expect(Object.keys(localStorage).filter((key) => key.startsWith('signalbox:'))).toEqual([])
  })

  it('files them by IST day: 01:30 IST belongs to that day, though it is still the evening before in UTC', () => {
    rememberSignals('u1', SIGNALS, Date.parse('2026-11-25T20:00:00Z')) // 01:30 IST on the 26th
    expect(recallSignals('u1', Date.parse('2026-11-26T10:00:00Z'))).toEqual(SIGNALS) // 15:30 IST on the 26th
    expect(Object.keys(localStorage)).toEqual(['signalbox:signals:u1:2026-11-26'])
  })

  it('keeps only market data: no token, no email', () => {
    rememberSignals('u1', SIGNALS, LATE_EVENING)
    const stored = Object.values(localStorage).join('')
    expect(stored).not.toMatch(/token|@/)
  })

  it('reads a malformed or old-format entry as nothing', () => {
    localStorage.setItem('signalbox:signals:u1:2026-11-25', '{"signals":[{"symbol":"NIFTY","action":"BUY"}]}')
    expect(recallSignals('u1', LATE_EVENING)).toBeNull()
    localStorage.setItem('signalbox:signals:u1:2026-11-25', 'not json')
    expect(recallSignals('u1', LATE_EVENING)).toBeNull()
  })

  it('leaves other keys of the site alone', () => {
    localStorage.setItem('something-else', '1')
    rememberSignals('u1', SIGNALS, AFTER_MIDNIGHT_IST)
    expect(localStorage.getItem('something-else')).toBe('1')
  })
})
