/**
 * The current signal per symbol, with where its prices came from (`source`, marked when simulated) and how late it
 * became available after its candle closed (`published_at − timestamp`). On narrow screens each row becomes a small card (see `signals.css`); the
 * `data-label` attributes carry the column names there. Levels are index points, never rupees.
 */
import { formatConfidence, formatDelay } from '../../lib/format'
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

export function SourceAndDelay({ signal }: { signal: Signal }) {
  // An answer kept by an older version of the page may lack these fields: say nothing rather than "undefined".
  const source = typeof signal.source === 'string' ? signal.source : null
  const delay = formatDelay(Date.parse(signal.published_at) - Date.parse(signal.timestamp))
  if (source === null) return <>—</>
  return (
    <span data-testid="signal-provenance">
      {source}
      {signal.simulated === true && ' (simulated)'}
      {delay !== null && <> · {delay} after the close</>}
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
          <th scope="col">Source · delay</th>
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
            <td data-label="Source · delay" className="provenance">
              <SourceAndDelay signal={signal} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
