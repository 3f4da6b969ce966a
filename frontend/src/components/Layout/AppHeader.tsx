/**
 * The dashboard's top bar: brand, who is logged in, and the way out.
 */
import { Brand } from './Brand'

export function AppHeader({ email, onLogOut }: { email: string; onLogOut(): void }) {
  return (
    <header className="app-header">
      <div className="app-header-inner">
        <Brand />
        <div className="app-header-user">
          <span className="app-header-email" title={email}>
            {email}
          </span>
          <button type="button" className="button button-ghost" onClick={onLogOut}>
            Log out
          </button>
        </div>
      </div>
    </header>
  )
}
