import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { detail } from './test/fakeApi'
import { FREE_STATUS, REFRESHED_TOKEN, SIGNALS, USER, freeQuota } from './test/fixtures'
import { calls, fakeApiWith } from './test/helpers'
import { loadPageAt, logInAs, renderAt } from './test/render'

const FREE_USER = {
  'GET /billing/status': { status: 200, body: FREE_STATUS },
  'GET /signals': { status: 200, body: SIGNALS },
  'GET /signals/quota': { status: 200, body: freeQuota(2) },
}

const COOKIE_HOLDS_A_SESSION = {
  'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
  'GET /auth/me': { status: 200, body: USER },
}

const NO_SESSION_COOKIE = { 'POST /auth/refresh': detail(401, 'missing refresh token') }

describe('routes', () => {
  it('sends a visitor without a session from / to /login', async () => {
    fakeApiWith({})
    renderAt('/')
    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
  })

  it('sends a logged-in user from / to /dashboard', async () => {
    fakeApiWith(FREE_USER)
    logInAs()
    renderAt('/')
    expect(await screen.findByRole('heading', { name: 'Signals' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/dashboard')
  })

  it('keeps /dashboard for logged-in users only', async () => {
    const api = fakeApiWith(FREE_USER)
    renderAt('/dashboard')
    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(api.requests).toHaveLength(0)
  })

  it('sends unknown paths home', async () => {
    fakeApiWith({})
    renderAt('/no-such-page')
    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
  })
})

describe('loading the page', () => {
  it('keeps a user logged in across a reload through the refresh cookie', async () => {
    const api = fakeApiWith({ ...COOKIE_HOLDS_A_SESSION, ...FREE_USER })

    loadPageAt('/dashboard')

    expect(await screen.findByRole('heading', { name: 'Signals' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/dashboard')
    expect(screen.getByText('trader@example.com')).toBeInTheDocument()
    expect(calls(api).slice(0, 2)).toEqual(['POST /auth/refresh', 'GET /auth/me'])
    expect(api.count('POST', '/auth/refresh')).toBe(1)
  })

  it('shows the login page when the cookie holds no session', async () => {
    const api = fakeApiWith({ ...NO_SESSION_COOKIE, ...FREE_USER })

    loadPageAt('/dashboard')

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
    expect(calls(api)).toEqual(['POST /auth/refresh'])
  })

  it('decides no route while restoring, so a checkout return keeps its query string', async () => {
    const api = fakeApiWith({ 'GET /auth/me': { status: 200, body: USER }, ...FREE_USER })
    const refresh = api.deferred('POST', '/auth/refresh')

    const { restored } = loadPageAt('/dashboard?checkout=cancel')

    expect(screen.getByRole('status', { name: 'Signing you in' })).toBeInTheDocument()
    expect(screen.queryByRole('heading', { name: 'Welcome back' })).not.toBeInTheDocument()
    expect(window.location.search).toBe('?checkout=cancel')
    refresh.respond({ status: 200, body: REFRESHED_TOKEN })
    await restored

    expect(await screen.findByText('Checkout cancelled. You have not been charged.')).toBeInTheDocument()
    expect(window.location.pathname).toBe('/dashboard')
  })
})
