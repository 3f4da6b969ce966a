import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { reloadSessionFromStorage } from './services/session'
import { FREE_STATUS, SIGNALS, freeQuota } from './test/fixtures'
import { fakeApiWith } from './test/helpers'
import { logInAs, renderAt } from './test/render'

const FREE_USER = {
  'GET /billing/status': { status: 200, body: FREE_STATUS },
  'GET /signals': { status: 200, body: SIGNALS },
  'GET /signals/quota': { status: 200, body: freeQuota(2) },
}

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

  it('treats a stored but expired token as logged out', async () => {
    const api = fakeApiWith(FREE_USER)
    const stale = { token: 'old', expiresAt: Date.now() - 60_000, email: 'trader@example.com' }
    window.localStorage.setItem('signalbox.session', JSON.stringify(stale))
    reloadSessionFromStorage()

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
