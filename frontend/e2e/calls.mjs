#!/usr/bin/env node
/**
 * The trade calls in a real browser, as a new paid customer: sign up, "Subscribe for ₹499", pay on the simulated
 * checkout, then the stance per symbol with its call's entry, stop-loss and target, the calls table paged with
 * "Load older", the CSV download, the track record with its buy-and-hold baseline, equity curve and reliability
 * chart, and "How signals work" — linked from the dashboard and open to a logged-out visitor too, showing the values
 * `GET /signals/model` gives. Every page must fit 320, 360 and 390 px without scrolling sideways.
 *
 *   E2E_BASE_URL=http://127.0.0.1:8000 node e2e/calls.mjs
 *
 * The server must be well into a session with candles closing quickly, as `scripts/e2e.sh` runs it
 * (`MARKET_CLOCK_START=…T13:00:00+05:30 MARKET_CLOCK_SPEED=60`): a session's calls fill more than a page, and calls
 * still open until 15:00 IST, two minutes of the walk.
 * Ends with a `N passed, M failed` line; the first failure stops the walk.
 */
import { readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const BASE_URL = (process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const TIMEOUT_MS = 30_000
/** Candles close every 5 s; a call opens within a few of them, and none opens after 15:00 IST (two minutes in). */
const IN_A_CALL_MS = 100_000
const email = `calls-${Date.now()}-${Math.random().toString(36).slice(2, 8)}@example.com`
const password = 'correct-horse-battery'
const PHONE_WIDTHS = [320, 360, 390]
const DESKTOP = { width: 1280, height: 860 }

let passed = 0
let failed = 0

async function step(page, name, action) {
  const started = Date.now()
  try {
    await action()
    passed += 1
    console.log(`✓ ${name} (${Date.now() - started} ms)`)
  } catch (error) {
    failed += 1
    console.log(`✗ ${name}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`)
    await page.screenshot({ path: join(tmpdir(), `signalbox-calls-failed-${name}.png`), fullPage: true }).catch(() => {})
    throw error
  }
}

function check(condition, message) {
  if (!condition) throw new Error(message)
}

const visible = (locator, timeout = TIMEOUT_MS) => locator.waitFor({ state: 'visible', timeout })

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
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true })
  const context = await browser.newContext({ viewport: DESKTOP, locale: 'en-IN', timezoneId: 'Asia/Kolkata', acceptDownloads: true })
  const page = await context.newPage()
  const pageErrors = []
  page.on('pageerror', (error) => pageErrors.push(error.message))
  try {
    await step(page, 'sign-up-and-pay', async () => {
      await page.goto(`${BASE_URL}/login`)
      await page.getByRole('button', { name: 'Sign up' }).click()
      await page.getByLabel('Email').fill(email)
      await page.getByLabel('Password').fill(password)
      await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
      await page.waitForURL('**/dashboard')
      await page.getByRole('region', { name: 'Plan' }).getByRole('button', { name: 'Subscribe for ₹499' }).click()
      await page.waitForURL('**/billing/simulated-checkout/**')
      await page.getByRole('button', { name: /Pay ₹499/ }).click()
      await page.waitForURL('**/dashboard**')
      await visible(page.getByText('Your subscription is active. Enjoy unlimited signals.'))
      // Loaded again as the paid customer it now is: today's calls are the paid product.
      await page.reload()
      await visible(page.getByRole('region', { name: 'Calls' }))
    })

    await step(page, 'stance-with-entry-stop-and-target', async () => {
      // Live signals replace the stance as candles close; wait for a symbol to be in a call.
      // Read in one go: the next candle may move the stance while the walk looks.
      await page.waitForFunction(
        () => [...document.querySelectorAll('[data-testid="stance-entry"]')].some((e) => /^[\d,]+\.\d\d$/.test(e.textContent ?? '')),
        null,
        { timeout: IN_A_CALL_MS },
      )
      const text = await page.evaluate(
        () =>
          [...document.querySelectorAll('li.stance')]
            .map((e) => e.textContent ?? '')
            .find((t) => /Entry [\d,]+\.\d\d/.test(t)) ?? '',
      )
      check(/(BUY|SELL)/.test(text), `a stance in a call reads "${text}"`)
      check(/SL [\d,]+\.\d\d/.test(text) && /Target [\d,]+\.\d\d/.test(text), `the stance lacks its levels: "${text}"`)
      check(/since .*\d\d:\d\d IST/.test(text), `the stance does not say since when: "${text}"`)
      const stances = await page.locator('li.stance').count()
      check(stances === 2, `${stances} stances, not one per symbol`)
    })

    const calls = page.getByRole('region', { name: 'Calls' })
    await step(page, 'calls-table-pages', async () => {
      const rows = calls.getByTestId('call-row')
      const older = calls.getByRole('button', { name: 'Load older' })
      // Calls accumulate as candles close (one every 5 s) and the table reads its first page again at each close;
      // wait until there is more than a page.
      await visible(older, IN_A_CALL_MS)
      const before = await rows.count()
      await older.click()
      await page.waitForFunction((n) => document.querySelectorAll('[data-testid="call-row"]').length > n, before, { timeout: TIMEOUT_MS })
      const opened = await calls.locator('td[data-label="Opened"] time').evaluateAll((els) => els.map((e) => e.getAttribute('datetime')))
      check(new Set(opened).size === opened.length, 'a call is listed twice after paging')
      const sorted = [...opened].sort().reverse()
      check(opened.join() === sorted.join(), 'the calls are not newest first')
      const nets = await calls.locator('td[data-label="Net"]').allTextContents()
      check(nets.some((t) => /^[+−]?\d+\.\d\d%$/.test(t.trim())), `no closed call shows a net result: ${nets.slice(0, 5).join(' | ')}`)
    })

    await step(page, 'calls-csv-download', async () => {
      const [download] = await Promise.all([page.waitForEvent('download'), calls.getByRole('button', { name: 'Download CSV' }).click()])
      const path = await download.path()
      const csv = readFileSync(path, 'utf8')
      const [header, ...lines] = csv.trim().split('\n')
      check(header.includes('result_pct_net') && header.includes('exit_reason'), `the CSV header reads ${header}`)
      check(lines.length > 0, 'the CSV lists no closed call')
      check(download.suggestedFilename().endsWith('.csv'), `the file is named ${download.suggestedFilename()}`)
    })

    await step(page, 'track-record-baseline-and-charts', async () => {
      const record = calls.getByRole('region', { name: 'Track record' })
      await visible(record.getByTestId('record-calls'))
      const text = (await record.textContent()) ?? ''
      check(text.includes('Net of 0.07 % round-trip costs'), `the record does not state its cost: "${text}"`)
      await visible(record.getByTestId('record-baseline'))
      await visible(record.getByTestId('equity-line'))
      await visible(record.getByTestId('reliability-diagonal'))
      check((await record.getByTestId('reliability-point').count()) > 0, 'the reliability chart has no bucket')
      await fitsPhones(page, 'the paid dashboard with its calls')
    })

    await step(page, 'how-it-works-from-the-dashboard', async () => {
      await calls.getByRole('link', { name: 'How signals work' }).click()
      await page.waitForURL('**/how-it-works')
      await visible(page.getByRole('heading', { name: 'How signals work' }))
    })

    await step(page, 'how-it-works-logged-out', async () => {
      const model = await (await page.request.get(`${BASE_URL}/signals/model`)).json()
      const visitor = await browser.newContext({ viewport: DESKTOP })
      const other = await visitor.newPage()
      try {
        await other.goto(`${BASE_URL}/how-it-works`)
        await visible(other.getByTestId('model-stop-atr'))
        check(other.url().endsWith('/how-it-works'), `a logged-out visitor was sent to ${other.url()}`)
        check((await other.getByTestId('model-stop-atr').textContent()) === String(model.levels.stop_loss_atr), 'the stop multiple is not the API\'s')
        check((await other.getByTestId('model-cost').textContent()) === String(model.cost_bps), 'the cost is not the API\'s')
        const rules = await other.getByTestId('model-exit-rules').locator('li').count()
        check(rules === model.exit_rules.length, `${rules} exit rules shown, the API has ${model.exit_rules.length}`)
        await fitsPhones(other, 'the how-it-works page')
      } finally {
        await visitor.close()
      }
    })
  } catch {
    // Reported by `step`; later steps depend on it.
  } finally {
    await context.close()
    await browser.close()
  }
  if (pageErrors.length > 0) {
    failed += 1
    console.log(`✗ no uncaught errors in the page: ${pageErrors.join('; ')}`)
  } else {
    passed += 1
    console.log('✓ no uncaught errors in the page')
  }
  console.log(`${passed} passed, ${failed} failed`)
  process.exit(failed === 0 ? 0 : 1)
}

main().catch((error) => {
  console.error(error)
  console.log(`${passed} passed, ${failed + 1} failed`)
  process.exit(1)
})
