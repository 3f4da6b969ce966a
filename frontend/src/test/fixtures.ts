/**
 * Typical server answers, typed with the generated client's types so they cannot drift from the contract.
 */
import type { BillingStatusBody, QuotaBody, SignalsBody, TokenBody } from '../client'

export const TOKEN: TokenBody = { access_token: 'token-abc', token_type: 'bearer', expires_in: 1800 }

export const FREE_STATUS: BillingStatusBody = {
  is_paid: false,
  plan: 'free',
  subscription_status: 'none',
  cancel_at_period_end: false,
}

export const PAID_STATUS: BillingStatusBody = {
  is_paid: true,
  plan: 'paid',
  subscription_status: 'active',
  current_period_end: '2026-12-25T10:00:00Z',
  cancel_at_period_end: false,
}

export const RESETS_AT = '2026-11-26T00:00:00Z'

export const SIGNALS: SignalsBody = {
  signals: [
    { symbol: 'NIFTY', action: 'BUY', price: 24567.5, confidence: 0.724, generated_at: '2026-11-25T09:15:00Z' },
    { symbol: 'BANKNIFTY', action: 'SELL', price: 123456.7, confidence: 0.61, generated_at: '2026-11-25T09:15:00Z' },
  ],
  user_limit: '3/day (upgrade for unlimited)',
  remaining: 2,
  resets_at: RESETS_AT,
}

/** Unlimited: the server leaves `remaining` and `resets_at` out of the JSON. */
export const PAID_SIGNALS: SignalsBody = { signals: SIGNALS.signals, user_limit: 'unlimited' }

export const freeQuota = (remaining: number): QuotaBody => ({ unlimited: false, limit: 3, remaining, resets_at: RESETS_AT })

export const UNLIMITED_QUOTA: QuotaBody = { unlimited: true }

/** What `POST /auth/refresh` hands out in place of `TOKEN`. */
export const REFRESHED_TOKEN: TokenBody = { access_token: 'token-new', token_type: 'bearer', expires_in: 1800 }

export const USER = { id: 'u1', email: 'trader@example.com', is_paid: false, created_at: '2026-11-25T09:00:00Z' }
