/**
 * Vitest setup: jest-dom matchers and a clean slate — no session, URL at `/`, empty localStorage, no market known to be simulated, nothing known of `/site`, a silent fake stream instead of `fetch` — before every test.
 *
 * jsdom brings no `fetch` of its own, so tests run on Node's, whose `Request` refuses a relative URL that a browser
 * resolves against the page. The app's requests are relative (same origin), so `Request` resolves them as a
 * browser would.
 */
import '@testing-library/jest-dom/vitest'
import { cleanup } from '@testing-library/react'
import { afterEach, beforeEach, vi } from 'vitest'
import { closeLogoutChannel } from '../services/logoutBroadcast'
import { noteMarketData } from '../services/marketProvenance'
import { endSession } from '../services/session'
import { forgetSite } from '../services/siteApi'
import { installFakeStream } from './fakeStream'

class PageRequest extends Request {
  constructor(input: RequestInfo | URL, init?: RequestInit) {
    super(typeof input === 'string' ? new URL(input, window.location.href) : input, init)
  }
}

beforeEach(() => {
  vi.stubGlobal('Request', PageRequest)
  window.history.replaceState(null, '', '/')
  window.localStorage.clear()
  noteMarketData(false)
  forgetSite()
  installFakeStream()
})

afterEach(() => {
  cleanup()
  vi.useRealTimers()
  endSession()
  closeLogoutChannel()
  vi.unstubAllGlobals()
})
