/**
 * Trade calls, their track record and the model's parameters, through the generated SDK (bearer-secured calls get the
 * token from `api.ts`; `/signals/model` is public). Every answer passes through a reader that spells unknown fields
 * `null`, as `signalsApi.ts` does. None of these count against the free quota.
 */
import {
  getSignalsCalls,
  getSignalsCallsCsv,
  getSignalsModel,
  getSignalsTrackRecord,
  type CallBody,
  type CallTrackRecordBody,
  type SignalModelBody,
} from '../client'
import type { Nullable, SymbolName } from './signalsContract'

/** One trade call; the closing fields are null while it is open. */
export type Call = Nullable<CallBody>
export type CallTrackRecord = Nullable<CallTrackRecordBody>
export type SignalModel = SignalModelBody

export interface CallsPage {
  calls: Call[]
  /** Pass back for the next (older) page; null on the last page. */
  nextCursor: string | null
}

/** Rows per page of the calls table. */
export const CALLS_PAGE = 5

function call(body: CallBody): Call {
  return {
    ...body,
    closed_at: body.closed_at ?? null,
    exit_price: body.exit_price ?? null,
    exit_reason: body.exit_reason ?? null,
    result_pct: body.result_pct ?? null,
    result_pct_net: body.result_pct_net ?? null,
  }
}

/** One page of a symbol's calls, newest first, after `cursor`. */
export async function getCallsPage(symbol: SymbolName, cursor: string | null, limit = CALLS_PAGE): Promise<CallsPage> {
  const query = cursor === null ? { symbol, limit } : { symbol, limit, cursor }
  const body = (await getSignalsCalls({ query })).data
  return { calls: body.calls.map(call), nextCursor: body.next_cursor ?? null }
}

export async function getCallTrackRecord(symbol: SymbolName): Promise<CallTrackRecord> {
  const body = (await getSignalsTrackRecord({ query: { symbol } })).data
  return {
    ...body,
    hit_rate: body.hit_rate ?? null,
    avg_result_pct_net: body.avg_result_pct_net ?? null,
    first_call_at: body.first_call_at ?? null,
    last_call_at: body.last_call_at ?? null,
    calibration: body.calibration.map((bucket) => ({ ...bucket, hit_rate: bucket.hit_rate ?? null })),
  }
}

/** The closed calls as CSV. Fetched with the bearer token (a plain link could not carry it), as a blob to save. */
export async function getCallsCsv(symbol: SymbolName): Promise<Blob> {
  const answer = await getSignalsCallsCsv({ query: { symbol }, parseAs: 'blob' })
  return answer.data as unknown as Blob
}

/** Public: how signals and calls are made, as the server runs them. */
export async function getModel(): Promise<SignalModel> {
  return (await getSignalsModel()).data
}
