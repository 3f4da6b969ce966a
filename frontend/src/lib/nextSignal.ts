/**
 * When a candle newer than the one on screen will have closed, and how to say it — so the free plan's "Get latest
 * signals" button is offered only when a request can bring something new, never to spend one on the same candle.
 *
 * Read from the shown answer's `market` block: while open, candles close every 5 minutes after `as_of` (right after
 * the open, `as_of` is still the previous session's 15:30 close, and the first new candle closes at 09:20 today);
 * while closed, the first candle after `next_open` closes 5 minutes after it. `unknown` (a year without a market
 * calendar) brings no signals at all. Regular 09:15–15:30 sessions are assumed; a special session's own hours only
 * make the estimate early, never spend a request on nothing more than once.
 */
import { formatNextOpen, istDay, istTime } from './marketTime'

const CANDLE_MS = 5 * 60_000
const IST_OFFSET_MS = 330 * 60_000

export interface MarketClock {
  status: 'open' | 'closed' | 'unknown'
  as_of: string
  next_open: string | null
}

export interface NextSignal {
  /** True once a candle newer than the shown one has closed. */
  ready: boolean
  /** Why the button waits: "Next signal at 10:25 IST", "Market closed — next signals Fri 09:15 IST". */
  reason: string | null
}

/** 09:20 IST on the IST day of `now`: the first candle close of today's session. */
function firstCloseOn(now: number): number {
  return Date.parse(`${istDay(now)}T09:20:00Z`) - IST_OFFSET_MS
}

export function nextSignal(market: MarketClock, now = Date.now()): NextSignal {
  const asOf = Date.parse(market.as_of)
  if (market.status === 'unknown') {
    return { ready: false, reason: 'Market status unknown — no signals until the exchange calendar is updated' }
  }
  let next: number
  if (market.status === 'open') {
    // A 15:30 close shown while the market is open is the previous session's: today's first candle comes next.
    next = istTime(market.as_of) === '15:30' ? Math.max(firstCloseOn(now), asOf + CANDLE_MS) : asOf + CANDLE_MS
  } else {
    const opens = market.next_open === null ? Number.NaN : Date.parse(market.next_open)
    if (Number.isNaN(opens)) return { ready: true, reason: null }
    if (now < opens) return { ready: false, reason: `Market closed — next signals ${formatNextOpen(market.next_open ?? '', now)}` }
    next = opens + CANDLE_MS
  }
  if (Number.isNaN(next) || now >= next) return { ready: true, reason: null }
  return { ready: false, reason: `Next signal at ${istTime(new Date(next).toISOString())} IST` }
}
