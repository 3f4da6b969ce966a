/**
 * "Subscribe for ₹499": creates a checkout session and leaves for the payment page.
 */
import { useLeaveFor } from '../../hooks/useLeaveFor'
import type { ApiFailure } from '../../services/apiError'
import { checkoutUrl } from '../../services/billingApi'
import { SUBSCRIBE_LABEL } from './plan'

interface SubscribeButtonProps {
  /** The server says the user is already paid (409): the caller refreshes its view of the plan. */
  onAlreadySubscribed?(): void
}

export function SubscribeButton({ onAlreadySubscribed }: SubscribeButtonProps) {
  const checkout = useLeaveFor(checkoutUrl, (failure: ApiFailure) => {
    if (failure.status !== 409) return failure.detail
    // Already paid (a webhook this page has not seen yet): the plan shown here is stale.
    onAlreadySubscribed?.()
    return 'You already have an active subscription.'
  })
  return (
    <div className="subscribe">
      <button type="button" className="button button-accent" onClick={() => void checkout.go()} disabled={checkout.pending}>
        {checkout.pending ? 'Opening checkout…' : SUBSCRIBE_LABEL}
      </button>
      {checkout.error && (
        <p className="inline-error" role="alert">
          {checkout.error}
        </p>
      )}
    </div>
  )
}
