/**
 * What a failed API call throws, and how it becomes one typed shape the UI can show.
 *
 * The generated client throws whatever its error interceptors return; `api.ts` makes that an `ApiError` for every
 * failure, answered or not, so this is the one type the UI has to know. The server's error bodies are
 * `{"detail": "..."}` (`ErrorBody` in the generated client), but a proxy, a crash or a network failure can produce
 * anything — so the body is checked, never cast.
 */
import type { ErrorBody } from '../client'

/** A request that failed: refused by the server (with its status), or never answered (`status` null). */
export class ApiError extends Error {
  /** HTTP status, or null when no response arrived (offline, server down, request aborted). */
  readonly status: number | null
  /** The response body, parsed when it was JSON, else its text; undefined without a response. */
  readonly body: unknown
  /** The response headers; empty without a response. */
  readonly headers: Headers

  constructor(status: number | null, body: unknown = undefined, headers: Headers = new Headers(), cause?: unknown) {
    super(status === null ? 'No response from the API' : `The API answered HTTP ${status}`, { cause })
    this.name = 'ApiError'
    this.status = status
    this.body = body
    this.headers = headers
  }
}

export interface ApiFailure {
  /** HTTP status, or null when no response arrived (offline, server down, request aborted). */
  status: number | null
  /** A sentence fit for the user: the server's `detail` when it sent one. */
  detail: string
  /** From `Retry-After` on 429 responses: seconds to wait before trying again. */
  retryAfterSeconds: number | null
}

function isErrorBody(data: unknown): data is ErrorBody {
  return typeof data === 'object' && data !== null && typeof (data as { detail?: unknown }).detail === 'string'
}

/** The server writes terse lower-case details ("incorrect email or password"); the UI shows sentences. */
export function asSentence(text: string): string {
  const trimmed = text.trim()
  if (trimmed === '') return trimmed
  const capitalised = trimmed.charAt(0).toUpperCase() + trimmed.slice(1)
  return /[.!?…]$/.test(capitalised) ? capitalised : `${capitalised}.`
}

function fallbackDetail(status: number | null): string {
  if (status === null) return "Can't reach Signalbox. Check your connection and try again."
  if (status >= 500) return 'Something went wrong on our side. Please try again.'
  if (status === 401) return 'Please log in again.'
  if (status === 429) return 'Too many attempts. Please wait a moment.'
  return `The request failed (HTTP ${status}).`
}

/** `Retry-After` is either delay-seconds or an HTTP date (RFC 9110 §10.2.3). */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | null {
  if (value === null || value === undefined || value.trim() === '') return null
  const trimmed = value.trim()
  if (/^\d+$/.test(trimmed)) return Number(trimmed)
  const date = Date.parse(trimmed)
  if (Number.isNaN(date)) return null
  return Math.max(0, Math.ceil((date - now) / 1000))
}

export function toApiFailure(error: unknown): ApiFailure {
  // Anything else (a TypeError from a network failure that escaped the client) also means no answer arrived.
  if (!(error instanceof ApiError) || error.status === null) {
    return { status: null, detail: fallbackDetail(null), retryAfterSeconds: null }
  }
  const { status, body, headers } = error
  return {
    status,
    detail: isErrorBody(body) && body.detail.trim() !== '' ? asSentence(body.detail) : fallbackDetail(status),
    retryAfterSeconds: status === 429 ? parseRetryAfter(headers.get('Retry-After')) : null,
  }
}
