/**
 * Opens the billing portal: asks the server for a portal link and sends the browser there (a full navigation — the
 * page is the payment provider's, or the server's simulated one, and it sends the user back to /dashboard).
 */
import { useCallback, useState } from 'react'
import { leavePageFor } from '../lib/browser'
import { toApiFailure } from '../services/apiError'
import { openBillingPortal } from '../services/billingApi'

export interface BillingPortalHandle {
  open(): Promise<void>
  opening: boolean
  error: string | null
}

export function useBillingPortal(): BillingPortalHandle {
  const [opening, setOpening] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const open = useCallback(async () => {
    setOpening(true)
    setError(null)
    try {
      const { portal_url } = await openBillingPortal()
      leavePageFor(portal_url)
      // Stay in the "opening" state: the page is about to unload.
    } catch (failure) {
      // 409 (no billing account yet) included: the server's detail says what to do better than we could.
      setOpening(false)
      setError(toApiFailure(failure).detail)
    }
  }, [])

  return { open, opening, error }
}
