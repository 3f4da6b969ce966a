/**
 * The signals section: heading, market badge, live indicator and the one button; then the current signals —
 * with the upgrade banner, or an error with retry, above them: what was received stays visible — or a skeleton, or
 * the free plan's empty state. Ends with the one-line disclaimer.
 *
 * The button spends a request on the free plan, so it says so and how many are left: "Get latest signals (2 left
 * today)" — and it is offered only once a candle newer than the shown one has closed, with the reason beside it
 * meanwhile ("Next signal at 10:25 IST"), so a request is never spent on an answer already on screen. On the paid
 * plan it is a plain "Refresh".
 */
import { useNow } from '../../hooks/useNow'
import type { Plan, SignalsFeed } from '../../hooks/useSignalsFeed'
import { nextSignal } from '../../lib/nextSignal'
import type { QuotaAnswer, Signal, StreamStatus } from '../../services/signalsApi'
import { UpgradeBanner } from '../Billing/UpgradeBanner'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import { LiveIndicator } from './LiveIndicator'
import { MarketBadge } from './MarketBadge'
import { StanceList } from '../Calls/StanceList'
import { SignalsTable } from './SignalsTable'

interface SignalsPanelProps {
  feed: SignalsFeed
  plan: Plan
  quota: QuotaAnswer | null
  /** The current signal per symbol: the feed's, with newer streamed ones in place. */
  signals: Signal[]
  stream: StreamStatus
  /** True while a checkout return is being confirmed: signals wait for the new plan. */
  waiting: boolean
  onAlreadySubscribed(): void
}

const USED_UP = 'Today’s free requests are used up; the signals you received today stay on this page.'

export function SignalsPanel({ feed, plan, quota, signals, stream, waiting, onAlreadySubscribed }: SignalsPanelProps) {
  const { loading, answer, error } = feed
  const left = quota?.remaining ?? null
  const free = plan === 'free'
  const limitReached = feed.limitReached ?? (free && left === 0 ? USED_UP : null)
  const now = useNow()
  const next = free && answer !== null ? nextSignal(answer.market, now) : { ready: true, reason: null }
  const waitReason = left === 0 ? null : next.reason

  let body
  if (answer !== null) {
    body = (
      <div className={loading ? 'refreshing' : undefined} aria-busy={loading}>
        {signals.length > 0 ? (
          <>
            <StanceList signals={signals} />
            <SignalsTable signals={signals} />
          </>
        ) : (
          <p className="empty-state">No signals in this answer. Try again after the next candle closes.</p>
        )}
      </div>
    )
  } else if (error !== null) {
    body = null
  } else if (free && !loading) {
    body = (
      <p className="empty-state">
        No signals received today yet. Each “Get latest signals” uses one of today’s free requests; opening this
        page never does.
      </p>
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
          <p className="section-subtitle">
            NIFTY and BANKNIFTY, computed on each closed 5-minute candle.{' '}
            {answer !== null && <MarketBadge market={answer.market} />} <LiveIndicator status={stream} />
          </p>
        </div>
        <div className="fetch-latest">
          <button
            type="button"
            className="button button-secondary"
            onClick={feed.fetchLatest}
            disabled={loading || waiting || plan === 'unknown' || (free && left === 0) || !next.ready}
            aria-describedby={waitReason !== null ? 'next-signal-reason' : undefined}
          >
            {free ? `Get latest signals (${left ?? 0} left today)` : loading && answer !== null ? 'Refreshing…' : 'Refresh'}
          </button>
          {waitReason !== null && (
            <p id="next-signal-reason" className="next-signal" data-testid="next-signal-reason">
              {waitReason}
            </p>
          )}
        </div>
      </div>
      {limitReached !== null && (
        <UpgradeBanner detail={limitReached} resetsAt={quota?.resets_at ?? null} onAlreadySubscribed={onAlreadySubscribed} />
      )}
      {/* A failed request leaves the signals already received on screen, below the error. */}
      {error !== null && <ErrorState message={error.detail} onRetry={feed.fetchLatest} compact={answer !== null} />}
      {body}
      <p className="disclaimer">Signals are informational, not investment advice.</p>
    </section>
  )
}
