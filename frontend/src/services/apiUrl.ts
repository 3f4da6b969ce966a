/**
 * Where the API lives, as the build was told: `VITE_API_URL`, or `REACT_APP_API_URL` for hosts set up the
 * Create-React-App way (Netlify and Vercel projects often carry that name). Unset means the page's own origin —
 * the Rust server serves this app, or Vite proxies the API in development.
 *
 * An API on another origin only sees the refresh cookie when requests ask for it (`credentials: 'include'`); the
 * server must list the dashboard's origin in `CORS_ALLOWED_ORIGINS` for the browser to allow that.
 */

export interface ApiUrlEnv {
  VITE_API_URL?: string
  REACT_APP_API_URL?: string
}

/** The configured base URL without a trailing slash, or '' for same-origin. `VITE_API_URL` wins when both are set. */
export function apiBaseUrl(env: ApiUrlEnv): string {
  const configured = [env.VITE_API_URL, env.REACT_APP_API_URL].map((url) => url?.trim() ?? '').find((url) => url !== '')
  return (configured ?? '').replace(/\/+$/, '')
}

/** True when `baseUrl` points at another origin than the page's, so cookies must be asked for explicitly. */
export function isCrossOrigin(baseUrl: string, pageOrigin: string): boolean {
  if (baseUrl === '') return false
  try {
    return new URL(baseUrl, pageOrigin).origin !== pageOrigin
  } catch {
    return false
  }
}
