/**
 * Routes and their guards. `/dashboard` needs a session, `/login` makes no sense with one, and everything else
 * (including `/`) goes to whichever of the two applies.
 */
import { DashboardPage } from './components/Dashboard/DashboardPage'
import { LoginPage } from './components/Auth/LoginPage'
import { useAuth } from './hooks/useAuth'
import { useLocation } from './hooks/useLocation'
import { Redirect } from './router/Redirect'

export function App() {
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
