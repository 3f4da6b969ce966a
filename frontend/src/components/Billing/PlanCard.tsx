/**
 * The plan summary: badge, renewal date and the billing portal for paid users, the subscribe button for free ones.
 * A subscription cancelled at period end is still paid until then: the card says when it stops and offers to
 * resume it (in the billing portal, as Stripe's portal does it).
 */
import type { RequestHandle } from '../../hooks/useRequest'
import { formatDate } from '../../lib/format'
import type { BillingStatus } from '../../services/billingApi'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import { ManageSubscriptionButton } from './ManageSubscriptionButton'
import { PlanBadge } from './PlanBadge'
import { SubscribeButton } from './SubscribeButton'

function renewalLine(status: BillingStatus): string | null {
  if (status.subscription_status === 'past_due') return 'Payment overdue: please update your card.'
  if (!status.current_period_end) return null
  const date = formatDate(status.current_period_end)
  return status.cancel_at_period_end ? `Cancels on ${date}` : `Renews on ${date}`
}

export function PlanCard({ billing }: { billing: RequestHandle<BillingStatus> }) {
  const status = billing.data
  return (
    <section className="card" aria-labelledby="plan-heading">
      <h2 id="plan-heading" className="card-label">
        Plan
      </h2>
      {status === null && billing.status === 'error' && billing.error ? (
        <ErrorState message={billing.error.detail} onRetry={() => void billing.reload()} compact />
      ) : status === null ? (
        <Skeleton lines={2} label="Loading plan" />
      ) : (
        <>
          <p className="card-value" data-testid="plan">
            <PlanBadge paid={status.is_paid} />
            <span>{status.is_paid ? 'Unlimited signals' : '3 signal requests a day'}</span>
          </p>
          {status.is_paid ? (
            <>
              <p className="card-note">{renewalLine(status)}</p>
              <ManageSubscriptionButton resume={status.cancel_at_period_end} />
            </>
          ) : (
            <SubscribeButton onAlreadySubscribed={() => void billing.reload()} />
          )}
        </>
      )}
    </section>
  )
}
