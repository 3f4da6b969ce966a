/**
 * `/dashboard`: plan, today's allowance and the signals, plus the checkout-return notice.
 *
 * Load order matters. Signals load first because they spend the free allowance; the quota is read after each
 * signals load, so the "left today" figure already counts it. When the user comes back from paying, signals wait
 * until the subscription is confirmed — otherwise a free user at their limit would see the upgrade banner right
 * after paying.
 */
import { useAuth } from '../../hooks/useAuth'
import { useBillingStatus } from '../../hooks/useBillingStatus'
import { useCheckoutReturn } from '../../hooks/useCheckoutReturn'
import { useQuota } from '../../hooks/useQuota'
import { useSignals } from '../../hooks/useSignals'
import { CheckoutNotice } from '../Billing/CheckoutNotice'
import { PlanCard } from '../Billing/PlanCard'
import { AppHeader } from '../Layout/AppHeader'
import { QuotaCard } from '../Signals/QuotaCard'
import { SignalsPanel } from '../Signals/SignalsPanel'
import './dashboard.css'

export function DashboardPage() {
  const { session, logOut } = useAuth()
  const billing = useBillingStatus()
  const quota = useQuota()
  const checkoutReturn = useCheckoutReturn(() => void billing.reload())
  const waiting = checkoutReturn.phase === 'activating'
  const signals = useSignals({ enabled: !waiting, onSettled: () => void quota.reload() })

  const resetsAt = quota.data?.resets_at ?? signals.page?.resets_at ?? null

  return (
    <>
      <AppHeader email={session?.email ?? ''} onLogOut={logOut} />
      <main className="dashboard">
        <CheckoutNotice phase={checkoutReturn.phase} onDismiss={checkoutReturn.dismiss} />
        <div className="summary">
          <PlanCard billing={billing} />
          <QuotaCard quota={quota} />
        </div>
        <SignalsPanel
          signals={signals}
          resetsAt={resetsAt}
          waiting={waiting}
          onAlreadySubscribed={() => void billing.reload()}
        />
      </main>
    </>
  )
}
