/**
 * What the dashboard does when the browser, not the app, moves the user: a logout in another tab, and Back/Forward
 * bringing a page back from the back/forward cache (after leaving for checkout, or after logging out).
 */
import { act, screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { leavePageFor } from './lib/browser'
import { SESSION_ENDED_NOTICE } from './services/api'
import { watchPageRestores } from './services/pageRestore'
import { getSession } from './services/session'
import { followLogoutsElsewhere, logOut } from './services/sessionLifecycle'
import { detail } from './test/fakeApi'
import { FREE_STATUS, PAID_SIGNALS, PAID_STATUS, REFRESHED_TOKEN, SIGNALS, UNLIMITED_QUOTA, USER, freeQuota } from './test/fixtures'
import { calls, fakeApiWith } from './test/helpers'
import { comeBackFromCache, leaveIntoCache, showFresh } from './test/pageEvents'
import { logInAs, renderAt } from './test/render'

vi.mock('./lib/browser', () => ({ leavePageFor: vi.fn() }))

const FREE_USER = {
  'GET /billing/status': { status: 200, body: FREE_STATUS },
  'GET /signals': { status: 200, body: SIGNALS },
  'GET /signals/quota': { status: 200, body: freeQuota(2) },
}

const PAID_USER = {
  'GET /billing/status': { status: 200, body: PAID_STATUS },
  'GET /signals': { status: 200, body: PAID_SIGNALS },
  'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
}

const STILL_LOGGED_IN = {
  'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
  'GET /auth/me': { status: 200, body: USER },
}

/** Another tab of the same browser, as far as the logout channel is concerned. */
async function otherTab() {
  vi.resetModules()
  return import('./services/logoutBroadcast')
}

/** The table whether or not it is hidden (role queries skip hidden elements by default). */
const signalsTable = () => screen.queryByRole('table', { hidden: true })

let stopWatching: Array<() => void> = []
beforeEach(() => {
  stopWatching = [watchPageRestores(), followLogoutsElsewhere()]
})
afterEach(() => {
  stopWatching.forEach((stop) => stop())
})

describe('a logout in another tab', () => {
  it('logs this tab out too and shows the login page, without calling the server again', async () => {
    const api = fakeApiWith(PAID_USER)
    logInAs()
    renderAt('/dashboard')
    expect(await screen.findByRole('table')).toBeVisible()

    const tab = await otherTab()
    tab.announceLogout()

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(getSession()).toBeNull()
    expect(window.location.pathname).toBe('/login')
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    expect(api.count('POST', '/auth/logout')).toBe(0)
    tab.closeLogoutChannel()
  })

  it('is announced by logging out here', async () => {
    fakeApiWith({ 'POST /auth/logout': { status: 204 } })
    logInAs()
    const tab = await otherTab()
    const heard = vi.fn()
    const stop = tab.listenForLogoutElsewhere(heard)

    await logOut()

    await vi.waitFor(() => expect(heard).toHaveBeenCalledTimes(1))
    stop()
    tab.closeLogoutChannel()
  })
})

describe('a page restored from the back/forward cache', () => {
  it('hides its data until the session is checked again, then shows it without fetching it again', async () => {
    const api = fakeApiWith({ ...PAID_USER, 'GET /auth/me': { status: 200, body: USER } })
    const refresh = api.deferred('POST', '/auth/refresh')
    logInAs()
    renderAt('/dashboard')
    expect(await screen.findByRole('table')).toBeVisible()

    await leaveIntoCache()
    expect(signalsTable()).not.toBeVisible()

    await comeBackFromCache()
    expect(screen.getByRole('status', { name: 'Signing you in' })).toBeInTheDocument()
    expect(signalsTable()).not.toBeVisible()

    await act(async () => refresh.respond({ status: 200, body: REFRESHED_TOKEN }))

    await vi.waitFor(() => expect(signalsTable()).toBeVisible())
    expect(screen.queryByRole('status', { name: 'Signing you in' })).not.toBeInTheDocument()
    const signalCalls = calls(api).filter((call) => call === 'GET /signals' || call === 'GET /signals/quota')
    expect(signalCalls).toEqual(['GET /signals/quota', 'GET /signals'])
    expect(getSession()).toMatchObject({ token: 'token-new', email: USER.email })
  })

  it('shows the login page instead of the data when the session ended meanwhile', async () => {
    const api = fakeApiWith({ ...PAID_USER, 'POST /auth/refresh': detail(401, 'refresh token revoked') })
    logInAs()
    renderAt('/dashboard')
    await screen.findByRole('table')

    await leaveIntoCache()
    await comeBackFromCache()

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeVisible()
    expect(screen.getByText(SESSION_ENDED_NOTICE)).toBeInTheDocument()
    expect(screen.queryByRole('table')).not.toBeInTheDocument()
    expect(getSession()).toBeNull()
    expect(api.count('GET', '/signals')).toBe(1)
  })

  it('starts over as the account the cookie now belongs to', async () => {
    const api = fakeApiWith({
      ...PAID_USER,
      'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
      'GET /auth/me': { status: 200, body: { ...USER, id: 'u2', email: 'someone-else@example.com' } },
    })
    logInAs('trader@example.com')
    renderAt('/dashboard')
    await screen.findByRole('table')

    await leaveIntoCache()
    await comeBackFromCache()

    expect(await screen.findByText('someone-else@example.com')).toBeVisible()
    await vi.waitFor(() => expect(api.count('GET', '/signals')).toBe(2))
    expect(screen.queryByText('trader@example.com')).not.toBeInTheDocument()
  })

  it('is not re-checked on an ordinary page show', async () => {
    const api = fakeApiWith({ ...PAID_USER, ...STILL_LOGGED_IN })
    logInAs()
    renderAt('/dashboard')
    await screen.findByRole('table')

    await showFresh()

    expect(api.count('POST', '/auth/refresh')).toBe(0)
    expect(signalsTable()).toBeVisible()
  })
})

describe('coming back to the dashboard from checkout or the billing portal without finishing', () => {
  it('makes "Subscribe" usable again instead of leaving "Opening checkout…" stuck', async () => {
    fakeApiWith({
      ...FREE_USER,
      ...STILL_LOGGED_IN,
      'POST /billing/create-checkout': { status: 200, body: { checkout_url: '/billing/simulated-checkout/cs_1', session_id: 'cs_1' } },
    })
    logInAs()
    renderAt('/dashboard')
    const plan = within(await screen.findByRole('region', { name: 'Plan' }))
    await userEvent.setup().click(await plan.findByRole('button', { name: 'Subscribe for ₹499' }))
    expect(await plan.findByRole('button', { name: 'Opening checkout…' })).toBeDisabled()
    expect(vi.mocked(leavePageFor)).toHaveBeenCalledWith('/billing/simulated-checkout/cs_1')

    await leaveIntoCache()
    await comeBackFromCache()

    expect(await plan.findByRole('button', { name: 'Subscribe for ₹499' })).toBeEnabled()
  })

  it('makes "Manage subscription" usable again', async () => {
    fakeApiWith({
      ...PAID_USER,
      ...STILL_LOGGED_IN,
      'POST /billing/portal': { status: 200, body: { portal_url: '/billing/simulated-portal/bps_1' } },
    })
    logInAs()
    renderAt('/dashboard')
    await userEvent.setup().click(await screen.findByRole('button', { name: 'Manage subscription' }))
    expect(await screen.findByRole('button', { name: 'Opening billing…' })).toBeDisabled()

    await leaveIntoCache()
    await comeBackFromCache()

    expect(await screen.findByRole('button', { name: 'Manage subscription' })).toBeEnabled()
  })

  it('keeps the button busy while the page is only about to leave', async () => {
    fakeApiWith({
      ...FREE_USER,
      'POST /billing/create-checkout': { status: 200, body: { checkout_url: '/billing/simulated-checkout/cs_1', session_id: 'cs_1' } },
    })
    logInAs()
    renderAt('/dashboard')
    const plan = within(await screen.findByRole('region', { name: 'Plan' }))
    await userEvent.setup().click(await plan.findByRole('button', { name: 'Subscribe for ₹499' }))

    await showFresh()

    expect(plan.getByRole('button', { name: 'Opening checkout…' })).toBeDisabled()
  })
})
