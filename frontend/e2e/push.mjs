#!/usr/bin/env node
/**
 * Browser notifications end to end, in headless Chromium against a running Signalbox server.
 *
 * A new customer, with notifications granted to the site, turns them on from the alerts page: the dashboard asks
 * for permission, fetches the server's key, registers `sw.js` and subscribes. Headless Chromium has no push service
 * to subscribe with here (no network), so `subscribe` may fail — the card must then say so — but the service worker
 * is registered either way. A push message is then delivered to it through the DevTools protocol
 * (`ServiceWorker.deliverPushMessage`), as the browser's push service would, and the notification it shows is read
 * back with `registration.getNotifications()`. When `subscribe` does work, the subscription must have reached the
 * server (201) and "Disable on this browser" must remove it (204).
 *
 *   E2E_BASE_URL=http://127.0.0.1:8000 node e2e/push.mjs
 *
 * Ends with a `N passed, M failed` line; exits non-zero on any failure.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { watchCsp } from './csp.mjs'

const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TIMEOUT_MS = 15_000
const ALERT = { title: 'NIFTY BUY at 24,510', body: 'Target 24,620 · stop 24,450', url: '/dashboard' }

let passed = 0
let failed = 0

async function step(name, action) {
  const started = Date.now()
  try {
    await action()
    passed += 1
    console.log(`✓ ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    failed += 1
    console.log(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    throw error
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

/** The registration id DevTools knows the dashboard's service worker by. */
async function registrationId(cdp) {
  const found = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('DevTools never reported the service worker')), TIMEOUT_MS)
    cdp.on('ServiceWorker.workerRegistrationUpdated', ({ registrations }) => {
      const ours = registrations.find((r) => r.scopeURL === `${BASE_URL}/` && !r.isDeleted)
      if (ours) {
        clearTimeout(timer)
        resolve(ours.registrationId)
      }
    })
  })
  await cdp.send('ServiceWorker.enable')
  return found
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'signalbox-push-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'],
  })
  const cspViolations = await watchCsp(context)
  await context.grantPermissions(['notifications'], { origin: BASE_URL })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(TIMEOUT_MS)
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const registered = []
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/alerts/push/subscriptions')) registered.push(`${r.request().method()} ${r.status()}`)
  })
  let subscribed = false

  try {
    await step('sign up', async () => {
      await page.goto(`${BASE_URL}/login`)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByLabel('Email').fill(`push-${Date.now()}@example.com`)
      await page.getByLabel('Password').fill('correct-horse-battery')
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      await page.waitForURL('**/dashboard')
    })

    await step('enable browser notifications from the alerts page', async () => {
      await page.goto(`${BASE_URL}/alerts`)
      await page.getByRole('button', { name: 'Enable browser notifications' }).click()
      const on = page.getByText('Notifications are on in this browser.')
      const refused = page.getByRole('alert')
      // Without a push service, `subscribe` never answers: the dashboard gives up after SUBSCRIBE_TIMEOUT_MS (10 s).
      await on.or(refused).waitFor({ state: 'visible', timeout: 30_000 })
      subscribed = await on.isVisible()
      if (subscribed) {
        check(registered.includes('POST 201'), `the subscription did not reach the server: ${registered.join(', ')}`)
      } else {
        const text = (await refused.textContent()) ?? ''
        check(/could not subscribe/.test(text), `the card says "${text}"`)
        console.log('  (this Chromium has no push service: subscribing failed as expected, and the card said so)')
      }
      const script = await page.evaluate(async () => (await navigator.serviceWorker.ready).active?.scriptURL ?? null)
      check(script === `${BASE_URL}/sw.js`, `the active service worker is ${script}`)
    })

    await step('a push message becomes a notification', async () => {
      const cdp = await context.newCDPSession(page)
      const id = await registrationId(cdp)
      await cdp.send('ServiceWorker.deliverPushMessage', { origin: BASE_URL, registrationId: id, data: JSON.stringify(ALERT) })
      let notification = null
      for (const deadline = Date.now() + TIMEOUT_MS; notification === null && Date.now() < deadline; ) {
        notification = await page.evaluate(async (title) => {
          const shown = await (await navigator.serviceWorker.ready).getNotifications()
          const found = shown.find((n) => n.title === title)
          return found ? { body: found.body, url: found.data?.url ?? null } : null
        }, ALERT.title)
        if (notification === null) await page.waitForTimeout(200)
      }
      check(notification !== null, 'no notification was shown')
      check(notification.body === ALERT.body, `the notification reads "${notification.body}"`)
      check(notification.url === ALERT.url, `the notification opens ${notification.url}`)
    })

    if (subscribed) {
      await step('disable on this browser', async () => {
        await page.getByRole('button', { name: 'Disable on this browser' }).click()
        await page.getByRole('button', { name: 'Enable browser notifications' }).waitFor({ state: 'visible' })
        check(registered.includes('DELETE 204'), `the device was not removed: ${registered.join(', ')}`)
      })
    }

    await step('no page errors and no CSP violations', async () => {
      check(pageErrors.length === 0, `page errors: ${pageErrors.join(' | ')}`)
      check(cspViolations.length === 0, `CSP violations: ${cspViolations.join(' | ')}`)
    })
  } catch {
    // The failing step has been reported; the summary below counts it.
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

await main()
