/**
 * Vitest setup: jest-dom matchers and a clean slate — no session, URL at `/`, empty localStorage, a silent fake stream instead of `fetch` — before every test.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { closeLogoutChannel } from '../services/logoutBroadcast'
import { endSession } from '../services/session'
import { installFakeStream } from './fakeStream'

beforeEach(() => {
  window.history.replaceState(null, '', '/')
  window.localStorage.clear()
  installFakeStream()
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  endSession()
  closeLogoutChannel()
  vi.unstubAllGlobals()
})
