/**
 * The signals a user has already received today, kept in localStorage so that a free user's dashboard can show
 * them again — on open, on reload, and after the daily limit — without spending another request.
 *
 * One entry per user and IST day (the quota's day): `signalbox:signals:<userId>:<YYYY-MM-DD>`. Reading or writing
 * drops every other day's entries, so storage never holds more than today's. The entries hold market signals
 * only — no token, no email. Storage that is full, disabled or holds garbage is treated as empty.
 */
import { istDay } from '../lib/marketTime'
import { isSignalsAnswer } from './signalShape'
import type { SignalsAnswer } from './signalsContract'

const PREFIX = 'signalbox:signals:'

const keyFor = (userId: string, now: number) => `${PREFIX}${encodeURIComponent(userId)}:${istDay(now)}`

/** Removes the entries of every day but today's (any user). */
export function forgetOtherDays(now = Date.now()): void {
  try {
    const today = `:${istDay(now)}`
    const stale: string[] = []
    for (let i = 0; i < localStorage.length; i += 1) {
      const key = localStorage.key(i)
      if (key?.startsWith(PREFIX) && !key.endsWith(today)) stale.push(key)
    }
    stale.forEach((key) => localStorage.removeItem(key))
  } catch {
    // Storage unavailable: nothing kept, nothing to forget.
  }
}

export function rememberSignals(userId: string, answer: SignalsAnswer, now = Date.now()): void {
  forgetOtherDays(now)
  try {
    localStorage.setItem(keyFor(userId, now), JSON.stringify(answer))
  } catch {
    // Full or disabled: the signals still show until the page is left.
  }
}

/** Today's last answer for this user, or null. */
export function recallSignals(userId: string, now = Date.now()): SignalsAnswer | null {
  forgetOtherDays(now)
  try {
    const stored: unknown = JSON.parse(localStorage.getItem(keyFor(userId, now)) ?? 'null')
    return isSignalsAnswer(stored) ? stored : null
  } catch {
    return null
  }
}

/** Drops what this browser kept for the user (their account is gone). */
export function forgetSignals(userId: string, now = Date.now()): void {
  try {
    localStorage.removeItem(keyFor(userId, now))
  } catch {
    // Storage unavailable: nothing was kept.
  }
}
