/**
 * Shown above the signals once a free user has used today's requests — the signals already received stay below
 * it. The limit is a sales moment, not an error.
 */
import { formatResetTime } from '../../lib/format'
import { SubscribeButton } from './SubscribeButton'

interface UpgradeBannerProps {
  detail: string
  resetsAt: string | null
  onAlreadySubscribed?(): void
}

export function UpgradeBanner({ detail, resetsAt, onAlreadySubscribed }: UpgradeBannerProps) {
  return (
    <section className="upgrade-banner" aria-label="Upgrade">
      <div>
        <h3 className="upgrade-title">You’ve used today’s free signals</h3>
        <p className="upgrade-text">
          {detail}
          {resetsAt && <> Your free requests come back {formatResetTime(resetsAt)}.</>}
        </p>
        <p className="upgrade-text">Or go unlimited now: every signal, all day, for ₹499 a month.</p>
      </div>
      <SubscribeButton onAlreadySubscribed={onAlreadySubscribed} />
    </section>
  )
}
