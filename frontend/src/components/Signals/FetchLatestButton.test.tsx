import { screen, within } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FREE_STATUS, SIGNALS, freeQuota } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

const ist = (isoLocal: string) => new Date(Date.parse(`${isoLocal}+05:30`))

/** The answer of `GET /signals` at a given market moment. */
function answerAt(market: { status: 'open' | 'closed'; as_of: Date; next_open: Date | null }) {
  const asOf = market.as_of.toISOString()
  return {
    ...SIGNALS,
    signals: SIGNALS.signals.map((s) => ({ ...s, timestamp: asOf, published_at: asOf })),
    market: { ...SIGNALS.market, status: market.status, as_of: asOf, next_open: market.next_open?.toISOString() ?? null },
  }
}

function freeUserWhoseLastAnswerIs(last: unknown) {
  return fakeApiWith({
    'GET /billing/status': { status: 200, body: FREE_STATUS },
    'GET /signals/quota': { status: 200, body: freeQuota(2) },
    'GET /signals/last': { status: 200, body: last },
    'GET /signals': { status: 200, body: SIGNALS },
  })
}

const button = () => screen.getByRole('button', { name: /Get latest signals/ })

afterEach(() => {
  vi.useRealTimers()
})

describe('"Get latest signals" for a free user', () => {
  it('shows the last answer on load without spending a request, and waits for the next candle', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(ist('2026-11-26T10:22:00'))
    const api = freeUserWhoseLastAnswerIs(answerAt({ status: 'open', as_of: ist('2026-11-26T10:20:00'), next_open: null }))
    logInAs()

    renderAt('/dashboard')

    expect(await within(screen.getByRole('region', { name: 'Signals' })).findByRole('table')).toBeInTheDocument()
    expect(await screen.findByTestId('next-signal-reason')).toHaveTextContent('Next signal at 10:25 IST')
    expect(button()).toBeDisabled()
    expect(button()).toHaveAccessibleDescription('Next signal at 10:25 IST')
    expect(api.count('GET', '/signals/last')).toBeGreaterThan(0)
    expect(api.count('GET', '/signals')).toBe(0)
  })

  it('after the close, says when the next session brings signals', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(ist('2026-11-26T16:00:00'))
    freeUserWhoseLastAnswerIs(
      answerAt({ status: 'closed', as_of: ist('2026-11-26T15:30:00'), next_open: ist('2026-11-27T09:15:00') }),
    )
    logInAs()

    renderAt('/dashboard')

    expect(await screen.findByTestId('next-signal-reason')).toHaveTextContent('Market closed — next signals Fri 09:15 IST')
    expect(button()).toBeDisabled()
  })

  it('is offered once a newer candle has closed', async () => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(ist('2026-11-26T10:26:00'))
    freeUserWhoseLastAnswerIs(answerAt({ status: 'open', as_of: ist('2026-11-26T10:20:00'), next_open: null }))
    logInAs()

    renderAt('/dashboard')

    await within(screen.getByRole('region', { name: 'Signals' })).findByRole('table')
    expect(await screen.findByRole('button', { name: 'Get latest signals (2 left today)' })).toBeEnabled()
    expect(screen.queryByTestId('next-signal-reason')).toBeNull()
  })
})
