/**
 * "Subscribe for ₹499": creates a checkout session and leaves for the payment page. SEBI's F&O risk notice sits right
 * under the button: it is where the trader decides to pay.
 *
 * The server refuses a second checkout (409) while any subscription is live or still waiting for its first payment,
 * and its detail says to use the billing portal. After that answer the subscribe button could only fail again, so
 * it gives way to the detail and "Manage subscription".
 */
import { useState } from 'react'
import { useLeaveFor } from '../../hooks/useLeaveFor'
import type { ApiFailure } from '../../services/apiError'
import { checkoutUrl } from '../../services/billingApi'
import { ManageSubscriptionButton } from './ManageSubscriptionButton'
import { RiskNotice } from './RiskNotice'
import { SUBSCRIBE_LABEL } from './plan'

interface SubscribeButtonProps {
  /** The server says the user already has a subscription (409): the caller refreshes its view of the plan. */
  onAlreadySubscribed?(): void
}

export function SubscribeButton({ onAlreadySubscribed }: SubscribeButtonProps) {
  const [alreadySubscribed, setAlreadySubscribed] = useState(false)
  const checkout = useLeaveFor(checkoutUrl, (failure: ApiFailure) => {
    if (failure.status !== 409) return failure.detail
    // A webhook this page has not seen yet (the plan shown is stale), or a subscription awaiting its first payment.
    setAlreadySubscribed(true)
    onAlreadySubscribed?.()
    return failure.detail
  })
  if (alreadySubscribed) {
    return (
      <div className="subscribe">
        <p className="inline-note" role="status">
          {checkout.error}
        </p>
        <ManageSubscriptionButton />
      </div>
    )
  }
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
      <RiskNotice />
    </div>
  )
}
