/**
 * Owns the session for React: exposes it through context, logs in and out.
 *
 * There is no expiry timer: an access token that runs out is renewed through the refresh cookie the next time a
 * request needs it (see `services/api.ts`), so a user who leaves the dashboard open is not logged out for it.
 */
import { useCallback, useMemo, useSyncExternalStore, type ReactNode } from 'react'
import { createAccount, fetchCurrentUser, requestToken, type Credentials } from '../../services/authApi'
import { getSessionState, startSession, subscribeToSession } from '../../services/session'
import { logOut } from '../../services/sessionLifecycle'
import { AuthContext, type AuthContextValue } from '../../context/authContext'

export function AuthProvider({ children }: { children: ReactNode }) {
  const state = useSyncExternalStore(subscribeToSession, getSessionState)

  const logIn = useCallback(async (credentials: Credentials) => {
    const token = await requestToken(credentials)
    // Who it is, by id: today's received signals are kept per account in this browser.
    const user = await fetchCurrentUser(token.access_token)
    startSession(token.access_token, token.expires_in, user)
  }, [])

  const signUp = useCallback(
    async (credentials: Credentials) => {
      await createAccount(credentials)
      await logIn(credentials)
    },
    [logIn],
  )

  const value = useMemo<AuthContextValue>(
    () => ({
      status: state.status,
      session: state.status === 'signed-in' ? state.session : null,
      logIn,
      signUp,
      logOut,
    }),
    [state, logIn, signUp],
  )
  return <AuthContext value={value}>{children}</AuthContext>
}
