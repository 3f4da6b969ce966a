/**
 * Signal and quota calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { getQuota, getSignals, type QuotaOut, type SignalOut, type SignalsOut } from '../client'

export type Signal = SignalOut
export type SignalsPage = SignalsOut
export type Quota = QuotaOut

/** Spends one of a free user's daily requests. */
export async function fetchSignals(): Promise<SignalsPage> {
  return (await getSignals()).data
}

/** Free of charge: reads the remaining allowance without spending it. */
export async function fetchQuota(): Promise<Quota> {
  return (await getQuota()).data
}
