/**
 * Signal and quota calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { getSignals, getSignalsQuota, type QuotaBody, type SignalBody, type SignalsBody } from '../client'
import { nullsAsAbsent, type NullsAsAbsent } from '../lib/nullsAsAbsent'

// Unknown optional fields (`remaining` and `resets_at` when unlimited, …) are absent, whether the server leaves
// them out or sends `null`.
export type Signal = SignalBody
export type SignalsPage = NullsAsAbsent<SignalsBody>
export type Quota = NullsAsAbsent<QuotaBody>

/** Spends one of a free user's daily requests. */
export async function fetchSignals(): Promise<SignalsPage> {
  return nullsAsAbsent((await getSignals()).data)
}

/** Free of charge: reads the remaining allowance without spending it. */
export async function fetchQuota(): Promise<Quota> {
  return nullsAsAbsent((await getSignalsQuota()).data)
}
