/**
 * A minimal router on the History API.
 *
 * The app has three routes, so a router library would cost more bundle budget (react-router alone is ~20 KB gz)
 * than the whole feature is worth. `history.pushState` does not fire `popstate`, so navigation dispatches its own
 * event; subscribers (the `useLocation` hook) listen to both.
 */

export interface AppLocation {
  pathname: string
  search: string
  /** Data handed from one page to the next without putting it in the URL (e.g. "your session ended"). */
  state: unknown
}

const CHANGE_EVENT = 'signalbox:locationchange'

let snapshot: AppLocation = read()

function read(): AppLocation {
  return { pathname: window.location.pathname, search: window.location.search, state: window.history.state }
}

function refresh(): void {
  const next = read()
  // useSyncExternalStore needs a stable object while nothing changed, or it re-renders forever.
  if (next.pathname !== snapshot.pathname || next.search !== snapshot.search || next.state !== snapshot.state) {
    snapshot = next
  }
}

export function currentLocation(): AppLocation {
  refresh()
  return snapshot
}

export function subscribeToLocation(listener: () => void): () => void {
  const onChange = () => {
    refresh()
    listener()
  }
  window.addEventListener('popstate', onChange)
  window.addEventListener(CHANGE_EVENT, onChange)
  return () => {
    window.removeEventListener('popstate', onChange)
    window.removeEventListener(CHANGE_EVENT, onChange)
  }
}

export interface NavigateOptions {
  /** Replace the current entry instead of adding one, so "back" skips it (redirects, cleaned-up query strings). */
  replace?: boolean
  state?: unknown
}

export function navigate(to: string, options: NavigateOptions = {}): void {
  const state = options.state ?? null
  if (options.replace) {
    window.history.replaceState(state, '', to)
  } else {
    window.history.pushState(state, '', to)
  }
  window.dispatchEvent(new Event(CHANGE_EVENT))
}
