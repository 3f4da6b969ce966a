/**
 * How streamed signals join what was loaded: a streamed signal replaces the current one for its symbol (when it
 * is newer) and goes on top of that symbol's history, with no outcome yet. Pure functions, so the rules are tested
 * without a stream.
 */
import { istDay } from '../../lib/marketTime'
import type { HistorySignal, Signal, SymbolName } from '../../services/signalsApi'

const newer = (a: Signal, b: Signal) => Date.parse(a.timestamp) > Date.parse(b.timestamp)

/** `live` is newest first. */
export function currentSignals(loaded: Signal[], live: Signal[]): Signal[] {
  return loaded.map((signal) => {
    const latest = live.find((s) => s.symbol === signal.symbol)
    return latest !== undefined && newer(latest, signal) ? latest : signal
  })
}

/** The symbol's streamed signals newer than its loaded history, on top of it; both newest first. */
export function historyWithLive(history: HistorySignal[], live: Signal[], symbol: SymbolName): HistorySignal[] {
  const top = history[0]
  const fresh = live
    .filter((s) => s.symbol === symbol && (top === undefined || newer(s, top)))
    .map((s): HistorySignal => ({ ...s, outcome: null }))
  return [...fresh, ...history]
}

/** The most recent session's signals (the IST day of the newest), oldest first: what the chart draws. */
export function latestSession(history: HistorySignal[]): HistorySignal[] {
  const top = history[0]
  if (top === undefined) return []
  const day = istDay(top.timestamp)
  return history.filter((s) => istDay(s.timestamp) === day).reverse()
}
