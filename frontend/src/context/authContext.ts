/**
 * What the rest of the app may know and do about authentication. Provided by `AuthProvider`, read with `useAuth`.
 */
import { createContext } from 'react'
import type { Credentials } from '../services/authApi'
import type { Session, SessionState } from '../services/session'

export interface AuthContextValue {
  /** `restoring` while the page asks the server whether the refresh cookie still holds a session. */
  status: SessionState['status']
  session: Session | null
  /** Rejects with the API error (wrong password, 429...) for the form to show. */
  logIn(credentials: Credentials): Promise<void>
  /** Creates the account, then logs in with the same credentials: one step for the user. */
  signUp(credentials: Credentials): Promise<void>
  /** Ends the session on the server and here, then shows the login page. Never rejects. */
  logOut(): Promise<void>
}

export const AuthContext = createContext<AuthContextValue | null>(null)
