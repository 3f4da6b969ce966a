/**
 * Subscription calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import { getBillingStatus, postBillingCreateCheckout, type BillingStatusBody, type CheckoutBody } from '../client'
import type { Wire } from './wire'

export type BillingStatus = Wire<BillingStatusBody>

export async function fetchBillingStatus(): Promise<BillingStatus> {
  return (await getBillingStatus()).data
}

export async function startCheckout(): Promise<CheckoutBody> {
  return (await postBillingCreateCheckout()).data
}
