/**
 * The logged-in session: the bearer token, when it stops being valid, and whose it is.
 *
 * It lives in localStorage so a reload keeps the user logged in, and is kept as an external store (subscribe /
 * snapshot) because two worlds read it: React (through the auth context) and the axios interceptors, which run
 * outside any component. A token past its expiry is never handed out: the server would only answer 401.
 */

export interface Session {
  token: string
  /** Epoch milliseconds after which the server rejects the token. */
  expiresAt: number
  email: string
}

const STORAGE_KEY = 'signalbox.session'
/** Treat a token as stale a little early, so a request does not leave with one that expires in flight. */
const EXPIRY_MARGIN_MS = 5_000

type Listener = () => void
const listeners = new Set<Listener>()
let current: Session | null = load()

function isSession(value: unknown): value is Session {
  if (typeof value !== 'object' || value === null) return false
  const v = value as Record<string, unknown>
  return typeof v.token === 'string' && typeof v.expiresAt === 'number' && typeof v.email === 'string'
}

function isFresh(session: Session, now = Date.now()): boolean {
  return session.expiresAt - EXPIRY_MARGIN_MS > now
}

function load(): Session | null {
  try {
    const raw = window.localStorage.getItem(STORAGE_KEY)
    if (raw === null) return null
    const parsed: unknown = JSON.parse(raw)
    if (isSession(parsed) && isFresh(parsed)) return parsed
  } catch {
    // Corrupt JSON or storage disabled: behave as logged out.
  }
  window.localStorage.removeItem(STORAGE_KEY)
  return null
}

function emit(): void {
  listeners.forEach((listener) => listener())
}

export function getSession(): Session | null {
  return current
}

/** The token to send, or null when there is none or it has gone stale. */
export function currentToken(now = Date.now()): string | null {
  return current !== null && isFresh(current, now) ? current.token : null
}

export function startSession(token: string, expiresInSeconds: number, email: string, now = Date.now()): Session {
  current = { token, expiresAt: now + expiresInSeconds * 1000, email }
  window.localStorage.setItem(STORAGE_KEY, JSON.stringify(current))
  emit()
  return current
}

export function endSession(): void {
  if (current === null) return
  current = null
  window.localStorage.removeItem(STORAGE_KEY)
  emit()
}

export function subscribeToSession(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Re-read storage; tests use it to simulate a fresh page load. */
export function reloadSessionFromStorage(): void {
  current = load()
  emit()
}

/** Milliseconds until the session must end, for a timer that logs the user out on time. */
export function msUntilExpiry(session: Session, now = Date.now()): number {
  return Math.max(0, session.expiresAt - EXPIRY_MARGIN_MS - now)
}
