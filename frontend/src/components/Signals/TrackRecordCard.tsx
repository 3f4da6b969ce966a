/**
 * How often this symbol's BUY/SELL calls were right 15 minutes later — shown as it is, good or poor, because it
 * is what a trader needs to judge the signals. No judged calls yet says so instead of showing 0 %.
 */
import type { TrackRecord } from '../../services/signalsApi'

export function TrackRecordCard({ record }: { record: TrackRecord }) {
  return (
    <section className="track-record" aria-label="Track record">
      <h3 className="card-label">Track record</h3>
      {record.hit_rate === null ? (
        <p className="card-value">No judged calls yet</p>
      ) : (
        <p className="card-value">
          Hit rate {(record.hit_rate * 100).toFixed(1)}% over {record.signals} {record.signals === 1 ? 'call' : 'calls'}
        </p>
      )}
      <p className="card-note">
        A BUY is a hit when the level rose 15 minutes later, a SELL when it fell. HOLD is not judged. Past hits do not
        promise future ones.
      </p>
    </section>
  )
}
