/**
 * Calibration: for each confidence bucket, the stated confidence (the bucket's middle) against how often its calls
 * actually reached their targets, with the diagonal a perfectly calibrated model would sit on. Each point is labelled
 * with its bucket's count, so a point drawn from three calls is not read like one drawn from three hundred.
 */
import type { CallTrackRecord } from '../../services/callsApi'

const S = 200
const PAD = 20

export function ReliabilityChart({ buckets }: { buckets: CallTrackRecord['calibration'] }) {
  const filled = buckets.filter((b) => b.calls > 0 && b.hit_rate !== null)
  const x = (v: number) => PAD + v * (S - 2 * PAD)
  const y = (v: number) => S - PAD - v * (S - 2 * PAD)
  return (
    <figure className="chart chart-square">
      <svg viewBox={`0 0 ${S} ${S}`} role="img" aria-label="Reliability: stated confidence against observed hit rate">
        <rect className="chart-frame" x={PAD} y={PAD} width={S - 2 * PAD} height={S - 2 * PAD} fill="none" />
        <line className="chart-diagonal" x1={x(0)} y1={y(0)} x2={x(1)} y2={y(1)} data-testid="reliability-diagonal" />
        {filled.map((b) => {
          const stated = (b.confidence_from + b.confidence_to) / 2
          const observed = b.hit_rate ?? 0
          return (
            <g key={b.confidence_from} data-testid="reliability-point">
              <circle className="chart-point" cx={x(stated)} cy={y(observed)} r={4} />
              <text className="chart-count" x={x(stated) + 6} y={y(observed) - 6}>
                {b.calls}
              </text>
            </g>
          )
        })}
        <text className="chart-axis" x={S / 2} y={S - 4} textAnchor="middle">
          stated confidence
        </text>
        <text className="chart-axis" x={10} y={S / 2} textAnchor="middle" transform={`rotate(-90 10 ${S / 2})`}>
          observed hit rate
        </text>
      </svg>
      <figcaption>
        {filled.length === 0 ? 'No closed calls to compare yet.' : 'Points on the diagonal mean the odds were honest; labels are call counts.'}
      </figcaption>
    </figure>
  )
}
