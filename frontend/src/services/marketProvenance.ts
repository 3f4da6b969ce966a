/**
 * Whether the server's market data is simulated, as its last answer said — so every page, the login page
 * included, can say so. A trader must never take a demo market's prices for the NSE's.
 *
 * Every signals answer carries `simulated`; the wrappers in `signalsApi.ts` report it here. The last known value is
 * kept in localStorage (it describes the server, not a user, so it survives logging out) and shared with every
 * subscriber. Storage that is full or disabled only means the page forgets it on reload.
 */

const KEY = 'signalbox:simulated-market'

type Listener = () => void

const listeners = new Set<Listener>()

function read(): boolean {
  try {
    return localStorage.getItem(KEY) === 'true'
  } catch {
    return false
  }
}

let simulated = read()

/** Records what the latest answer said about the market data. */
export function noteMarketData(isSimulated: boolean): void {
  if (isSimulated === simulated) return
  simulated = isSimulated
  try {
    localStorage.setItem(KEY, String(isSimulated))
  } catch {
    // Kept in memory only.
  }
  listeners.forEach((listener) => listener())
}

export function isMarketSimulated(): boolean {
  return simulated
}

export function subscribeMarketData(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}
