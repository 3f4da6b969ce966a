/**
 * "Manage subscription": for paid users, the way to change the card, see invoices or cancel. The portal sends the
 * user back to /dashboard.
 */
import { useLeaveFor } from '../../hooks/useLeaveFor'
import { billingPortalUrl } from '../../services/billingApi'

export function ManageSubscriptionButton() {
  // 409 (no billing account yet) included: the server's detail says what to do better than we could.
  const portal = useLeaveFor(billingPortalUrl)
  return (
    <div className="subscribe">
      <button type="button" className="button button-secondary" onClick={() => void portal.go()} disabled={portal.pending}>
        {portal.pending ? 'Opening billing…' : 'Manage subscription'}
      </button>
      {portal.error && (
        <p className="inline-error" role="alert">
          {portal.error}
        </p>
      )}
    </div>
  )
}
