/**
 * Routes and their guards. `/dashboard` needs a session, `/login` makes no sense with one, and everything else
 * (including `/`) goes to whichever of the two applies. While the page is still finding out whether the refresh
 * cookie holds a session, no route is decided — the URL (and a checkout return's query string) stays as it is.
 *
 * A page back from the back/forward cache is "held" until its session is checked again: the route stays mounted
 * (its data and state kept, nothing fetched again) but hidden, behind the same loading screen as a page load.
 * Only when the check finds another account's session does the route start over.
 */
import { DashboardPage } from './components/Dashboard/DashboardPage'
import { LoginPage } from './components/Auth/LoginPage'
import { RestoringScreen } from './components/Layout/RestoringScreen'
import { useAuth } from './hooks/useAuth'
import { useLocation } from './hooks/useLocation'
import { usePageHeld } from './hooks/usePageHeld'
import { Redirect } from './router/Redirect'

function Route() {
  const { session } = useAuth()
  const { pathname } = useLocation()
  const home = session ? '/dashboard' : '/login'

  switch (pathname) {
    case '/login':
      return session ? <Redirect to="/dashboard" /> : <LoginPage />
    case '/dashboard':
      return session ? <DashboardPage /> : <Redirect to="/login" />
    default:
      return <Redirect to={home} />
  }
}

export function App() {
  const { status, session } = useAuth()
  const held = usePageHeld()
  if (status === 'restoring') return <RestoringScreen />
  return (
    <>
      {held && <RestoringScreen />}
      <div className="route" hidden={held}>
        {/* Keyed by account: a page that finds itself under another user's session starts over, state and all. */}
        <Route key={session?.email ?? ''} />
      </div>
    </>
  )
}
