/**
 * `/account`: browser notifications on or off, change the password (other devices are logged out, this one stays)
 * and delete the account, which asks for the password again, cancels any subscription on the server's side and logs
 * out everywhere.
 */
import { useState } from 'react'
import { useAuth } from '../../hooks/useAuth'
import { Link } from '../../router/Link'
import { changePassword, deleteAccount } from '../../services/accountApi'
import { forgetSignals } from '../../services/receivedSignals'
import { sessionEnded } from '../../services/sessionLifecycle'
import { ActionForm } from '../Auth/ActionForm'
import { NEW_PASSWORD } from '../Auth/validation'
import { AppHeader } from '../Layout/AppHeader'
import '../Auth/auth.css'
import '../Dashboard/dashboard.css'

const entered = (value: string) => (value === '' ? 'Enter your password.' : undefined)

export function AccountPage() {
  const { session, logOut } = useAuth()
  const [changes, setChanges] = useState(0)
  return (
    <>
      <AppHeader email={session?.email ?? ''} onLogOut={logOut} />
      <main className="dashboard account">
        <Link to="/dashboard">← Dashboard</Link>
        <section className="card" aria-labelledby="change-heading">
          <h2 id="change-heading" className="section-title">
            Change password
          </h2>
          {changes > 0 && (
            <p className="notice notice-success" role="status">
              Password changed. Your other devices are logged out.
            </p>
          )}
          <ActionForm
            key={changes}
            label="Change password"
            fields={[
              { name: 'current', label: 'Current password', autoComplete: 'current-password', check: entered },
              NEW_PASSWORD,
            ]}
            fieldFor={(status) => (status === 400 ? 'current' : status === 422 ? 'password' : undefined)}
            onSubmit={async ({ current = '', password = '' }) => {
              await changePassword(current, password)
              setChanges(changes + 1)
            }}
          />
        </section>
        {/* Until the Alerts page exists, browser notifications are switched on here. */}
        <section className="card" aria-labelledby="delete-heading">
          <h2 id="delete-heading" className="section-title">
            Delete account
          </h2>
          <p className="card-note">Cancels your subscription and deletes your account and its data. There is no undo.</p>
          <ActionForm
            label="Delete my account"
            danger
            fields={[{ name: 'password', label: 'Password', autoComplete: 'current-password', check: entered }]}
            fieldFor={(status) => (status === 400 ? 'password' : undefined)}
            onSubmit={async ({ password = '' }) => {
              await deleteAccount(password)
              if (session) forgetSignals(session.userId)
              sessionEnded('Your account is deleted.')
            }}
          />
        </section>
      </main>
    </>
  )
}
