/**
 * True while a page restored from the back/forward cache waits for its session to be checked again (see
 * `services/pageRestore.ts`): the app must not show session data meanwhile.
 */
import { useSyncExternalStore } from 'react'
import { isPageHeld, subscribeToPageHold } from '../services/pageRestore'

export function usePageHeld(): boolean {
  return useSyncExternalStore(subscribeToPageHold, isPageHeld)
}
