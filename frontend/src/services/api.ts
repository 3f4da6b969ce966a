/**
 * The one place the generated API client is configured.
 *
 * - Base URL: `VITE_API_URL` when the API lives elsewhere; by default the page's own origin, because in production
 *   the Rust server serves this app, and in development Vite proxies the API paths. Staying same-origin is what
 *   lets the browser send the refresh cookie (`SameSite=Strict; Path=/auth`) with no CORS credentials dance.
 * - Every request to an operation that `openapi.json` secures with the bearer scheme carries the session's token
 *   when there is one; the others (sign-up, login, refresh, logout: credentials or the refresh cookie) never do.
 *   Which is which comes from the generated client — it copies each operation's `security` onto the request — so
 *   a renamed or added route cannot be missed by a list kept here. A token we already know has expired is renewed
 *   before the request leaves, instead of after a certain 401.
 * - A 401 on a request that carried a token means the token is no longer accepted (expired early, server
 *   restarted with a new key): the session is renewed once through the refresh cookie — one exchange shared by
 *   every request that failed together — and the request is retried once. If the renewal fails, or the retry is
 *   refused too, the session is over: it is dropped and the user lands on /login. A 401 *without* a token — the
 *   login and refresh calls never send one — is an answer to show ("wrong password"), so it passes through.
 */
import axios, { type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios'
import { client } from '../client/client.gen'
import type { Auth } from '../client/core/auth.gen'
import { navigate } from '../router/history'
import { currentToken, endSession, getSession, tokenIsStale } from './session'
import { refreshSession } from './tokenRefresh'

declare module 'axios' {
  interface AxiosRequestConfig {
    /** Set on the one retry after a refresh, so a second 401 ends the session instead of refreshing again. */
    signalboxRetry?: boolean
    /** The operation's security requirements from `openapi.json`, passed through by the generated client. */
    security?: ReadonlyArray<Auth>
  }
}

export const SESSION_ENDED_NOTICE = 'Your session has ended. Please log in again.'

export interface ApiSettings {
  baseURL?: string
  /** Tests swap the network for an in-memory fake here; everything above it (interceptors, client) stays real. */
  adapter?: AxiosAdapter
}

let installed: { request: number; response: number } | null = null

/** True for operations the spec secures with the bearer scheme; the rest authenticate some other way, or not at all. */
function takesBearerToken(config: Pick<InternalAxiosRequestConfig, 'security'>): boolean {
  return config.security?.some((auth) => auth.type === 'http' && auth.scheme === 'bearer') ?? false
}

function bearerOf(config: InternalAxiosRequestConfig): string | null {
  const value = config.headers?.get('Authorization')
  return typeof value === 'string' && value.startsWith('Bearer ') ? value.slice('Bearer '.length) : null
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

async function attachToken(config: InternalAxiosRequestConfig): Promise<InternalAxiosRequestConfig> {
  if (!takesBearerToken(config)) return config
  if (tokenIsStale()) await renewOrSignOut()
  const token = currentToken()
  // Without a session, leave the headers alone: on page load `/auth/me` carries its token explicitly.
  if (token !== null) config.headers.set('Authorization', `Bearer ${token}`)
  return config
}

async function renewOn401(error: unknown): Promise<AxiosResponse> {
  if (!axios.isAxiosError(error) || error.response?.status !== 401 || error.config === undefined) throw error
  const config = error.config
  const sent = bearerOf(config)
  // Nobody signed in (page still restoring, or logged out meanwhile): nothing to renew.
  if (sent === null || !takesBearerToken(config) || getSession() === null) throw error
  if (config.signalboxRetry) {
    signOut()
    throw error
  }
  // Another request may have renewed the token while this one was in flight: use it rather than spend the cookie.
  const token = currentToken() !== sent ? currentToken() : await renewOrSignOut()
  if (token === null) throw error
  config.signalboxRetry = true
  return client.instance.request(config)
}

export function configureApi({ baseURL = import.meta.env.VITE_API_URL ?? '', adapter }: ApiSettings = {}): void {
  // Through the client's config, not `client.instance.defaults`: the generated `setConfig` replaces that object,
  // so axios itself never sees changes made to it.
  client.setConfig(adapter === undefined ? { baseURL } : { baseURL, adapter })
  // Idempotent: calling it again (tests, hot reload) must not stack a second pair of interceptors.
  if (installed !== null) {
    client.instance.interceptors.request.eject(installed.request)
    client.instance.interceptors.response.eject(installed.response)
  }
  installed = {
    request: client.instance.interceptors.request.use(attachToken),
    response: client.instance.interceptors.response.use((response) => response, renewOn401),
  }
}
