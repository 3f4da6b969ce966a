/**
 * The signals themselves. On narrow screens each row becomes a card (see `signals.css`); the `data-label`
 * attributes carry the column names there.
 */
import { formatConfidence, formatInr, formatSignalTime } from '../../lib/format'
import type { Signal } from '../../services/signalsApi'
import { ActionPill } from './ActionPill'
import './signals.css'

export function SignalsTable({ signals }: { signals: Signal[] }) {
  if (signals.length === 0) {
    return <p className="empty-state">No signals right now. Markets may be closed; try again later.</p>
  }
  return (
    <table className="signals-table">
      <thead>
        <tr>
          <th scope="col">Symbol</th>
          <th scope="col">Action</th>
          <th scope="col" className="numeric">
            Price
          </th>
          <th scope="col" className="numeric">
            Confidence
          </th>
          <th scope="col">Generated</th>
        </tr>
      </thead>
      <tbody>
        {signals.map((signal) => (
          <tr key={`${signal.symbol}-${signal.generated_at}`}>
            <th scope="row" data-label="Symbol">
              {signal.symbol}
            </th>
            <td data-label="Action">
              <ActionPill action={signal.action} />
            </td>
            <td data-label="Price" className="numeric">
              {formatInr(signal.price)}
            </td>
            <td data-label="Confidence" className="numeric">
              <span className="confidence">
                <span className="confidence-bar" aria-hidden="true">
                  <span style={{ width: formatConfidence(signal.confidence) }} />
                </span>
                {formatConfidence(signal.confidence)}
              </span>
            </td>
            <td data-label="Generated">
              <time dateTime={signal.generated_at}>{formatSignalTime(signal.generated_at)}</time>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
