/**
 * Content-Security-Policy checks for the end-to-end walk.
 *
 * `watchCsp` records every CSP violation in any page of the browser context, from two sources: Chromium's own
 * console report ("Refused to execute inline script because it violates…") and the page's
 * `securitypolicyviolation` event, which a script injected before any page script turns into a console line. The
 * walk fails if the list is not empty at the end, so the dashboard, the simulated Stripe pages and Swagger UI are all
 * proved to work under the policy they are served with.
 *
 * `injectedScriptIsBlocked` proves the other half: the policy is enforced. It adds an inline script to the page, as
 * an XSS would, and expects it not to run, and the watcher to have seen the violation.
 */

const MARK = 'CSP violation:'

export async function watchCsp(context) {
  const violations = []
  await context.addInitScript((mark) => {
    document.addEventListener('securitypolicyviolation', (event) => {
      console.error(`${mark} ${event.effectiveDirective} blocked ${event.blockedURI || 'inline code'} on ${location.pathname}`)
    })
  }, MARK)
  context.on('console', (message) => {
    const text = message.text()
    if (text.startsWith(MARK) || /Content Security Policy/i.test(text)) {
      let path = '?'
      try {
        path = new URL(message.page()?.url() ?? '').pathname
      } catch {
        // about:blank and the like
      }
      violations.push(`${path}: ${text.slice(0, 240)}`)
    }
  })
  return violations
}

/** Injects an inline script into `page`; true when it did not run and both channels reported it (then forgotten). */
export async function injectedScriptIsBlocked(page, violations) {
  const before = violations.length
  const ran = await page.evaluate(() => {
    const script = document.createElement('script')
    script.textContent = 'window.__injectedByTest = true'
    document.head.append(script)
    return window.__injectedByTest === true
  })
  // Both reports of it (Chromium's console line and the event) arrive asynchronously, in either order.
  const seenBoth = () => {
    const fresh = violations.slice(before)
    return fresh.some((v) => v.includes(MARK)) && fresh.some((v) => /Content Security Policy/i.test(v))
  }
  for (let i = 0; i < 100 && !seenBoth(); i += 1) await page.waitForTimeout(20)
  const reported = seenBoth()
  violations.splice(before)
  return !ran && reported
}
