import { afterEach, describe, expect, it, vi } from 'vitest'
import { detail } from '../test/fakeApi'
import { FREE_STATUS, REFRESHED_TOKEN, SIGNALS, TOKEN, freeQuota } from '../test/fixtures'
import { acceptsOnly, calls, fakeApiWith } from '../test/helpers'
import { logInAs } from '../test/render'
import { changePassword } from './accountApi'
import { SESSION_ENDED_NOTICE } from './api'
import { ApiError, toApiFailure } from './apiError'
import { requestToken } from './authApi'
import { fetchBillingStatus } from './billingApi'
import { currentToken, getSession, startSession } from './session'
import { getQuota, getSignals } from './signalsApi'
import { REFRESH_LOCK } from './tokenRefresh'

const REFRESH_OK = { status: 200, body: REFRESHED_TOKEN }
const NEW_TOKEN_ONLY = {
  'GET /billing/status': acceptsOnly('token-new', { status: 200, body: FREE_STATUS }),
  'GET /signals': acceptsOnly('token-new', { status: 200, body: SIGNALS }),
  'GET /signals/quota': acceptsOnly('token-new', { status: 200, body: freeQuota(2) }),
}

describe('the configured API client', () => {
  it('sends the session token as a bearer token', async () => {
    const api = fakeApiWith({ 'GET /billing/status': { status: 200, body: FREE_STATUS } })
    logInAs()

    await fetchBillingStatus()

    expect(api.requests[0]?.headers.get('Authorization')).toBe('Bearer token-abc')
  })

  it('sends no Authorization header without a session', async () => {
    const api = fakeApiWith({ 'POST /auth/login': { status: 200, body: TOKEN } })

    await requestToken({ email: 'trader@example.com', password: 'correct horse' })

    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
    expect(api.requests[0]?.body).toEqual({ email: 'trader@example.com', password: 'correct horse' })
  })

  it('leaves a 401 on the login call alone: it is a wrong password, not an ended session', async () => {
    const api = fakeApiWith({ 'POST /auth/login': detail(401, 'Incorrect email or password') })
    logInAs()
    window.history.replaceState(null, '', '/login')

    await expect(requestToken({ email: 'trader@example.com', password: 'wrong-password' })).rejects.toThrow()

    expect(calls(api)).toEqual(['POST /auth/login'])
    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toBeNull()
  })

  it('throws an ApiError carrying the status, the parsed body and the headers of a refused request', async () => {
    fakeApiWith({ 'POST /auth/login': detail(429, 'too many attempts', { 'Retry-After': '30' }) })

    const error: unknown = await requestToken({ email: 'trader@example.com', password: 'x' }).catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect(toApiFailure(error)).toEqual({ status: 429, detail: 'Too many attempts.', retryAfterSeconds: 30 })
  })

  it('throws an ApiError without a status when no answer arrives', async () => {
    fakeApiWith({
      'GET /billing/status': () => {
        throw new TypeError('Failed to fetch')
      },
    })
    logInAs()

    const error: unknown = await fetchBillingStatus().catch((e: unknown) => e)

    expect(error).toBeInstanceOf(ApiError)
    expect((error as ApiError).cause).toBeInstanceOf(TypeError)
    expect(toApiFailure(error).status).toBeNull()
  })
})

describe('when the server stops accepting the access token', () => {
  it('renews it once and retries the request, and the user never notices', async () => {
    const api = fakeApiWith({ ...NEW_TOKEN_ONLY, 'POST /auth/refresh': REFRESH_OK })
    logInAs()

    await expect(getSignals()).resolves.toEqual(SIGNALS)

    expect(calls(api)).toEqual(['GET /signals', 'POST /auth/refresh', 'GET /signals'])
    expect(api.requests[1]?.headers.has('Authorization')).toBe(false)
    expect(api.requests[1]?.body).toBeUndefined()
    expect(api.requests[2]?.headers.get('Authorization')).toBe('Bearer token-new')
    expect(getSession()).toMatchObject({ token: 'token-new', email: 'trader@example.com' })
  })

  it('sends the same body again on the retry', async () => {
    const api = fakeApiWith({
      'POST /auth/change-password': acceptsOnly('token-new', { status: 204 }),
      'POST /auth/refresh': REFRESH_OK,
    })
    logInAs()

    await changePassword('old password', 'a new long password')

    expect(calls(api)).toEqual(['POST /auth/change-password', 'POST /auth/refresh', 'POST /auth/change-password'])
    const bodies = api.requests.filter((r) => r.path === '/auth/change-password').map((r) => r.body)
    expect(bodies).toEqual([
      { current_password: 'old password', new_password: 'a new long password' },
      { current_password: 'old password', new_password: 'a new long password' },
    ])
  })

  it('throws an ApiError without a status when the retry gets no answer', async () => {
    let sent = 0
    fakeApiWith({
      'GET /signals': () => {
        sent += 1
        if (sent === 1) return detail(401, 'invalid token')
        throw new TypeError('Failed to fetch')
      },
      'POST /auth/refresh': REFRESH_OK,
    })
    logInAs()

    const error: unknown = await getSignals().catch((e: unknown) => e)

    expect(sent).toBe(2)
    expect(error).toBeInstanceOf(ApiError)
    expect(toApiFailure(error).status).toBeNull()
    expect(getSession()).toMatchObject({ token: 'token-new' })
  })

  it('shares one refresh between three requests that get 401 together, then retries each once', async () => {
    const api = fakeApiWith(NEW_TOKEN_ONLY)
    const refresh = api.deferred('POST', '/auth/refresh')
    logInAs()

    const all = Promise.all([fetchBillingStatus(), getSignals(), getQuota()])
    // All three have been refused and are waiting on the one refresh before it answers.
    await vi.waitFor(() => expect(api.requests).toHaveLength(4))
    refresh.respond(REFRESH_OK)

    await expect(all).resolves.toEqual([FREE_STATUS, SIGNALS, freeQuota(2)])
    expect(api.count('POST', '/auth/refresh')).toBe(1)
    for (const path of ['/billing/status', '/signals', '/signals/quota']) {
      const sent = api.requests.filter((r) => r.path === path).map((r) => r.headers.get('Authorization'))
      expect(sent).toEqual(['Bearer token-abc', 'Bearer token-new'])
    }
  })

  it('logs out with a notice, and retries nothing, when the refresh is refused', async () => {
    const api = fakeApiWith({ ...NEW_TOKEN_ONLY, 'POST /auth/refresh': detail(401, 'refresh token reused') })
    logInAs()
    window.history.replaceState(null, '', '/dashboard')

    await expect(Promise.all([getSignals(), getQuota()])).rejects.toThrow()

    expect(api.count('POST', '/auth/refresh')).toBe(1)
    expect(api.count('GET', '/signals')).toBe(1)
    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toEqual({ notice: SESSION_ENDED_NOTICE })
  })

  it('logs out when the server cannot refresh at all', async () => {
    fakeApiWith({ ...NEW_TOKEN_ONLY, 'POST /auth/refresh': detail(503, 'database unavailable') })
    logInAs()

    await expect(getSignals()).rejects.toThrow()

    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
  })

  it('logs out instead of looping when even the renewed token is refused', async () => {
    const api = fakeApiWith({ 'GET /signals': detail(401, 'invalid token'), 'POST /auth/refresh': REFRESH_OK })
    logInAs()

    await expect(getSignals()).rejects.toThrow()

    expect(calls(api)).toEqual(['GET /signals', 'POST /auth/refresh', 'GET /signals'])
    expect(getSession()).toBeNull()
    expect(window.history.state).toEqual({ notice: SESSION_ENDED_NOTICE })
  })

  it('retries with a token renewed while the request was in flight, without refreshing again', async () => {
    const api = fakeApiWith({ ...NEW_TOKEN_ONLY, 'POST /auth/refresh': REFRESH_OK })
    const slow = api.deferred('GET', '/signals/quota')
    logInAs()

    const quota = getQuota()
    await vi.waitFor(() => expect(api.requests).toHaveLength(1))
    await getSignals()
    slow.respond(detail(401, 'invalid token'))
    api.on('GET', '/signals/quota', NEW_TOKEN_ONLY['GET /signals/quota'])

    await expect(quota).resolves.toEqual(freeQuota(2))
    expect(api.count('POST', '/auth/refresh')).toBe(1)
  })

  it('renews a token it knows has expired before sending, instead of after a 401', async () => {
    const api = fakeApiWith({ ...NEW_TOKEN_ONLY, 'POST /auth/refresh': REFRESH_OK })
    startSession('token-abc', 1800, { id: 'u1', email: 'trader@example.com' }, Date.now() - 1_800_000)

    await getSignals()

    expect(calls(api)).toEqual(['POST /auth/refresh', 'GET /signals'])
    expect(currentToken()).toBe('token-new')
  })
})

describe('refreshing across tabs', () => {
  afterEach(() => {
    Reflect.deleteProperty(navigator, 'locks')
  })

  it('holds the signalbox-refresh Web Lock while exchanging the cookie, when the browser has Web Locks', async () => {
    const order: string[] = []
    const request = vi.fn(async (name: string, callback: () => Promise<unknown>) => {
      order.push(`lock ${name}`)
      const result = await callback()
      order.push(`unlock ${name}`)
      return result
    })
    Object.defineProperty(navigator, 'locks', { value: { request }, configurable: true })
    const api = fakeApiWith({
      ...NEW_TOKEN_ONLY,
      'POST /auth/refresh': () => {
        order.push('POST /auth/refresh')
        return REFRESH_OK
      },
    })
    logInAs()

    await getSignals()

    expect(order).toEqual([`lock ${REFRESH_LOCK}`, 'POST /auth/refresh', `unlock ${REFRESH_LOCK}`])
    expect(api.count('POST', '/auth/refresh')).toBe(1)
  })
})
