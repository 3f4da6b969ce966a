/**
 * Routes and their guards. `/dashboard` needs a session, `/login` makes no sense with one, and everything else
 * (including `/`) goes to whichever of the two applies. While the page is still finding out whether the refresh
 * cookie holds a session, no route is decided — the URL (and a checkout return's query string) stays as it is.
 */
import { DashboardPage } from './components/Dashboard/DashboardPage'
import { LoginPage } from './components/Auth/LoginPage'
import { RestoringScreen } from './components/Layout/RestoringScreen'
import { useAuth } from './hooks/useAuth'
import { useLocation } from './hooks/useLocation'
import { Redirect } from './router/Redirect'

export function App() {
  const { status, session } = useAuth()
  const { pathname } = useLocation()
  if (status === 'restoring') return <RestoringScreen />
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
