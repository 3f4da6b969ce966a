/**
 * The public record of the trade calls, per symbol: the track record (net of costs, against buy and hold, with its
 * equity curve and calibration), the CSV of every closed call, and the calls table. Never counts against the quota.
 */
import { useState } from 'react'
import { Link } from '../../router/Link'
import { SYMBOLS, type SymbolName } from '../../services/signalsApi'
import { CallsTable } from './CallsTable'
import { CallTrackRecordCard } from './CallTrackRecordCard'
import { CsvButton } from './CsvButton'
import './calls.css'

/** `refreshAt`: the latest candle close seen live; the record and the first page of calls are read again then. */
export function CallsPanel({ refreshAt = null }: { refreshAt?: string | null }) {
  const [symbol, setSymbol] = useState<SymbolName>('NIFTY')
  return (
    <section className="card card-wide" aria-labelledby="calls-heading">
      <div className="section-head">
        <div>
          <h2 id="calls-heading" className="section-title">
            Calls
          </h2>
          <p className="section-subtitle">
            Every trade call with its entry, stop-loss, target and result. <Link to="/how-it-works">How signals work</Link>
          </p>
        </div>
        <div className="segmented" role="group" aria-label="Calls symbol">
          {SYMBOLS.map((s) => (
            <button key={s} type="button" className="segmented-option" aria-pressed={s === symbol} onClick={() => setSymbol(s)}>
              {s}
            </button>
          ))}
        </div>
      </div>
      <CallTrackRecordCard key={`record-${symbol}-${refreshAt ?? ''}`} symbol={symbol} />
      <CsvButton symbol={symbol} />
      <CallsTable key={`calls-${symbol}`} symbol={symbol} refreshAt={refreshAt} />
    </section>
  )
}
