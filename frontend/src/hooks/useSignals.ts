/**
 * The signals feed. A 403 is not an error here: it is the free plan's daily limit, which the dashboard answers
 * with an upgrade offer, so it is reported as `limitReached` instead of `error`.
 */
import { fetchSignals, type SignalsPage } from '../services/signalsApi'
import type { ApiFailure } from '../services/apiError'
import { useRequest, type RequestOptions } from './useRequest'

export interface SignalsHandle {
  loading: boolean
  page: SignalsPage | null
  /** The server's explanation when the daily free limit is used up; null otherwise. */
  limitReached: string | null
  error: ApiFailure | null
  refresh(): void
}

export function useSignals(options: RequestOptions<SignalsPage> = {}): SignalsHandle {
  const request = useRequest(fetchSignals, options)
  const forbidden = request.error?.status === 403
  return {
    loading: request.status === 'loading',
    page: request.data,
    limitReached: forbidden ? (request.error?.detail ?? null) : null,
    error: forbidden ? null : request.error,
    refresh: () => void request.reload(),
  }
}
