/**
 * Pages that come back from the back/forward cache.
 *
 * Going Back (or Forward) to the dashboard can bring back the very page that was left — its DOM, its memory, its
 * access token — frozen at the moment the user left, possibly before they logged out in another tab or on this
 * one. Nothing about such a page is known to be true any more, so:
 * - on the way out (`pagehide` with `persisted`) the data is held back, so the frozen page holds nothing to show;
 * - on the way back (`pageshow` with `persisted`) the session is checked again with the refresh cookie before the
 *   data is shown. A refused cookie ends the session here and shows the login page; a cookie that now belongs to
 *   someone else (logged out and in again elsewhere) starts over as that user.
 *
 * "Held" hides the page without unmounting it, so coming back costs no request: a free user's allowance is not
 * spent again just for pressing Back.
 */
import { navigate } from '../router/history'
import { SESSION_ENDED_NOTICE } from './api'
import { fetchCurrentUser } from './authApi'
import { endSession, getSession, startSession } from './session'
import { refreshSession } from './tokenRefresh'

type Listener = () => void
const listeners = new Set<Listener>()
let held = false

function setHeld(next: boolean): void {
  if (held === next) return
  held = next
  listeners.forEach((listener) => listener())
}

/** True while the page must not show session data (snapshot for `useSyncExternalStore`). */
export function isPageHeld(): boolean {
  return held
}

export function subscribeToPageHold(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Asks the server whether the session this page remembers still holds, then shows the page (or the login page). */
export async function recheckSession(): Promise<void> {
  const remembered = getSession()
  if (remembered === null) return
  setHeld(true)
  try {
    const token = await refreshSession()
    const user = await fetchCurrentUser(token.access_token)
    if (user.id !== remembered.userId) {
      // Another account's cookie: nothing on this page is theirs. A new session remounts the app (see App.tsx).
      startSession(token.access_token, token.expires_in, user)
    }
  } catch {
    if (getSession() !== null) {
      endSession()
      navigate('/login', { replace: true, state: { notice: SESSION_ENDED_NOTICE } })
    }
  } finally {
    setHeld(false)
  }
}

/** Listens for the page leaving into, and coming back from, the back/forward cache. Returns the way to stop. */
export function watchPageRestores(): () => void {
  const onHide = (event: PageTransitionEvent) => {
    if (event.persisted && getSession() !== null) setHeld(true)
  }
  const onShow = (event: PageTransitionEvent) => {
    if (event.persisted) void recheckSession()
    // A page that was held on the way out but comes back without a session has nothing to hide.
    if (getSession() === null) setHeld(false)
  }
  window.addEventListener('pagehide', onHide)
  window.addEventListener('pageshow', onShow)
  return () => {
    window.removeEventListener('pagehide', onHide)
    window.removeEventListener('pageshow', onShow)
    setHeld(false)
  }
}
