/**
 * Signal and quota calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { getSignals, getSignalsQuota, type QuotaBody, type SignalBody, type SignalsBody } from '../client'

export type Signal = SignalBody
export type SignalsPage = SignalsBody
export type Quota = QuotaBody

/** Spends one of a free user's daily requests. */
export async function fetchSignals(): Promise<SignalsPage> {
  return (await getSignals()).data
}

/** Free of charge: reads the remaining allowance without spending it. */
export async function fetchQuota(): Promise<Quota> {
  return (await getSignalsQuota()).data
}
