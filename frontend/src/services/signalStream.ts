/**
 * Live signals from `GET /signals/stream` for paid users.
 *
 * `EventSource` cannot send an `Authorization` header, so this reads the response body of a `fetch` and parses
 * the event stream itself (`sseParser.ts`). It reconnects after a dropped connection with exponential backoff
 * (1 s, 2 s, 4 s … 30 s; back to 1 s once connected), renews the token once on a 401 like every other request,
 * and stops for good on a 403 (not a paid user), on `close()`, or when the session ends (logout here or in
 * another tab) — a logged-out page must not keep a stream open.
 *
 * The server ends a stream with `event: end` (`{reason, reconnect}`) when the right to it ends. `reconnect: true`
 * (the token expired, the server is restarting) reconnects at once — renewing the token first — and sends the last
 * event's id as `Last-Event-ID`, so the signals sent meanwhile arrive and nothing is shown twice; otherwise
 * (logged out, plan ended, replaced by a newer stream) it stops and says why.
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
  /** Why the server ended the stream for good (`plan_ended`, `replaced`, …). */
  onEnded?(reason: string): void
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
interface StreamEnd {
  reason: string
  reconnect: boolean
}

function parseEnd(data: string): StreamEnd | null {
  try {
    const value: unknown = JSON.parse(data)
    if (typeof value !== 'object' || value === null) return null
    const { reason, reconnect } = value as Record<string, unknown>
    return typeof reason === 'string' && typeof reconnect === 'boolean' ? { reason, reconnect } : null
  } catch {
    return null
  }
}

export function openStream({ onSignal, onStatus = () => {}, onEnded = () => {}, wait = sleep }: StreamOptions): () => void {
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
  let lastEventId: string | null = null
  /** Set when the server ended the stream and asked for an immediate reconnect (fresh token first). */
  let resumeNow = false
  /** One connection, read to its end. Resolves true to reconnect, false to stop. */
  const connect = async (renewed: boolean): Promise<boolean> => {
    if ((resumeNow || tokenIsStale()) && !(await renewToken())) return false
    resumeNow = false
    const token = currentToken()
    if (token === null) return false
    const headers: Record<string, string> = { Authorization: `Bearer ${token}`, Accept: 'text/event-stream' }
    if (lastEventId !== null) headers['Last-Event-ID'] = lastEventId
    const response = await fetch(`${client.getConfig().baseUrl ?? ''}/signals/stream`, {
      headers,
      cache: 'no-store',
      signal: abort.signal,
    })
    if (response.status === 401 && !renewed) return (await renewToken()) && connect(true)
    if (response.status === 401 || response.status === 403) return false
    if (!response.ok || response.body === null) return true
    onStatus('live')
    attempt = 0
    // Set from the parser's callback; an object, so the check below is not narrowed away.
    const ending: { end: StreamEnd | null } = { end: null }
    const push = createSseParser(({ event, data, id }) => {
      if (event === 'end') {
        ending.end = parseEnd(data)
        return
      }
      const signal = event === 'signal' ? parseSignal(data) : null
      if (signal === null) return
      if (id !== undefined) lastEventId = id
      onSignal(signal)
    })
    const reader = response.body.getReader()
    const decoder = new TextDecoder()
    for (;;) {
      const { done, value } = await reader.read()
      if (!done) push(decoder.decode(value, { stream: true }))
      const end = ending.end
      if (end !== null) {
        void reader.cancel().catch(() => {})
        if (!end.reconnect) {
          onEnded(end.reason)
          return false
        }
        resumeNow = true
        return true
      }
      if (done) return true
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
      // Asked to come back (a new token, another instance): at once, without a visible gap.
      if (resumeNow) continue
      await wait(backoffMs(attempt), abort.signal)
      attempt += 1
    }
  }
  void run()
  return close
}
