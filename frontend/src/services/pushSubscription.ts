/**
 * Browser notifications for alerts: the service worker (`public/sw.js`), the permission, the browser's push
 * subscription and its registration with the server, in one place.
 *
 * Enabling must start from a user gesture (browsers refuse a permission prompt otherwise). The order matters: the
 * permission first (a refusal costs nothing), then the server's key (`null` when push is off there), then the
 * service worker, then `pushManager.subscribe` with that key, then the subscription is posted exactly as
 * `toJSON()` gives it. The device id the server answers is kept in localStorage per user, so "Disable on this
 * browser" can remove it, and so another account on the same browser does not see it as its own.
 */
import { deleteAlertsPushSubscriptionsById, getAlertsPushKey, postAlertsPushSubscriptions } from '../client'
import { ApiError } from './apiError'

/** `unsupported`: no service workers or Push API here; `denied`: the user blocked notifications for this site. */
export type PushState = 'unsupported' | 'denied' | 'off' | 'on'

/** The server has no VAPID key: browser push is switched off there. */
export class PushUnavailable extends Error {
  constructor() {
    super('Browser notifications are not available on this server.')
    this.name = 'PushUnavailable'
  }
}

const WORKER_URL = '/sw.js'
/**
 * A browser subscribes within a second or two; one that cannot reach its push service may never answer (headless
 * Chromium does exactly that), which must not leave the button spinning.
 */
export const SUBSCRIBE_TIMEOUT_MS = 10_000
const deviceKey = (userId: string) => `signalbox.pushDevice.${userId}`

export function pushSupported(): boolean {
  return (
    typeof navigator !== 'undefined' &&
    'serviceWorker' in navigator &&
    typeof window !== 'undefined' &&
    'PushManager' in window &&
    'Notification' in window
  )
}

async function currentSubscription(): Promise<PushSubscription | null> {
  const registration = await navigator.serviceWorker.getRegistration('/')
  return (await registration?.pushManager.getSubscription()) ?? null
}

/** Where this browser stands for `userId`, without asking the user anything. */
export async function pushState(userId: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported'
  if (Notification.permission === 'denied') return 'denied'
  if (Notification.permission !== 'granted' || localStorage.getItem(deviceKey(userId)) === null) return 'off'
  return (await currentSubscription()) ? 'on' : 'off'
}

function withTimeout<T>(pending: Promise<T>, ms: number): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new DOMException('The push service did not answer', 'TimeoutError')), ms)
    pending.then(
      (value) => {
        clearTimeout(timer)
        resolve(value)
      },
      (error: unknown) => {
        clearTimeout(timer)
        reject(error)
      },
    )
  })
}

/** The server's key as `applicationServerKey` wants it: the raw bytes of the base64url text. */
export function keyBytes(base64url: string): Uint8Array<ArrayBuffer> {
  const base64 = base64url.replace(/-/g, '+').replace(/_/g, '/')
  const binary = atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4))
  return Uint8Array.from(binary, (c) => c.charCodeAt(0))
}

/**
 * Asks for permission, subscribes this browser and registers it with the server. Call from a click handler.
 * Resolves to the new state (`denied` or `off` when the user did not allow notifications).
 */
export async function enablePush(userId: string): Promise<PushState> {
  if (!pushSupported()) return 'unsupported'
  const permission = await Notification.requestPermission()
  if (permission !== 'granted') return permission === 'denied' ? 'denied' : 'off'
  const { data: key } = await getAlertsPushKey()
  if (!key.public_key) throw new PushUnavailable()
  await navigator.serviceWorker.register(WORKER_URL, { scope: '/' })
  const registration = await navigator.serviceWorker.ready
  // A subscription made with another key (the server's key changed) cannot be reused: start afresh.
  const stale = await registration.pushManager.getSubscription()
  if (stale) await stale.unsubscribe()
  const subscription = await withTimeout(
    registration.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(key.public_key) }),
    SUBSCRIBE_TIMEOUT_MS,
  )
  const { endpoint, expirationTime, keys } = subscription.toJSON()
  const { data: device } = await postAlertsPushSubscriptions({
    body: {
      endpoint: endpoint ?? '',
      ...(typeof expirationTime === 'number' ? { expirationTime } : {}),
      keys: { p256dh: keys?.p256dh ?? '', auth: keys?.auth ?? '' },
    },
  })
  localStorage.setItem(deviceKey(userId), device.id)
  return 'on'
}

/** Unsubscribes this browser and removes it from the server; a device the server no longer has is fine. */
export async function disablePush(userId: string): Promise<PushState> {
  const subscription = pushSupported() ? await currentSubscription() : null
  await subscription?.unsubscribe()
  const id = localStorage.getItem(deviceKey(userId))
  if (id !== null) {
    try {
      await deleteAlertsPushSubscriptionsById({ path: { id } })
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) throw error
    }
    localStorage.removeItem(deviceKey(userId))
  }
  return pushSupported() && Notification.permission === 'denied' ? 'denied' : 'off'
}
