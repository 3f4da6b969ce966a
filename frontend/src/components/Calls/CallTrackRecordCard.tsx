/**
 * The record of the closed trade calls (`/signals/track-record`), net of the round-trip cost and stated next to
 * holding the index through the same sessions — shown as it is, good or poor. The per-signal 15-minute hit rate is
 * not a record of anything a trader could have done, so it is not shown as one.
 */
import { useCallback } from 'react'
import { useRequest } from '../../hooks/useRequest'
import { formatMove } from '../../lib/marketTime'
import { getCallTrackRecord } from '../../services/callsApi'
import type { SymbolName } from '../../services/signalsApi'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import { EquityCurve } from './EquityCurve'
import { ReliabilityChart } from './ReliabilityChart'

export function CallTrackRecordCard({ symbol }: { symbol: SymbolName }) {
  const load = useCallback(() => getCallTrackRecord(symbol), [symbol])
  const record = useRequest(load)
  if (record.data === null) {
    if (record.error !== null) return <ErrorState message={record.error.detail} onRetry={() => void record.reload()} />
    return <Skeleton lines={3} label="Loading track record" />
  }
  const r = record.data
  const costPct = (r.cost_bps / 100).toFixed(2)
  return (
    <section className="track-record" aria-label="Track record">
      <h3 className="card-label">Track record</h3>
      {r.calls === 0 ? (
        <p className="card-value">No closed calls yet</p>
      ) : (
        <dl className="record-stats">
          <div>
            <dt>Calls</dt>
            <dd data-testid="record-calls">{r.calls}</dd>
          </div>
          <div>
            <dt>Hit rate</dt>
            <dd>{r.hit_rate === null ? '—' : `${(r.hit_rate * 100).toFixed(1)}%`}</dd>
          </div>
          <div>
            <dt>Avg net</dt>
            <dd>{r.avg_result_pct_net === null ? '—' : formatMove(r.avg_result_pct_net)}</dd>
          </div>
          <div>
            <dt>Total net</dt>
            <dd>{formatMove(r.total_result_pct_net)}</dd>
          </div>
          <div>
            <dt>Max drawdown</dt>
            <dd>{r.max_drawdown_pct.toFixed(2)} pts</dd>
          </div>
          <div>
            <dt>Buy and hold</dt>
            <dd data-testid="record-baseline">{formatMove(r.baseline.total_result_pct)}</dd>
          </div>
        </dl>
      )}
      <p className="card-note" data-testid="record-cost">
        Net of {costPct} % round-trip costs. Baseline: {r.baseline.name}. Past results do not
        promise future ones.
      </p>
      <div className="record-charts">
        <EquityCurve points={r.equity_curve} />
        <ReliabilityChart buckets={r.calibration} />
      </div>
    </section>
  )
}
