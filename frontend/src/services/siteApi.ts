/**
 * Who runs this deployment (`GET /site`): the footer and `/disclosures` show it on every page, logged in or not.
 *
 * Asked once per page load and shared by every reader; it describes the server, not a user, so logging in or out
 * does not ask again. Its `market.simulated` is reported to `marketProvenance.ts`, so the demo-market banner shows
 * on the login page of a browser that has never loaded a signal. A failed answer is forgotten, so the next reader
 * asks again.
 */
import { getSite, type SiteBody } from '../client'
import { noteMarketData } from './marketProvenance'

export type Site = SiteBody

type Listener = () => void

let site: Site | null = null
let asking: Promise<void> | null = null
const listeners = new Set<Listener>()

/** Starts the one request for `/site` unless it is answered or on its way. */
export function loadSite(): void {
  if (site !== null || asking !== null) return
  asking = getSite()
    .then(({ data }) => {
      site = data
      noteMarketData(data.market.simulated)
      listeners.forEach((listener) => listener())
    })
    .catch(() => {
      // The footer's fixed parts (the notice, the links) still show; the next page to mount asks again.
    })
    .finally(() => {
      asking = null
    })
}

export function currentSite(): Site | null {
  return site
}

export function subscribeSite(listener: Listener): () => void {
  listeners.add(listener)
  return () => listeners.delete(listener)
}

/** Tests start each case with nothing known. */
export function forgetSite(): void {
  site = null
  asking = null
}
