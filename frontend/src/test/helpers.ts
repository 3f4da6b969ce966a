/**
 * Shorthands for tests: a fake server with a table of routes.
 */
import { installFakeApi, type FakeApi, type FakeHandler, type FakeResponse } from './fakeApi'

/** `{'GET /signals': {...}}` → a fake server answering those routes. */
export function fakeApiWith(routes: Record<string, FakeResponse | FakeHandler>): FakeApi {
  const api = installFakeApi()
  for (const [route, answer] of Object.entries(routes)) {
    const [method, path] = route.split(' ')
    if (method === undefined || path === undefined) throw new Error(`bad route "${route}"`)
    api.on(method, path, answer)
  }
  return api
}
