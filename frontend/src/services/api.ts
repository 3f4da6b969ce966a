/**
 * The one place the generated API client is configured.
 *
 * - Base URL: `VITE_API_URL` when the API lives elsewhere; by default the page's own origin, because in production
 *   the Rust server serves this app, and in development Vite proxies the API paths.
 * - Every request carries the session's bearer token when there is one.
 * - A 401 on a request that carried a token means the session is over (expired, revoked, server restarted with a
 *   new key): the session is dropped and the user lands on /login. A 401 *without* a token is an answer to show,
 *   such as "wrong password" on the login form, so it passes through untouched.
 */
import axios, { type AxiosAdapter, type InternalAxiosRequestConfig } from 'axios'
import { client } from '../client/client.gen'
import { navigate } from '../router/history'
import { currentToken, endSession } from './session'

export const SESSION_ENDED_NOTICE = 'Your session has ended. Please log in again.'

export interface ApiSettings {
  baseURL?: string
  /** Tests swap the network for an in-memory fake here; everything above it (interceptors, client) stays real. */
  adapter?: AxiosAdapter
}

let installed: { request: number; response: number } | null = null

function attachToken(config: InternalAxiosRequestConfig): InternalAxiosRequestConfig {
  const token = currentToken()
  if (token !== null) config.headers.set('Authorization', `Bearer ${token}`)
  return config
}

function sentWithToken(config: InternalAxiosRequestConfig | undefined): boolean {
  return config?.headers?.has('Authorization') ?? false
}

async function endSessionOn401(error: unknown): Promise<never> {
  if (axios.isAxiosError(error) && error.response?.status === 401 && sentWithToken(error.config)) {
    endSession()
    navigate('/login', { replace: true, state: { notice: SESSION_ENDED_NOTICE } })
  }
  throw error
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
    response: client.instance.interceptors.response.use((response) => response, endSessionOn401),
  }
}
