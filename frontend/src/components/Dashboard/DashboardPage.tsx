/**
 * `/dashboard`: plan, today's allowance, the current signals (live for paid users) with the stance of the trade
 * calls, the calls' record, and the signals' history.
 *
 * Load order matters. The quota loads first — it never spends a request, and says whether the user is unlimited.
 * A paid user's signals then load at once; a free user's never load by themselves (see `useSignalsFeed`): the
 * dashboard shows what they already received today and spends a request only on "Get latest signals", after
 * which the quota is read again. When the user comes back from paying, signals wait until the subscription is
 * confirmed, then plan and quota are read again — so a free user at their limit does not see the upgrade banner
 * right after paying, and the history (now including today) loads afresh.
 */
import { useState } from 'react'
import { useAuth } from '../../hooks/useAuth'
import { useBillingStatus } from '../../hooks/useBillingStatus'
import { useCheckoutReturn } from '../../hooks/useCheckoutReturn'
import { useQuota } from '../../hooks/useQuota'
import { useSignalsFeed, type Plan } from '../../hooks/useSignalsFeed'
import { useSignalStream } from '../../hooks/useSignalStream'
import type { Signal } from '../../services/signalsApi'
import { CheckoutNotice } from '../Billing/CheckoutNotice'
import { PlanCard } from '../Billing/PlanCard'
import { AppHeader } from '../Layout/AppHeader'
import { ErrorState } from '../Layout/ErrorState'
import { CallsPanel } from '../Calls/CallsPanel'
import { HistoryPanel } from '../Signals/HistoryPanel'
import { QuotaCard } from '../Signals/QuotaCard'
import { SignalsPanel } from '../Signals/SignalsPanel'
import { currentSignals } from '../Signals/signalViews'
import './dashboard.css'

export function DashboardPage() {
  const { session, logOut } = useAuth()
  const billing = useBillingStatus()
  const quota = useQuota()
  const checkoutReturn = useCheckoutReturn(() => {
    void billing.reload()
    void quota.reload()
  })
  const waiting = checkoutReturn.phase === 'activating'
  const plan: Plan = quota.data === null ? 'unknown' : quota.data.unlimited ? 'paid' : 'free'
  const feed = useSignalsFeed({
    userId: session?.userId ?? null,
    plan,
    waiting,
    onSettled: () => {
      if (plan === 'free') void quota.reload()
    },
  })
  // Newest first; a streamed signal replaces the current one for its symbol and tops its history.
  const [live, setLive] = useState<Signal[]>([])
  const stream = useSignalStream(plan === 'paid', (signal) => setLive((previous) => [signal, ...previous]))

  return (
    <>
      <AppHeader email={session?.email ?? ''} onLogOut={logOut} />
      <main className="dashboard">
        <CheckoutNotice phase={checkoutReturn.phase} onDismiss={checkoutReturn.dismiss} />
        <div className="summary">
          <PlanCard billing={billing} />
          <QuotaCard quota={quota} />
        </div>
        {quota.status === 'error' && quota.data === null && quota.error ? (
          <ErrorState message={quota.error.detail} onRetry={() => void quota.reload()} />
        ) : (
          <SignalsPanel
            feed={feed}
            plan={plan}
            quota={quota.data}
            signals={currentSignals(feed.answer?.signals ?? [], live)}
            stream={stream}
            waiting={waiting}
            onAlreadySubscribed={() => void billing.reload()}
          />
        )}
        {plan !== 'unknown' && <CallsPanel key={`calls-${plan}`} refreshAt={live[0]?.timestamp ?? null} />}
        {plan !== 'unknown' && <HistoryPanel key={plan} live={live} />}
      </main>
    </>
  )
}
