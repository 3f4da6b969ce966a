/**
 * Downloads the closed calls as CSV. The endpoint needs the bearer token, which a plain link cannot send, so the
 * file is fetched through the API client and handed to the browser as a blob.
 */
import { useState } from 'react'
import { toApiFailure } from '../../services/apiError'
import { getCallsCsv } from '../../services/callsApi'
import type { SymbolName } from '../../services/signalsApi'

export function CsvButton({ symbol }: { symbol: SymbolName }) {
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)
  const download = async () => {
    setBusy(true)
    setError(null)
    try {
      const blob = await getCallsCsv(symbol)
      const url = URL.createObjectURL(blob)
      const link = document.createElement('a')
      link.href = url
      link.download = `signalbox-calls-${symbol}.csv`
      document.body.append(link)
      link.click()
      link.remove()
      URL.revokeObjectURL(url)
    } catch (failure) {
      setError(toApiFailure(failure).detail)
    } finally {
      setBusy(false)
    }
  }
  return (
    <span className="csv-download">
      <button type="button" className="button button-secondary" disabled={busy} onClick={() => void download()}>
        {busy ? 'Preparing CSV…' : 'Download CSV'}
      </button>
      {error !== null && (
        <span role="alert" className="csv-error">
          {error}
        </span>
      )}
    </span>
  )
}
