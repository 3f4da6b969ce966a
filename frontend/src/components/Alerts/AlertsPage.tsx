/**
 * `/alerts`: where alerts go (Telegram, email, browser push), on which symbols and events, quiet hours, and a test
 * alert to check it all. Paid members get every call opened and closed; every plan gets the session summary.
 */
import { useEffect, useState } from 'react'
import { useAuth } from '../../hooks/useAuth'
import { Link } from '../../router/Link'
import {
  type AlertPreferences,
  loadAlertPreferences,
  saveAlertPreferences,
  sendTestAlert,
} from '../../services/alertsApi'
import { toApiFailure } from '../../services/apiError'
import { AppHeader } from '../Layout/AppHeader'
import { PushDevicesCard } from './PushDevicesCard'
import { TelegramCard } from './TelegramCard'
import '../Dashboard/dashboard.css'

const SYMBOLS = ['NIFTY', 'BANKNIFTY'] as const
const EVENTS = [
  ['call_opened', 'A call opens (paid)'],
  ['call_closed', 'A call closes, with its result (paid)'],
  ['session_summary', 'End-of-session summary'],
] as const

function Toggle({ label, checked, onChange }: { label: string; checked: boolean; onChange(next: boolean): void }) {
  return (
    <label className="toggle">
      <input type="checkbox" checked={checked} onChange={(event) => onChange(event.target.checked)} /> {label}
    </label>
  )
}

export function AlertsPage() {
  const { session, logOut } = useAuth()
  const [prefs, setPrefs] = useState<AlertPreferences | null>(null)
  const [notice, setNotice] = useState<{ kind: 'success' | 'error'; text: string } | null>(null)
  const [busy, setBusy] = useState(false)

  useEffect(() => {
    loadAlertPreferences().then(setPrefs, (err: unknown) => setNotice({ kind: 'error', text: toApiFailure(err).detail }))
  }, [])

  const run = async (action: () => Promise<string>) => {
    setBusy(true)
    setNotice(null)
    try {
      setNotice({ kind: 'success', text: await action() })
    } catch (err) {
      setNotice({ kind: 'error', text: toApiFailure(err).detail })
    } finally {
      setBusy(false)
    }
  }
  const save = () =>
    run(async () => {
      if (prefs) setPrefs(await saveAlertPreferences(prefs))
      return 'Alert preferences saved.'
    })
  const test = () =>
    run(async () => {
      const { sent, failed } = await sendTestAlert()
      const parts = [sent.length ? `Test alert sent: ${sent.join(', ')}.` : 'No channel is on and reachable yet.']
      if (failed.length) parts.push(`Not delivered: ${failed.join(', ')}.`)
      return parts.join(' ')
    })

  const quiet = prefs?.quiet_hours ?? null
  return (
    <>
      <AppHeader email={session?.email ?? ''} onLogOut={logOut} />
      <main className="dashboard alerts">
        <Link to="/dashboard">← Dashboard</Link>
        <h1 className="section-title">Alerts</h1>
        <p className="card-note">
          Paid members get every call as it opens and closes; every plan gets the end-of-session summary.
        </p>
        {notice && (
          <p className={`notice notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            {notice.text}
          </p>
        )}
        {/* This browser's notifications stand apart from the saved preferences: shown even before they load. */}
        <PushDevicesCard />
        {prefs && (
          <>
            <TelegramCard linked={prefs.channels.telegram.linked} />
            <section className="card" aria-labelledby="channels-heading">
              <h2 id="channels-heading" className="section-title">
                Channels
              </h2>
              <Toggle
                label="Telegram"
                checked={prefs.channels.telegram.enabled}
                onChange={(enabled) =>
                  setPrefs({ ...prefs, channels: { ...prefs.channels, telegram: { ...prefs.channels.telegram, enabled } } })
                }
              />
              <Toggle
                label="Email"
                checked={prefs.channels.email.enabled}
                onChange={(enabled) => setPrefs({ ...prefs, channels: { ...prefs.channels, email: { enabled } } })}
              />
              <Toggle
                label={`Browser push (${prefs.channels.push.devices} browsers)`}
                checked={prefs.channels.push.enabled}
                onChange={(enabled) =>
                  setPrefs({ ...prefs, channels: { ...prefs.channels, push: { ...prefs.channels.push, enabled } } })
                }
              />
            </section>
            <section className="card" aria-labelledby="what-heading">
              <h2 id="what-heading" className="section-title">
                What to send
              </h2>
              {SYMBOLS.map((symbol) => (
                <Toggle
                  key={symbol}
                  label={symbol}
                  checked={prefs.symbols.includes(symbol)}
                  onChange={(on) =>
                    setPrefs({
                      ...prefs,
                      symbols: SYMBOLS.filter((s) => (s === symbol ? on : prefs.symbols.includes(s))),
                    })
                  }
                />
              ))}
              {EVENTS.map(([key, label]) => (
                <Toggle
                  key={key}
                  label={label}
                  checked={prefs.events[key]}
                  onChange={(on) => setPrefs({ ...prefs, events: { ...prefs.events, [key]: on } })}
                />
              ))}
            </section>
            <section className="card" aria-labelledby="quiet-heading">
              <h2 id="quiet-heading" className="section-title">
                Quiet hours (IST)
              </h2>
              <Toggle
                label="Hold alerts during quiet hours"
                checked={prefs.quiet_hours != null}
                onChange={(on) => setPrefs({ ...prefs, quiet_hours: on ? { from: '22:00', to: '07:00' } : null })}
              />
              {quiet && (
                <div className="quiet-hours">
                  <label>
                    From{' '}
                    <input
                      type="time"
                      value={quiet.from}
                      onChange={(e) => setPrefs({ ...prefs, quiet_hours: { ...quiet, from: e.target.value } })}
                    />
                  </label>
                  <label>
                    To{' '}
                    <input
                      type="time"
                      value={quiet.to}
                      onChange={(e) => setPrefs({ ...prefs, quiet_hours: { ...quiet, to: e.target.value } })}
                    />
                  </label>
                </div>
              )}
            </section>
            <div className="alerts-actions">
              <button type="button" className="button" onClick={() => void save()} disabled={busy}>
                Save preferences
              </button>
              <button type="button" className="button button-ghost" onClick={() => void test()} disabled={busy}>
                Send a test alert
              </button>
            </div>
          </>
        )}
      </main>
    </>
  )
}
