/**
 * Trades the refresh cookie for a new access token — at most one exchange at a time.
 *
 * Each refresh token works once: the server rotates the cookie on every exchange and treats a second use of the
 * same cookie as theft, revoking the whole session (it forgives a second use within seconds, the way a reload
 * mid-exchange or a lost answer presents it, but a client should not lean on that). So every caller that needs a new token — three requests that
 * got 401 together, the page restoring itself on load — joins the one exchange in flight instead of starting its
 * own. Across tabs (which share the cookie) the exchange runs under a Web Lock, so a second tab waits and then
 * presents the already-rotated cookie instead of the used one. Browsers without Web Locks (or an insecure
 * context) fall back to the per-tab guard alone.
 */
import { refreshAccessToken, type AccessToken } from './authApi'
import { renewToken } from './session'

export const REFRESH_LOCK = 'signalbox-refresh'

let inFlight: Promise<AccessToken> | null = null

async function exchange(): Promise<AccessToken> {
  const token = await refreshAccessToken()
  // Inside the exchange, so every caller joining it finds the new token already in place when it resumes.
  renewToken(token.access_token, token.expires_in)
  return token
}

function underLock(): Promise<AccessToken> {
  const locks = typeof navigator !== 'undefined' && 'locks' in navigator ? navigator.locks : undefined
  return locks ? locks.request(REFRESH_LOCK, exchange) : exchange()
}

/**
 * A new access token from the refresh cookie, shared with any exchange already running. Rejects with the API
 * error when the cookie is missing, expired, revoked or reused (401) or the server cannot answer.
 */
export function refreshSession(): Promise<AccessToken> {
  inFlight ??= underLock().finally(() => {
    inFlight = null
  })
  return inFlight
}
