/**
 * Whether live updates are arriving (paid plan): "Live" while the stream is connected, "Reconnecting…" while it
 * is being re-established. Announced politely, so a screen reader hears when live updates stop.
 */
import type { StreamStatus } from '../../services/signalsApi'

export function LiveIndicator({ status }: { status: StreamStatus }) {
  if (status === 'stopped') return null
  const live = status === 'live'
  return (
    <span className={live ? 'live live-on' : 'live'} role="status">
      <span className="live-dot" aria-hidden="true" />
      {live ? 'Live' : 'Reconnecting…'}
    </span>
  )
}
