/**
 * Signal calls, named for the UI (see `authApi.ts` for why these wrappers exist). Shapes: `signalsContract.ts`.
 *
 * All of them go through the generated SDK (which marks them bearer-secured, so `api.ts` attaches the token); each
 * answer passes through a small reader that spells every unknown field `null` (see `signalsContract.ts`). The
 * stream is in `signalStream.ts`.
 */
import {
  getSignals as sdkGetSignals,
  getSignalsHistory,
  getSignalsLast,
  getSignalsQuota,
  type HistoryEntryBody,
  type SignalBody,
  type SignalsBody,
} from '../client'
import { ApiError } from './apiError'
import { noteMarketData } from './marketProvenance'
import type { HistoryAnswer, HistorySignal, QuotaAnswer, Signal, SignalsAnswer, SymbolName } from './signalsContract'

export type * from './signalsContract'
export { SYMBOLS } from './signalsContract'
export { openStream, type StreamStatus } from './signalStream'

function signal({ indicators: i, ...rest }: SignalBody): Signal {
  return {
    ...rest,
    indicators: { fast_ma: i.fast_ma ?? null, slow_ma: i.slow_ma ?? null, rsi: i.rsi ?? null },
    stop_loss: rest.stop_loss ?? null,
    target: rest.target ?? null,
    call_id: rest.call_id ?? null,
    since: rest.since ?? null,
  }
}

function historySignal({ outcome, ...rest }: HistoryEntryBody): HistorySignal {
  return { ...signal(rest), outcome: outcome ? { ...outcome, hit: outcome.hit ?? null } : null }
}

function signalsAnswer(body: SignalsBody): SignalsAnswer {
  noteMarketData(body.market.simulated)
  return {
    ...body,
    signals: body.signals.map(signal),
    remaining: body.remaining ?? null,
    resets_at: body.resets_at ?? null,
    market: { ...body.market, next_open: body.market.next_open ?? null },
  }
}

/** Spends one of a free user's daily requests (403 once they are used up). */
export async function getSignals(): Promise<SignalsAnswer> {
  return signalsAnswer((await sdkGetSignals()).data)
}

/** Free of charge: the last answer `getSignals` gave this user today, or null when there is none (404). */
export async function getLastSignals(): Promise<SignalsAnswer | null> {
  try {
    return signalsAnswer((await getSignalsLast()).data)
  } catch (error) {
    if (error instanceof ApiError && error.status === 404) return null
    throw error
  }
}

/** Free of charge: the remaining allowance without spending it. */
export async function getQuota(): Promise<QuotaAnswer> {
  const body = (await getSignalsQuota()).data
  return { ...body, limit: body.limit ?? null, remaining: body.remaining ?? null, resets_at: body.resets_at ?? null }
}

/** Past signals with their outcomes, newest first. Never counts. */
export async function getHistory(symbol: SymbolName, limit = 100): Promise<HistoryAnswer> {
  const body = (await getSignalsHistory({ query: { symbol, limit } })).data
  if (body.signals.length > 0) noteMarketData(body.signals.some((s) => s.simulated))
  return { ...body, signals: body.signals.map(historySignal) }
}
