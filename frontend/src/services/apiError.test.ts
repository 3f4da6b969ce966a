import { describe, expect, it } from 'vitest'
import { ApiError, parseRetryAfter, toApiFailure } from './apiError'

function httpError(status: number, body: unknown, headers: Record<string, string> = {}): ApiError {
  return new ApiError(status, body, new Headers(headers))
}

describe('toApiFailure', () => {
  it('uses the detail the server sent', () => {
    expect(toApiFailure(httpError(409, { detail: 'Email already registered.' }))).toEqual({
      status: 409,
      detail: 'Email already registered.',
      retryAfterSeconds: null,
    })
  })

  it('turns the server’s terse lower-case detail into a sentence', () => {
    expect(toApiFailure(httpError(401, { detail: 'incorrect email or password' })).detail).toBe(
      'Incorrect email or password.',
    )
  })

  it('falls back to a sentence when the body is not an error body', () => {
    expect(toApiFailure(httpError(502, '<html>Bad gateway</html>')).detail).toBe(
      'Something went wrong on our side. Please try again.',
    )
    expect(toApiFailure(httpError(422, { detail: 42 })).detail).toBe('The request failed (HTTP 422).')
  })

  it('reports a missing response as unreachable, with no status', () => {
    const failure = toApiFailure(new ApiError(null, undefined, new Headers(), new TypeError('Failed to fetch')))
    expect(failure.status).toBeNull()
    expect(failure.detail).toMatch(/can't reach signalbox/i)
  })

  it('treats anything that is not an API error as unreachable', () => {
    expect(toApiFailure(new TypeError('boom')).status).toBeNull()
  })

  it('reads Retry-After on 429, whatever its capitalisation', () => {
    const failure = toApiFailure(httpError(429, { detail: 'Too many attempts' }, { 'Retry-After': '42' }))
    expect(failure.retryAfterSeconds).toBe(42)
  })
})

describe('parseRetryAfter', () => {
  it('reads delay-seconds', () => {
    expect(parseRetryAfter(' 17 ')).toBe(17)
  })

  it('reads an HTTP date as the seconds left until it', () => {
    const now = Date.parse('2026-11-25T10:00:00Z')
    expect(parseRetryAfter('Wed, 25 Nov 2026 10:00:30 GMT', now)).toBe(30)
  })

  it('ignores missing or nonsense values', () => {
    expect(parseRetryAfter(null)).toBeNull()
    expect(parseRetryAfter('soon')).toBeNull()
  })
})
