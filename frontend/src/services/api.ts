/**
 * The one place the generated API client is configured.
 *
 * - Base URL: `VITE_API_URL` (or `REACT_APP_API_URL`, see `apiUrl.ts`) when the API lives elsewhere; by default the
 *   page's own origin, because the Rust server serves this app, and in development Vite proxies the API paths.
 *   Same-origin, the browser sends the refresh cookie by itself; cross-origin, requests ask for it
 *   (`credentials: 'include'`) and the server lists this origin in `CORS_ALLOWED_ORIGINS`.
 * - Every request to an operation that `openapi.json` secures with the bearer scheme carries the session's token
 *   when there is one; the others (sign-up, login, refresh, logout: credentials or the refresh cookie) never do.
 *   Which is which comes from the generated client — it asks for a token only for operations whose `security`
 *   names the scheme — so a renamed or added route cannot be missed by a list kept here. A token we already know has expired is renewed
 *   before the request leaves, instead of after a certain 401.
 * - A 401 on a request that carried a token means the token is no longer accepted (expired early, server
 *   restarted with a new key): the session is renewed once through the refresh cookie — one exchange shared by
 *   every request that failed together — and the request is retried once. If the renewal fails, or the retry is
 *   refused too, the session is over: it is dropped and the user lands on /login. A 401 *without* a token — the
 *   login and refresh calls never send one — is an answer to show ("wrong password"), so it passes through.
 */
import { client } from '../client/client.gen'
import type { Auth, ResolvedRequestOptions } from '../client/client'
import { navigate } from '../router/history'
import { ApiError } from './apiError'
import { apiBaseUrl, isCrossOrigin } from './apiUrl'
import { currentToken, endSession, getSession, tokenIsStale } from './session'
import { refreshSession } from './tokenRefresh'

export const SESSION_ENDED_NOTICE = 'Your session has ended. Please log in again.'

export interface ApiSettings {
  baseUrl?: string
  /** Tests swap the network for an in-memory fake here; everything above it (interceptors, client) stays real. */
  fetch?: typeof fetch
}

let installed: { request: number; response: number; error: number } | null = null

/**
 * An untouched copy of each request that may be retried after a refresh. `fetch` consumes a request's body, so the
 * copy is taken before it leaves; keyed by the request, it goes away with it.
 */
const retryCopies = new WeakMap<Request, Request>()

function isBearer(auth: Auth): boolean {
  return auth.type === 'http' && auth.scheme === 'bearer'
}

/** True for operations the spec secures with the bearer scheme; the rest authenticate some other way, or not at all. */
function takesBearerToken(options: Pick<ResolvedRequestOptions, 'security'>): boolean {
  return options.security?.some(isBearer) ?? false
}

function bearerOf(request: Request): string | null {
  const value = request.headers.get('Authorization')
  return value !== null && value.startsWith('Bearer ') ? value.slice('Bearer '.length) : null
}

/** Drops the session and shows the login page with a reason. Once, however many requests find out together. */
function signOut(): void {
  if (getSession() === null) return
  endSession()
  navigate('/login', { replace: true, state: { notice: SESSION_ENDED_NOTICE } })
}

/** A fresh access token, or null after signing out because the refresh cookie no longer holds a session. */
async function renewOrSignOut(): Promise<string | null> {
  try {
    return (await refreshSession()).access_token
  } catch {
    signOut()
    return null
  }
}

/**
 * The generated client asks for a token only for operations whose `security` names one, and not when the caller
 * set `Authorization` itself (on page load `/auth/me` carries its token explicitly, before there is a session).
 * Without a session there is no token, and the request leaves without one.
 */
async function bearerToken(auth: Auth): Promise<string | undefined> {
  if (!isBearer(auth)) return undefined
  if (tokenIsStale()) await renewOrSignOut()
  return currentToken() ?? undefined
}

function keepCopyForRetry(request: Request, options: ResolvedRequestOptions): Request {
  if (takesBearerToken(options) && bearerOf(request) !== null) retryCopies.set(request, request.clone())
  return request
}

async function renewOn401(response: Response, request: Request, options: ResolvedRequestOptions): Promise<Response> {
  const copy = retryCopies.get(request)
  retryCopies.delete(request)
  if (response.status !== 401 || copy === undefined) return response
  const sent = bearerOf(request)
  // Nobody signed in (page still restoring, or logged out meanwhile): nothing to renew.
  if (sent === null || getSession() === null) return response
  // Another request may have renewed the token while this one was in flight: use it rather than spend the cookie.
  const token = currentToken() !== sent ? currentToken() : await renewOrSignOut()
  if (token === null) return response
  // The refused answer is not read: release it rather than leave its body pending.
  void response.body?.cancel().catch(() => undefined)
  copy.headers.set('Authorization', `Bearer ${token}`)
  // Sent directly, not through the client again, so this one retry cannot trigger another refresh. Called unbound:
  // the browser's `fetch` throws "Illegal invocation" when called as a method of another object.
  const send = options.fetch ?? globalThis.fetch
  let retried: Response
  try {
    retried = await send(copy)
  } catch (error) {
    // Thrown from here it would bypass the client's error interceptors: make it the same error they make.
    throw toApiError(error, undefined)
  }
  if (retried.status === 401) signOut()
  return retried
}

/**
 * What the client throws: the parsed error body with its status and headers, or — when `fetch` itself failed
 * (offline, aborted) — a status-less error carrying the cause.
 */
function toApiError(error: unknown, response: Response | undefined): ApiError {
  if (error instanceof ApiError) return error
  return response === undefined
    ? new ApiError(null, undefined, new Headers(), error)
    : new ApiError(response.status, error, response.headers)
}

export function configureApi({ baseUrl = apiBaseUrl(import.meta.env), fetch }: ApiSettings = {}): void {
  const credentials: RequestCredentials = isCrossOrigin(baseUrl, window.location.origin) ? 'include' : 'same-origin'
  const config = { baseUrl, auth: bearerToken, credentials }
  client.setConfig(fetch === undefined ? config : { ...config, fetch })
  // Idempotent: calling it again (tests, hot reload) must not stack a second set of interceptors.
  if (installed !== null) {
    client.interceptors.request.eject(installed.request)
    client.interceptors.response.eject(installed.response)
    client.interceptors.error.eject(installed.error)
  }
  installed = {
    request: client.interceptors.request.use(keepCopyForRetry),
    response: client.interceptors.response.use(renewOn401),
    error: client.interceptors.error.use(toApiError),
  }
}
