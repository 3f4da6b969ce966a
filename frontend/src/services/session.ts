/**
 * The logged-in session: the short-lived access token, when it stops being valid, and whose it is.
 *
 * Kept in memory only, never in localStorage: a stored bearer token is readable by any script that runs on the
 * page and cannot be revoked. What survives a reload is the refresh cookie (HttpOnly, so no script sees it), which
 * `restoreSession` trades for a new access token when the page loads.
 *
 * It is an external store (subscribe / snapshot) because two worlds read it: React (through the auth context) and
 * the API client's interceptors, which run outside any component.
 */

export interface Session {
  token: string
  /** Epoch milliseconds after which the server rejects the token. */
  expiresAt: number
  email: string
  /** The account's id: what per-user data kept in this browser (today's received signals) is filed under. */
  userId: string
}

/** Who the session belongs to, as `/auth/me` (or sign-up) tells it. */
export interface SessionUser {
  id: string
  email: string
}

/**
 * `restoring`: the page just loaded and is asking the server whether the refresh cookie still holds a session —
 * the app shows neither the login page nor the dashboard until it knows.
 */
export type SessionState =
  | { status: 'restoring' }
  | { status: 'signed-out' }
  | { status: 'signed-in'; session: Session }

/** Treat a token as stale a little early, so a request does not leave with one that expires in flight. */
const EXPIRY_MARGIN_MS = 5_000

type Listener = () => void
const listeners = new Set<Listener>()
const SIGNED_OUT: SessionState = { status: 'signed-out' }
let state: SessionState = SIGNED_OUT

function set(next: SessionState): void {
  state = next
  listeners.forEach((listener) => listener())
}

/** The snapshot for `useSyncExternalStore`: a new object only when something changed. */
export function getSessionState(): SessionState {
  return state
}

export function getSession(): Session | null {
  return state.status === 'signed-in' ? state.session : null
}

/** The token to send, or null when nobody is logged in. A stale token is still returned: see `tokenIsStale`. */
export function currentToken(): string | null {
  return getSession()?.token ?? null
}

/** True when the token has expired (or is about to), so sending it would only earn a 401. */
export function tokenIsStale(now = Date.now()): boolean {
  const session = getSession()
  return session !== null && session.expiresAt - EXPIRY_MARGIN_MS <= now
}

export function startSession(token: string, expiresInSeconds: number, user: SessionUser, now = Date.now()): Session {
  const session = { token, expiresAt: now + expiresInSeconds * 1000, email: user.email, userId: user.id }
  set({ status: 'signed-in', session })
  return session
}

/** A refreshed access token for the same user. Does nothing when the session ended meanwhile. */
export function renewToken(token: string, expiresInSeconds: number, now = Date.now()): void {
  const session = getSession()
  if (session !== null) set({ status: 'signed-in', session: { ...session, token, expiresAt: now + expiresInSeconds * 1000 } })
}

export function markRestoring(): void {
  set({ status: 'restoring' })
}

export function endSession(): void {
  if (state !== SIGNED_OUT) set(SIGNED_OUT)
}

export function subscribeToSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
