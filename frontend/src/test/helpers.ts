/**
 * Shorthands for tests: a fake server with a table of routes, and routes that care which token they get.
 */
import { EMPTY_TRACK_RECORD, callsPage, history } from './fixtures'
import { detail, installFakeApi, type FakeApi, type FakeHandler, type FakeResponse } from './fakeApi'

/** An empty history for the symbol asked for: the answer of a server with no past signals yet. */
export const EMPTY_HISTORY: FakeHandler = (request) => {
  const symbol = request.query.get('symbol') === 'BANKNIFTY' ? 'BANKNIFTY' : 'NIFTY'
  return { status: 200, body: history(symbol) }
}

/**
 * `{'GET /signals': {...}}` → a fake server answering those routes. The history, the calls and their track record
 * answer empty unless a test says otherwise: most dashboard tests are not about them.
 */
export function fakeApiWith(routes: Record<string, FakeResponse | FakeHandler>): FakeApi {
  const api = installFakeApi()
  api.on('GET', '/signals/history', EMPTY_HISTORY)
  api.on('GET', '/signals/calls', (request) => ({
    status: 200,
    body: callsPage(request.query.get('symbol') === 'BANKNIFTY' ? 'BANKNIFTY' : 'NIFTY'),
  }))
  api.on('GET', '/signals/track-record', { status: 200, body: EMPTY_TRACK_RECORD })
  for (const [route, answer] of Object.entries(routes)) {
    const [method, path] = route.split(' ')
    if (method === undefined || path === undefined) throw new Error(`bad route "${route}"`)
    api.on(method, path, answer)
  }
  return api
}

/** Answers `ok` to `Bearer <token>` and 401 to anything else, as the server does once a token has been replaced. */
export function acceptsOnly(token: string, ok: FakeResponse): FakeHandler {
  return (request) => (request.headers.get('Authorization') === `Bearer ${token}` ? ok : detail(401, 'invalid token'))
}

/** `METHOD /path` of every request so far, in order. */
export function calls(api: FakeApi): string[] {
  return api.requests.map((r) => `${r.method} ${r.path}`)
}
