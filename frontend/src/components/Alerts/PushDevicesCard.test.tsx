import { screen, waitFor } from '@testing-library/react'
import userEvent from '@testing-library/user-event'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { detail } from '../../test/fakeApi'
import { fakeApiWith as fakeApiWithRoutes } from '../../test/helpers'
import { logInAs, renderAt } from '../../test/render'

// RFC 8291 appendix A's browser keys (published test data) stand in for a real subscription's.
const P256DH = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4'
const AUTH = 'BTBZMqHH6r4Tts7J_aSIgg'
const SERVER_KEY = 'BP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A8'
const ENDPOINT = 'https://fcm.googleapis.com/fcm/send/abc'

/** The card lives on the Alerts page, which reads the saved preferences beside it. */
const PREFS = {
  channels: { telegram: { linked: false, enabled: true }, email: { enabled: false }, push: { devices: 0, enabled: true } },
  symbols: ['NIFTY', 'BANKNIFTY'],
  events: { call_opened: true, call_closed: true, session_summary: true },
  quiet_hours: null,
}
const fakeApiWith = (routes: Parameters<typeof fakeApiWithRoutes>[0]) =>
  fakeApiWithRoutes({ 'GET /alerts/preferences': { status: 200, body: PREFS }, ...routes })

interface BrowserOptions {
  permission?: NotificationPermission
  answer?: NotificationPermission
  subscribeFails?: boolean
}

/** A browser with service workers and the Push API, as far as the card can tell. */
function fakeBrowser({ permission = 'default', answer = 'granted', subscribeFails = false }: BrowserOptions = {}) {
  let current: object | null = null
  const unsubscribe = vi.fn(async () => {
    current = null
    return true
  })
  const subscription = {
    toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys: { p256dh: P256DH, auth: AUTH } }),
    unsubscribe,
  }
  const pushManager = {
    getSubscription: vi.fn(async () => current),
    subscribe: vi.fn(async (_options: PushSubscriptionOptionsInit) => {
      if (subscribeFails) throw new DOMException('Registration failed - push service error', 'AbortError')
      current = subscription
      return subscription
    }),
  }
  const registration = { pushManager }
  const serviceWorker = {
    register: vi.fn(async () => registration),
    ready: Promise.resolve(registration),
    getRegistration: vi.fn(async () => registration),
  }
  Object.defineProperty(navigator, 'serviceWorker', { value: serviceWorker, configurable: true })
  const notification = {
    permission,
    requestPermission: vi.fn(async () => {
      notification.permission = answer
      return answer
    }),
  }
  vi.stubGlobal('Notification', notification)
  vi.stubGlobal('PushManager', function PushManager() {})
  return { serviceWorker, pushManager, notification, unsubscribe }
}

afterEach(() => {
  Reflect.deleteProperty(navigator, 'serviceWorker')
})

const click = async (name: string) => userEvent.setup().click(await screen.findByRole('button', { name }))

describe('browser notifications', () => {
  it('are enabled from a click: permission, the server’s key, subscribe, then the subscription as the browser gives it', async () => {
    const browser = fakeBrowser()
    const api = fakeApiWith({
      'GET /alerts/push/key': { status: 200, body: { public_key: SERVER_KEY } },
      'POST /alerts/push/subscriptions': { status: 201, body: { id: 'device-1' } },
    })
    logInAs()
    renderAt('/alerts')
    expect(browser.notification.requestPermission).not.toHaveBeenCalled()

    await click('Enable browser notifications')

    expect(await screen.findByText('Notifications are on in this browser.')).toBeInTheDocument()
    expect(browser.serviceWorker.register).toHaveBeenCalledWith('/sw.js', { scope: '/' })
    const options = browser.pushManager.subscribe.mock.calls[0]?.[0] ?? {}
    expect(options.userVisibleOnly).toBe(true)
    expect(options.applicationServerKey).toEqual(Uint8Array.from(atob(SERVER_KEY.replace(/-/g, '+').replace(/_/g, '/') + '='), (c) => c.charCodeAt(0)))
    const posted = api.requests.find((r) => r.method === 'POST' && r.path === '/alerts/push/subscriptions')
    expect(posted?.body).toEqual({ endpoint: ENDPOINT, keys: { p256dh: P256DH, auth: AUTH } })
    expect(posted?.headers.get('Authorization')).toBe('Bearer token-abc')
    expect(screen.getByRole('button', { name: 'Disable on this browser' })).toBeInTheDocument()
  })

  it('are disabled on this browser: unsubscribed and removed from the server', async () => {
    const browser = fakeBrowser()
    const api = fakeApiWith({
      'GET /alerts/push/key': { status: 200, body: { public_key: SERVER_KEY } },
      'POST /alerts/push/subscriptions': { status: 201, body: { id: 'device-1' } },
      'DELETE /alerts/push/subscriptions/device-1': { status: 204 },
    })
    logInAs()
    renderAt('/alerts')
    await click('Enable browser notifications')

    await click('Disable on this browser')

    expect(await screen.findByRole('button', { name: 'Enable browser notifications' })).toBeInTheDocument()
    expect(browser.unsubscribe).toHaveBeenCalled()
    expect(api.count('DELETE', '/alerts/push/subscriptions/device-1')).toBe(1)
  })

  it('show as on after a reload when this browser is subscribed for this user', async () => {
    const browser = fakeBrowser({ permission: 'granted' })
    fakeApiWith({
      'GET /alerts/push/key': { status: 200, body: { public_key: SERVER_KEY } },
      'POST /alerts/push/subscriptions': { status: 201, body: { id: 'device-1' } },
    })
    logInAs()
    const first = renderAt('/alerts')
    await click('Enable browser notifications')
    await screen.findByText('Notifications are on in this browser.')
    first.unmount()

    renderAt('/alerts')

    expect(await screen.findByText('Notifications are on in this browser.')).toBeInTheDocument()
    expect(browser.pushManager.subscribe).toHaveBeenCalledTimes(1)
  })

  it('explain a blocked permission instead of offering a button that cannot work', async () => {
    fakeBrowser({ permission: 'denied' })
    fakeApiWith({})
    logInAs()
    renderAt('/alerts')

    expect(await screen.findByText(/Notifications are blocked for this site/)).toBeInTheDocument()
    expect(screen.queryByRole('button', { name: 'Enable browser notifications' })).not.toBeInTheDocument()
  })

  it('ask nothing of the server when the user blocks the prompt', async () => {
    fakeBrowser({ answer: 'denied' })
    const api = fakeApiWith({})
    logInAs()
    renderAt('/alerts')

    await click('Enable browser notifications')

    expect(await screen.findByText(/Notifications are blocked for this site/)).toBeInTheDocument()
    expect(api.requests.filter((r) => r.path.startsWith('/alerts/push'))).toEqual([])
  })

  it('say so when the server has push switched off, without subscribing', async () => {
    const browser = fakeBrowser()
    fakeApiWith({ 'GET /alerts/push/key': { status: 200, body: { public_key: null } } })
    logInAs()
    renderAt('/alerts')

    await click('Enable browser notifications')

    expect(await screen.findByRole('alert')).toHaveTextContent('not available on this server')
    expect(browser.pushManager.subscribe).not.toHaveBeenCalled()
  })

  it('say so when the browser cannot reach its push service', async () => {
    fakeBrowser({ subscribeFails: true })
    const api = fakeApiWith({ 'GET /alerts/push/key': { status: 200, body: { public_key: SERVER_KEY } } })
    logInAs()
    renderAt('/alerts')

    await click('Enable browser notifications')

    expect(await screen.findByRole('alert')).toHaveTextContent('could not subscribe')
    expect(api.count('POST', '/alerts/push/subscriptions')).toBe(0)
    expect(screen.getByRole('button', { name: 'Enable browser notifications' })).toBeEnabled()
  })

  it('show the server’s refusal in its words', async () => {
    fakeBrowser()
    fakeApiWith({
      'GET /alerts/push/key': { status: 200, body: { public_key: SERVER_KEY } },
      'POST /alerts/push/subscriptions': detail(422, 'endpoint must be an https URL of at most 2048 characters'),
    })
    logInAs()
    renderAt('/alerts')

    await click('Enable browser notifications')

    expect(await screen.findByRole('alert')).toHaveTextContent('Endpoint must be an https URL')
  })

  it('are not offered in a browser without service workers', async () => {
    fakeApiWith({})
    logInAs()
    renderAt('/alerts')

    expect(await screen.findByText('This browser cannot show notifications from websites.')).toBeInTheDocument()
    await waitFor(() => expect(screen.queryByRole('button', { name: /browser notifications/ })).not.toBeInTheDocument())
  })
})
