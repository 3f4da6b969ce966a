import { describe, expect, it } from 'vitest'
import { currentToken, getSession, reloadSessionFromStorage, startSession } from './session'

const STORAGE_KEY = 'signalbox.session'

describe('session', () => {
  it('survives a page load while the token is fresh', () => {
    startSession('token-abc', 1800, 'trader@example.com')
    reloadSessionFromStorage()
    expect(getSession()?.email).toBe('trader@example.com')
    expect(currentToken()).toBe('token-abc')
  })

  it('drops a stored token that has expired when the page loads', () => {
    const expired = { token: 'old', expiresAt: Date.now() - 1000, email: 'trader@example.com' }
    window.localStorage.setItem(STORAGE_KEY, JSON.stringify(expired))
    reloadSessionFromStorage()
    expect(getSession()).toBeNull()
    expect(window.localStorage.getItem(STORAGE_KEY)).toBeNull()
  })

  it('drops stored data that is not a session', () => {
    window.localStorage.setItem(STORAGE_KEY, '{"token": 1')
    reloadSessionFromStorage()
    expect(getSession()).toBeNull()
  })

  it('stops handing out a token once it has expired', () => {
    const now = Date.now()
    startSession('token-abc', 60, 'trader@example.com', now)
    expect(currentToken(now + 30_000)).toBe('token-abc')
    expect(currentToken(now + 60_000)).toBeNull()
  })
})
