/**
 * Live signals from `GET /signals/stream` for paid users.
 *
 * `EventSource` cannot send an `Authorization` header, so this reads the response body of a `fetch` and parses
 * the event stream itself (`sseParser.ts`). It reconnects after a dropped connection with exponential backoff
 * (1 s, 2 s, 4 s … 30 s; back to 1 s once connected), renews the token once on a 401 like every other request,
 * and stops for good on a 403 (not a paid user), on `close()`, or when the session ends (logout here or in
 * another tab) — a logged-out page must not keep a stream open.
 */
import { client } from '../client/client.gen'
import { toApiFailure } from './apiError'
import { createSseParser } from './sseParser'
import { currentToken, getSession, subscribeToSession, tokenIsStale } from './session'
import { parseSignal } from './signalShape'
import type { Signal } from './signalsContract'
import { refreshSession } from './tokenRefresh'

export type StreamStatus = 'connecting' | 'live' | 'reconnecting' | 'stopped'

export interface StreamOptions {
  onSignal(signal: Signal): void
  onStatus?(status: StreamStatus): void
  /** Waits between attempts; tests pass one they control. */
  wait?(ms: number, signal: AbortSignal): Promise<void>
}

export function backoffMs(attempt: number): number {
  return Math.min(30_000, 1000 * 2 ** attempt)
}

function sleep(ms: number, abort: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms)
    abort.addEventListener('abort', () => {
      clearTimeout(timer)
      resolve()
    })
  })
}

/**
 * Renews the token; false when the refresh cookie no longer holds a session (a 401: stop, the next ordinary
 * request signs the user out). Other failures (offline) throw, and the caller retries.
 */
async function renewToken(): Promise<boolean> {
  try {
    await refreshSession()
    return true
  } catch (error) {
    if (toApiFailure(error).status === 401) return false
    throw error
  }
}

/** Opens the stream; returns `close`. */
export function openStream({ onSignal, onStatus = () => {}, wait = sleep }: StreamOptions): () => void {
  const abort = new AbortController()
  const close = () => {
    if (abort.signal.aborted) return
    abort.abort()
    unsubscribe()
    onStatus('stopped')
  }
  const unsubscribe = subscribeToSession(() => {
    if (getSession() === null) close()
  })

  let attempt = 0
  /** One connection, read to its end. Resolves true to reconnect, false to stop. */
  const connect = async (renewed: boolean): Promise<boolean> => {
    if (tokenIsStale() && !(await renewToken())) return false
    const token = currentToken()
    if (token === null) return false
    const response = await fetch(`${client.getConfig().baseUrl ?? ''}/signals/stream`, {
      headers: { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' },
      cache: 'no-store',
      signal: abort.signal,
    })
    if (response.status === 401 && !renewed) return (await renewToken()) && connect(true)
    if (response.status === 401 || response.status === 403) return false
    if (!response.ok || response.body === null) return true
    onStatus('live')
    attempt = 0
    const push = createSseParser(({ event, data }) => {
      const signal = event === 'signal' ? parseSignal(data) : null
      if (signal !== null) onSignal(signal)
    })
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (done) return true
      push(decoder.decode(value, { stream: true }))
    }
  }

  const run = async () => {
    onStatus('connecting')
    while (!abort.signal.aborted) {
      // A network error (or a 5xx) is retried like a dropped connection.
      const again = await connect(false).catch(() => true)
      if (abort.signal.aborted) return
      if (!again) return close()
      onStatus('reconnecting')
      await wait(backoffMs(attempt), abort.signal)
      attempt += 1
    }
  }
  void run()
  return close
}
