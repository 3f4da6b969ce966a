/**
 * One session of a symbol, hand-drawn in SVG (a chart library would not fit the 100 KB budget): the signal
 * levels as a line across the session's hours (09:15–15:30 IST), a green up-triangle at each BUY and a red
 * down-triangle at each SELL, points on the left axis and IST times along the bottom.
 */
import { formatPoints, istDate, istDay, istTime } from '../../lib/marketTime'
import type { HistorySignal, SymbolName } from '../../services/signalsApi'

const W = 640
const H = 220
const PAD = { left: 64, right: 12, top: 12, bottom: 28 }
const OPEN_UTC = 'T03:45:00Z' // 09:15 IST
const CLOSE_UTC = 'T10:00:00Z' // 15:30 IST
const whole = new Intl.NumberFormat('en-IN', { maximumFractionDigits: 0 })

/** `session`: one IST day's signals, oldest first. */
export function SessionChart({ symbol, session }: { symbol: SymbolName; session: HistorySignal[] }) {
  const first = session[0]
  if (first === undefined) return <p className="empty-state">No session to chart yet.</p>

  const day = istDay(first.timestamp)
  const t0 = Date.parse(day + OPEN_UTC)
  const span = Date.parse(day + CLOSE_UTC) - t0
  const prices = session.map((s) => s.price)
  const low = Math.min(...prices)
  const high = Math.max(...prices)
  // A flat session still gets some height, so the line sits mid-chart instead of on an edge.
  const margin = Math.max((high - low) * 0.1, high * 0.0005)
  const y0 = low - margin
  const yRange = high + margin - y0
  const x = (iso: string) => PAD.left + ((Date.parse(iso) - t0) / span) * (W - PAD.left - PAD.right)
  const y = (level: number) => H - PAD.bottom - ((level - y0) / yRange) * (H - PAD.top - PAD.bottom)

  const line = session.map((s) => `${x(s.timestamp).toFixed(1)},${y(s.price).toFixed(1)}`).join(' ')
  const yTicks = [0, 1, 2, 3].map((i) => y0 + (yRange * (i + 0.5)) / 4)
  const xTicks = [0, 1, 2, 3, 4, 5].map((i) => new Date(t0 + (span * i) / 5).toISOString())
  const buys = session.filter((s) => s.type === 'BUY').length
  const sells = session.filter((s) => s.type === 'SELL').length

  return (
    <figure className="chart">
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`${symbol} on ${istDate(first.timestamp)}: ${session.length} signals, ${buys} BUY, ${sells} SELL`}
      >
        {yTicks.map((level) => (
          <g key={level} className="chart-grid">
            <line x1={PAD.left} x2={W - PAD.right} y1={y(level)} y2={y(level)} />
            <text x={PAD.left - 6} y={y(level)} textAnchor="end" dominantBaseline="middle">
              {whole.format(level)}
            </text>
          </g>
        ))}
        {xTicks.map((iso) => (
          <text key={iso} className="chart-axis" x={x(iso)} y={H - 8} textAnchor="middle">
            {istTime(iso)}
          </text>
        ))}
        <polyline className="chart-line" points={line} />
        {session.map((s) => {
          if (s.type === 'HOLD') return null
          const cx = x(s.timestamp)
          const cy = y(s.price)
          const path = s.type === 'BUY' ? `M${cx},${cy - 7}l6,10h-12z` : `M${cx},${cy + 7}l6,-10h-12z`
          return (
            <path key={s.timestamp} className={`marker marker-${s.type.toLowerCase()}`} d={path}>
              <title>{`${s.type} at ${formatPoints(s.price)} · ${istTime(s.timestamp)} IST`}</title>
            </path>
          )
        })}
      </svg>
      <figcaption className="card-note">
        {symbol} · session of {istDate(first.timestamp)} · levels in points, times in IST
      </figcaption>
    </figure>
  )
}
