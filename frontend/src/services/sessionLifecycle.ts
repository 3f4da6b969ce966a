/**
 * How a session begins again and ends: restoring it when the page loads, logging out, and following a logout made
 * in another tab.
 *
 * Both work through the refresh cookie, which only the server can read. On load the app knows nothing — the
 * access token lived in memory and died with the previous page — so it asks the server once: a 200 brings a new
 * access token (and rotates the cookie), a 401 means there is no session and the login page is the answer.
 */
import { navigate } from '../router/history'
import { endServerSession, fetchCurrentUser } from './authApi'
import { announceLogout, listenForLogoutElsewhere } from './logoutBroadcast'
import { endSession, markRestoring, startSession } from './session'
import { refreshSession } from './tokenRefresh'

export const LOGOUT_INCOMPLETE_NOTICE =
  'You are logged out on this page, but Signalbox could not end your session on its side, so reloading may log you back in. On a shared computer, clear this site’s cookies.'

/** Call once per page load, before the first render: the app shows a loading screen until this settles. */
export async function restoreSession(): Promise<void> {
  markRestoring()
  try {
    const token = await refreshSession()
    const user = await fetchCurrentUser(token.access_token)
    startSession(token.access_token, token.expires_in, user)
  } catch {
    // 401: no cookie, or one that expired or was revoked. A server or network failure also lands here: without
    // a token there is nothing the dashboard could load, and the cookie (if still good) works on the next load.
    endSession()
  }
}

/**
 * Ends the session on the server (which deletes the cookie), then here. Local state is cleared whatever the server
 * answered — the user asked to leave — but a failed server call is said out loud, since the cookie still holds a
 * session that a reload would bring back.
 */
export async function logOut(): Promise<void> {
  let ended = true
  try {
    await endServerSession()
  } catch {
    ended = false
  }
  endSession()
  // Whatever the server said: the other tabs hold access tokens of this session in memory, and the user asked to go.
  announceLogout()
  navigate('/login', { replace: true, state: ended ? null : { notice: LOGOUT_INCOMPLETE_NOTICE } })
}

/**
 * The server has already ended every session (password reset, account deleted): clear this page and the other
 * tabs without asking it again, and tell the user why on the login page.
 */
export function sessionEnded(notice: string): void {
  endSession()
  announceLogout()
  navigate('/login', { replace: true, state: { notice } })
}

/**
 * Another tab logged out: the cookie this tab would refresh with is gone too, so its session ends here at once
 * instead of at the next failed request. Call once per page load; returns the way to stop (tests).
 */
export function followLogoutsElsewhere(): () => void {
  return listenForLogoutElsewhere(() => {
    endSession()
    navigate('/login', { replace: true })
  })
}
