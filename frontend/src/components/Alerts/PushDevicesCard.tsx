/**
 * "Browser notifications": turns alerts on or off for this browser. Self-contained (it reads the session and talks
 * to the browser and the server through `services/pushSubscription.ts`), so any page can show it.
 *
 * Nothing is asked of the browser until the user clicks: the permission prompt comes from that click. A blocked
 * permission cannot be re-asked by the page, so the card says where to change it instead.
 */
import { useEffect, useState } from 'react'
import { useAuth } from '../../hooks/useAuth'
import { toApiFailure } from '../../services/apiError'
import { disablePush, enablePush, type PushState, PushUnavailable, pushState } from '../../services/pushSubscription'

function problem(error: unknown): string {
  if (error instanceof PushUnavailable) return error.message
  if (error instanceof DOMException || (error instanceof Error && error.name !== 'ApiError')) {
    // `pushManager.subscribe` fails when the browser cannot reach its push service (offline, or a browser build
    // without one); the message names the browser's reason.
    return 'This browser could not subscribe to notifications. Try again later, or in another browser.'
  }
  return toApiFailure(error).detail
}

export function PushDevicesCard() {
  const { session } = useAuth()
  const userId = session?.userId ?? ''
  const [state, setState] = useState<PushState | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    let current = true
    pushState(userId).then(
      (found) => current && setState(found),
      () => current && setState('off'),
    )
    return () => {
      current = false
    }
  }, [userId])

  const run = async (action: (user: string) => Promise<PushState>) => {
    setBusy(true)
    setError(null)
    try {
      setState(await action(userId))
    } catch (failure) {
      setError(problem(failure))
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card" aria-labelledby="push-heading">
      <h2 id="push-heading" className="section-title">
        Browser notifications
      </h2>
      <p className="card-note">Get trade calls and their outcomes as notifications in this browser, even when this tab is closed.</p>
      {state === 'unsupported' && (
        <p className="notice notice-neutral" role="status">
          This browser cannot show notifications from websites.
        </p>
      )}
      {state === 'denied' && (
        <p className="notice notice-warning" role="status">
          Notifications are blocked for this site. Allow them in your browser’s site settings (the icon left of the
          address), then reload this page.
        </p>
      )}
      {state === 'on' && (
        <p className="notice notice-success" role="status">
          Notifications are on in this browser.
        </p>
      )}
      {error !== null && (
        <p className="notice notice-warning" role="alert">
          {error}
        </p>
      )}
      {state === 'off' && (
        <button type="button" className="button button-primary" disabled={busy} onClick={() => void run(enablePush)}>
          {busy ? 'Enabling…' : 'Enable browser notifications'}
        </button>
      )}
      {state === 'on' && (
        <button type="button" className="button button-secondary" disabled={busy} onClick={() => void run(disablePush)}>
          {busy ? 'Disabling…' : 'Disable on this browser'}
        </button>
      )}
    </section>
  )
}
