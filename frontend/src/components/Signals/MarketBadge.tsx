/**
 * "Market open", or "Market closed · opens Mon 09:15 IST", from the `market` of the last signals answer — so a
 * signal shown on a Saturday is plainly the last session's, not a new one. "Market status unknown" in a year the
 * server has no market calendar for.
 */
import { formatNextOpen, istTime } from '../../lib/marketTime'
import type { Market } from '../../services/signalsApi'

export function MarketBadge({ market }: { market: Market }) {
  const text =
    market.status === 'open'
      ? 'Market open'
      : market.status === 'unknown'
        ? 'Market status unknown'
        : `Market closed${market.next_open ? ` · opens ${formatNextOpen(market.next_open)}` : ''}`
  return (
    <span className={`badge market-${market.status}`} title={`As of the ${istTime(market.as_of)} IST candle`}>
      {text}
    </span>
  )
}
