/**
 * Tells the other open tabs of the dashboard that the user logged out, and hears it from them.
 *
 * The tabs share one refresh cookie, so logging out in one ends the session for all of them on the server — but each
 * tab keeps its own access token in memory and would go on showing (and fetching) data until that token expired.
 * A `BroadcastChannel` reaches every same-origin tab at once. Where there is none, the `storage` event does the same
 * job: writing a key fires it in every other tab; the key is removed again at once, so nothing stays in web storage.
 *
 * The channel is closed while the page sits in the back/forward cache: Chrome evicts a cached page that receives a
 * message, and there is no need — a restored page checks its session again anyway (`pageRestore.ts`), which also
 * covers a logout it could not have heard (another device, an expired session).
 */

const CHANNEL_NAME = 'signalbox-session'
const STORAGE_KEY = 'signalbox-logged-out'
const LOGGED_OUT = 'logged-out'

type Handler = () => void
const handlers = new Set<Handler>()
let channel: BroadcastChannel | null = null
let watchingPageCache = false

function hasBroadcastChannel(): boolean {
  return typeof BroadcastChannel !== 'undefined'
}

function openChannel(): BroadcastChannel {
  if (channel === null) {
    channel = new BroadcastChannel(CHANNEL_NAME)
    channel.onmessage = (event: MessageEvent) => {
      if (event.data === LOGGED_OUT) handlers.forEach((handler) => handler())
    }
  }
  return channel
}

function watchPageCache(): void {
  if (watchingPageCache) return
  watchingPageCache = true
  window.addEventListener('pagehide', (event) => {
    if (event.persisted) closeLogoutChannel()
  })
  window.addEventListener('pageshow', (event) => {
    if (event.persisted && handlers.size > 0) openChannel()
  })
}

/** Sends "logged out" to every other tab (never to this one). */
export function announceLogout(): void {
  if (hasBroadcastChannel()) {
    openChannel().postMessage(LOGGED_OUT)
    return
  }
  try {
    window.localStorage.setItem(STORAGE_KEY, String(Date.now()))
    window.localStorage.removeItem(STORAGE_KEY)
  } catch {
    // Storage disabled (private mode, policy): the other tabs find out at their next request instead.
  }
}

/** Calls `onLogout` whenever another tab announces a logout. Returns the function that stops listening. */
export function listenForLogoutElsewhere(onLogout: () => void): () => void {
  if (hasBroadcastChannel()) {
    handlers.add(onLogout)
    openChannel()
    watchPageCache()
    return () => {
      handlers.delete(onLogout)
      if (handlers.size === 0) closeLogoutChannel()
    }
  }
  const onStorage = (event: StorageEvent) => {
    // The removal that follows each announcement fires too, with no new value: one logout, one call.
    if (event.key === STORAGE_KEY && event.newValue !== null) onLogout()
  }
  window.addEventListener('storage', onStorage)
  return () => window.removeEventListener('storage', onStorage)
}

/** Closes the channel (page going into the cache, tests). It opens again when next needed. */
export function closeLogoutChannel(): void {
  channel?.close()
  channel = null
}
