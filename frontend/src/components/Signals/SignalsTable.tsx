/**
 * The current signal per symbol. On narrow screens each row becomes a small card (see `signals.css`); the
 * `data-label` attributes carry the column names there. Levels are index points, never rupees.
 */
import { formatConfidence } from '../../lib/format'
import { candleClose, formatPoints } from '../../lib/marketTime'
import type { Signal } from '../../services/signalsApi'
import { ActionPill } from './ActionPill'
import './signals.css'

export function Confidence({ value }: { value: number }) {
  const text = formatConfidence(value)
  return (
    <span className="confidence">
      <span className="confidence-bar" aria-hidden="true">
        <span style={{ width: text }} />
      </span>
      {text}
    </span>
  )
}

export function SignalsTable({ signals }: { signals: Signal[] }) {
  return (
    <table className="signals-table">
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Signal</th>
          <th scope="col" className="numeric">
            Level (pts)
          </th>
          <th scope="col" className="numeric">
            Confidence
          </th>
          <th scope="col">Candle close</th>
          <th scope="col">Reason</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((signal) => (
          <tr key={signal.symbol}>
            <th scope="row" data-label="Symbol">
              {signal.symbol}
            </th>
            <td data-label="Signal">
              <ActionPill type={signal.type} />
            </td>
            <td data-label="Level (pts)" className="numeric">
              {formatPoints(signal.price)}
            </td>
            <td data-label="Confidence" className="numeric">
              <Confidence value={signal.confidence} />
            </td>
            <td data-label="Candle close">
              <time dateTime={signal.timestamp}>{candleClose(signal.timestamp)}</time>
            </td>
            <td data-label="Reason" className="reason">
              {signal.reason}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
