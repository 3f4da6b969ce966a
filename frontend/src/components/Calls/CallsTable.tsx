/**
 * Every trade call of a symbol, newest first, a page at a time: "Load older" follows `next_cursor`, and a page is
 * appended without repeating a call already shown (a call that opened meanwhile shifts pages, never duplicates a
 * row). Open calls say so; closed ones show how they ended and their result net of costs.
 */
import { useCallback, useEffect, useRef, useState } from 'react'
import { candleClose, formatMove, formatPoints } from '../../lib/marketTime'
import { toApiFailure } from '../../services/apiError'
import { getCallsPage, type Call } from '../../services/callsApi'
import type { SymbolName } from '../../services/signalsApi'
import { ErrorState } from '../Layout/ErrorState'
import { ActionPill } from '../Signals/ActionPill'

const REASONS: Record<string, string> = {
  target: 'target',
  stop: 'stop-loss',
  reversed: 'stance changed',
  session_end: 'session end',
}

/** `older` after `shown`, without the calls `shown` already has. */
export function appendCalls(shown: Call[], older: Call[]): Call[] {
  const ids = new Set(shown.map((c) => c.id))
  return [...shown, ...older.filter((c) => !ids.has(c.id))]
}

/**
 * `refreshAt`: the latest candle close the page has seen; when it moves, the first page is read again (calls open
 * and close at candle closes) — unless the reader has paged further, whose place is kept.
 */
export function CallsTable({ symbol, refreshAt = null }: { symbol: SymbolName; refreshAt?: string | null }) {
  const [calls, setCalls] = useState<Call[]>([])
  const [cursor, setCursor] = useState<string | null>(null)
  const [loading, setLoading] = useState(true)
  const [error, setError] = useState<string | null>(null)
  // Read by the refresh, not a reason for one: paging must not reload the first page.
  const paged = useRef(false)

  const load = useCallback(
    async (after: string | null) => {
      setLoading(true)
      setError(null)
      try {
        const page = await getCallsPage(symbol, after)
        setCalls((shown) => (after === null ? page.calls : appendCalls(shown, page.calls)))
        setCursor(page.nextCursor)
      } catch (failure) {
        setError(toApiFailure(failure).detail)
      } finally {
        setLoading(false)
      }
    },
    [symbol],
  )

  useEffect(() => {
    if (!paged.current) void load(null)
  }, [load, refreshAt])

  return (
    <div className="calls">
      {calls.length === 0 && !loading && error === null && <p className="empty-state">No calls yet.</p>}
      {calls.length > 0 && (
        <table className="signals-table calls-table">
          <thead>
            <tr>
              <th scope="col">Opened</th>
              <th scope="col">Call</th>
              <th scope="col" className="numeric">
                Entry
              </th>
              <th scope="col" className="numeric">
                Stop-loss
              </th>
              <th scope="col" className="numeric">
                Target
              </th>
              <th scope="col">Exit</th>
              <th scope="col" className="numeric">
                Net
              </th>
            </tr>
          </thead>
          <tbody>
            {calls.map((c) => (
              <tr key={c.id} data-testid="call-row">
                <td data-label="Opened">
                  <time dateTime={c.opened_at}>{candleClose(c.opened_at)}</time>
                </td>
                <td data-label="Call">
                  <ActionPill type={c.type} />
                </td>
                <td data-label="Entry" className="numeric">
                  {formatPoints(c.entry)}
                </td>
                <td data-label="Stop-loss" className="numeric">
                  {formatPoints(c.stop_loss)}
                </td>
                <td data-label="Target" className="numeric">
                  {formatPoints(c.target)}
                </td>
                <td data-label="Exit">
                  {c.closed_at === null ? (
                    <span className="call-open">open</span>
                  ) : (
                    `${REASONS[c.exit_reason ?? ''] ?? c.exit_reason} at ${c.exit_price === null ? '—' : formatPoints(c.exit_price)}`
                  )}
                </td>
                <td data-label="Net" className="numeric">
                  {c.result_pct_net === null ? '—' : formatMove(c.result_pct_net)}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {error !== null && <ErrorState compact message={error} onRetry={() => void load(calls.length ? cursor : null)} />}
      {cursor !== null && (
        <button type="button" className="button button-secondary" disabled={loading} onClick={() => {
            paged.current = true
            void load(cursor)
          }}
        >
          {loading ? 'Loading…' : 'Load older'}
        </button>
      )}
    </div>
  )
}
