/**
 * Turns whatever a failed API call threw into one typed shape the UI can show.
 *
 * The server's error bodies are `{"detail": "..."}` (`ErrorBody` in the generated client), but a proxy, a crash
 * or a network failure can produce anything — so the body is checked, never cast.
 */
import axios, { AxiosHeaders } from 'axios'
import type { ErrorBody } from '../client'

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

function headerValue(headers: unknown, name: string): string | null {
  if (headers instanceof AxiosHeaders) {
    const value = headers.get(name)
    return typeof value === 'string' ? value : null
  }
  if (typeof headers === 'object' && headers !== null) {
    const value = AxiosHeaders.from(headers as Record<string, string>).get(name)
    return typeof value === 'string' ? value : null
  }
  return null
}

export function toApiFailure(error: unknown): ApiFailure {
  if (!axios.isAxiosError(error)) {
    return { status: null, detail: fallbackDetail(null), retryAfterSeconds: null }
  }
  const response = error.response
  if (response === undefined) {
    return { status: null, detail: fallbackDetail(null), retryAfterSeconds: null }
  }
  const { status, data, headers } = response
  return {
    status,
    detail: isErrorBody(data) && data.detail.trim() !== '' ? asSentence(data.detail) : fallbackDetail(status),
    retryAfterSeconds: status === 429 ? parseRetryAfter(headerValue(headers, 'retry-after')) : null,
  }
}
