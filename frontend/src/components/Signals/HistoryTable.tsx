/**
 * Past signals with what happened next: the move 15 minutes (3 candles) later and whether the call was right
 * (✓ hit, ✗ miss, – not judged: HOLD, or too recent), and where each came from and how late (`published_at −
 * timestamp`). Newest first; the latest rows only until asked for all.
 */
import { useState } from 'react'
import { candleClose, formatMove, formatPoints } from '../../lib/marketTime'
import type { HistorySignal } from '../../services/signalsApi'
import { ActionPill } from './ActionPill'
import { Confidence, SourceAndDelay } from './SignalsTable'

const FIRST_ROWS = 12

function Hit({ hit }: { hit: boolean | null | undefined }) {
  if (hit === true)
    return (
      <span className="hit hit-yes" role="img" aria-label="hit">
        ✓
      </span>
    )
  if (hit === false)
    return (
      <span className="hit hit-no" role="img" aria-label="miss">
        ✗
      </span>
    )
  return (
    <span className="hit" role="img" aria-label="not judged">
      –
    </span>
  )
}

export function HistoryTable({ signals }: { signals: HistorySignal[] }) {
  const [all, setAll] = useState(false)
  if (signals.length === 0) return <p className="empty-state">No past signals yet.</p>
  const rows = all ? signals : signals.slice(0, FIRST_ROWS)
  return (
    <>
      <table className="signals-table history-table">
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Signal</th>
            <th scope="col" className="numeric">
              Level (pts)
            </th>
            <th scope="col" className="numeric">
              Confidence
            </th>
            <th scope="col">Reason</th>
            <th scope="col" className="numeric">
              Move (15 min)
            </th>
            <th scope="col">Hit</th>
            <th scope="col">Source · delay</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((s) => (
            <tr key={s.timestamp}>
              <td data-label="Time">
                <time dateTime={s.timestamp}>{candleClose(s.timestamp)}</time>
              </td>
              <td data-label="Signal">
                <ActionPill type={s.type} />
              </td>
              <td data-label="Level (pts)" className="numeric">
                {formatPoints(s.price)}
              </td>
              <td data-label="Confidence" className="numeric">
                <Confidence value={s.confidence} />
              </td>
              <td data-label="Reason" className="reason">
                {s.reason}
              </td>
              <td data-label="Move (15 min)" className="numeric">
                {s.outcome ? formatMove(s.outcome.move_pct) : 'pending'}
              </td>
              <td data-label="Hit">
                <Hit hit={s.outcome?.hit} />
              </td>
              <td data-label="Source · delay" className="provenance">
                <SourceAndDelay signal={s} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      {signals.length > FIRST_ROWS && (
        <button type="button" className="button button-secondary" onClick={() => setAll(!all)}>
          {all ? 'Show fewer' : `Show all ${signals.length}`}
        </button>
      )}
    </>
  )
}
