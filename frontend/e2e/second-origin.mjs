#!/usr/bin/env node
/**
 * The dashboard on its own host: built with `VITE_API_URL` pointing at the API and served from a second origin, it
 * signs up, pays through the simulated checkout, reloads still logged in (the refresh cookie travels with
 * credentialed cross-origin requests), and logs out. A third origin, not in the server's `CORS_ALLOWED_ORIGINS`,
 * cannot read the API's answers. `scripts/e2e.sh` starts the server and both static origins.
 *
 * Both dashboard origins are ports of `localhost`, like the API: one *site*, so the default `SameSite=Strict`
 * cookie is enough here. A dashboard on another site needs `COOKIE_CROSS_SITE=true` and https, which a local run
 * cannot have.
 *
 *   E2E_API_URL=http://localhost:8000 E2E_DASHBOARD_URL=http://localhost:4173 E2E_THIRD_URL=http://localhost:4174 \
 *     node e2e/second-origin.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const API = process.env.E2E_API_URL
const DASHBOARD = process.env.E2E_DASHBOARD_URL
const THIRD = process.env.E2E_THIRD_URL
const TIMEOUT_MS = 15_000
const email = `second-origin-${Date.now()}@example.com`
const password = 'correct-horse-battery'

let passed = 0
let failed = 0

async function step(name, action) {
  try {
    await action()
    passed += 1
    console.log(`✓ ${name}`)
  } catch (error) {
    failed += 1
    console.log(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    throw error
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

async function expectPlan(page, plan) {
  await page
    .waitForFunction((want) => document.querySelector('[data-testid="plan"]')?.textContent?.includes(want), plan)
    .catch(() => {
      throw new Error(`expected the ${plan} plan on ${page.url()}`)
    })
}

async function main() {
  const profile = mkdtempSync(join(tmpdir(), 'signalbox-second-origin-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(TIMEOUT_MS)
  try {
    await step('signs up on the second origin', async () => {
      await page.goto(`${DASHBOARD}/login`)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      const signup = page.waitForResponse((r) => r.url() === `${API}/auth/signup`)
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      check((await signup).status() === 201, 'the sign-up did not go to the API')
      await page.waitForURL(`${DASHBOARD}/dashboard`)
      await expectPlan(page, 'Free')
    })

    await step('pays through the simulated checkout', async () => {
      await page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Subscribe for ₹499' }).click()
      await page.waitForURL(`${API}/billing/simulated-checkout/**`)
      await page.getByRole('button', { name: /Pay ₹499/ }).click()
      await page.waitForURL('**/dashboard**')
      // Let the page finish restoring its session before leaving it: leaving while its refresh is in flight
      // can drop the rotated cookie, and the next page's refresh then presents a spent one.
      await expectPlan(page, 'Paid')
    })

    await step('reloads on the second origin and is still logged in, as a paid user', async () => {
      const booted = page.waitForResponse((r) => r.url() === `${API}/auth/refresh`)
      await page.goto(`${DASHBOARD}/dashboard`)
      check((await booted).status() === 200, 'the dashboard on the second origin did not restore the session')
      await expectPlan(page, 'Paid')
      const refreshed = page.waitForResponse((r) => r.url() === `${API}/auth/refresh`)
      await page.reload()
      check((await refreshed).status() === 200, 'the refresh cookie did not restore the session across origins')
      await page.waitForURL(`${DASHBOARD}/dashboard`)
      await expectPlan(page, 'Paid')
    })

    await step('logs out', async () => {
      const loggedOut = page.waitForResponse((r) => r.url() === `${API}/auth/logout`)
      await page.getByRole('button', { name: 'Log out' }).click()
      check((await loggedOut).status() === 204, 'POST /auth/logout did not answer 204')
      await page.waitForURL(`${DASHBOARD}/login`)
      await page.goto(`${DASHBOARD}/dashboard`)
      await page.waitForURL(`${DASHBOARD}/login`)
    })

    await step('a third origin cannot read the API', async () => {
      await page.goto(`${THIRD}/login`)
      const outcome = await page.evaluate(async (api) => {
        try {
          const response = await fetch(`${api}/auth/refresh`, { method: 'POST', credentials: 'include' })
          return `read ${response.status}`
        } catch {
          return 'blocked'
        }
      }, API)
      check(outcome === 'blocked', `a page on ${THIRD} could ${outcome}`)
    })
  } catch {
    // Reported by `step`; the later steps depend on the earlier ones.
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
