/**
 * Checks a signal that did not come through a typed response — a streamed event's JSON, an answer kept in
 * localStorage by an older version of the app — before the UI trusts it. Anything malformed is dropped, never
 * rendered as "undefined" or "NaN".
 */
import type { Signal, SignalsAnswer } from './signalsContract'

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null

export function isSignal(value: unknown): value is Signal {
  return (
    isRecord(value) &&
    (value.symbol === 'NIFTY' || value.symbol === 'BANKNIFTY') &&
    (value.type === 'BUY' || value.type === 'SELL' || value.type === 'HOLD') &&
    typeof value.price === 'number' &&
    typeof value.confidence === 'number' &&
    typeof value.timestamp === 'string' &&
    !Number.isNaN(Date.parse(value.timestamp))
  )
}

export function isSignalsAnswer(value: unknown): value is SignalsAnswer {
  return isRecord(value) && Array.isArray(value.signals) && value.signals.every(isSignal) && isRecord(value.market)
}

/** The parsed JSON of a streamed `signal` event, or null when it is not one. */
export function parseSignal(json: string): Signal | null {
  try {
    const value: unknown = JSON.parse(json)
    return isSignal(value) ? value : null
  } catch {
    return null
  }
}
