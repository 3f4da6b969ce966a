/**
 * Typical server answers, typed with the generated client's types (read as `signalsContract.ts` does: unknown is
 * `null`) so they cannot drift from the contract.
 */
import type { BillingStatusBody, SiteBody, TokenBody } from '../client'
import type {
  HistoryAnswer,
  HistorySignal,
  QuotaAnswer,
  Signal,
  SignalsAnswer,
  SymbolName,
} from '../services/signalsContract'

/** A registered business on the real market: the footer has something to show and no demo banner. */
export const SITE: SiteBody = {
  business_name: 'Example Research Pvt Ltd',
  research_analyst: { name: 'A. Analyst', registration_no: 'INH000012345' },
  contact_email: 'support@example.in',
  grievance_email: 'grievance@example.in',
  demo_mode: false,
  market: { simulated: false, source: 'database' },
}

export const TOKEN: TokenBody = { access_token: 'token-abc', token_type: 'bearer', expires_in: 1800 }

export const FREE_STATUS: BillingStatusBody = {
  is_paid: false,
  plan: 'free',
  subscription_status: 'none',
  cancel_at_period_end: false,
}

export const PAID_STATUS: BillingStatusBody = {
  is_paid: true,
  plan: 'paid',
  subscription_status: 'active',
  current_period_end: '2026-12-25T10:00:00Z',
  cancel_at_period_end: false,
}

export const RESETS_AT = '2026-11-26T00:00:00Z'

const INDICATORS = { fast_ma: null, slow_ma: null, rsi: null }

/** Real-market candles, published 42 s after the 09:15 UTC candle closed. */
const REAL_SOURCE = { source: 'yahoo', simulated: false, published_at: '2026-11-25T09:15:42Z' }

export const SIGNALS: SignalsAnswer = {
  signals: [
    {
      symbol: 'NIFTY',
      type: 'BUY',
      price: 24567.5,
      confidence: 0.724,
      timestamp: '2026-11-25T09:15:00Z',
      reason: 'SMA9 crossed above SMA21; RSI 58',
      indicators: { fast_ma: 24560.1, slow_ma: 24550.2, rsi: 58.1 },
      ...REAL_SOURCE,
    },
    {
      symbol: 'BANKNIFTY',
      type: 'SELL',
      price: 52345.7,
      confidence: 0.61,
      timestamp: '2026-11-25T09:15:00Z',
      reason: 'SMA9 crossed below SMA21; RSI 41',
      indicators: INDICATORS,
      ...REAL_SOURCE,
    },
  ],
  user_limit: '3/day (upgrade for unlimited)',
  remaining: 2,
  resets_at: RESETS_AT,
  market: { status: 'open', as_of: '2026-11-25T09:15:00Z', next_open: null, simulated: false },
}

export const PAID_SIGNALS: SignalsAnswer = { ...SIGNALS, user_limit: 'unlimited', remaining: null, resets_at: null }

export const freeQuota = (remaining: number): QuotaAnswer => ({ unlimited: false, limit: 3, remaining, resets_at: RESETS_AT })

export const UNLIMITED_QUOTA: QuotaAnswer = { unlimited: true, limit: null, remaining: null, resets_at: null }

/** A history signal at `time` (UTC, on 25 Nov 2026) with an outcome. */
export function pastSignal(
  time: string,
  type: Signal['type'],
  price: number,
  outcome: HistorySignal['outcome'] = { after_minutes: 15, move_pct: 0.21, hit: type === 'HOLD' ? null : true },
  symbol: SymbolName = 'NIFTY',
): HistorySignal {
  return {
    symbol,
    type,
    price,
    confidence: 0.6,
    timestamp: `2026-11-25T${time}:00Z`,
    reason: `${type} reason`,
    indicators: INDICATORS,
    source: 'yahoo',
    simulated: false,
    published_at: `2026-11-25T${time}:05Z`,
    outcome,
  }
}

export const history = (symbol: SymbolName, signals: HistorySignal[] = [], hitRate: number | null = null): HistoryAnswer => ({
  symbol,
  signals,
  track_record: { signals: hitRate === null ? 0 : 120, hits: hitRate === null ? 0 : Math.round(hitRate * 120), hit_rate: hitRate },
})

/** What `POST /auth/refresh` hands out in place of `TOKEN`. */
export const REFRESHED_TOKEN: TokenBody = { access_token: 'token-new', token_type: 'bearer', expires_in: 1800 }

export const USER = { id: 'u1', email: 'trader@example.com', is_paid: false, created_at: '2026-11-25T09:00:00Z' }
