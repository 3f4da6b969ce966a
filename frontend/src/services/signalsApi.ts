/**
 * Signal and quota calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { getSignals, getSignalsQuota, type QuotaBody, type SignalBody, type SignalsBody } from '../client'
import type { Wire } from './wire'

export type Signal = SignalBody
export type SignalsPage = Wire<SignalsBody>
export type Quota = Wire<QuotaBody>

/** Spends one of a free user's daily requests. */
export async function fetchSignals(): Promise<SignalsPage> {
  return (await getSignals()).data
}

/** Free of charge: reads the remaining allowance without spending it. */
export async function fetchQuota(): Promise<Quota> {
  return (await getSignalsQuota()).data
}
