/**
 * The signals shapes the UI reads, taken from the generated client's types (`SignalBody`, `SignalsBody`,
 * `HistoryBody`, …) so they cannot drift from `openapi.json`.
 *
 * One difference, on purpose: the generator spells a field that may be unknown as optional (`remaining?: number`),
 * while the contract sends every documented field, `null` when unknown. `Nullable<T>` reads a generated type that
 * way, and the wrappers in `signalsApi.ts` turn anything absent into `null`, so a component checks one spelling.
 */
import type {
  HistoryBody,
  HistoryEntryBody,
  IndicatorsBody,
  MarketBody,
  OutcomeBody,
  QuotaBody,
  SignalBody,
  SignalsBody,
  SymbolName,
} from '../client'

export type { SignalType, SymbolName } from '../client'

/** `T` with every optional field (deep) required and `null` when unknown. */
export type Nullable<T> = T extends readonly (infer U)[]
  ? Nullable<U>[]
  : T extends object
    ? { [K in keyof T]-?: undefined extends T[K] ? Nullable<Exclude<T[K], undefined>> | null : Nullable<T[K]> }
    : T

export const SYMBOLS: readonly SymbolName[] = ['NIFTY', 'BANKNIFTY']

/** Price is an index level in points (not rupees); `timestamp` the close of the 5-minute candle. */
export type Signal = Nullable<SignalBody>
export type Indicators = Nullable<IndicatorsBody>
export type Market = Nullable<MarketBody>
/** `GET /signals` (counts against the free quota; 403 once it is used up). */
export type SignalsAnswer = Nullable<SignalsBody>
/** `GET /signals/quota` (never counts). */
export type QuotaAnswer = Nullable<QuotaBody>
/** The move 3 candles after a signal; `hit` is null for HOLD. */
export type Outcome = Nullable<OutcomeBody>
/** `outcome` is null until 15 minutes of market time have closed after the signal. */
export type HistorySignal = Nullable<HistoryEntryBody>
/** `GET /signals/history?symbol=…&limit=…` (never counts), newest first. */
export type HistoryAnswer = Nullable<HistoryBody>
