/**
 * "2 of 3 free requests left today, resets Wed 5:30 am" — or "Unlimited" on the paid plan.
 */
import type { RequestHandle } from '../../hooks/useRequest'
import { formatResetTime } from '../../lib/format'
import type { QuotaAnswer as Quota } from '../../services/signalsApi'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'

function QuotaBody({ quota }: { quota: Quota }) {
  if (quota.unlimited) {
    return (
      <>
        <p className="card-value">Unlimited</p>
        <p className="card-note">No daily limit on the paid plan.</p>
      </>
    )
  }
  const remaining = quota.remaining ?? 0
  return (
    <>
      <p className="card-value">
        <span className={remaining === 0 ? 'quota-count quota-empty' : 'quota-count'} data-testid="quota-remaining">
          {remaining}
        </span>
        {quota.limit != null && <span className="quota-of"> of {quota.limit}</span>}
        <span className="quota-unit"> free requests left today</span>
      </p>
      {quota.resets_at && <p className="card-note">Resets {formatResetTime(quota.resets_at)}</p>}
    </>
  )
}

export function QuotaCard({ quota }: { quota: RequestHandle<Quota> }) {
  return (
    <section className="card" aria-labelledby="quota-heading">
      <h2 id="quota-heading" className="card-label">
        Today
      </h2>
      {quota.data !== null ? (
        <QuotaBody quota={quota.data} />
      ) : quota.status === 'error' && quota.error ? (
        <ErrorState message={quota.error.detail} onRetry={() => void quota.reload()} compact />
      ) : (
        <Skeleton lines={2} label="Loading quota" />
      )}
    </section>
  )
}
