/**
 * Routes and their guards. `/dashboard`, `/alerts` and `/account` need a session, `/login` makes no sense with one, the
 * password reset pages, `/disclosures` and `/how-it-works` work either way, and everything else (including `/`) goes to
 * `/dashboard` or `/login`. While the page is still finding out whether the refresh
 * cookie holds a session, no route is decided — the URL (and a checkout return's query string) stays as it is.
 *
 * A page back from the back/forward cache is "held" until its session is checked again: the route stays mounted
 * (its data and state kept, nothing fetched again) but hidden, behind the same loading screen as a page load.
 * Only when the check finds another account's session does the route start over.
 *
 * `/disclosures` is open to anyone, logged in or not.
 *
 * Above every page, the demo-market banner whenever the server's prices are simulated (known from `/site` before any
 * signal is loaded); below every page, the footer with the business's SEBI registration and contacts.
 */
import { AccountPage } from './components/Account/AccountPage'
import { AlertsPage } from './components/Alerts/AlertsPage'
import { ForgotPasswordPage } from './components/Auth/ForgotPasswordPage'
import { LoginPage } from './components/Auth/LoginPage'
import { ResetPasswordPage } from './components/Auth/ResetPasswordPage'
import { HowItWorksPage } from './components/Calls/HowItWorksPage'
import { DashboardPage } from './components/Dashboard/DashboardPage'
import { DisclosuresPage } from './components/Disclosures/DisclosuresPage'
import { DemoMarketBanner } from './components/Layout/DemoMarketBanner'
import { RestoringScreen } from './components/Layout/RestoringScreen'
import { SiteFooter } from './components/Layout/SiteFooter'
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
    case '/account':
      return session ? <AccountPage /> : <Redirect to="/login" />
    case '/alerts':
      return session ? <AlertsPage /> : <Redirect to="/login" />
    // With a session or without: a reset link may be opened in a browser that is still logged in.
    case '/forgot-password':
      return <ForgotPasswordPage />
    case '/reset-password':
      return <ResetPasswordPage />
    case '/disclosures':
      return <DisclosuresPage home={home} />
    // Public: how signals are made is readable before signing up.
    case '/how-it-works':
      return <HowItWorksPage loggedIn={session !== null} />
    default:
      return <Redirect to={home} />
  }
}

export function App() {
  const { status, session } = useAuth()
  const held = usePageHeld()
  if (status === 'restoring') {
    return (
      <>
        <DemoMarketBanner />
        <RestoringScreen />
        <SiteFooter />
      </>
    )
  }
  return (
    <>
      <DemoMarketBanner />
      {held && <RestoringScreen />}
      <div className="route" hidden={held}>
        {/* Keyed by account: a page that finds itself under another user's session starts over, state and all. */}
        <Route key={session?.email ?? ''} />
      </div>
      <SiteFooter />
    </>
  )
}
