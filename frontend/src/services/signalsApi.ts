/**
 * Signal calls, named for the UI (see `authApi.ts` for why these wrappers exist). Shapes: `signalsContract.ts`.
 *
 * `/signals` and `/signals/quota` go through the generated SDK (which marks them bearer-secured, so `api.ts`
 * attaches the token). `/signals/history` is not in `openapi.json` yet, so it is a plain request through the generated
 * client (`client.get`, not its bare axios instance, which misses the client's config), marked bearer-secured
 * the way the SDK marks its operations — interceptors, refresh-on-401 and the test fake
 * all apply. The stream is in `signalStream.ts`.
 */
import { client } from '../client/client.gen'
import { getSignals as sdkGetSignals, getSignalsQuota } from '../client'
import type { HistoryAnswer, QuotaAnswer, SignalsAnswer, SymbolName } from './signalsContract'

export type * from './signalsContract'
export { SYMBOLS } from './signalsContract'
export { openStream, type StreamStatus } from './signalStream'

/**
 * Spends one of a free user's daily requests (403 once they are used up). The generated types still describe the
 * old body (`action`/`generated_at`); the server answers with the contract's, so it is read as that.
 */
export async function getSignals(): Promise<SignalsAnswer> {
  const body: unknown = (await sdkGetSignals()).data
  return body as SignalsAnswer
}

/** Free of charge: the remaining allowance without spending it. Absent fields (older server) read as null. */
export async function getQuota(): Promise<QuotaAnswer> {
  const body = (await getSignalsQuota()).data
  return {
    unlimited: body.unlimited,
    limit: body.limit ?? null,
    remaining: body.remaining ?? null,
    resets_at: body.resets_at ?? null,
  }
}

/** Past signals with their outcomes and the symbol's track record, newest first. Never counts. */
export async function getHistory(symbol: SymbolName, limit = 100): Promise<HistoryAnswer> {
  const response = await client.get<{ 200: HistoryAnswer }, unknown, true>({
    url: '/signals/history',
    query: { symbol, limit },
    security: [{ type: 'http', scheme: 'bearer' }],
    responseType: 'json',
  })
  return response.data
}
