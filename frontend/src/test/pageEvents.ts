/**
 * The browser's page lifecycle, as tests need to play it: leaving a page into the back/forward cache and coming
 * back to it (`persisted: true`), or an ordinary show (`persisted: false`).
 */
import { act } from '@testing-library/react'

function transition(type: 'pagehide' | 'pageshow', persisted: boolean): Promise<void> {
  return act(async () => {
    window.dispatchEvent(new PageTransitionEvent(type, { persisted }))
  })
}

/** The user leaves for another page and this one is kept in the back/forward cache. */
export const leaveIntoCache = () => transition('pagehide', true)

/** The user comes back with Back/Forward and the page is restored from the cache. */
export const comeBackFromCache = () => transition('pageshow', true)

/** An ordinary `pageshow`, as on every fresh page load. */
export const showFresh = () => transition('pageshow', false)
