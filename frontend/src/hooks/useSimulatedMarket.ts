/** True while the server's last answer said its market data is simulated (see `marketProvenance.ts`). */
import { useSyncExternalStore } from 'react'
import { isMarketSimulated, subscribeMarketData } from '../services/marketProvenance'

export function useSimulatedMarket(): boolean {
  return useSyncExternalStore(subscribeMarketData, isMarketSimulated)
}
