/**
 * The current location as React state: components re-render when the app navigates or the user goes back/forward.
 */
import { useSyncExternalStore } from 'react'
import { currentLocation, subscribeToLocation, type AppLocation } from '../router/history'

export function useLocation(): AppLocation {
  return useSyncExternalStore(subscribeToLocation, currentLocation)
}
