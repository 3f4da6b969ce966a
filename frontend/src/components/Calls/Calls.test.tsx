import { screen, waitFor, within } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { FakeHandler, FakeResponse } from '../../test/fakeApi'
import { MODEL, PAID_SIGNALS, PAID_STATUS, TRACK_RECORD, UNLIMITED_QUOTA, callsPage, tradeCall } from '../../test/fixtures'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

function paidDashboard(routes: Record<string, FakeHandler | FakeResponse> = {}) {
  const api = fakeApiWith({
    'GET /billing/status': { status: 200, body: PAID_STATUS },
    'GET /signals': { status: 200, body: PAID_SIGNALS },
    'GET /signals/quota': { status: 200, body: UNLIMITED_QUOTA },
    ...routes,
  })
  logInAs()
  renderAt('/dashboard')
  return api
}

const callsSection = () => screen.findByRole('region', { name: 'Calls' })

afterEach(() => {
  vi.restoreAllMocks()
})

describe('calls table', () => {
  it('appends older pages without repeating a call, shows open calls as open, and stops at the last page', async () => {
    // A call opened between the two reads shifts the second page by one: its first row was already shown.
    const pages: FakeHandler = (request) =>
      request.query.get('cursor') === 'NIFTY-202611250420'
        ? { status: 200, body: callsPage('NIFTY', [tradeCall(20), tradeCall(10)]) }
        : { status: 200, body: callsPage('NIFTY', [tradeCall(30, false), tradeCall(20)], 'NIFTY-202611250420') }
    paidDashboard({ 'GET /signals/calls': pages })
    const section = await callsSection()
    await within(section).findAllByTestId('call-row')
    expect(within(section).getAllByTestId('call-row')[0]).toHaveTextContent('open')

    await userEvent.setup().click(within(section).getByRole('button', { name: 'Load older' }))

    await waitFor(() => expect(within(section).getAllByTestId('call-row')).toHaveLength(3))
    const rows = within(section).getAllByTestId('call-row')
    expect(rows[2]).toHaveTextContent(/target at 24,600\.00.*\+0\.09%/)
    expect(within(section).queryByRole('button', { name: 'Load older' })).toBeNull()
  })
})

describe('CSV download', () => {
  it('fetches the CSV with the bearer token and hands the browser a file', async () => {
    const created = vi.fn((blob: Blob) => {
      void blob
      return 'blob:calls'
    })
    Object.assign(URL, { createObjectURL: created, revokeObjectURL: vi.fn() })
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(() => undefined)
    const csv = 'id,symbol\nNIFTY-202611250400,NIFTY\n'
    const api = paidDashboard({ 'GET /signals/calls.csv': { status: 200, body: csv, headers: { 'Content-Type': 'text/csv' } } })
    const section = await callsSection()

    await userEvent.setup().click(within(section).getByRole('button', { name: 'Download CSV' }))

    await waitFor(() => expect(click).toHaveBeenCalled())
    const request = api.requests.find((r) => r.path === '/signals/calls.csv')
    expect(request?.headers.get('Authorization')).toBe('Bearer token-abc')
    expect(request?.query.get('symbol')).toBe('NIFTY')
    const blob = created.mock.calls[0]?.[0]
    expect(await blob?.text()).toBe(csv)
  })
})

describe('track record', () => {
  it('states the net record, the cost, the baseline, and draws the equity curve and the reliability chart from the data', async () => {
    paidDashboard({ 'GET /signals/track-record': { status: 200, body: TRACK_RECORD } })
    const record = await screen.findByRole('region', { name: 'Track record' })

    await within(record).findByTestId('record-calls')
    expect(record).toHaveTextContent('Net of 0.07 % round-trip costs')
    expect(within(record).getByTestId('record-baseline')).toHaveTextContent('−0.42%')
    expect(record).toHaveTextContent(/Hit rate\s*66\.7%/)
    expect(record).toHaveTextContent('+0.15%')
    // The curve starts at zero and has one point per closed call.
    expect(within(record).getByTestId('equity-line').getAttribute('points')?.split(' ')).toHaveLength(4)
    // Empty buckets are not drawn; each drawn one is labelled with its count.
    const points = within(record).getAllByTestId('reliability-point')
    expect(points.map((p) => p.textContent)).toEqual(['2', '1'])
    expect(within(record).getByTestId('reliability-diagonal')).toBeInTheDocument()
  })
})

describe('current stance', () => {
  it('shows each symbol with its open call entry, stop-loss, target and since when', async () => {
    const nifty = { ...tradeCall(55, false), id: 'NIFTY-202611250855', entry: 24551.25 }
    paidDashboard({
      'GET /signals/calls': (request) => ({
        status: 200,
        body: request.query.get('symbol') === 'NIFTY' ? callsPage('NIFTY', [nifty]) : callsPage('BANKNIFTY'),
      }),
    })

    const stance = await screen.findByTestId('stance-NIFTY')
    expect(stance).toHaveTextContent('BUY')
    await waitFor(() => expect(within(stance).getByTestId('stance-entry')).toHaveTextContent('24,551.25'))
    expect(within(stance).getByTestId('stance-stop')).toHaveTextContent('24,530.50')
    expect(within(stance).getByTestId('stance-target')).toHaveTextContent('24,617.00')
    expect(stance).toHaveTextContent(/since .*14:25 IST/)
  })
  it('asks the ledger again when it does not yet list the call the signal announces', async () => {
    const previous = { ...tradeCall(40, true), id: 'NIFTY-202611250800', entry: 24_400 }
    const nifty = { ...tradeCall(55, false), id: 'NIFTY-202611250855', entry: 24551.25 }
    let niftyReads = 0
    paidDashboard({
      'GET /signals/calls': (request) => {
        if (request.query.get('symbol') !== 'NIFTY') return { status: 200, body: callsPage('BANKNIFTY') }
        // The calls table reads pages too; only the stance's one-call reads count here. The
        // first two are stale (React's strict mode runs the effect twice), so a single read would never show the entry.
        if (request.query.get('limit') === '1') niftyReads += 1
        const stale = request.query.get('limit') === '1' && niftyReads <= 2
        return { status: 200, body: callsPage('NIFTY', [stale ? previous : nifty]) }
      },
    })

    const stance = await screen.findByTestId('stance-NIFTY')
    await waitFor(() => expect(within(stance).getByTestId('stance-entry')).toHaveTextContent('24,551.25'), { timeout: 3_000 })
  })
})

describe('how it works', () => {
  it('renders the model the API describes, logged out too', async () => {
    const model = { ...MODEL, levels: { ...MODEL.levels, stop_loss_atr: 1.75 }, cost_bps: 6.5 }
    fakeApiWith({ 'GET /signals/model': { status: 200, body: model } })
    renderAt('/how-it-works')

    expect(await screen.findByTestId('model-stop-atr')).toHaveTextContent('1.75')
    expect(screen.getByTestId('model-cost')).toHaveTextContent('6.5')
    expect(screen.getByTestId('model-no-entry')).toHaveTextContent('30')
    expect(screen.getByTestId('model-prior')).toHaveTextContent('42.9 %')
    expect(within(screen.getByTestId('model-exit-rules')).getAllByRole('listitem')).toHaveLength(2)
    expect(screen.getByRole('link', { name: 'Log in' })).toBeInTheDocument()
  })
})
