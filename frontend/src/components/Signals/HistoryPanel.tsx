/**
 * History per symbol (NIFTY | BANKNIFTY): the session chart and the table of past signals with outcomes (the record
 * to judge them by is the calls' track record, in `Calls/`). Both symbols load at once (history never counts against the quota), so switching is instant and a
 * streamed signal lands in the right one. A free user sees up to the previous session, a paid user today's too.
 *
 * Each candle close a streamed signal also reloads both histories: that close is when earlier signals' outcomes
 * settle, which the stream does not carry. One reload per close, not per symbol.
 */
import { useEffect, useState } from 'react'
import { useHistory } from '../../hooks/useHistory'
import { SYMBOLS, type Signal, type SymbolName } from '../../services/signalsApi'
import { ErrorState } from '../Layout/ErrorState'
import { Skeleton } from '../Layout/Skeleton'
import { HistoryTable } from './HistoryTable'
import { SessionChart } from './SessionChart'
import { historyWithLive, latestSession } from './signalViews'

export function HistoryPanel({ live }: { live: Signal[] }) {
  const [symbol, setSymbol] = useState<SymbolName>('NIFTY')
  const histories = { NIFTY: useHistory('NIFTY'), BANKNIFTY: useHistory('BANKNIFTY') }
  const history = histories[symbol]
  const latestClose = live[0]?.timestamp
  // `reload` keeps its identity, so only a new candle close runs this again.
  const { reload: reloadNifty } = histories.NIFTY
  const { reload: reloadBanknifty } = histories.BANKNIFTY
  useEffect(() => {
    if (latestClose === undefined) return
    void reloadNifty()
    void reloadBanknifty()
  }, [latestClose, reloadNifty, reloadBanknifty])

  let body
  if (history.data !== null) {
    const signals = historyWithLive(history.data.signals, live, symbol)
    body = (
      <>
        <div className="history-top">
          <SessionChart symbol={symbol} session={latestSession(signals)} />
        </div>
        <HistoryTable key={symbol} signals={signals} />
      </>
    )
  } else if (history.error !== null) {
    body = <ErrorState message={history.error.detail} onRetry={() => void history.reload()} />
  } else {
    body = <Skeleton lines={5} label="Loading history" />
  }

  return (
    <section className="card card-wide" aria-labelledby="history-heading">
      <div className="section-head">
        <h2 id="history-heading" className="section-title">
          History
        </h2>
        <div className="segmented" role="group" aria-label="Symbol">
          {SYMBOLS.map((s) => (
            <button
              key={s}
              type="button"
              className="segmented-option"
              aria-pressed={s === symbol}
              onClick={() => setSymbol(s)}
            >
              {s}
            </button>
          ))}
        </div>
      </div>
      {body}
    </section>
  )
}
