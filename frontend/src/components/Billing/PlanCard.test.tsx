import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it, vi } from 'vitest'
import { leavePageFor } from '../../lib/browser'
import { detail } from '../../test/fakeApi'
import { FREE_STATUS, PAID_SIGNALS, PAID_STATUS, SIGNALS, UNLIMITED_QUOTA, freeQuota } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

vi.mock('../../lib/browser', () => ({ leavePageFor: vi.fn() }))

const CANCELLING_STATUS = { ...PAID_STATUS, current_period_end: '2026-12-28T10:00:00Z', cancel_at_period_end: true }

const PORTAL = { status: 200, body: { portal_url: '/billing/simulated-portal/bps_123' } }

const ALREADY_SUBSCRIBED = detail(
  409,
  'you already have a subscription (active, or waiting for its first payment); manage it from the billing portal',
)

function planCard() {
  return screen.getByRole('region', { name: 'Plan' })
}

describe('the plan card', () => {
  it('says when a subscription cancelled at period end stops, and that it is still paid until then', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: CANCELLING_STATUS },
      'GET /signals': { status: 200, body: PAID_SIGNALS },
      'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
    })
    logInAs()

    renderAt('/dashboard')

    expect(await within(planCard()).findByText(/^Cancels on (28 Dec 2026|Dec 28, 2026)$/)).toBeInTheDocument()
    expect(screen.getByTestId('plan')).toHaveTextContent('Paid')
    expect(within(planCard()).queryByText(/Renews on/)).not.toBeInTheDocument()
  })

  it('resumes a cancelling subscription in the billing portal', async () => {
    const api = fakeApiWith({
      'GET /billing/status': { status: 200, body: CANCELLING_STATUS },
      'GET /signals': { status: 200, body: PAID_SIGNALS },
      'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
      'POST /billing/portal': PORTAL,
    })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await within(planCard()).findByRole('button', { name: 'Resume' }))

    expect(await within(planCard()).findByRole('button', { name: 'Opening billing…' })).toBeDisabled()
    expect(api.count('POST', '/billing/portal')).toBe(1)
    expect(vi.mocked(leavePageFor)).toHaveBeenCalledWith('/billing/simulated-portal/bps_123')
  })

  it('offers "Manage subscription", not "Resume", while the subscription renews', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: PAID_STATUS },
      'GET /signals': { status: 200, body: PAID_SIGNALS },
      'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
    })
    logInAs()

    renderAt('/dashboard')

    expect(await within(planCard()).findByRole('button', { name: 'Manage subscription' })).toBeInTheDocument()
    expect(within(planCard()).queryByRole('button', { name: 'Resume' })).not.toBeInTheDocument()
  })

  it('turns a refused checkout (409) into the server’s reason and a way to the billing portal', async () => {
    const api = fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
      'POST /billing/create-checkout': ALREADY_SUBSCRIBED,
      'POST /billing/portal': PORTAL,
    })
    logInAs()
    renderAt('/dashboard')
    const user = userEvent.setup()

    await user.click(await within(planCard()).findByRole('button', { name: 'Subscribe for ₹499' }))

    expect(await within(planCard()).findByRole('status')).toHaveTextContent(
      'You already have a subscription (active, or waiting for its first payment); manage it from the billing portal.',
    )
    expect(within(planCard()).queryByRole('button', { name: 'Subscribe for ₹499' })).not.toBeInTheDocument()
    expect(api.count('GET', '/billing/status')).toBe(2)

    await user.click(within(planCard()).getByRole('button', { name: 'Manage subscription' }))

    expect(vi.mocked(leavePageFor)).toHaveBeenCalledWith('/billing/simulated-portal/bps_123')
    expect(api.count('POST', '/billing/create-checkout')).toBe(1)
  })

  it('shows SEBI’s F&O risk notice right beside “Subscribe for ₹499”', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
    })
    logInAs()
    renderAt('/dashboard')

    const subscribe = await within(planCard()).findByRole('button', { name: 'Subscribe for ₹499' })

    const notice = within(subscribe.parentElement as HTMLElement).getByRole('complementary', { name: 'Risk notice' })
    expect(notice).toHaveTextContent('9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.')
    expect(notice).toHaveTextContent('SEBI study, FY2021-22 to FY2023-24: 93 % of individual F&O traders lost money')
    expect(notice).toHaveTextContent('Signals are research, not advice tailored to you; past performance does not guarantee future returns.')
  })

  it('keeps the subscribe button for other checkout failures', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
      'POST /billing/create-checkout': detail(502, 'the payment provider is unavailable'),
    })
    logInAs()
    renderAt('/dashboard')

    await userEvent.setup().click(await within(planCard()).findByRole('button', { name: 'Subscribe for ₹499' }))

    expect(await within(planCard()).findByRole('alert')).toHaveTextContent('The payment provider is unavailable.')
    expect(within(planCard()).getByRole('button', { name: 'Subscribe for ₹499' })).toBeEnabled()
    expect(within(planCard()).queryByRole('button', { name: 'Manage subscription' })).not.toBeInTheDocument()
  })
})
