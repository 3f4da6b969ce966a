/**
 * Subscription calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import {
  getBillingStatus,
  postBillingCreateCheckout,
  postBillingPortal,
  type BillingStatusBody,
  type CheckoutBody,
  type PortalBody,
} from '../client'
import type { Wire } from './wire'

export type BillingStatus = Wire<BillingStatusBody>

export async function fetchBillingStatus(): Promise<BillingStatus> {
  return (await getBillingStatus()).data
}

export async function startCheckout(): Promise<CheckoutBody> {
  return (await postBillingCreateCheckout()).data
}

/** A short-lived link to the payment provider's page for changing the card, invoices or cancelling. */
export async function openBillingPortal(): Promise<PortalBody> {
  return (await postBillingPortal()).data
}
