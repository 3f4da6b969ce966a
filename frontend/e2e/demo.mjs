#!/usr/bin/env node
/**
 * End-to-end demo in a real browser against a running Signalbox server.
 *
 * Walks the whole product story — sign up, log in, use the three free requests, hit the limit, pay through the
 * simulated checkout, come back as a paid user (the history chart, outcomes and track record, the market badge, a
 * signal arriving live on the stream), reload and stay logged in, cancel at period end in the simulated billing portal (still paid until
 * then) and resume, log out, reset the forgotten password through the mailed link and change it in the account
 * settings — and screenshots each step into `docs/demo/NN-step.png`. Then, as a second customer still on the free
 * plan, what the browser itself can do to a logged-out or half-finished page: Back from an unpaid checkout, a second
 * tab when the first logs out, and Back after logging out. Then Swagger UI at /docs, a third customer deletes their
 * account, and last a fourth, on the free plan, finds "Get latest signals" waiting for a newer candle than the one
 * shown. The demo-market banner (the server runs on the simulator) is checked on the way. Every page must work under its Content-Security-Policy: any violation anywhere in the walk
 * fails it (see `csp.mjs`). Chromium runs with the back/forward cache ON (Playwright turns it off by default), as in
 * a customer's browser: Back restores the page that was left, memory and all.
 * Steps depend on each other, so the first failure stops the run. Exits non-zero on any failure and ends with a
 * `N passed, M failed` line.
 *
 *   E2E_BASE_URL=http://127.0.0.1:8000 npm run e2e      (E2E_SHOTS_DIR=/tmp/shots to keep docs/demo/ as it is)
 *
 * Each step is also a frame of the recorded demo, `docs/demo/demo-walk.png` (see `recording.mjs`).
 *
 * The server must have the market open and closing candles quickly, as `scripts/e2e.sh` runs it
 * (`MARKET_CLOCK_START=…T10:00:00+05:30 MARKET_CLOCK_SPEED=60`): the walk awaits a live signal.
 *
 * Needs Debian's chromium (`apt-get install -y chromium`) or CHROMIUM_PATH pointing at another build.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'
import { injectedScriptIsBlocked, watchCsp } from './csp.mjs'
import { startRecording } from './recording.mjs'

const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const SHOTS = process.env.E2E_SHOTS_DIR ?? new URL('../../docs/demo/', import.meta.url).pathname
const TIMEOUT_MS = 15_000
/** A candle closes every 5 s on the e2e server's market clock; allow several for a slow machine. */
const LIVE_EVENT_MS = 20_000
const newEmail = () => `demo-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`
const email = newEmail()
const password = 'correct-horse-battery'

let passed = 0
let failed = 0
let shot = 0
const recording = startRecording(SHOTS)

/** Runs one step; on success saves the screenshot that proves it. */
async function step(page, name, action) {
  const started = Date.now()
  try {
    await action()
    shot += 1
    await page.screenshot({ path: join(SHOTS, `${String(shot).padStart(2, '0')}-${name}.png`), fullPage: true })
    await recording.capture(page)
    passed += 1
    console.log(`✓ ${name} (${Date.now() - started} ms)`)
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

async function quotaLeft(page) {
  const quota = page.getByTestId('quota-remaining')
  await visible(quota)
  return Number(await quota.textContent())
}

/** Waits for the quota card to show `n` left: it is read after each signals load, so it trails it slightly. */
async function expectQuota(page, n) {
  const quota = page.getByTestId('quota-remaining')
  await page.waitForFunction(
    (want) => document.querySelector('[data-testid="quota-remaining"]')?.textContent === String(want),
    n,
    { timeout: TIMEOUT_MS },
  ).catch(async () => {
    throw new Error(`expected ${n} free requests left, the page shows ${await quota.textContent().catch(() => '?')}`)
  })
}

/** Waits for the plan card to read `plan` ("Free" or "Paid"). */
async function expectPlan(page, plan) {
  await page
    .waitForFunction((want) => document.querySelector('[data-testid="plan"]')?.textContent?.includes(want), plan, {
      timeout: TIMEOUT_MS,
    })
    .catch(async () => {
      throw new Error(`expected the ${plan} plan, the page shows ${await page.getByTestId('plan').textContent().catch(() => '?')}`)
    })
}

async function signalsTable(page) {
  const table = page.getByRole('region', { name: 'Signals' }).getByRole('table')
  await visible(table)
  const rows = await table.locator('tbody tr').count()
  check(rows > 0, 'the signals table has no rows')
  // Cell by cell: the table's whole text runs cells together ("HOLD26,000.00"), which word boundaries miss.
  const levels = await table.locator('td[data-label="Level (pts)"]').allTextContents()
  const actions = await table.locator('td[data-label="Signal"]').allTextContents()
  // Index levels are points, not rupees.
  check(levels.length === rows && levels.every((t) => /^[\d,]+\.\d\d$/.test(t.trim())), `index levels read ${levels.join(' | ')}`)
  check(!((await table.textContent()) ?? '').includes('₹'), 'index levels are shown in rupees')
  check(actions.length === rows && actions.every((t) => /\b(BUY|SELL|HOLD)$/.test(t.trim())), `actions read ${actions.join(' | ')}`)
  return rows
}

/** Clicks Refresh (paid) or "Get latest signals (n left today)" (free); returns the status of its `/signals` call. */
async function refresh(page, name = 'Refresh') {
  const button = page.getByRole('region', { name: 'Signals' }).getByRole('button', { name })
  await button.waitFor({ state: 'visible' })
  const [response] = await Promise.all([
    page.waitForResponse((r) => new URL(r.url()).pathname === '/signals' && r.request().method() === 'GET'),
    button.click(),
  ])
  return response.status()
}

/** The free plan's button, which spends one request. */
const getLatest = (page) => refresh(page, /^Get latest signals/)

/** Counts the requests a page makes to `METHOD path`, as they happen. */
function countRequests(page, method, path) {
  const counter = { count: 0 }
  page.on('request', (request) => {
    if (request.method() === method && new URL(request.url()).pathname === path) counter.count += 1
  })
  return counter
}

/** Leaves a mark in the page's memory: only a page restored from the back/forward cache still has it. */
async function markPage(page) {
  await page.evaluate(() => {
    window.signalboxE2eMark = true
  })
}

async function cameFromCache(page) {
  return page.evaluate(() => window.signalboxE2eMark === true)
}

/** True when any session data (plan, quota, signals) is on screen. */
async function dataVisible(page) {
  return page.evaluate(() =>
    ['[data-testid="plan"]', '[data-testid="quota-remaining"]', 'table'].some((selector) =>
      [...document.querySelectorAll(selector)].some((element) => element.checkVisibility()),
    ),
  )
}

/** The phone widths every page must fit without scrolling sideways (a 320 px iPhone SE up to a 390 px iPhone). */
const PHONE_WIDTHS = [320, 360, 390]
const DESKTOP = { width: 1280, height: 860 }

/**
 * Checks the page as it stands at each phone width, then returns to the desktop viewport. `what` names the page in the
 * failure. The layout settles over two frames after a resize (media queries, then anything measured by script).
 */
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

/** The reset link in the newest mail to `address` in the development outbox (`GET /dev/mailbox`). */
async function resetLinkFor(page, address) {
  const response = await page.request.get(`${BASE_URL}/dev/mailbox`)
  check(response.ok(), `GET /dev/mailbox answered ${response.status()}`)
  const mail = (await response.json()).filter((m) => m.to === address).at(-1)
  check(mail !== undefined, `no mail to ${address} in the development outbox`)
  const link = mail.body.match(/\bhttps?:\/\/\S+\/reset-password\?token=[^\s"<>]+/)?.[0]
  check(link !== undefined, `the mail "${mail.subject}" holds no reset link`)
  check(link.startsWith(`${BASE_URL}/reset-password?token=`), `the reset link points at ${link}, not ${BASE_URL}: set PUBLIC_URL`)
  return link
}

const DEMO_BANNER = 'Demo market — simulated prices, not real NSE data'

/** The demo-market banner is on the page, and offers no way to close it. */
async function expectDemoBanner(page) {
  const banner = page.getByTestId('demo-market-banner')
  await visible(banner)
  check((await banner.textContent())?.trim() === DEMO_BANNER, `the demo banner reads ${await banner.textContent()}`)
  check((await banner.getByRole('button').count()) === 0, 'the demo banner can be closed')
}

/** From the login page, creates the account `address` and lands on its dashboard. */
async function signUp(page, address) {
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.getByLabel('Email').fill(address)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/dashboard')
}

/** The plan card's text once it reads `pattern` ("Renews on …", "Cancels on …"). */
async function expectPlanNote(page, pattern) {
  const card = page.getByRole('region', { name: 'Plan' })
  await page
    .waitForFunction(
      ([source, flags]) => new RegExp(source, flags).test(document.querySelector('#plan-heading')?.parentElement?.textContent ?? ''),
      [pattern.source, pattern.flags],
      { timeout: TIMEOUT_MS },
    )
    .catch(async () => {
      throw new Error(`expected the plan card to match ${pattern}, it reads "${await card.textContent().catch(() => '?')}"`)
    })
  return card.textContent()
}

/** Waits for the dashboard's `GET /billing/status` answer (after a full page load) and returns its body. */
function billingStatusOnLoad(page) {
  const answer = page
    .waitForResponse((r) => new URL(r.url()).pathname === '/billing/status' && r.status() === 200)
    .then((r) => r.json())
  answer.catch(() => {}) // Awaited by the caller, unless an earlier check fails first.
  return answer
}

async function main() {
  mkdirSync(SHOTS, { recursive: true })
  const profile = mkdtempSync(join(tmpdir(), 'signalbox-e2e-'))
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: DESKTOP,
    // A trader in India: times on screen should read in IST.
    locale: 'en-IN',
    timezoneId: 'Asia/Kolkata',
    // Playwright passes --disable-back-forward-cache; a real Chrome keeps pages for Back/Forward, so test with that.
    ignoreDefaultArgs: ['--disable-back-forward-cache'],
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  })
  const cspViolations = await watchCsp(context)
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(TIMEOUT_MS)
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  const signalsRequests = countRequests(page, 'GET', '/signals')

  try {
    await step(page, 'login-page', async () => {
      await page.goto(`${BASE_URL}/`)
      await page.waitForURL('**/login')
      await visible(page.getByRole('heading', { name: 'Welcome back' }))
      await fitsPhones(page, 'the login page')
    })

    await step(page, 'signup-validation', async () => {
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByLabel('Email').fill('not-an-email')
      await page.getByLabel('Password').fill('short')
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      await visible(page.getByText('Enter an email address like name@example.com.'))
      await visible(page.getByText('Use at least 8 characters.'))
      await fitsPhones(page, 'the sign-up form with its errors')
    })

    // The fair free tier: opening or reloading the dashboard never spends a request; "Get latest signals" does,
    // and what was received today stays on screen — after logging in again, and after the limit, on reload too.
    await step(page, 'signed-up-first-load', async () => {
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      await page.waitForURL('**/dashboard')
      await expectQuota(page, 3)
      check((await page.getByTestId('plan').textContent())?.includes('Free'), 'a new account is not on the Free plan')
      check(signalsRequests.count === 0, 'opening the dashboard spent a free request')
      check((await getLatest(page)) === 200, 'the first request of the day was refused')
      await signalsTable(page)
      await expectQuota(page, 2)
      // The e2e server runs on the simulator: every page must say so.
      await expectDemoBanner(page)
      await fitsPhones(page, 'the free dashboard')
    })

    await step(page, 'logged-in-second-load', async () => {
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.waitForURL('**/login')
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('form').getByRole('button', { name: 'Log in' }).click()
      await page.waitForURL('**/dashboard')
      await signalsTable(page) // received earlier today, shown again without a request
      await expectQuota(page, 2)
      check(signalsRequests.count === 1, 'logging in again spent a free request')
      check((await getLatest(page)) === 200, 'the second request of the day was refused')
      await expectQuota(page, 1)
    })

    await step(page, 'third-load', async () => {
      check((await getLatest(page)) === 200, 'the third request of the day was refused')
      await signalsTable(page)
      await expectQuota(page, 0)
    })

    await step(page, 'fourth-load-blocked', async () => {
      // Nothing left: no fourth request to spend, the upgrade offer instead — and today's signals stay, on reload too.
      await page.reload()
      await page.waitForURL('**/dashboard')
      const banner = page.getByRole('region', { name: 'Upgrade' })
      await visible(banner)
      check((await banner.textContent())?.includes('free signals'), 'the upgrade banner does not explain the limit')
      await signalsTable(page)
      check((await quotaLeft(page)) === 0, 'quota is not 0 after the limit')
      const button = page.getByRole('region', { name: 'Signals' }).getByRole('button', { name: /^Get latest signals/ })
      check(await button.isDisabled(), '"Get latest signals" is still offered with none left')
      check(signalsRequests.count === 3, `the free day took ${signalsRequests.count} signals requests, not 3`)
      await fitsPhones(page, 'the free dashboard at its limit')
    })

    await step(page, 'simulated-checkout', async () => {
      await page.getByRole('region', { name: 'Upgrade' }).getByRole('button', { name: 'Subscribe for ₹499' }).click()
      await page.waitForURL('**/billing/simulated-checkout/**')
      // The session's refresh cookie belongs to this origin; a checkout on another origin (localhost vs 127.0.0.1)
      // would bring the user back logged out.
      const origin = new URL(page.url()).origin
      check(origin === new URL(BASE_URL).origin, `checkout is on ${origin}, not ${BASE_URL}: set the server's PUBLIC_URL`)
      await visible(page.getByRole('button', { name: /Pay ₹499/ }))
      await fitsPhones(page, 'the simulated checkout page')
    })

    await step(page, 'back-as-paid', async () => {
      await page.getByRole('button', { name: /Pay ₹499/ }).click()
      await page.waitForURL('**/dashboard**')
      await visible(page.getByText('Your subscription is active. Enjoy unlimited signals.'))
      await expectPlan(page, 'Paid')
      check(!page.url().includes('checkout='), 'the checkout query string was left in the URL')
      await signalsTable(page)
      await visible(page.getByText('Unlimited', { exact: true }))
      await fitsPhones(page, 'the paid dashboard')
    })

    await step(page, 'paid-more-signals', async () => {
      for (let i = 0; i < 3; i += 1) {
        const status = await refresh(page)
        check(status === 200, `paid request ${i + 1} got ${status}`)
        await signalsTable(page)
      }
      check((await page.getByRole('region', { name: 'Upgrade' }).count()) === 0, 'a paid user saw the upgrade banner')
      check((await page.getByRole('alert').count()) === 0, 'an error is shown on the paid dashboard')
    })

    // What a trader reads the signals by: the last session charted with its BUY/SELL calls, each call's outcome,
    // the track record, and whether the market is open. The server backfills the last sessions at start.
    let lastAnswer = null
    let requestsAtLastAnswer = 0
    await step(page, 'history-chart', async () => {
      const answered = page.waitForResponse((r) => new URL(r.url()).pathname === '/signals' && r.status() === 200)
      await refresh(page)
      lastAnswer = await (await answered).json()
      requestsAtLastAnswer = signalsRequests.count
      const history = page.getByRole('region', { name: 'History' })
      const chart = history.getByRole('img', { name: /^NIFTY on / })
      await visible(chart)
      const label = (await chart.getAttribute('aria-label')) ?? ''
      const [, buys, sells] = label.match(/(\d+) BUY, (\d+) SELL/) ?? []
      check(Number(buys) + Number(sells) > 0, `the chart has no BUY/SELL call: "${label}"`)
      const markers = await history.locator('path.marker-buy, path.marker-sell').count()
      check(markers === Number(buys) + Number(sells), `the chart draws ${markers} markers for ${buys} BUY and ${sells} SELL`)
    })

    await step(page, 'history-outcomes-track-record', async () => {
      const history = page.getByRole('region', { name: 'History' })
      const show = history.getByRole('button', { name: /^Show all/ })
      if ((await show.count()) > 0) await show.click()
      const moves = await history.locator('td[data-label="Move (15 min)"]').allTextContents()
      const judged = moves.filter((t) => /^[+−-]?\d+\.\d+\s?%$/.test(t.trim()))
      check(judged.length > 0, `no past signal shows its outcome (moves: ${moves.slice(0, 5).join(' | ')} …)`)
      const marks = await history.locator('td[data-label="Hit"] [role="img"]').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')))
      check(marks.includes('hit') || marks.includes('miss'), 'no call is marked hit or miss')
      // The record is the calls' (their own walk checks it); the history shows no per-signal hit rate as one.
      check(!/Hit rate/.test((await history.textContent()) ?? ''), 'the history still shows a per-signal hit rate')
      // The other symbol has its own history, already loaded.
      await history.getByRole('button', { name: 'BANKNIFTY' }).click()
      await visible(history.getByRole('img', { name: /^BANKNIFTY on / }))
      await history.getByRole('button', { name: 'NIFTY', exact: true }).click()
      await visible(history.getByRole('img', { name: /^NIFTY on / }))
      // Back to the short table (it starts short again for each symbol), so the screenshot stays readable; and to
      // the top, or the sticky header shows up mid-page in a full-page screenshot.
      await page.evaluate(() => window.scrollTo(0, 0))
      await fitsPhones(page, 'the paid dashboard with its history')
    })

    await step(page, 'market-badge-live', async () => {
      const signals = page.getByRole('region', { name: 'Signals' })
      const badge = signals.locator('.badge[class*="market-"]')
      await visible(badge)
      const text = (await badge.textContent()) ?? ''
      // scripts/e2e.sh runs the server on a trading morning at 60× real time (MARKET_CLOCK_START/SPEED), so the
      // market is open and a 5-minute candle closes every 5 s, whatever the hour of the walk.
      check(lastAnswer.market.status === 'open', `the market is ${lastAnswer.market.status}: run the server with a market clock (see scripts/e2e.sh)`)
      check(text === 'Market open', `market open, the badge reads "${text}"`)
      // The paid plan's live stream: connected means GET /signals/stream answered 200 and is being read.
      await visible(signals.getByRole('status').filter({ hasText: /^Live$/ }))
      // A live event: a candle closes, its signal arrives on the stream and replaces the current one in the table —
      // a later candle close than the last /signals answer had, with no /signals request since.
      const answered = Math.max(...lastAnswer.signals.map((s) => Date.parse(s.timestamp)))
      const started = Date.now()
      await page
        .waitForFunction(
          (after) =>
            [...document.querySelectorAll('section[aria-labelledby="signals-heading"] td[data-label="Candle close"] time')].some(
              (time) => Date.parse(time.getAttribute('datetime') ?? '') > after,
            ),
          answered,
          { timeout: LIVE_EVENT_MS },
        )
        .catch(() => {
          throw new Error(`no streamed signal reached the signals table within ${LIVE_EVENT_MS / 1000} s`)
        })
      check(signalsRequests.count === requestsAtLastAnswer, 'the table changed through a /signals request, not the stream')
      console.log(`  (a streamed signal is in the table, ${Date.now() - started} ms into the step; candles close every 5 s)`)
    })

    await step(page, 'paid-mobile', async () => {
      await page.setViewportSize({ width: 390, height: 844 })
      await signalsTable(page)
    })

    await step(page, 'reload-stays-logged-in', async () => {
      await page.setViewportSize(DESKTOP)
      // The access token lived in this page's memory only; what survives the reload is the HttpOnly cookie.
      const refreshed = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/refresh')
      await page.reload()
      check((await refreshed).status() === 200, 'the refresh cookie did not restore the session')
      await page.waitForURL('**/dashboard')
      await expectPlan(page, 'Paid')
      await signalsTable(page)
      await visible(page.getByText(email))
      // Web storage holds today's received signals (per user, per IST day) and whether the market is simulated, and
      // nothing else: no token, no email.
      const stored = await page.evaluate(() => [
        ...Object.entries(window.localStorage),
        ...Object.entries(window.sessionStorage),
      ])
      const kept = (key) => key.startsWith('signalbox:signals:') || key === 'signalbox:simulated-market'
      const foreign = stored.filter(([key, value]) => !kept(key) || /token|@/i.test(value))
      check(foreign.length === 0, `the dashboard keeps ${foreign.map(([key]) => key).join(', ')} in web storage`)
      const cookie = (await context.cookies(`${BASE_URL}/auth/refresh`)).find((c) => c.name === 'signalbox_refresh')
      check(cookie !== undefined, 'no signalbox_refresh cookie')
      check(cookie.httpOnly && cookie.sameSite === 'Strict' && cookie.path === '/auth', 'the refresh cookie is not HttpOnly, SameSite=Strict, Path=/auth')
    })

    await step(page, 'billing-portal', async () => {
      await page.getByRole('button', { name: 'Manage subscription' }).click()
      await page.waitForURL('**/billing/simulated-portal/**')
      await visible(page.getByText(/^Renews on \d{1,2} \w{3} \d{4}$/))
      await visible(page.getByRole('link', { name: 'Cancel subscription' }))
      await fitsPhones(page, 'the simulated billing portal')
    })

    await step(page, 'cancel-confirmation', async () => {
      await page.getByRole('link', { name: 'Cancel subscription' }).click()
      await page.waitForURL('**/billing/simulated-portal/*/cancel')
      await visible(page.getByRole('heading', { name: 'Cancel your subscription?' }))
      await visible(page.getByRole('button', { name: 'Cancel subscription' }))
      await visible(page.getByRole('link', { name: 'Keep my subscription' }))
      await fitsPhones(page, 'the portal\'s cancel confirmation')
    })

    await step(page, 'cancels-at-period-end', async () => {
      const status = billingStatusOnLoad(page)
      await page.getByRole('button', { name: 'Cancel subscription' }).click()
      // A full page load again: the dashboard restores the session from the cookie on its way back.
      await page.waitForURL('**/dashboard')
      const body = await status
      check(body.is_paid === true, 'cancelling at period end ended the paid plan at once')
      check(body.cancel_at_period_end === true, '/billing/status does not say the subscription cancels at period end')
      check(typeof body.current_period_end === 'string', '/billing/status has no current_period_end')
      await expectPlan(page, 'Paid')
      const note = await expectPlanNote(page, /Cancels on \d{1,2} \w{3} \d{4}/)
      check(!note?.includes('Renews on'), 'the plan card still says it renews')
      await visible(page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Resume' }))
      await signalsTable(page)
      await visible(page.getByText('Unlimited', { exact: true }))
    })

    await step(page, 'resumed', async () => {
      await page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Resume' }).click()
      await page.waitForURL('**/billing/simulated-portal/**')
      await visible(page.getByText(/^Cancels on \d{1,2} \w{3} \d{4}$/))
      const status = billingStatusOnLoad(page)
      await page.getByRole('button', { name: 'Resume subscription' }).click()
      await page.waitForURL('**/dashboard')
      const body = await status
      check(body.is_paid === true && body.cancel_at_period_end === false, 'resuming did not clear cancel_at_period_end')
      await expectPlan(page, 'Paid')
      await expectPlanNote(page, /Renews on \d{1,2} \w{3} \d{4}/)
      const plan = page.getByRole('region', { name: 'Plan' })
      await visible(plan.getByRole('button', { name: 'Manage subscription' }))
      check((await plan.getByRole('button', { name: 'Resume' }).count()) === 0, 'the plan card still offers Resume')
    })

    await step(page, 'logged-out', async () => {
      const loggedOut = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/logout')
      await page.getByRole('button', { name: 'Log out' }).click()
      check((await loggedOut).status() === 204, 'POST /auth/logout did not answer 204')
      await page.waitForURL('**/login')
      const cookies = await context.cookies(`${BASE_URL}/auth/refresh`)
      check(!cookies.some((c) => c.name === 'signalbox_refresh'), 'the refresh cookie survived logging out')
      await page.goto(`${BASE_URL}/dashboard`)
      await page.waitForURL('**/login')
      await visible(page.getByRole('heading', { name: 'Welcome back' }))
    })

    // The first customer forgot the password: a link by mail (the development outbox), a new password, log in.
    const newPassword = 'a-brand-new-horse-stable'
    await step(page, 'forgot-password', async () => {
      await page.getByRole('link', { name: 'Forgot your password?' }).click()
      await page.waitForURL('**/forgot-password')
      await page.getByLabel('Email', { exact: true }).fill(email)
      const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/password-reset')
      await page.getByRole('button', { name: 'Email me a link' }).click()
      check((await asked).status() === 202, 'POST /auth/password-reset did not answer 202')
      await visible(page.getByText(/If an account uses this address, we have sent it a link/))
      await fitsPhones(page, 'the forgot-password page')
    })

    await step(page, 'reset-password', async () => {
      const link = await resetLinkFor(page, email)
      await page.goto(link)
      await visible(page.getByRole('heading', { name: 'Choose a new password' }))
      await fitsPhones(page, 'the reset-password page')
      await page.getByLabel('New password', { exact: true }).fill(newPassword)
      await page.getByRole('button', { name: 'Set new password' }).click()
      await page.waitForURL('**/login')
      await visible(page.getByText('Your password is changed. Log in with the new one.'))
      // The link works once.
      await page.goto(link)
      await page.getByLabel('New password', { exact: true }).fill(`${newPassword}-again`)
      await page.getByRole('button', { name: 'Set new password' }).click()
      await visible(page.getByText('This link is invalid or has expired.'))
      await visible(page.getByRole('link', { name: 'Ask for a new link' }))
    })

    await step(page, 'logged-in-with-new-password', async () => {
      await page.goto(`${BASE_URL}/login`)
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('form').getByRole('button', { name: 'Log in' }).click()
      await visible(page.getByRole('alert'))
      check(page.url().endsWith('/login'), 'the old password still logs in')
      await page.getByLabel('Password').fill(newPassword)
      await page.getByRole('form').getByRole('button', { name: 'Log in' }).click()
      await page.waitForURL('**/dashboard')
      await expectPlan(page, 'Paid')
    })

    await step(page, 'account-change-password', async () => {
      await page.getByRole('link', { name: email }).click()
      await page.waitForURL('**/account')
      const form = page.getByRole('form', { name: 'Change password' })
      await form.getByLabel('Current password', { exact: true }).fill(password) // the old one: refused
      await form.getByLabel('New password', { exact: true }).fill(`${newPassword}-2`)
      await form.getByRole('button', { name: 'Change password' }).click()
      await visible(form.getByText('The current password is incorrect.'))
      await form.getByLabel('Current password', { exact: true }).fill(newPassword)
      const changed = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/change-password')
      await form.getByRole('button', { name: 'Change password' }).click()
      check((await changed).status() === 204, 'POST /auth/change-password did not answer 204')
      await visible(page.getByText('Password changed. Your other devices are logged out.'))
      await fitsPhones(page, 'the account page')
    })

    await step(page, 'back-from-checkout-subscribe-usable', async () => {
      // The first customer pays on; a second one, on the free plan, has a checkout to go back from.
      await page.getByRole('button', { name: 'Log out' }).click()
      await page.waitForURL('**/login')
      await signUp(page, newEmail())
      await expectPlan(page, 'Free')
      const subscribe = page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Subscribe for ₹499' })
      await visible(subscribe)
      await markPage(page)
      const before = signalsRequests.count
      await subscribe.click()
      await page.waitForURL('**/billing/simulated-checkout/**')

      const rechecked = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/refresh')
      rechecked.catch(() => {}) // Awaited below, unless an earlier check fails first.
      await page.goBack({ waitUntil: 'commit' })
      // No load event on a page restored from the cache: the URL is all there is to wait for.
      await page.waitForURL('**/dashboard', { waitUntil: 'commit' })
      check(await cameFromCache(page), 'Back did not restore the dashboard from the back/forward cache: is it enabled?')
      check((await rechecked).status() === 200, 'the restored page did not re-check the session')
      await visible(subscribe)
      check(await subscribe.isEnabled(), 'the Subscribe button is still disabled after coming back')
      check(signalsRequests.count === before, 'coming back spent a signals request')
      // Usable means it works: a second click opens a checkout again.
      await subscribe.click()
      await page.waitForURL('**/billing/simulated-checkout/**')
      await page.goBack({ waitUntil: 'commit' })
      await page.waitForURL('**/dashboard', { waitUntil: 'commit' })
      await visible(subscribe)
    })

    const secondTab = await context.newPage()
    secondTab.setDefaultTimeout(TIMEOUT_MS)
    secondTab.on('pageerror', (error) => pageErrors.push(`second tab: ${error.message}`))
    await step(secondTab, 'second-tab-logged-out', async () => {
      // A fresh load of the dashboard here, so the one restored above waits in the back/forward cache for the last
      // step (Back after logging out). Through `/`: Chrome turns a navigation to the URL already shown into a
      // replacement of its history entry, which would throw the cached page away.
      await page.goto(`${BASE_URL}/`)
      await page.waitForURL('**/dashboard')
      await expectPlan(page, 'Free')
      await secondTab.goto(`${BASE_URL}/dashboard`)
      await expectPlan(secondTab, 'Free')
      const loggedOut = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/logout')
      await page.getByRole('button', { name: 'Log out' }).click()
      check((await loggedOut).status() === 204, 'POST /auth/logout did not answer 204')
      await page.waitForURL('**/login')
      // No reload, no click in the second tab: it hears about the logout by itself.
      await secondTab.waitForURL('**/login')
      await visible(secondTab.getByRole('heading', { name: 'Welcome back' }))
      check((await secondTab.getByTestId('plan').count()) === 0, 'the second tab still shows the plan')
    })
    await secondTab.close()

    await step(page, 'back-after-logout-hides-data', async () => {
      const asked = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/refresh')
      asked.catch(() => {}) // Awaited below, unless an earlier check fails first.
      await page.goBack({ waitUntil: 'commit' })
      // Whether the logged-in page came back from the cache or was loaded again, its data must not show.
      const restored = await cameFromCache(page).catch(() => false)
      check(!(await dataVisible(page)), 'Back after logging out shows the dashboard data')
      await page.waitForURL('**/login', { waitUntil: 'commit' })
      await visible(page.getByRole('heading', { name: 'Welcome back' }))
      check(!(await dataVisible(page)), 'the login page shows dashboard data')
      // Restored or reloaded, the page asked the server before deciding, and the server said no.
      check((await asked).status() === 401, 'the page did not check its session with the server')
      console.log(`  (the logged-in page was ${restored ? 'restored from the back/forward cache' : 'loaded again'})`)
    })

    await step(page, 'checkout-after-logout-shows-no-account', async () => {
      // A checkout left open, the account logged out in another tab, then Back to the checkout page: whether it comes
      // back from the back/forward cache or is loaded again, it must not show who the account is.
      const buyer = newEmail()
      await page.goto(`${BASE_URL}/login`)
      await signUp(page, buyer)
      await page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Subscribe for ₹499' }).click()
      await page.waitForURL('**/billing/simulated-checkout/**')
      const checkoutUrl = page.url()
      const stored = (await page.request.get(checkoutUrl)).headers()['cache-control']
      check(stored === 'no-store', `the checkout page is cacheable (Cache-Control: ${stored})`)
      check(!((await page.content()).includes(buyer)), 'the checkout page shows the account email')
      await page.goto(`${BASE_URL}/health`)
      const other = await context.newPage()
      await other.goto(`${BASE_URL}/dashboard`)
      await other.getByRole('button', { name: 'Log out' }).click()
      await other.waitForURL('**/login')
      await other.close()
      await page.goBack({ waitUntil: 'commit' })
      await page.waitForURL('**/billing/simulated-checkout/**', { waitUntil: 'commit' })
      await page.waitForLoadState('domcontentloaded').catch(() => {})
      check(!((await page.content()).includes(buyer)), 'Back after logging out shows the account email on the checkout page')
    })

    await step(page, 'swagger-ui-under-csp', async () => {
      const docs = await page.goto(`${BASE_URL}/docs`)
      check(docs !== null && docs.ok(), '/docs did not load')
      const policy = docs.headers()['content-security-policy'] ?? ''
      check(policy.includes("'sha256-") && !policy.includes('unsafe-inline'), `/docs has a loose CSP: ${policy}`)
      await visible(page.getByRole('heading', { name: /Signalbox API/ }))
      await visible(page.getByText('/signals/quota').first())
      // "Try it out" on /health: an API call from the page and the highlighted answer, both under the policy.
      await page.locator('.opblock-summary', { hasText: 'Liveness' }).click()
      await page.getByRole('button', { name: 'Try it out' }).click()
      await page.getByRole('button', { name: 'Execute' }).click()
      await visible(page.locator('.responses-table.live-responses-table .response-col_status').filter({ hasText: '200' }))
      check(await injectedScriptIsBlocked(page, cspViolations), 'an injected inline script ran on /docs')
    })

    await step(page, 'dashboard-blocks-injected-script', async () => {
      await page.goto(`${BASE_URL}/login`)
      await visible(page.getByRole('heading', { name: 'Welcome back' }))
      check(await injectedScriptIsBlocked(page, cspViolations), 'an injected inline script ran on the dashboard')
    })

    await step(page, 'account-deleted', async () => {
      const leaving = newEmail()
      await signUp(page, leaving)
      await page.getByRole('link', { name: leaving }).click()
      await page.waitForURL('**/account')
      const form = page.getByRole('form', { name: 'Delete my account' })
      await form.getByLabel('Password', { exact: true }).fill('not-the-password')
      await form.getByRole('button', { name: 'Delete my account' }).click()
      await visible(form.getByText('The password is incorrect.'))
      await form.getByLabel('Password', { exact: true }).fill(password)
      const deleted = page.waitForResponse((r) => new URL(r.url()).pathname === '/auth/me' && r.request().method() === 'DELETE')
      await form.getByRole('button', { name: 'Delete my account' }).click()
      check((await deleted).status() === 204, 'DELETE /auth/me did not answer 204')
      await page.waitForURL('**/login')
      await visible(page.getByText('Your account is deleted.'))
      const cookies = await context.cookies(`${BASE_URL}/auth/refresh`)
      check(!cookies.some((c) => c.name === 'signalbox_refresh'), 'the refresh cookie survived the deletion')
      await page.getByLabel('Email').fill(leaving)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('form').getByRole('button', { name: 'Log in' }).click()
      await visible(page.getByRole('alert'))
      check(page.url().endsWith('/login'), 'a deleted account still logs in')
    })

    // Last, because it sets the page's clock: a free user is never offered a request for a candle already on screen.
    await step(page, 'free-waits-for-a-newer-candle', async () => {
      await expectDemoBanner(page) // on the login page too: the browser remembers the market is simulated
      await signUp(page, newEmail())
      check((await getLatest(page)) === 200, 'the first request of the day was refused')
      await signalsTable(page)
      const close = await page.getByRole('region', { name: 'Signals' }).locator('tbody time').first().getAttribute('datetime')
      check(close !== null, 'the shown signal has no candle close')
      // The e2e market runs on a clock of its own (an earlier date, 60× fast); put the page two minutes after the shown
      // candle, as in real time between two closes, and open the dashboard again.
      await page.clock.setFixedTime(new Date(Date.parse(close) + 2 * 60_000))
      const spent = signalsRequests.count
      await page.reload()
      await page.waitForURL('**/dashboard')
      await signalsTable(page) // today's answer, from GET /signals/last
      const reason = page.getByTestId('next-signal-reason')
      await visible(reason)
      const text = (await reason.textContent())?.trim() ?? ''
      check(/^(Next signal at \d\d:\d\d IST|Market closed — next signals .+ IST)$/.test(text), `the wait reads "${text}"`)
      const button = page.getByRole('region', { name: 'Signals' }).getByRole('button', { name: /^Get latest signals/ })
      check(await button.isDisabled(), '"Get latest signals" is offered for the candle already on screen')
      check(signalsRequests.count === spent, 'opening the dashboard again spent a free request')
      await expectQuota(page, 2)
      await expectDemoBanner(page)
    })
  } catch {
    // Already reported by `step`; later steps depend on this one, so stop.
  } finally {
    // A walk that stopped early would replace the demo with half of it.
    if (failed === 0) recording.save()
    await context.close()
    rmSync(profile, { recursive: true, force: true })
  }
  if (pageErrors.length > 0) {
    failed += 1
    console.log(`✗ no uncaught errors in the page: ${pageErrors.join('; ')}`)
  } else {
    passed += 1
    console.log('✓ no uncaught errors in the page')
  }
  if (cspViolations.length > 0) {
    failed += 1
    console.log(`✗ no Content-Security-Policy violations: ${cspViolations.join('; ')}`)
  } else {
    passed += 1
    console.log('✓ no Content-Security-Policy violations (dashboard, simulated Stripe pages, Swagger UI)')
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  console.log(`${passed} passed, ${failed + 1} failed`)
  process.exit(1)
})
