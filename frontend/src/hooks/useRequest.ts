/**
 * Loading / data / error state for one API call, with `reload`.
 *
 * Two properties matter more than they look:
 * - A call already in flight is joined, never repeated. `GET /signals` spends a free user's daily allowance, so a
 *   double click — or React's StrictMode running effects twice in development — must not cost two requests.
 * - Reloading keeps the previous data on screen (status `loading` with `data` set), so a refresh does not flash
 *   the page back to skeletons.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { toApiFailure, type ApiFailure } from '../services/apiError'

export type RequestStatus = 'idle' | 'loading' | 'success' | 'error'

export interface RequestState<T> {
  status: RequestStatus
  data: T | null
  error: ApiFailure | null
}

export interface RequestOptions<T> {
  /** Load on mount, and again whenever this turns true. Default true. */
  enabled?: boolean
  /** Called after every attempt, successful or not. */
  onSettled?(result: RequestState<T>): void
}

export interface RequestHandle<T> extends RequestState<T> {
  reload(): Promise<RequestState<T>>
}

export function useRequest<T>(fetcher: () => Promise<T>, options: RequestOptions<T> = {}): RequestHandle<T> {
  const { enabled = true } = options
  const [state, setState] = useState<RequestState<T>>({
    status: enabled ? 'loading' : 'idle',
    data: null,
    error: null,
  })
  const inFlight = useRef<Promise<RequestState<T>> | null>(null)
  // Latest callbacks without making `reload` change identity on every render.
  const latest = useRef({ fetcher, onSettled: options.onSettled })
  useEffect(() => {
    latest.current = { fetcher, onSettled: options.onSettled }
  })

  const reload = useCallback((): Promise<RequestState<T>> => {
    if (inFlight.current !== null) return inFlight.current
    setState((previous) => ({ ...previous, status: 'loading' }))
    const attempt = latest.current
      .fetcher()
      .then(
        (data): RequestState<T> => ({ status: 'success', data, error: null }),
        (error: unknown): RequestState<T> => ({ status: 'error', data: null, error: toApiFailure(error) }),
      )
      .then((result) => {
        inFlight.current = null
        setState(result)
        latest.current.onSettled?.(result)
        return result
      })
    inFlight.current = attempt
    return attempt
  }, [])

  useEffect(() => {
    if (enabled) void reload()
  }, [enabled, reload])

  return { ...state, reload }
}
