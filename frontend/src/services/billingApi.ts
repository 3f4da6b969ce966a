/**
 * Subscription calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { billingStatus, createCheckout, type BillingStatusOut, type CheckoutOut } from '../client'

export type BillingStatus = BillingStatusOut

export async function fetchBillingStatus(): Promise<BillingStatus> {
  return (await billingStatus()).data
}

export async function startCheckout(): Promise<CheckoutOut> {
  return (await createCheckout()).data
}
