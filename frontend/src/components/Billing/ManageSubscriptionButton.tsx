/**
 * "Manage subscription": for paid users, the way to change the card, see invoices or cancel.
 */
import { useBillingPortal } from '../../hooks/useBillingPortal'

export function ManageSubscriptionButton() {
  const portal = useBillingPortal()
  return (
    <div className="subscribe">
      <button type="button" className="button button-secondary" onClick={() => void portal.open()} disabled={portal.opening}>
        {portal.opening ? 'Opening billing…' : 'Manage subscription'}
      </button>
      {portal.error && (
        <p className="inline-error" role="alert">
          {portal.error}
        </p>
      )}
    </div>
  )
}
