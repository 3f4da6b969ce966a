/**
 * "Subscribe for ₹499": creates a checkout session and leaves for the payment page.
 */
import { useCheckout } from '../../hooks/useCheckout'
import { SUBSCRIBE_LABEL } from './plan'

interface SubscribeButtonProps {
  /** The server says the user is already paid (409): the caller refreshes its view of the plan. */
  onAlreadySubscribed?(): void
}

export function SubscribeButton({ onAlreadySubscribed }: SubscribeButtonProps) {
  const checkout = useCheckout(onAlreadySubscribed)
  return (
    <div className="subscribe">
      <button type="button" className="button button-accent" onClick={() => void checkout.start()} disabled={checkout.starting}>
        {checkout.starting ? 'Opening checkout…' : SUBSCRIBE_LABEL}
      </button>
      {checkout.error && (
        <p className="inline-error" role="alert">
          {checkout.error}
        </p>
      )}
    </div>
  )
}
