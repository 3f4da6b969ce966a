/**
 * Owns the session for React: exposes it through context, logs in and out, and ends the session the moment its
 * token expires so the UI never sits on a dead token until the next request fails.
 */
import { useCallback, useEffect, useMemo, useSyncExternalStore, type ReactNode } from 'react'
import { createAccount, requestToken, type Credentials } from '../../services/authApi'
import { endSession, getSession, msUntilExpiry, startSession, subscribeToSession } from '../../services/session'
import { AuthContext, type AuthContextValue } from './authContext'

export function AuthProvider({ children }: { children: ReactNode }) {
  const session = useSyncExternalStore(subscribeToSession, getSession)

  useEffect(() => {
    if (session === null) return
    const timer = window.setTimeout(endSession, msUntilExpiry(session))
    return () => window.clearTimeout(timer)
  }, [session])

  const logIn = useCallback(async (credentials: Credentials) => {
    const token = await requestToken(credentials)
    startSession(token.access_token, token.expires_in, credentials.email)
  }, [])

  const signUp = useCallback(
    async (credentials: Credentials) => {
      await createAccount(credentials)
      await logIn(credentials)
    },
    [logIn],
  )

  const value = useMemo<AuthContextValue>(
    () => ({ session, logIn, signUp, logOut: endSession }),
    [session, logIn, signUp],
  )
  return <AuthContext value={value}>{children}</AuthContext>
}
