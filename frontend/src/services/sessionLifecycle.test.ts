import { describe, expect, it } from 'vitest'
import { detail } from '../test/fakeApi'
import { REFRESHED_TOKEN, USER } from '../test/fixtures'
import { calls, fakeApiWith } from '../test/helpers'
import { logInAs } from '../test/render'
import { getSession, getSessionState } from './session'
import { LOGOUT_INCOMPLETE_NOTICE, logOut, restoreSession } from './sessionLifecycle'

describe('restoring the session on page load', () => {
  it('trades the refresh cookie for a token, then asks whose it is', async () => {
    const api = fakeApiWith({
      'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
      'GET /auth/me': { status: 200, body: USER },
    })

    await restoreSession()

    expect(calls(api)).toEqual(['POST /auth/refresh', 'GET /auth/me'])
    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
    expect(api.requests[1]?.headers.get('Authorization')).toBe('Bearer token-new')
    expect(getSession()).toMatchObject({ token: 'token-new', email: 'trader@example.com' })
  })

  it('is "restoring" until the server answers', async () => {
    const api = fakeApiWith({ 'GET /auth/me': { status: 200, body: USER } })
    const refresh = api.deferred('POST', '/auth/refresh')

    const restored = restoreSession()
    expect(getSessionState()).toEqual({ status: 'restoring' })
    refresh.respond({ status: 200, body: REFRESHED_TOKEN })
    await restored

    expect(getSessionState().status).toBe('signed-in')
  })

  it('ends signed out, asking nothing else, when there is no session behind the cookie', async () => {
    const api = fakeApiWith({ 'POST /auth/refresh': detail(401, 'missing refresh token') })

    await restoreSession()

    expect(calls(api)).toEqual(['POST /auth/refresh'])
    expect(getSessionState()).toEqual({ status: 'signed-out' })
  })

  it('ends signed out when the user cannot be read', async () => {
    fakeApiWith({
      'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
      'GET /auth/me': detail(500, 'internal error'),
    })

    await restoreSession()

    expect(getSessionState()).toEqual({ status: 'signed-out' })
  })
})

describe('logging out', () => {
  it('ends the session on the server with the cookie alone, then here, then shows the login page', async () => {
    const api = fakeApiWith({ 'POST /auth/logout': { status: 204 } })
    logInAs()
    window.history.replaceState(null, '', '/dashboard')

    await logOut()

    expect(calls(api)).toEqual(['POST /auth/logout'])
    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
    expect(api.requests[0]?.body).toBeUndefined()
    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toBeNull()
  })

  it('still logs out here when the server fails, and says the server session may live on', async () => {
    fakeApiWith({ 'POST /auth/logout': detail(503, 'database unavailable') })
    logInAs()

    await logOut()

    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toEqual({ notice: LOGOUT_INCOMPLETE_NOTICE })
  })
})
