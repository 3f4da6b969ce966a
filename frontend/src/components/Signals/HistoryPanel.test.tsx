import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { fakeStream } from '../../test/fakeStream'
import type { FakeHandler } from '../../test/fakeApi'
import {
  FREE_STATUS,
  PAID_SIGNALS,
  PAID_STATUS,
  UNLIMITED_QUOTA,
  freeQuota,
  history,
  pastSignal,
} from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

// 25 Nov 2026, UTC: 04:00 is 09:30 IST.
const NIFTY_SESSION = [
  pastSignal('06:00', 'SELL', 24590.1, { after_minutes: 15, move_pct: 0.12, hit: false }),
  pastSignal('05:00', 'HOLD', 24575.3),
  pastSignal('04:30', 'BUY', 24560.0, null),
  pastSignal('04:00', 'BUY', 24550.2, { after_minutes: 15, move_pct: 0.21, hit: true }),
]
const YESTERDAY = { ...pastSignal('09:55', 'SELL', 24400, { after_minutes: 15, move_pct: -0.3, hit: true }), timestamp: '2026-11-24T09:55:00Z' }

function historyRoute(nifty: ReturnType<typeof history>, banknifty = history('BANKNIFTY')): FakeHandler {
  return (request) => ({ status: 200, body: request.query.get('symbol') === 'BANKNIFTY' ? banknifty : nifty })
}

function paidDashboard(nifty = history('NIFTY', [...NIFTY_SESSION, YESTERDAY])) {
  const api = fakeApiWith({
    'GET /billing/status': { status: 200, body: PAID_STATUS },
    'GET /signals': { status: 200, body: PAID_SIGNALS },
    'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
    'GET /signals/history': historyRoute(nifty),
  })
  logInAs()
  renderAt('/dashboard')
  return api
}

/** Shown once the plan is known (history is reloaded when it changes). */
const historySection = () => screen.getByRole('region', { name: 'History' })
const historyShown = () => screen.findByRole('region', { name: 'History' })

describe('history and chart', () => {
  it('draws the latest session with a green up-triangle per BUY and a red down-triangle per SELL, axes in IST', async () => {
    paidDashboard()

    const chart = await within(await historyShown()).findByRole('img', { name: /^NIFTY on Wed 25 Nov: 4 signals, 2 BUY, 1 SELL$/ })
    expect(chart.querySelectorAll('.marker-buy')).toHaveLength(2)
    expect(chart.querySelectorAll('.marker-sell')).toHaveLength(1)
    expect(chart.querySelector('.marker-sell title')).toHaveTextContent('SELL at 24,590.10 · 11:30 IST')
    // The line joins all four of the session's signals, and none of the day before.
    expect(chart.querySelector('polyline')?.getAttribute('points')?.split(' ')).toHaveLength(4)
    const labels = [...chart.querySelectorAll('text')].map((t) => t.textContent)
    expect(labels).toEqual(expect.arrayContaining(['09:15', '15:30']))
    expect(historySection()).not.toHaveTextContent('₹')
  })

  it('lists past signals newest first with the move and ✓ / ✗ / – for hit, miss and not judged', async () => {
    paidDashboard()

    const table = await within(await historyShown()).findByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent(/11:30 IST.*SELL.*24,590\.10.*60%.*SELL reason.*\+0\.12%.*✗/)
    expect(within(rows[0] as HTMLElement).getByRole('img', { name: 'miss' })).toBeInTheDocument()
    expect(within(rows[1] as HTMLElement).getByRole('img', { name: 'not judged' })).toBeInTheDocument()
    expect(rows[2]).toHaveTextContent(/BUY.*pending/)
    expect(within(rows[3] as HTMLElement).getByRole('img', { name: 'hit' })).toBeInTheDocument()
    expect(rows[4]).toHaveTextContent(/Tue 24 Nov 15:25 IST.*−0\.30%/)
  })

  it('shows where each past signal came from and how late it was', async () => {
    paidDashboard()

    const table = await within(await historyShown()).findByRole('table')
    const rows = within(table).getAllByRole('row').slice(1)
    expect(rows[0]).toHaveTextContent(/yahoo · 5 s after the close/)
  })

  it('shows no per-signal hit rate as a track record', async () => {
    paidDashboard()
    await within(await historyShown()).findByRole('table')
    expect(historySection()).not.toHaveTextContent(/Hit rate|Track record/)
  })

  it('switches to BANKNIFTY', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals/quota': { status: 200, body: freeQuota(3) },
      'GET /signals/history': historyRoute(
        history('NIFTY', NIFTY_SESSION),
        history('BANKNIFTY', [pastSignal('04:00', 'SELL', 52345.7, undefined, 'BANKNIFTY')]),
      ),
    })
    logInAs()
    renderAt('/dashboard')
    await within(await historyShown()).findByRole('table')

    await userEvent.setup().click(within(historySection()).getByRole('button', { name: 'BANKNIFTY' }))

    expect(within(historySection()).getByRole('img', { name: /^BANKNIFTY on/ })).toBeInTheDocument()
    expect(within(historySection()).getByRole('table')).toHaveTextContent('52,345.70')
  })
})

describe('live updates', () => {
  it('replace the current signal for its symbol and top its history, with a live indicator', async () => {
    paidDashboard()
    const signals = screen.getByRole('region', { name: 'Signals' })
    await within(signals).findByRole('table')
    await within(await historyShown()).findByRole('table')

    const connection = await fakeStream().connection(0)
    connection.accept()
    expect(await within(signals).findByRole('status')).toHaveTextContent('Live')
    // Newer than the current NIFTY signal (09:15 UTC) and than its history.
    const live = { ...pastSignal('09:20', 'SELL', 24601.45), outcome: undefined }
    connection.write(`event: signal\ndata: ${JSON.stringify(live)}\n\n`)

    const niftyRow = await within(signals).findByRole('row', { name: /NIFTY.*SELL.*24,601\.45/ })
    expect(niftyRow).toHaveTextContent('SELL reason')
    expect(within(signals).getByRole('row', { name: /BANKNIFTY/ })).toHaveTextContent('52,345.70')
    const first = within(within(historySection()).getByRole('table')).getAllByRole('row')[1]
    expect(first).toHaveTextContent(/14:50 IST.*SELL.*24,601\.45.*pending/)
    expect(within(historySection()).getByRole('img', { name: /5 signals, 2 BUY, 2 SELL/ })).toBeInTheDocument()
  })

  it('reload the history once per candle close, so outcomes settled at that close show up', async () => {
    const api = paidDashboard()
    await within(await historyShown()).findByRole('table')
    const before = api.count('GET', '/signals/history')
    const connection = await fakeStream().connection(0)
    connection.accept()
    // The 04:30 BUY was pending; by the next close its outcome is settled on the server.
    const settled = history(
      'NIFTY',
      [NIFTY_SESSION[0], NIFTY_SESSION[1], pastSignal('04:30', 'BUY', 24560.0, { after_minutes: 15, move_pct: 0.4, hit: true }), NIFTY_SESSION[3]],
    )
    api.on('GET', '/signals/history', historyRoute(settled))

    const close = (symbol: 'NIFTY' | 'BANKNIFTY') => ({ ...pastSignal('09:20', 'SELL', 24601.45, undefined, symbol), outcome: undefined })
    connection.write(`event: signal\ndata: ${JSON.stringify(close('NIFTY'))}\n\n`)
    connection.write(`event: signal\ndata: ${JSON.stringify(close('BANKNIFTY'))}\n\n`)

    await waitFor(() => {
      const rows = within(within(historySection()).getByRole('table')).getAllByRole('row')
      expect(rows.some((row) => /10:00 IST.*BUY.*\+0\.40%/.test(row.textContent ?? ''))).toBe(true)
    })
    // Both symbols once for the one close, though two signals arrived.
    expect(api.count('GET', '/signals/history') - before).toBe(2)
  })

  it('are not opened for a free user', async () => {
    fakeApiWith({
      'GET /billing/status': { status: 200, body: FREE_STATUS },
      'GET /signals/quota': { status: 200, body: freeQuota(2) },
    })
    logInAs()
    renderAt('/dashboard')

    await screen.findByRole('button', { name: /Get latest signals/ })
    await within(await historyShown()).findByText('No past signals yet.')
    expect(fakeStream().connections).toHaveLength(0)
  })

  it('stop when the user logs out', async () => {
    const api = paidDashboard()
    api.on('POST', '/auth/logout', { status: 204 })
    const connection = await fakeStream().connection(0)
    connection.accept()

    await userEvent.setup().click(screen.getByRole('button', { name: 'Log out' }))

    await screen.findByRole('heading', { name: 'Welcome back' })
    expect(connection.aborted).toBe(true)
    expect(fakeStream().connections).toHaveLength(1)
  })
})
