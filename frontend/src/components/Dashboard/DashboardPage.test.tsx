import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { leavePageFor } from '../../lib/browser'
import { recallSignals, rememberSignals } from '../../services/receivedSignals'
import { getSession } from '../../services/session'
import { detail } from '../../test/fakeApi'
import {
  FREE_STATUS,
  PAID_SIGNALS,
  PAID_STATUS,
  REFRESHED_TOKEN,
  SIGNALS,
  UNLIMITED_QUOTA,
  freeQuota,
} from '../../test/fixtures'
import { acceptsOnly, calls, fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

vi.mock('../../lib/browser', () => ({ leavePageFor: vi.fn() }))

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

function signalsSection() {
  return screen.getByRole('region', { name: 'Signals' })
}

describe('/dashboard', () => {
  it('shows skeletons while plan and signals load', () => {
    const api = fakeApiWith({})
    api.deferred('GET', '/billing/status')
    api.deferred('GET', '/signals/quota')
    logInAs()

    renderAt('/dashboard')

    expect(screen.getByRole('status', { name: 'Loading plan' })).toBeInTheDocument()
    expect(screen.getByRole('status', { name: 'Loading signals' })).toBeInTheDocument()
    expect(screen.getByRole('button', { name: 'Refresh' })).toBeDisabled()
    expect(api.count('GET', '/signals')).toBe(0)
  })

  it('opens for a free user without calling GET /signals: plan, what is left today, and the button that spends one', async () => {
    const api = fakeApiWith(FREE_USER)
    logInAs('trader@example.com')

    renderAt('/dashboard')

    expect(await screen.findByRole('button', { name: 'Get latest signals (2 left today)' })).toBeEnabled()
    expect(signalsSection()).toHaveTextContent('No signals received today yet')
    expect(screen.getByRole('region', { name: 'Today' })).toHaveTextContent('2 of 3 free requests left today')
    expect(screen.getByTestId('plan')).toHaveTextContent('Free')
    expect(screen.getByRole('button', { name: 'Subscribe for ₹499' })).toBeInTheDocument()
    expect(screen.getByText('Signals are informational, not investment advice.')).toBeInTheDocument()
    expect(api.count('GET', '/signals')).toBe(0)
    expect(calls(api).filter((c) => c === 'GET /signals' || c === 'GET /signals/quota')).toEqual(['GET /signals/quota'])
  })

  it('shows a free user the signals already received today on reload, in points and IST, without spending one', async () => {
    rememberSignals('u1', SIGNALS)
    const api = fakeApiWith(FREE_USER)
    logInAs()

    renderAt('/dashboard')

    const table = await within(signalsSection()).findByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent(/NIFTY.*BUY.*24,567\.50.*72%.*14:45 IST.*SMA9 crossed above SMA21; RSI 58/)
    expect(rows[1]).toHaveTextContent(/BANKNIFTY.*SELL.*52,345\.70.*61%/)
    expect(signalsSection()).not.toHaveTextContent('₹')
    expect(screen.getByText('Market open')).toBeInTheDocument()
    expect(api.count('GET', '/signals')).toBe(0)
  })

  it('spends exactly one request on "Get latest signals", keeps the answer, and reads the quota after it', async () => {
    let remaining = 2
    const api = fakeApiWith({ ...FREE_USER, 'GET /signals/quota': () => ({ status: 200, body: freeQuota(remaining) }) })
    logInAs()
    renderAt('/dashboard')
    const button = await screen.findByRole('button', { name: 'Get latest signals (2 left today)' })

    remaining = 1
    await userEvent.setup().click(button)

    expect(await within(signalsSection()).findByRole('table')).toBeInTheDocument()
    expect(await screen.findByRole('button', { name: 'Get latest signals (1 left today)' })).toBeEnabled()
    expect(api.count('GET', '/signals')).toBe(1)
    const order = calls(api).filter((c) => c === 'GET /signals' || c === 'GET /signals/quota')
    expect(order).toEqual(['GET /signals/quota', 'GET /signals', 'GET /signals/quota'])
    expect(recallSignals('u1')).toEqual(SIGNALS)
  })

  it('keeps the signals received today on screen with the upgrade offer after a 403, and again after a reload', async () => {
    rememberSignals('u1', SIGNALS)
    let remaining = 1
    const api = fakeApiWith({
      ...FREE_USER,
      'GET /signals': detail(403, 'Daily limit of 3 free requests reached.'),
      'GET /signals/quota': () => ({ status: 200, body: freeQuota(remaining) }),
    })
    logInAs()
    const page = renderAt('/dashboard')
    const button = await screen.findByRole('button', { name: 'Get latest signals (1 left today)' })

    remaining = 0 // spent meanwhile in another tab
    await userEvent.setup().click(button)

    const banner = await screen.findByRole('region', { name: 'Upgrade' })
    expect(banner).toHaveTextContent('You’ve used today’s free signals')
    expect(banner).toHaveTextContent('Daily limit of 3 free requests reached.')
    expect(within(banner).getByRole('button', { name: 'Subscribe for ₹499' })).toBeInTheDocument()
    expect(within(signalsSection()).getByRole('table')).toHaveTextContent('24,567.50')
    expect(screen.queryByRole('alert')).not.toBeInTheDocument()

    page.unmount()
    renderAt('/dashboard')

    expect(await screen.findByRole('region', { name: 'Upgrade' })).toHaveTextContent('stay on this page')
    expect(within(signalsSection()).getByRole('table')).toHaveTextContent('24,567.50')
    expect(screen.getByRole('button', { name: 'Get latest signals (0 left today)' })).toBeDisabled()
    expect(api.count('GET', '/signals')).toBe(1)
  })

  it('keeps the signals received today on screen when a request fails, with the error and a retry above them', async () => {
    rememberSignals('u1', SIGNALS)
    fakeApiWith({ ...FREE_USER, 'GET /signals': detail(500, 'Internal error') })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Get latest signals (2 left today)' }))

    expect(await within(signalsSection()).findByRole('alert')).toHaveTextContent('Internal error')
    expect(within(signalsSection()).getByRole('table')).toHaveTextContent('24,567.50')
  })

  it('does not show one user the signals another received in this browser', async () => {
    rememberSignals('someone-else', SIGNALS)
    fakeApiWith(FREE_USER)
    logInAs('trader@example.com', 'u1')

    renderAt('/dashboard')

    expect(await within(signalsSection()).findByText(/No signals received today yet/)).toBeInTheDocument()
  })

  it('loads a paid user’s signals on open, says when the market opens next, and refreshes on demand', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-11-28T10:00:00Z')) // Saturday
    const closed = { ...PAID_SIGNALS, market: { status: 'closed', as_of: '2026-11-27T10:00:00Z', next_open: '2026-11-30T03:45:00Z' } }
    const api = fakeApiWith({ ...PAID_USER, 'GET /signals': { status: 200, body: closed } })
    logInAs()

    renderAt('/dashboard')

    expect(await within(signalsSection()).findByRole('table')).toBeInTheDocument()
    expect(screen.getByText('Market closed · opens Mon 09:15 IST')).toBeInTheDocument()
    await userEvent.setup().click(screen.getByRole('button', { name: 'Refresh' }))
    await vi.waitFor(() => expect(api.count('GET', '/signals')).toBe(2))
  })

  it('shows a paid user their renewal date and no limits', async () => {
    fakeApiWith(PAID_USER)
    logInAs()

    renderAt('/dashboard')

    await within(signalsSection()).findByRole('table')
    expect(screen.getByTestId('plan')).toHaveTextContent('Paid')
    expect(screen.getByRole('region', { name: 'Plan' })).toHaveTextContent(/Renews on (25 Dec 2026|Dec 25, 2026)/)
    expect(await screen.findByText('Unlimited')).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: /Subscribe/ })).not.toBeInTheDocument()
  })

  it('reads null optional fields as unknown, exactly like absent ones (free user)', async () => {
    // The coming contract sends every documented field, `null` when unknown.
    fakeApiWith({
      'GET /billing/status': { status: 200, body: { ...FREE_STATUS, current_period_end: null } },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: { unlimited: false, limit: null, remaining: 2, resets_at: null } },
    })
    logInAs()

    renderAt('/dashboard')

    expect(await screen.findByTestId('quota-remaining')).toHaveTextContent('2')
    const today = screen.getByRole('region', { name: 'Today' })
    expect(today).toHaveTextContent(/^Today2 free requests left today$/)
    expect(screen.getByTestId('plan')).toHaveTextContent('Free')
    expect(screen.getByRole('region', { name: 'Plan' })).not.toHaveTextContent(/null|Invalid|Renews|Cancels/)
  })

  it('reads null optional fields as unknown, exactly like absent ones (paid user)', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: { ...PAID_STATUS, current_period_end: null } },
      'GET /signals': { status: 200, body: { ...PAID_SIGNALS, remaining: null, resets_at: null } },
      'GET /signals/quota': { status: 200, body: { unlimited: true, limit: null, remaining: null, resets_at: null } },
    })
    logInAs()

    renderAt('/dashboard')

    await within(signalsSection()).findByRole('table')
    expect(await screen.findByText('Unlimited')).toBeInTheDocument()
    expect(screen.getByTestId('plan')).toHaveTextContent('Paid')
    expect(screen.getByRole('region', { name: 'Plan' })).not.toHaveTextContent(/null|Invalid|Renews|Cancels/)
    expect(screen.getByRole('button', { name: 'Manage subscription' })).toBeInTheDocument()
  })

  it('shows an error with a retry that recovers', async () => {
    let failing = true
    fakeApiWith({
      ...PAID_USER,
      'GET /signals': () => (failing ? detail(500, 'Internal error') : { status: 200, body: PAID_SIGNALS }),
    })
    logInAs()
    renderAt('/dashboard')

    const alert = await within(signalsSection()).findByRole('alert')
    expect(alert).toHaveTextContent('Internal error')

    failing = false
    await userEvent.setup().click(within(alert).getByRole('button', { name: 'Try again' }))

    expect(await within(signalsSection()).findByRole('table')).toBeInTheDocument()
    expect(within(signalsSection()).queryByRole('alert')).not.toBeInTheDocument()
  })

  it('sends the user to the checkout page when they subscribe', async () => {
    const api = fakeApiWith({
      ...FREE_USER,
      'POST /billing/create-checkout': {
        status: 200,
        body: { checkout_url: '/billing/simulated-checkout/cs_123', session_id: 'cs_123' },
      },
    })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Subscribe for ₹499' }))

    expect(await screen.findByRole('button', { name: 'Opening checkout…' })).toBeDisabled()
    expect(api.count('POST', '/billing/create-checkout')).toBe(1)
    expect(vi.mocked(leavePageFor)).toHaveBeenCalledWith('/billing/simulated-checkout/cs_123')
  })

  it('explains a 409 on subscribe and refreshes the plan', async () => {
    const api = fakeApiWith({ ...FREE_USER, 'POST /billing/create-checkout': detail(409, 'already subscribed') })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Subscribe for ₹499' }))

    expect(await screen.findByText('Already subscribed.')).toBeInTheDocument()
    expect(api.count('GET', '/billing/status')).toBe(2)
    expect(vi.mocked(leavePageFor)).not.toHaveBeenCalled()
  })

  it('opens the billing portal for a paid user', async () => {
    const api = fakeApiWith({
      ...PAID_USER,
      'POST /billing/portal': { status: 200, body: { portal_url: '/billing/simulated-portal/bps_123' } },
    })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Manage subscription' }))

    expect(await screen.findByRole('button', { name: 'Opening billing…' })).toBeDisabled()
    expect(api.requests.find((r) => r.path === '/billing/portal')?.headers.get('Authorization')).toBe('Bearer token-abc')
    expect(vi.mocked(leavePageFor)).toHaveBeenCalledWith('/billing/simulated-portal/bps_123')
  })

  it('shows why the billing portal cannot open (409) and stays on the page', async () => {
    fakeApiWith({ ...PAID_USER, 'POST /billing/portal': detail(409, 'no billing account yet: subscribe first') })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Manage subscription' }))

    expect(await within(screen.getByRole('region', { name: 'Plan' })).findByRole('alert')).toHaveTextContent(
      'No billing account yet: subscribe first.',
    )
    expect(screen.getByRole('button', { name: 'Manage subscription' })).toBeEnabled()
    expect(vi.mocked(leavePageFor)).not.toHaveBeenCalled()
  })

  it('offers no billing portal to a free user', async () => {
    fakeApiWith(FREE_USER)
    logInAs()
    renderAt('/dashboard')

    await screen.findByRole('button', { name: 'Subscribe for ₹499' })
    expect(screen.queryByRole('button', { name: 'Manage subscription' })).not.toBeInTheDocument()
  })

  it('logs out on the server, then back to the login page', async () => {
    const api = fakeApiWith({ ...FREE_USER, 'POST /auth/logout': { status: 204 } })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(screen.getByRole('button', { name: 'Log out' }))

    expect(await screen.findByRole('heading', { name: 'Welcome back' })).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
    expect(getSession()).toBeNull()
    expect(api.count('POST', '/auth/logout')).toBe(1)
    expect(screen.queryByRole('status')).not.toBeInTheDocument()
  })

  it('keeps showing the dashboard when an expired token is renewed behind the scenes', async () => {
    const api = fakeApiWith({
      'GET /billing/status': acceptsOnly('token-new', { status: 200, body: PAID_STATUS }),
      'GET /signals': acceptsOnly('token-new', { status: 200, body: PAID_SIGNALS }),
      'GET /signals/quota': acceptsOnly('token-new', { status: 200, body: UNLIMITED_QUOTA }),
      'POST /auth/refresh': { status: 200, body: REFRESHED_TOKEN },
    })
    logInAs()

    renderAt('/dashboard')

    expect(await within(signalsSection()).findByRole('table')).toBeInTheDocument()
    expect(await screen.findByText('Unlimited')).toBeInTheDocument()
    expect(screen.getByTestId('plan')).toHaveTextContent('Paid')
    expect(api.count('POST', '/auth/refresh')).toBe(1)
    expect(api.count('GET', '/signals')).toBe(1)
    expect(window.location.pathname).toBe('/dashboard')
  })

  it('returns to the login page with a notice when the token is rejected and cannot be renewed', async () => {
    fakeApiWith({
      ...FREE_USER,
      'GET /signals/quota': detail(401, 'Token expired'),
      'POST /auth/refresh': detail(401, 'refresh token expired'),
    })
    logInAs()

    renderAt('/dashboard')

    expect(await screen.findByText('Your session has ended. Please log in again.')).toBeInTheDocument()
    expect(window.location.pathname).toBe('/login')
  })
})
