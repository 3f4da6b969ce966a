/**
 * What the rest of the app may know and do about authentication. Provided by `AuthProvider`, read with `useAuth`.
 */
import { createContext } from 'react'
import type { Credentials } from '../../services/authApi'
import type { Session } from '../../services/session'

export interface AuthContextValue {
  session: Session | null
  /** Rejects with the API error (wrong password, 429...) for the form to show. */
  logIn(credentials: Credentials): Promise<void>
  /** Creates the account, then logs in with the same credentials: one step for the user. */
  signUp(credentials: Credentials): Promise<void>
  logOut(): void
}

export const AuthContext = createContext<AuthContextValue | null>(null)
