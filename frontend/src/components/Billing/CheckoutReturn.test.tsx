import { act, screen } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { FREE_STATUS, PAID_SIGNALS, PAID_STATUS, SIGNALS, UNLIMITED_QUOTA, freeQuota } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

/** Lets pending fake-server answers and React updates land, then moves the clock. */
async function advance(ms: number) {
  await act(() => vi.advanceTimersByTimeAsync(ms))
}

describe('returning from checkout', () => {
  it('polls the plan every second until it is paid, then loads signals as a paid user', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] })
    const webhookArrivesAt = Date.now() + 2_500
    const api = fakeApiWith({
      'GET /billing/status': () => ({ status: 200, body: Date.now() >= webhookArrivesAt ? PAID_STATUS : FREE_STATUS }),
      'GET /signals': { status: 200, body: PAID_SIGNALS },
      'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
    })
    logInAs()

    renderAt('/dashboard?checkout=success&session_id=cs_123')
    await advance(0)

    expect(screen.getByText('Activating your subscription…')).toBeInTheDocument()
    expect(api.count('GET', '/signals')).toBe(0)

    await advance(1000)
    await advance(1000)
    expect(screen.getByText('Activating your subscription…')).toBeInTheDocument()

    await advance(1000)
    expect(screen.getByText('Your subscription is active. Enjoy unlimited signals.')).toBeInTheDocument()
    expect(screen.getByTestId('plan')).toHaveTextContent('Paid')
    expect(screen.getByRole('table')).toBeInTheDocument()
    expect(api.count('GET', '/signals')).toBe(1)
    expect(window.location.search).toBe('')
  })

  it('gives up after about 20 seconds with a message, and still shows the page', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    const api = fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
    })
    logInAs()

    renderAt('/dashboard?checkout=success&session_id=cs_123')
    await advance(18_000)
    expect(screen.getByText('Activating your subscription…')).toBeInTheDocument()

    await advance(2_000)
    expect(screen.getByText(/activation is taking longer than usual/)).toBeInTheDocument()
    expect(screen.queryByText('Activating your subscription…')).not.toBeInTheDocument()
    // Still free: opening the dashboard spends none of the free requests.
    expect(api.count('GET', '/signals')).toBe(0)
    const pollsAtTimeout = api.count('GET', '/billing/status')

    await advance(5_000)
    expect(api.count('GET', '/billing/status')).toBe(pollsAtTimeout)
  })

  it('notes a cancelled checkout neutrally and tidies the URL', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals': { status: 200, body: SIGNALS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
    })
    logInAs()

    renderAt('/dashboard?checkout=cancel')

    expect(await screen.findByText('Checkout cancelled. You have not been charged.')).toBeInTheDocument()
    expect(window.location.search).toBe('')
    expect(await screen.findByRole('button', { name: 'Get latest signals (2 left today)' })).toBeEnabled()
  })
})
