/**
 * The signals responses as the issue-13 contract defines them (`type`/`timestamp`, `market`, history with outcomes,
 * every documented field present and `null` when unknown).
 *
 * They mirror that contract by hand only because the server's `openapi.json` does not describe these shapes yet.
 * When it does, these types are replaced by the regenerated client's (`SignalBody`, `SignalsBody`, …) and this
 * file goes away; nothing outside `services/` should need to change.
 */

export type SymbolName = 'NIFTY' | 'BANKNIFTY'
export type SignalType = 'BUY' | 'SELL' | 'HOLD'

export const SYMBOLS: readonly SymbolName[] = ['NIFTY', 'BANKNIFTY']

export interface Signal {
  symbol: SymbolName
  type: SignalType
  /** Index level in points (not rupees): the close of the candle. */
  price: number
  /** 0..1. */
  confidence: number
  /** RFC 3339 UTC: close time of the 5-minute candle the signal was computed on. */
  timestamp: string
  /** Short human text, e.g. "SMA9 crossed above SMA21; RSI 58". */
  reason: string
  indicators: { fast_ma: number | null; slow_ma: number | null; rsi: number | null }
}

export interface Market {
  status: 'open' | 'closed'
  /** The latest closed candle the signals were computed on. */
  as_of: string
  /** The next session's open while closed; null while open. */
  next_open: string | null
}

/** `GET /signals` (counts against the free quota; 403 once it is used up). */
export interface SignalsAnswer {
  signals: Signal[]
  user_limit: string
  remaining: number | null
  resets_at: string | null
  market: Market
}

/** `GET /signals/quota` (never counts). */
export interface QuotaAnswer {
  unlimited: boolean
  limit: number | null
  remaining: number | null
  resets_at: string | null
}

/** The move 3 candles after a signal; `hit` is null for HOLD. */
export interface Outcome {
  after_minutes: number
  move_pct: number
  hit: boolean | null
}

export interface HistorySignal extends Signal {
  /** Null until 15 minutes of market time have closed after the signal. */
  outcome: Outcome | null
}

export interface TrackRecord {
  /** BUY/SELL signals that have an outcome. */
  signals: number
  hits: number
  /** hits / signals; null when signals = 0. */
  hit_rate: number | null
}

/** `GET /signals/history?symbol=…&limit=…` (never counts), newest first. */
export interface HistoryAnswer {
  symbol: SymbolName
  signals: HistorySignal[]
  track_record: TrackRecord
}
