/**
 * Tells the other open tabs of the dashboard that the user logged out, and hears it from them.
 *
 * The tabs share one refresh cookie, so logging out in one ends the session for all of them on the server — but each
 * tab keeps its own access token in memory and would go on showing (and fetching) data until that token expired.
 * A `BroadcastChannel` reaches every same-origin tab at once. Where there is none, the `storage` event does the same
 * job: writing a key fires it in every other tab; the key is removed again at once, so nothing stays in web storage.
 */

const CHANNEL_NAME = 'signalbox-session'
const STORAGE_KEY = 'signalbox-logged-out'
const LOGGED_OUT = 'logged-out'

let channel: BroadcastChannel | null = null

function broadcastChannel(): BroadcastChannel | null {
  if (typeof BroadcastChannel === 'undefined') return null
  channel ??= new BroadcastChannel(CHANNEL_NAME)
  return channel
}

/** Sends "logged out" to every other tab (never to this one). */
export function announceLogout(): void {
  const open = broadcastChannel()
  if (open !== null) {
    open.postMessage(LOGGED_OUT)
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
  const open = broadcastChannel()
  if (open !== null) {
    const onMessage = (event: MessageEvent) => {
      if (event.data === LOGGED_OUT) onLogout()
    }
    open.addEventListener('message', onMessage)
    return () => open.removeEventListener('message', onMessage)
  }
  const onStorage = (event: StorageEvent) => {
    // The removal that follows each announcement fires too, with no new value: one logout, one call.
    if (event.key === STORAGE_KEY && event.newValue !== null) onLogout()
  }
  window.addEventListener('storage', onStorage)
  return () => window.removeEventListener('storage', onStorage)
}

/** Closes the channel (tests, so no handle outlives them). The next call opens a new one. */
export function closeLogoutChannel(): void {
  channel?.close()
  channel = null
}
