import { screen, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { FREE_STATUS, SIGNALS, freeQuota } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

const BANNER = 'Demo market — simulated prices, not real NSE data'

const SIMULATED = {
  ...SIGNALS,
  signals: SIGNALS.signals.map((s) => ({ ...s, source: 'simulator', simulated: true })),
  market: { ...SIGNALS.market, simulated: true },
}

function freeUserWith(last: unknown) {
  return fakeApiWith({
    'GET /billing/status': { status: 200, body: FREE_STATUS },
    'GET /signals/quota': { status: 200, body: freeQuota(2) },
    'GET /signals/last': { status: 200, body: last },
  })
}

describe('the demo-market banner', () => {
  it('shows on the dashboard when the prices are simulated, with no way to close it', async () => {
    freeUserWith(SIMULATED)
    logInAs()

    renderAt('/dashboard')

    const banner = await screen.findByTestId('demo-market-banner')
    expect(banner).toHaveTextContent(BANNER)
    expect(within(banner).queryByRole('button')).toBeNull()
  })

  it('stays on every page, the account page included', async () => {
    freeUserWith(SIMULATED)
    logInAs()
    renderAt('/dashboard')
    await screen.findByTestId('demo-market-banner')

    await userEvent.click(screen.getByRole('link', { name: 'trader@example.com' }))

    expect(await screen.findByRole('heading', { name: 'Change password' })).toBeInTheDocument()
    expect(screen.getByTestId('demo-market-banner')).toHaveTextContent(BANNER)
  })

  it('is absent when the prices are the real market’s', async () => {
    freeUserWith(SIGNALS)
    logInAs()

    renderAt('/dashboard')

    expect(await within(screen.getByRole('region', { name: 'Signals' })).findByRole('table')).toBeInTheDocument()
    expect(screen.queryByText(BANNER)).toBeNull()
  })

  it('shows each signal’s source and how late it came', async () => {
    freeUserWith(SIMULATED)
    logInAs()

    renderAt('/dashboard')

    const provenance = await screen.findAllByTestId('signal-provenance')
    // Published at 09:15:42 UTC for the 09:15 UTC candle close.
    expect(provenance[0]).toHaveTextContent('simulator (simulated) · 42 s after the close')
  })
})
