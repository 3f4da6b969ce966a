import { describe, expect, it } from 'vitest'
import { currentToken, endSession, getSession, getSessionState, renewToken, startSession, tokenIsStale } from './session'

describe('session', () => {
  it('keeps the token in memory only, never in web storage', () => {
    startSession('token-abc', 1800, { id: 'u1', email: 'trader@example.com' })

    expect(currentToken()).toBe('token-abc')
    expect(window.localStorage.length).toBe(0)
    expect(window.sessionStorage.length).toBe(0)
  })

  it('swaps in a refreshed token for the same user', () => {
    const now = Date.now()
    startSession('token-abc', 60, { id: 'u1', email: 'trader@example.com' }, now)

    renewToken('token-def', 1800, now + 50_000)

    expect(getSession()).toEqual({ token: 'token-def', expiresAt: now + 50_000 + 1_800_000, email: 'trader@example.com', userId: 'u1' })
  })

  it('ignores a refreshed token that arrives after logging out', () => {
    startSession('token-abc', 60, { id: 'u1', email: 'trader@example.com' })
    endSession()

    renewToken('token-def', 1800)

    expect(getSessionState()).toEqual({ status: 'signed-out' })
    expect(currentToken()).toBeNull()
  })

  it('calls a token stale a few seconds before it expires, and still hands it out', () => {
    const now = Date.now()
    startSession('token-abc', 60, { id: 'u1', email: 'trader@example.com' }, now)

    expect(tokenIsStale(now + 30_000)).toBe(false)
    expect(tokenIsStale(now + 56_000)).toBe(true)
    expect(currentToken()).toBe('token-abc')
  })

  it('has no stale token when nobody is logged in', () => {
    expect(tokenIsStale()).toBe(false)
  })
})
