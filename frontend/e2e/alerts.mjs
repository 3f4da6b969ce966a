/**
 * The alerts walk: a new user signs up, pays through the simulated checkout, opens /alerts from the header, gets a
 * Telegram link, plays Telegram (the webhook's `/start <code>` with the development secret, from Node), sees the
 * chat linked, turns email on, sends a test alert and finds it in the development mailbox.
 *
 * Run by `scripts/e2e.sh` after the other walks, against the same server (`E2E_BASE_URL`).
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { chromium } from 'playwright-core'

const BASE = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:8000'
// The development webhook secret (`DEV_TELEGRAM_WEBHOOK_SECRET`): only a development server accepts it.
const TELEGRAM_SECRET = 'signalbox-dev-telegram-secret'

function check(condition, message) {
  if (!condition) throw new Error(`alerts walk: ${message}`)
}

const profile = mkdtempSync(join(tmpdir(), 'signalbox-alerts-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath: '/usr/bin/chromium',
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
    '--disable-component-update', '--disable-sync'],
})
try {
  const page = context.pages()[0] ?? (await context.newPage())
  page.setDefaultTimeout(15_000)
  const email = `alerts-${Date.now()}@example.com`

  await page.goto(`${BASE}/login`)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill('alerts-walk-password-2026')
  await page.getByRole('form').getByRole('button', { name: 'Create account' }).click()
  await page.waitForURL('**/dashboard')

  await page.getByRole('button', { name: 'Subscribe for ₹499' }).first().click()
  await page.waitForURL('**/billing/simulated-checkout/**')
  await page.getByRole('button', { name: /Pay ₹499/ }).click()
  await page.waitForURL('**/dashboard**')

  await page.getByRole('link', { name: 'Alerts', exact: true }).click()
  await page.waitForURL('**/alerts')
  await page.getByRole('button', { name: 'Link Telegram' }).click()
  const link = await page.getByRole('link', { name: /^https:\/\/t\.me\// }).getAttribute('href')
  check(link !== null && link.includes('?start='), `a deep link, not ${link}`)
  await page.getByRole('img', { name: 'QR code of the Telegram link' }).waitFor()
  const code = new URL(link).searchParams.get('start')

  const forged = await fetch(`${BASE}/alerts/telegram/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': 'wrong' },
    body: JSON.stringify({ update_id: 1, message: { message_id: 1, chat: { id: 424242, type: 'private' }, text: `/start ${code}` } }),
  })
  check(forged.status === 401, `a forged webhook is refused, not ${forged.status}`)
  const linked = await fetch(`${BASE}/alerts/telegram/webhook`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', 'X-Telegram-Bot-Api-Secret-Token': TELEGRAM_SECRET },
    body: JSON.stringify({ update_id: 2, message: { message_id: 2, chat: { id: 424242, type: 'private' }, text: `/start ${code}` } }),
  })
  const ack = await linked.json()
  check(ack.status === 'linked', `Telegram's /start links the chat: ${JSON.stringify(ack)}`)

  await page.reload()
  await page.getByTestId('telegram-status').getByText('Linked').waitFor()

  await page.getByLabel('Email').check()
  await page.getByRole('button', { name: 'Save preferences' }).click()
  await page.getByText('Alert preferences saved.').waitFor()
  await page.getByRole('button', { name: 'Send a test alert' }).click()
  await page.getByText(/Test alert sent: .*email/).waitFor()

  const mailbox = await (await fetch(`${BASE}/dev/mailbox`)).json()
  const test = mailbox.find((mail) => mail.to === email && mail.body.includes('Signalbox test alert'))
  check(test !== undefined, 'the test alert is in /dev/mailbox')
  console.log('alerts walk: signed up, paid, linked Telegram, test alert in the mailbox')
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
