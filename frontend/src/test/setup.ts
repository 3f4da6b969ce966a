/**
 * Vitest setup: jest-dom matchers and a clean slate — no session, URL at `/` — before every test.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { closeLogoutChannel } from '../services/logoutBroadcast'
import { endSession } from '../services/session'

beforeEach(() => {
  window.history.replaceState(null, '', '/')
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  endSession()
  closeLogoutChannel()
  vi.unstubAllGlobals()
})
