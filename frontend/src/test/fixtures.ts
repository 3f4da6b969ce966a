/**
 * Typical server answers, typed with the generated client's types (read as `signalsContract.ts` does: unknown is
 * `null`) so they cannot drift from the contract.
 */
import type {
  BillingStatusBody,
  CallBody,
  CallTrackRecordBody,
  CallsPageBody,
  SignalModelBody,
  SiteBody,
  TokenBody,
} from '../client'
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
      stop_loss: 24530.5,
      target: 24617.0,
      call_id: 'NIFTY-202611250855',
      since: '2026-11-25T08:55:00Z',
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
      stop_loss: 52420.0,
      target: 52245.5,
      call_id: 'BANKNIFTY-202611250910',
      since: '2026-11-25T09:10:00Z',
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
    stop_loss: type === 'HOLD' ? null : price - 30,
    target: type === 'HOLD' ? null : price + 40,
    call_id: type === 'HOLD' ? null : `${symbol}-202611250400`,
    since: '2026-11-25T04:00:00Z',
    outcome,
  }
}

export const history = (symbol: SymbolName, signals: HistorySignal[] = []): HistoryAnswer => ({ symbol, signals })

/** What `POST /auth/refresh` hands out in place of `TOKEN`. */
export const REFRESHED_TOKEN: TokenBody = { access_token: 'token-new', token_type: 'bearer', expires_in: 1800 }

export const USER = { id: 'u1', email: 'trader@example.com', is_paid: false, created_at: '2026-11-25T09:00:00Z' }

/** A closed call (or an open one with `closed: false`) of `symbol`, opened at `minute` past 04:00 UTC on 25 Nov 2026. */
export function tradeCall(minute: number, closed = true, symbol: SymbolName = 'NIFTY'): CallBody {
  const at = `2026-11-25T04:${String(minute).padStart(2, '0')}:00Z`
  const stamp = `2026112504${String(minute).padStart(2, '0')}`
  return {
    id: `${symbol}-${stamp}`,
    symbol,
    type: minute % 2 === 0 ? 'BUY' : 'SELL',
    entry: 24550 + minute,
    stop_loss: 24520 + minute,
    target: 24590 + minute,
    confidence: 0.31,
    opened_at: at,
    closed_at: closed ? `2026-11-25T05:${String(minute).padStart(2, '0')}:00Z` : null,
    exit_price: closed ? 24590 + minute : null,
    exit_reason: closed ? 'target' : null,
    result_pct: closed ? 0.16 : null,
    result_pct_net: closed ? 0.09 : null,
    hash: 'a'.repeat(64),
    prev_hash: 'b'.repeat(64),
  }
}

export const callsPage = (symbol: SymbolName, calls: CallBody[] = [], next_cursor: string | null = null): CallsPageBody => ({
  symbol,
  calls,
  next_cursor,
})

export const TRACK_RECORD: CallTrackRecordBody = {
  symbol: 'NIFTY',
  calls: 3,
  wins: 2,
  losses: 1,
  hit_rate: 2 / 3,
  avg_result_pct_net: 0.05,
  total_result_pct_net: 0.15,
  max_drawdown_pct: 0.12,
  cost_bps: 7,
  baseline: { name: 'buy and hold, session open to close, net of one round trip', total_result_pct: -0.42 },
  calibration: [
    { confidence_from: 0.2, confidence_to: 0.3, calls: 2, hit_rate: 0.5 },
    { confidence_from: 0.3, confidence_to: 0.4, calls: 1, hit_rate: 1 },
    { confidence_from: 0.4, confidence_to: 0.5, calls: 0, hit_rate: null },
  ],
  equity_curve: [
    { at: '2026-11-25T05:00:00Z', call_id: 'NIFTY-202611250400', cumulative_pct_net: 0.09 },
    { at: '2026-11-25T05:10:00Z', call_id: 'NIFTY-202611250410', cumulative_pct_net: -0.03 },
    { at: '2026-11-25T05:20:00Z', call_id: 'NIFTY-202611250420', cumulative_pct_net: 0.15 },
  ],
  first_call_at: '2026-11-25T04:00:00Z',
  last_call_at: '2026-11-25T04:20:00Z',
}

export const EMPTY_TRACK_RECORD: CallTrackRecordBody = {
  ...TRACK_RECORD,
  calls: 0,
  wins: 0,
  losses: 0,
  hit_rate: null,
  avg_result_pct_net: null,
  total_result_pct_net: 0,
  max_drawdown_pct: 0,
  calibration: [],
  equity_curve: [],
  first_call_at: null,
  last_call_at: null,
}

export const MODEL: SignalModelBody = {
  indicators: { candle_minutes: 5, fast_ma_period: 9, slow_ma_period: 21, rsi_period: 14, rsi_overbought: 70, rsi_oversold: 30 },
  levels: { atr_period: 14, stop_loss_atr: 1.5, target_atr: 2, tick: 0.05 },
  cost_bps: 7,
  session: { opens: '09:15', closes: '15:30', utc_offset: '+05:30', no_entry_before_close_minutes: 30 },
  confidence: {
    method: 'the probability of reaching the target',
    prior_hit_rate: 0.42857,
    prior_weight: 10,
    resolved_prior: 0.5,
    resolved_prior_weight: 2,
    kind_weight: 50,
  },
  exit_rules: [
    { rule: 'the candle opened at or beyond the stop: exit at its open', exit_reason: 'stop' },
    { rule: 'the session\'s last candle closed: exit at its close', exit_reason: 'session_end' },
  ],
}
