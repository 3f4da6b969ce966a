/**
 * "Ask the server where to go, then go there": checkout and the billing portal both get a short-lived link from the
 * API and leave the app for it with a full navigation (the page is the payment provider's, or the server's
 * simulated one), so both buttons share this one hook.
 *
 * After a successful request `pending` stays true: the page is about to unload, and a button that flipped back to
 * its label in that moment would invite a second click (a second checkout session). A failure clears it and gives
 * the sentence to show, which the caller may word for its own case (`describeFailure`).
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

export function useLeaveFor(
  requestUrl: () => Promise<string>,
  describeFailure: (failure: ApiFailure) => string = serverDetail,
): LeaveHandle {
  const [pending, setPending] = useState(false)
  const [error, setError] = useState<string | null>(null)
  // Latest callbacks without making `go` change identity on every render.
  const latest = useRef({ requestUrl, describeFailure })
  useEffect(() => {
    latest.current = { requestUrl, describeFailure }
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
      setError(latest.current.describeFailure(toApiFailure(failure)))
    }
  }, [])

  return { go, pending, error }
}
