/**
 * The way into the billing portal, where a subscriber changes the card, sees invoices, cancels — or resumes a
 * subscription set to cancel at period end, which is why the same button can read "Resume". The portal sends the
 * user back to /dashboard.
 */
import { useLeaveFor } from '../../hooks/useLeaveFor'
import { billingPortalUrl } from '../../services/billingApi'

interface ManageSubscriptionButtonProps {
  /** The subscription cancels at period end: the portal is where it is resumed, so say that. */
  resume?: boolean
}

export function ManageSubscriptionButton({ resume = false }: ManageSubscriptionButtonProps) {
  // 409 (no billing account yet) included: the server's detail says what to do better than we could.
  const portal = useLeaveFor(billingPortalUrl)
  const label = resume ? 'Resume' : 'Manage subscription'
  return (
    <div className="subscribe">
      <button
        type="button"
        className={resume ? 'button button-accent' : 'button button-secondary'}
        onClick={() => void portal.go()}
        disabled={portal.pending}
      >
        {portal.pending ? 'Opening billing…' : label}
      </button>
      {portal.error && (
        <p className="inline-error" role="alert">
          {portal.error}
        </p>
      )}
    </div>
  )
}
