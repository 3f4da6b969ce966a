/**
 * The dashboard's service worker: it only shows alerts. A push message's data is JSON `{title, body, url}` (the
 * server encrypts it for this browser; the browser decrypts it before this code sees it). Clicking the notification
 * focuses an open dashboard tab (navigated to `url`) or opens one. Nothing is cached: the dashboard is not offline.
 */
const DEFAULT_TITLE = 'Signalbox'
const DEFAULT_URL = '/dashboard'

/** The message as the server sends it; a message that is not JSON still shows, as its text. */
function alertOf(data) {
  if (!data) return { title: DEFAULT_TITLE, body: '', url: DEFAULT_URL }
  let parsed
  try {
    parsed = data.json()
  } catch {
    return { title: DEFAULT_TITLE, body: data.text(), url: DEFAULT_URL }
  }
  const text = (value) => (typeof value === 'string' ? value : '')
  const url = text(parsed?.url)
  return {
    title: text(parsed?.title) || DEFAULT_TITLE,
    body: text(parsed?.body),
    // Only our own pages: a message cannot send the user elsewhere.
    url: url.startsWith('/') && !url.startsWith('//') ? url : DEFAULT_URL,
  }
}

self.addEventListener('install', () => self.skipWaiting())
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()))

self.addEventListener('push', (event) => {
  const alert = alertOf(event.data)
  event.waitUntil(
    self.registration.showNotification(alert.title, {
      body: alert.body,
      icon: '/favicon.svg',
      data: { url: alert.url },
      tag: alert.url,
    }),
  )
})

self.addEventListener('notificationclick', (event) => {
  event.notification.close()
  const target = new URL(event.notification.data?.url ?? DEFAULT_URL, self.location.origin).href
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: 'window', includeUncontrolled: true })
      const open = windows.find((client) => new URL(client.url).origin === self.location.origin)
      if (open) {
        await open.focus()
        if (open.url !== target && 'navigate' in open) await open.navigate(target)
        return
      }
      await self.clients.openWindow(target)
    })(),
  )
})
