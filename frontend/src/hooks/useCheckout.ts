/**
 * Starts a checkout and sends the browser to the payment page. The page is the provider's (or the server's
 * simulated one), so this is a full navigation, not an in-app route change.
 */
import { useCallback, useState } from 'react'
import { leavePageFor } from '../lib/browser'
import { toApiFailure } from '../services/apiError'
import { startCheckout } from '../services/billingApi'

export interface CheckoutHandle {
  start(): Promise<void>
  starting: boolean
  error: string | null
}

export function useCheckout(onAlreadySubscribed?: () => void): CheckoutHandle {
  const [starting, setStarting] = useState(false)
  const [error, setError] = useState<string | null>(null)

  const start = useCallback(async () => {
    setStarting(true)
    setError(null)
    try {
      const { checkout_url } = await startCheckout()
      leavePageFor(checkout_url)
      // Stay in the "starting" state: the page is about to unload.
    } catch (failure) {
      const { status, detail } = toApiFailure(failure)
      setStarting(false)
      if (status === 409) onAlreadySubscribed?.()
      setError(status === 409 ? 'You already have an active subscription.' : detail)
    }
  }, [onAlreadySubscribed])

  return { start, starting, error }
}
