/**
 * Renders the whole app (auth provider + routes) at a given URL, the way a user would arrive there.
 */
import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { App } from '../App'
import { AuthProvider } from '../components/Auth/AuthProvider'
import { startSession } from '../services/session'
import { restoreSession } from '../services/sessionLifecycle'

/** `state` is the history state the page finds, as left by `navigate(url, { state })`. */
export function renderAt(url: string, state: unknown = null) {
  window.history.replaceState(state, '', url)
  return render(
    <StrictMode>
      <AuthProvider>
        <App />
      </AuthProvider>
    </StrictMode>,
  )
}

/** A full page load at `url`, as `main.tsx` does it: restore the session from the cookie, then render. */
export function loadPageAt(url: string) {
  window.history.replaceState(null, '', url)
  const restored = restoreSession()
  return { ...renderAt(url), restored }
}

/** Logged in with the fixture `TOKEN`, as if through the login form in this page. */
export function logInAs(email = 'trader@example.com', id = 'u1') {
  startSession('token-abc', 1800, { id, email })
}
