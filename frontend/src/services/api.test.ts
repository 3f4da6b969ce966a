import { describe, expect, it } from 'vitest'
import { fakeApiWith } from '../test/helpers'
import { detail } from '../test/fakeApi'
import { FREE_STATUS, TOKEN } from '../test/fixtures'
import { fetchBillingStatus } from './billingApi'
import { requestToken } from './authApi'
import { SESSION_ENDED_NOTICE } from './api'
import { getSession, startSession } from './session'

describe('the configured API client', () => {
  it('sends the session token as a bearer token', async () => {
    const api = fakeApiWith({ 'GET /billing/status': { status: 200, body: FREE_STATUS } })
    startSession('token-abc', 1800, 'trader@example.com')

    await fetchBillingStatus()

    expect(api.requests[0]?.headers.get('Authorization')).toBe('Bearer token-abc')
  })

  it('sends no Authorization header without a session', async () => {
    const api = fakeApiWith({ 'POST /auth/login': { status: 200, body: TOKEN } })

    await requestToken({ email: 'trader@example.com', password: 'correct horse' })

    expect(api.requests[0]?.headers.has('Authorization')).toBe(false)
    expect(api.requests[0]?.body).toEqual({ email: 'trader@example.com', password: 'correct horse' })
  })

  it('ends the session and goes to /login with a notice when an authenticated call gets 401', async () => {
    fakeApiWith({ 'GET /billing/status': detail(401, 'Token expired') })
    startSession('token-abc', 1800, 'trader@example.com')
    window.history.replaceState(null, '', '/dashboard')

    await expect(fetchBillingStatus()).rejects.toThrow()

    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toEqual({ notice: SESSION_ENDED_NOTICE })
  })

  it('leaves a 401 on the login call alone: it is a wrong password, not an ended session', async () => {
    fakeApiWith({ 'POST /auth/login': detail(401, 'Incorrect email or password') })
    window.history.replaceState(null, '', '/login')

    await expect(requestToken({ email: 'trader@example.com', password: 'wrong-password' })).rejects.toThrow()

    expect(window.location.pathname).toBe('/login')
    expect(window.history.state).toBeNull()
  })
})
