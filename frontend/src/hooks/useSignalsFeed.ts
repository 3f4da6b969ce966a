/**
 * The current signals, fairly for the free plan.
 *
 * - Paid: `GET /signals` as soon as the plan is known (it is unlimited), and on every refresh.
 * - Free: opening or reloading the dashboard never calls `GET /signals` — that would spend a request the user did
 *   not ask for. It shows what this user already received today: at once what this browser kept (localStorage per
 *   user and IST day), then the server's `GET /signals/last` (free of charge; it also knows answers received on
 *   another device). `fetchLatest` spends one request when the user asks.
 * - A 403 is the free plan's daily limit: reported as `limitReached` (the dashboard offers an upgrade), not as an
 *   error, and the signals already received stay on screen.
 */
import { useState } from 'react'
import type { ApiFailure } from '../services/apiError'
import { recallSignals, rememberSignals } from '../services/receivedSignals'
import { getLastSignals, getSignals, type SignalsAnswer } from '../services/signalsApi'
import { useRequest } from './useRequest'

export type Plan = 'unknown' | 'free' | 'paid'

export interface SignalsFeed {
  /** The latest answer received today: from this page or kept from an earlier one. */
  answer: SignalsAnswer | null
  loading: boolean
  /** The server's explanation when the daily free limit is used up; null otherwise. */
  limitReached: string | null
  error: ApiFailure | null
  fetchLatest(): void
}

export interface FeedOptions {
  userId: string | null
  plan: Plan
  /** True while a checkout return is being confirmed: a paid load waits for the new plan. */
  waiting: boolean
  /** After each answer (or refusal) — when the quota changes. */
  onSettled?(): void
}

export function useSignalsFeed({ userId, plan, waiting, onSettled }: FeedOptions): SignalsFeed {
  const [kept, setKept] = useState(() => (userId === null ? null : recallSignals(userId)))
  const request = useRequest(getSignals, {
    enabled: plan === 'paid' && !waiting,
    onSettled: ({ data }) => {
      if (data !== null) {
        setKept(data)
        if (userId !== null) rememberSignals(userId, data)
      }
      onSettled?.()
    },
  })
  // The server's copy of the day's last answer; a failure leaves what the browser kept, with no error to show.
  useRequest(getLastSignals, {
    enabled: plan === 'free' && !waiting,
    onSettled: ({ data }) => {
      if (data !== null && data !== undefined) {
        setKept((shown) => (shown === null || shown.market.as_of <= data.market.as_of ? data : shown))
        if (userId !== null) rememberSignals(userId, data)
      }
    },
  })
  const forbidden = request.error?.status === 403
  return {
    answer: kept,
    loading: request.status === 'loading',
    limitReached: forbidden ? (request.error?.detail ?? null) : null,
    error: forbidden ? null : request.error,
    fetchLatest: () => void request.reload(),
  }
}
