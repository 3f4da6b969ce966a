/**
 * Subscription calls, named for the UI (see `authApi.ts` for why these wrappers exist).
 */
import {
  getBillingStatus,
  postBillingCreateCheckout,
  postBillingPortal,
  type BillingStatusBody,
} from '../client'
import { nullsAsAbsent, type NullsAsAbsent } from '../lib/nullsAsAbsent'

/** `current_period_end` is absent when unknown, whether the server leaves it out or sends `null`. */
export type BillingStatus = NullsAsAbsent<BillingStatusBody>

export async function fetchBillingStatus(): Promise<BillingStatus> {
  return nullsAsAbsent((await getBillingStatus()).data)
}

/** Opens a checkout session; the answer is the payment page to send the browser to. */
export async function checkoutUrl(): Promise<string> {
  return (await postBillingCreateCheckout()).data.checkout_url
}

/** A short-lived link to the payment provider's page for changing the card, invoices or cancelling. */
export async function billingPortalUrl(): Promise<string> {
  return (await postBillingPortal()).data.portal_url
}
