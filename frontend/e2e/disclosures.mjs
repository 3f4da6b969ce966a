#!/usr/bin/env node
/**
 * What a stranger sees before paying, in a real browser against a running server on the simulator: the footer with
 * the business's SEBI registration and contacts and the demo-market banner on the login page of a brand-new browser,
 * `/disclosures` (registration, risk notice, investor charter, complaints format, grievance route), SEBI's F&O risk
 * notice beside "Subscribe for ₹499" and on the simulated checkout, and no sideways scroll on `/disclosures` or the
 * login page at phone widths. Exits non-zero on any failure and ends with a `N passed, M failed` line.
 *
 *   E2E_BASE_URL=http://127.0.0.1:8000 node e2e/disclosures.mjs
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
// Generous: this walk runs right after the demo and alerts walks on the same two cores, and one
// CI run took over 15 s for the sign-up and checkout navigations that normally take one.
const TIMEOUT_MS = 30_000
const DESKTOP = { width: 1280, height: 860 }
const PHONE_WIDTHS = [320, 360, 390]
const RISK = '9 out of 10 individual traders in equity Futures and Options Segment incurred net losses.'
const SEBI_SENTENCE =
  'Registration granted by SEBI, membership of BASL and certification from NISM in no way guarantee performance of the intermediary or provide any assurance of returns to investors.'

let passed = 0
let failed = 0

async function step(page, name, action) {
  try {
    await action()
    passed += 1
    console.log(`✓ ${name}`)
  } catch (error) {
    failed += 1
    console.log(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    await page.screenshot({ path: join(tmpdir(), `signalbox-e2e-failed-${name}.png`), fullPage: true }).catch(() => {})
    throw error
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

const visible = (locator) => locator.waitFor({ state: 'visible', timeout: TIMEOUT_MS })

async function fitsPhones(page, what) {
  try {
    for (const width of PHONE_WIDTHS) {
      await page.setViewportSize({ width, height: 780 })
      await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))))
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth)
      check(overflow <= 0, `${what} scrolls sideways by ${overflow}px at ${width}px wide`)
    }
  } finally {
    await page.setViewportSize(DESKTOP)
  }
}

async function main() {
  const site = await (await fetch(`${BASE_URL}/site`)).json()
  const profile = mkdtempSync(join(tmpdir(), 'signalbox-e2e-disclosures-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    locale: 'en-IN',
    timezoneId: 'Asia/Kolkata',
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(TIMEOUT_MS)
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  try {
    await step(page, 'fresh-browser-login-page-has-footer-and-demo-banner', async () => {
      await page.goto(`${BASE_URL}/login`)
      const footer = page.getByTestId('site-footer')
      await visible(footer.getByText(site.business_name))
      const text = (await footer.textContent()) ?? ''
      check(text.includes(site.research_analyst.name), `the footer lacks the analyst: ${text}`)
      check(text.includes(site.contact_email) && text.includes(site.grievance_email), `the footer lacks an address: ${text}`)
      check(text.includes(SEBI_SENTENCE), 'the footer lacks SEBI’s sentence')
      check((await footer.getByRole('link', { name: 'How it works' }).getAttribute('href')) === '/how-it-works', 'no How it works link')
      check(site.market.simulated === true, 'the e2e server should run on the simulator')
      await visible(page.getByTestId('demo-market-banner'))
    })

    await step(page, 'disclosures-page', async () => {
      await page.getByTestId('site-footer').getByRole('link', { name: 'Disclosures' }).click()
      await page.waitForURL('**/disclosures')
      await visible(page.getByRole('heading', { name: 'Disclosures', level: 1 }))
      for (const heading of ['Registration', 'Investor charter', 'Complaints', 'How to complain']) {
        await visible(page.getByRole('heading', { name: heading, level: 2 }))
      }
      await visible(page.getByRole('complementary', { name: 'Risk notice' }).getByText(RISK))
      await visible(page.getByRole('link', { name: 'https://scores.sebi.gov.in' }))
      await visible(page.getByRole('link', { name: 'https://smartodr.in' }))
      await visible(page.getByTestId('complaints-as-of').getByText(/format to be filled in by the operator/))
      await visible(page.getByTestId('demo-market-banner'))
    })

    await step(page, 'disclosures-and-login-fit-phones', async () => {
      await fitsPhones(page, '/disclosures')
      await page.goto(`${BASE_URL}/login`)
      await visible(page.getByTestId('site-footer').getByText(site.business_name))
      await fitsPhones(page, '/login')
    })

    await step(page, 'risk-notice-beside-subscribe-and-on-checkout', async () => {
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByLabel('Email').fill(`disclosures-${Date.now()}@example.com`)
      await page.getByLabel('Password').fill('correct-horse-battery')
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      await page.waitForURL('**/dashboard')
      const plan = page.getByRole('region', { name: 'Plan' })
      const subscribe = plan.getByRole('button', { name: 'Subscribe for ₹499' })
      await visible(subscribe)
      await visible(plan.getByRole('complementary', { name: 'Risk notice' }).getByText(RISK))
      await subscribe.click()
      await page.waitForURL('**/billing/simulated-checkout/**')
      await visible(page.getByRole('complementary', { name: 'Risk notice' }).getByText(RISK))
      await visible(page.getByText('Signals are research, not advice tailored to you'))
    })
  } catch {
    // Reported by `step`; later steps depend on earlier ones.
  } finally {
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  if (pageErrors.length > 0) {
    failed += 1
    console.log(`✗ no uncaught errors in the page: ${pageErrors.join('; ')}`)
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  console.log(`${passed} passed, ${failed + 1} failed`)
  process.exit(1)
})
