/**
 * The cumulative net result after each closed call, as a line over a zero rule. Plain SVG: a chart library would
 * cost more of the bundle budget than the whole dashboard.
 */
import type { CallTrackRecord } from '../../services/callsApi'

const W = 300
const H = 120
const PAD = 6

export function EquityCurve({ points }: { points: CallTrackRecord['equity_curve'] }) {
  if (points.length === 0) return null
  const values = [0, ...points.map((p) => p.cumulative_pct_net)]
  const low = Math.min(...values)
  const high = Math.max(...values)
  const span = high - low || 1
  const x = (i: number) => PAD + (i / Math.max(1, values.length - 1)) * (W - 2 * PAD)
  const y = (v: number) => PAD + ((high - v) / span) * (H - 2 * PAD)
  const line = values.map((v, i) => `${x(i).toFixed(1)},${y(v).toFixed(1)}`).join(' ')
  const last = values[values.length - 1]
  return (
    <figure className="chart">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label={`Equity curve: ${last.toFixed(2)}% net after ${points.length} calls`}>
        <line className="chart-zero" x1={PAD} x2={W - PAD} y1={y(0)} y2={y(0)} />
        <polyline className="chart-line" points={line} fill="none" data-testid="equity-line" />
      </svg>
      <figcaption>Cumulative net % after each closed call</figcaption>
    </figure>
  )
}
