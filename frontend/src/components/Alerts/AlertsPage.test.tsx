import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { describe, expect, it } from 'vitest'
import { detail } from '../../test/fakeApi'
import { fakeApiWith } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

const PREFS = {
  channels: { telegram: { linked: false, enabled: true }, email: { enabled: false }, push: { devices: 0, enabled: true } },
  symbols: ['NIFTY', 'BANKNIFTY'],
  events: { call_opened: true, call_closed: true, session_summary: true },
  quiet_hours: null,
}

describe('/alerts', () => {
  it('needs a session', () => {
    fakeApiWith({})
    renderAt('/alerts')

    expect(window.location.pathname).toBe('/login')
  })

  it('shows the preferences and saves them whole without the read-only fields', async () => {
    const api = fakeApiWith({
      'GET /alerts/preferences': { status: 200, body: PREFS },
      'PUT /alerts/preferences': { status: 200, body: { ...PREFS, channels: { ...PREFS.channels, email: { enabled: true } } } },
    })
    logInAs()
    renderAt('/alerts')
    const user = userEvent.setup()

    await user.click(await screen.findByLabelText('Email'))
    await user.click(screen.getByLabelText('BANKNIFTY'))
    await user.click(screen.getByRole('button', { name: 'Save preferences' }))

    expect(await screen.findByText('Alert preferences saved.')).toBeInTheDocument()
    const put = api.requests.find((r) => r.method === 'PUT')
    expect(put?.body).toEqual({
      channels: { telegram: { enabled: true }, email: { enabled: true }, push: { enabled: true } },
      symbols: ['NIFTY'],
      events: PREFS.events,
    })
  })

  it('links Telegram with a one-time link and its QR code', async () => {
    fakeApiWith({
      'GET /alerts/preferences': { status: 200, body: PREFS },
      'POST /alerts/telegram/link': {
        status: 200,
        body: { url: 'https://t.me/signalbox_dev_bot?start=abc', expires_at: '2026-12-03T10:15:00Z' },
      },
    })
    logInAs()
    renderAt('/alerts')

    await userEvent.setup().click(await screen.findByRole('button', { name: 'Link Telegram' }))

    expect(await screen.findByRole('link', { name: 'https://t.me/signalbox_dev_bot?start=abc' })).toBeInTheDocument()
    expect(await screen.findByRole('img', { name: 'QR code of the Telegram link' })).toBeInTheDocument()
    expect(screen.getByTestId('telegram-status')).toHaveTextContent('Not linked yet.')
  })

  it('says which channels took the test alert, and a refusal in the server’s words', async () => {
    const api = fakeApiWith({
      'GET /alerts/preferences': { status: 200, body: { ...PREFS, channels: { ...PREFS.channels, email: { enabled: true } } } },
      'POST /alerts/test': { status: 200, body: { sent: ['email'], failed: [] } },
    })
    logInAs()
    renderAt('/alerts')
    const user = userEvent.setup()

    await user.click(await screen.findByRole('button', { name: 'Send a test alert' }))
    expect(await screen.findByText('Test alert sent: email.')).toBeInTheDocument()

    api.on('POST', '/alerts/test', detail(429, 'too many attempts; try again in 60 seconds'))
    await user.click(screen.getByRole('button', { name: 'Send a test alert' }))
    await waitFor(() => expect(screen.getByRole('alert')).toHaveTextContent('Too many attempts; try again in 60 seconds.'))
  })

  it('is linked from the header', async () => {
    fakeApiWith({ 'GET /alerts/preferences': { status: 200, body: PREFS } })
    logInAs()
    renderAt('/account')

    await userEvent.setup().click(screen.getByRole('link', { name: 'Alerts' }))

    expect(window.location.pathname).toBe('/alerts')
  })
})
