/**
 * Today's allowance from `/signals/quota`, which never spends a request. It is read when the dashboard opens — it
 * also tells whether the user is unlimited, which decides how signals load — and again after each free request.
 */
import { getQuota } from '../services/signalsApi'
import { useRequest } from './useRequest'

export function useQuota() {
  return useRequest(getQuota)
}
