/**
 * "Ask the server where to go, then go there": checkout and the billing portal both get a short-lived link from the
 * API and leave the app for it with a full navigation (the page is the payment provider's, or the server's
 * simulated one), so both buttons share this one hook.
 *
 * After a successful request `pending` stays true: the page is about to unload, and a button that flipped back to
 * its label in that moment would invite a second click (a second checkout session). A failure clears it and shows
 * a sentence: the server's `detail`, or what the caller's `onFailure` makes of the failure (it may also act on it,
 * e.g. refresh the plan after "already subscribed").
 *
 * The page does not always unload for good, though: Back from the payment page restores it from the back/forward
 * cache exactly as it was left, button still saying "Opening checkout…". So `pending` is cleared whenever the page
 * is shown again (`pageshow` with `persisted`).
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { leavePageFor } from '../lib/browser'
import { toApiFailure, type ApiFailure } from '../services/apiError'

export interface LeaveHandle {
  go(): Promise<void>
  pending: boolean
  error: string | null
}

const serverDetail = (failure: ApiFailure) => failure.detail

/**
 * `requestUrl` asks the server where to go; `onFailure` runs once per failed attempt and returns the sentence to
 * show.
 */
export function useLeaveFor(
  requestUrl: () => Promise<string>,
  onFailure: (failure: ApiFailure) => string = serverDetail,
): LeaveHandle {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Latest callbacks without making `go` change identity on every render.
  const latest = useRef({ requestUrl, onFailure })
  useEffect(() => {
    latest.current = { requestUrl, onFailure }
  })

  useEffect(() => {
    const onShow = (event: PageTransitionEvent) => {
      if (event.persisted) setPending(false)
    }
    window.addEventListener('pageshow', onShow)
    return () => window.removeEventListener('pageshow', onShow)
  }, [])

  const go = useCallback(async () => {
    setPending(true)
    setError(null)
    try {
      leavePageFor(await latest.current.requestUrl())
    } catch (failure) {
      setPending(false)
      setError(latest.current.onFailure(toApiFailure(failure)))
    }
  }, [])

  return { go, pending, error }
}
