/**
 * Where each symbol stands now: BUY while a long call is open, SELL while a short one is, HOLD while flat — with
 * the open call's entry, stop-loss and target, and since when. The signal carries the levels and the call's id;
 * the entry is the call's own, read from the newest call (the open one, when the ids match).
 */
import { useEffect, useState } from 'react'
import { candleClose, formatPoints } from '../../lib/marketTime'
import { getCallsPage } from '../../services/callsApi'
import type { Signal } from '../../services/signalsApi'
import { ActionPill } from '../Signals/ActionPill'

/**
 * The stream can announce a call a moment before a read of the ledger sees it (another instance recorded it, or the
 * calls page was read just before the close): ask again a few times rather than show "…" until the next call.
 */
const ENTRY_RETRY_MS = [500, 1_000, 2_000, 4_000]

function useEntry(signal: Signal): number | null {
  const [entry, setEntry] = useState<{ id: string; entry: number } | null>(null)
  const id = signal.call_id
  useEffect(() => {
    if (id === null) return
    let current = true
    let timer: ReturnType<typeof setTimeout> | undefined
    const read = (attempt: number) => {
      getCallsPage(signal.symbol, null, 1)
        .then((page) => {
          if (!current) return
          const open = page.calls[0]
          if (open !== undefined && open.id === id) setEntry({ id, entry: open.entry })
          else if (attempt < ENTRY_RETRY_MS.length) timer = setTimeout(() => read(attempt + 1), ENTRY_RETRY_MS[attempt])
        })
        .catch(() => {
          if (current && attempt < ENTRY_RETRY_MS.length) timer = setTimeout(() => read(attempt + 1), ENTRY_RETRY_MS[attempt])
        })
    }
    read(0)
    return () => {
      current = false
      if (timer !== undefined) clearTimeout(timer)
    }
  }, [id, signal.symbol])
  return entry !== null && entry.id === id ? entry.entry : null
}

function Stance({ signal }: { signal: Signal }) {
  const entry = useEntry(signal)
  const since = signal.since ?? null
  return (
    <li className="stance" data-testid={`stance-${signal.symbol}`}>
      <span className="stance-symbol">{signal.symbol}</span>
      <ActionPill type={signal.type} />
      {signal.call_id !== null && signal.call_id !== undefined ? (
        <span className="stance-levels">
          Entry <strong data-testid="stance-entry">{entry === null ? '…' : formatPoints(entry)}</strong> · SL{' '}
          <strong data-testid="stance-stop">{formatPoints(signal.stop_loss ?? 0)}</strong> · Target{' '}
          <strong data-testid="stance-target">{formatPoints(signal.target ?? 0)}</strong>
        </span>
      ) : (
        <span className="stance-levels">Flat: no call open</span>
      )}
      {since !== null && (
        <span className="stance-since">
          since <time dateTime={since}>{candleClose(since)}</time>
        </span>
      )}
    </li>
  )
}

export function StanceList({ signals }: { signals: Signal[] }) {
  if (signals.length === 0) return null
  return (
    <ul className="stance-list" aria-label="Current stance">
      {signals.map((s) => (
        <Stance key={s.symbol} signal={s} />
      ))}
    </ul>
  )
}
