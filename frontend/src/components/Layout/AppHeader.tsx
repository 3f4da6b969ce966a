/**
 * The top bar of the logged-in pages: brand, the alerts page, who is logged in (a link to the account settings), and the way out.
 */
import { useState } from 'react'
import { Link } from '../../router/Link'
import { Brand } from './Brand'

export function AppHeader({ email, onLogOut }: { email: string; onLogOut(): Promise<void> }) {
  // Logging out is a server call; a second click while it runs would only send a second one.
  const [leaving, setLeaving] = useState(false)
  const logOut = () => {
    setLeaving(true)
    void onLogOut().finally(() => setLeaving(false))
  }
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Brand />
        <div className="app-header-user">
          <Link to="/alerts" className="app-header-link">
            Alerts
          </Link>
          <Link to="/account" className="app-header-email">
            {email}
          </Link>
          <button type="button" className="button button-ghost" onClick={logOut} disabled={leaving}>
            {leaving ? 'Logging out…' : 'Log out'}
          </button>
        </div>
      </div>
    </header>
  )
}
