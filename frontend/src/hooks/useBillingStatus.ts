/**
 * The user's plan and subscription, from `/billing/status`.
 */
import { fetchBillingStatus } from '../services/billingApi'
import { useRequest } from './useRequest'

export function useBillingStatus() {
  return useRequest(fetchBillingStatus)
}
