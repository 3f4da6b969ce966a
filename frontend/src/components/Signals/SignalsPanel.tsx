/**
 * The signals section: a heading with the refresh button, then exactly one of skeleton, upgrade banner, error
 * with retry, or the table. While a refresh runs the last table stays on screen, dimmed.
 */
import type { SignalsHandle } from '../../hooks/useSignals'
import { UpgradeBanner } from '../Billing/UpgradeBanner'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import { SignalsTable } from './SignalsTable'

interface SignalsPanelProps {
  signals: SignalsHandle
  /** When the free allowance comes back, for the upgrade banner. */
  resetsAt: string | null
  /** True while a checkout return is being confirmed: signals wait for the new plan. */
  waiting: boolean
  onAlreadySubscribed(): void
}

export function SignalsPanel({ signals, resetsAt, waiting, onAlreadySubscribed }: SignalsPanelProps) {
  const { loading, page, limitReached, error } = signals
  let body
  if (limitReached !== null) {
    body = <UpgradeBanner detail={limitReached} resetsAt={resetsAt} onAlreadySubscribed={onAlreadySubscribed} />
  } else if (error !== null) {
    body = <ErrorState message={error.detail} onRetry={signals.refresh} />
  } else if (page !== null) {
    body = (
      <div className={loading ? 'refreshing' : undefined} aria-busy={loading}>
        <SignalsTable signals={page.signals} />
      </div>
    )
  } else {
    body = <Skeleton lines={4} label="Loading signals" />
  }

  return (
    <section className="card card-wide" aria-labelledby="signals-heading">
      <div className="section-head">
        <div>
          <h2 id="signals-heading" className="section-title">
            Signals
          </h2>
          <p className="section-subtitle">NIFTY and BANKNIFTY, refreshed on demand.</p>
        </div>
        <button
          type="button"
          className="button button-secondary"
          onClick={signals.refresh}
          disabled={loading || waiting}
        >
          {loading && page !== null ? 'Refreshing…' : 'Refresh'}
        </button>
      </div>
      {body}
    </section>
  )
}
