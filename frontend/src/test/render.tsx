/**
 * Renders the whole app (auth provider + routes) at a given URL, the way a user would arrive there.
 */
import { render } from '@testing-library/react'
import { StrictMode } from 'react'
import { App } from '../App'
import { AuthProvider } from '../components/Auth/AuthProvider'
import { startSession } from '../services/session'

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

export function logInAs(email = 'trader@example.com') {
  startSession('token-abc', 1800, email)
}
