/** What `/site` said about this deployment, or null until it has answered (see `siteApi.ts`). */
import { useEffect, useSyncExternalStore } from 'react'
import { currentSite, loadSite, subscribeSite, type Site } from '../services/siteApi'

export function useSite(): Site | null {
  useEffect(loadSite, [])
  return useSyncExternalStore(subscribeSite, currentSite)
}
