import { afterEach, describe, expect, it, vi } from 'vitest'
import { fakeApiWith } from '../test/helpers'
import { SUBSCRIBE_TIMEOUT_MS, enablePush, keyBytes } from './pushSubscription'

afterEach(() => {
  Reflect.deleteProperty(navigator, 'serviceWorker')
})

describe('pushSubscription', () => {
  it('reads the server’s base64url key into the bytes the browser wants', () => {
    expect([...keyBytes('AP8-_w')]).toEqual([0x00, 0xff, 0x3e, 0xff])
  })

  it('gives up on a browser that never answers the subscription', async () => {
    vi.useFakeTimers()
    const registration = { pushManager: { getSubscription: async () => null, subscribe: () => new Promise(() => {}) } }
    Object.defineProperty(navigator, 'serviceWorker', {
      value: { register: async () => registration, ready: Promise.resolve(registration) },
      configurable: true,
    })
    vi.stubGlobal('Notification', { permission: 'granted', requestPermission: async () => 'granted' })
    vi.stubGlobal('PushManager', function PushManager() {})
    const api = fakeApiWith({ 'GET /alerts/push/key': { status: 200, body: { public_key: 'BAAA' } } })

    const enabling = enablePush('u1')
    const outcome = expect(enabling).rejects.toMatchObject({ name: 'TimeoutError' })
    await vi.advanceTimersByTimeAsync(SUBSCRIBE_TIMEOUT_MS)

    await outcome
    expect(api.count('POST', '/alerts/push/subscriptions')).toBe(0)
  })
})
