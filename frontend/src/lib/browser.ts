/**
 * Full-page navigation away from the app (to a payment page). Behind a function of its own because jsdom cannot
 * navigate and `window.location.assign` cannot be spied on; tests replace this module instead.
 */
export function leavePageFor(url: string): void {
  window.location.assign(url)
}
