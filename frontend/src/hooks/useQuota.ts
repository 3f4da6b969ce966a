/**
 * Today's remaining free requests, read from `/signals/quota` (which does not spend one). It is reloaded after
 * each signals load rather than on a timer: that is the only moment it changes.
 */
import { fetchQuota } from '../services/signalsApi'
import { useRequest } from './useRequest'

export function useQuota() {
  return useRequest(fetchQuota, { enabled: false })
}
