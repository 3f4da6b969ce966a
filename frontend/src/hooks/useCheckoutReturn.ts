/**
 * Handles the return from checkout (`/dashboard?checkout=success|cancel`).
 *
 * Paying and the subscription becoming active are two different events: the payment provider redirects the
 * browser at once, but the plan flips only when its webhook reaches the server, a moment later. So on `success`
 * this polls `/billing/status` every second until the plan is paid (then calls `onActivated`), and gives up with
 * a message after about 20 seconds rather than spinning forever. The query string is removed once handled, so a
 * reload or a bookmark does not replay it.
 */
import { useEffect, useRef, useState } from 'react'
import { navigate } from '../router/history'
import { fetchBillingStatus } from '../services/billingApi'

export type CheckoutReturnPhase = 'none' | 'activating' | 'activated' | 'timeout' | 'cancelled'

export interface PollingOptions {
  intervalMs?: number
  timeoutMs?: number
}

function phaseFromUrl(): CheckoutReturnPhase {
  const outcome = new URLSearchParams(window.location.search).get('checkout')
  if (outcome === 'success') return 'activating'
  if (outcome === 'cancel' || outcome === 'cancelled') return 'cancelled'
  return 'none'
}

function dropCheckoutQuery(): void {
  navigate(window.location.pathname, { replace: true })
}

export function useCheckoutReturn(onActivated: () => void, { intervalMs = 1000, timeoutMs = 20_000 }: PollingOptions = {}) {
  const [phase, setPhase] = useState<CheckoutReturnPhase>(phaseFromUrl)
  const onActivatedRef = useRef(onActivated)
  useEffect(() => {
    onActivatedRef.current = onActivated
  })

  const activating = phase === 'activating'
  useEffect(() => {
    if (!activating) return
    let stopped = false
    let timer: number | undefined
    const attempts = Math.max(1, Math.ceil(timeoutMs / intervalMs))

    const poll = async (attempt: number) => {
      const paid = await fetchBillingStatus().then(
        (status) => status.is_paid,
        () => false, // A failed poll is retried like an unpaid answer; the timeout bounds both.
      )
      if (stopped) return
      if (paid) {
        setPhase('activated')
        dropCheckoutQuery()
        onActivatedRef.current()
      } else if (attempt + 1 >= attempts) {
        setPhase('timeout')
        dropCheckoutQuery()
      } else {
        timer = window.setTimeout(() => void poll(attempt + 1), intervalMs)
      }
    }
    void poll(0)
    return () => {
      stopped = true
      window.clearTimeout(timer)
    }
  }, [activating, intervalMs, timeoutMs])

  useEffect(() => {
    if (phase === 'cancelled') dropCheckoutQuery()
  }, [phase])

  return { phase, dismiss: () => setPhase('none') }
}
