/**
 * Which requests carry the bearer token is decided by `openapi.json` (through the generated client), not by a list
 * kept in the app. These tests call every generated operation and hold the result against the spec itself, so a
 * renamed or added route is covered the day the client is regenerated.
 */
import { describe, expect, it } from 'vitest'
import openapi from '../../../openapi.json'
import * as operations from '../client/sdk.gen'
import { detail } from '../test/fakeApi'
import { calls, fakeApiWith } from '../test/helpers'
import { logInAs } from '../test/render'
import { refreshAccessToken, requestToken } from './authApi'
import { getSession } from './session'

interface SpecOperation {
  responses: unknown
  security?: Array<Record<string, string[]>>
}
interface Spec {
  paths: Record<string, Record<string, SpecOperation>>
  components: { securitySchemes: Record<string, { type: string; scheme?: string }> }
}

const spec: Spec = openapi

/** Streams are read with `fetch` by `signalStream.ts` (whose own test checks its bearer), not the generated client. */
function isEventStream(operation: SpecOperation): boolean {
  return JSON.stringify(operation.responses).includes('"text/event-stream"')
}

/** `POST /auth/login` → whether the spec secures it with a bearer scheme. */
function bearerOperationsInSpec(): Map<string, boolean> {
  const bearerSchemes = new Set(
    Object.entries(spec.components.securitySchemes)
      .filter(([, scheme]) => scheme.type === 'http' && scheme.scheme === 'bearer')
      .map(([name]) => name),
  )
  const result = new Map<string, boolean>()
  for (const [path, methods] of Object.entries(spec.paths)) {
    for (const [method, operation] of Object.entries(methods)) {
      if (isEventStream(operation)) continue
      const secured = (operation.security ?? []).some((requirement) => Object.keys(requirement).some((n) => bearerSchemes.has(n)))
      result.set(`${method.toUpperCase()} ${path}`, secured)
    }
  }
  return result
}

describe('the bearer token', () => {
  it('goes to exactly the operations openapi.json secures with the bearer scheme, and to no other', async () => {
    const api = fakeApiWith({})
    logInAs()

    for (const call of Object.values(operations)) {
      // Every route answers 404 here and no body is sent (`fetch` refuses one on a GET): only the headers matter.
      await (call as (options: object) => Promise<unknown>)({}).catch(() => undefined)
    }

    const sent = new Map(
      [...api.requests, ...api.background].map((r) => [`${r.method} ${decodeURIComponent(r.path)}`, r.headers.get('Authorization') === 'Bearer token-abc']),
    )
    expect(sent).toEqual(bearerOperationsInSpec())
  })

  it('is never sent to the credential and cookie calls, even while a session is open', async () => {
    const api = fakeApiWith({ 'POST /auth/login': { status: 200, body: { access_token: 't', token_type: 'bearer', expires_in: 1 } } })
    logInAs()

    await requestToken({ email: 'trader@example.com', password: 'correct horse' })

    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
  })

  it('is not renewed when the refresh call itself gets 401: that is the answer "no session", not a stale token', async () => {
    const api = fakeApiWith({ 'POST /auth/refresh': detail(401, 'refresh token reused') })
    logInAs()

    await expect(refreshAccessToken()).rejects.toThrow()

    expect(calls(api)).toEqual(['POST /auth/refresh'])
    expect(getSession()).not.toBeNull()
  })
})
