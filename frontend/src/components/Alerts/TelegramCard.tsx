/**
 * Telegram: linked or not, and the one-time deep link (with its QR code for a phone) that links it.
 */
import { lazy, Suspense, useState } from 'react'
import { createTelegramLink } from '../../services/alertsApi'
import { toApiFailure } from '../../services/apiError'

const QrCode = lazy(() => import('./QrCode'))

export function TelegramCard({ linked }: { linked: boolean }) {
  const [link, setLink] = useState<{ url: string; expires_at: string } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const getLink = async () => {
    setError(null)
    try {
      setLink(await createTelegramLink())
    } catch (err) {
      setError(toApiFailure(err).detail)
    }
  }
  return (
    <section className="card" aria-labelledby="telegram-heading">
      <h2 id="telegram-heading" className="section-title">
        Telegram
      </h2>
      <p className="card-note" data-testid="telegram-status">
        {linked ? 'Linked: alerts arrive in your Telegram chat.' : 'Not linked yet.'}
      </p>
      {!linked && (
        <button type="button" className="button" onClick={() => void getLink()}>
          Link Telegram
        </button>
      )}
      {error && (
        <p className="notice notice-error" role="alert">
          {error}
        </p>
      )}
      {link && !linked && (
        <div className="telegram-link">
          <p>
            Open <a href={link.url}>{link.url}</a> and press Start (works once, until{' '}
            {new Date(link.expires_at).toLocaleTimeString()}).
          </p>
          <Suspense fallback={null}>
            <QrCode text={link.url} label="QR code of the Telegram link" />
          </Suspense>
        </div>
      )}
    </section>
  )
}
