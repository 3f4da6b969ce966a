/**
 * Display formats. Money (the plan's price) is always rupees with Indian digit grouping whatever the browser's
 * locale; account dates and times follow the user's own locale and time zone. Index levels are not money and
 * market times are IST: both live in `marketTime.ts`. Formatters are built once: `Intl` constructors are slow
 * relative to a table render.
 */

const inrWhole = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', maximumFractionDigits: 0 })
const percent = new Intl.NumberFormat('en-IN', { style: 'percent', maximumFractionDigits: 0 })

/** Prices on buttons and badges: "₹499", not "₹499.00". */
export function formatInrWhole(amount: number): string {
  return inrWhole.format(amount)
}

/** `confidence` arrives as 0..1; values outside are clamped rather than shown as 140 %. */
export function formatConfidence(confidence: number): string {
  return percent.format(Math.min(1, Math.max(0, confidence)))
}

function parse(iso: string): Date | null {
  const date = new Date(iso)
  return Number.isNaN(date.getTime()) ? null : date
}

const dayAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
})
const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

/** When the free allowance resets, e.g. "Wed, 26 Nov, 5:30 am". */
export function formatResetTime(iso: string): string {
  const date = parse(iso)
  return date ? dayAndTime.format(date) : iso
}

/** Renewal and end dates of a subscription. */
export function formatDate(iso: string): string {
  const date = parse(iso)
  return date ? calendarDate.format(date) : iso
}

/** How late a signal became available after its candle closed: "42 s", "3 min", "1 h 5 min"; null when unknown. */
export function formatDelay(ms: number): string | null {
  if (!Number.isFinite(ms) || ms < 0) return null
  const seconds = Math.round(ms / 1000)
  if (seconds < 60) return `${seconds} s`
  const minutes = Math.round(seconds / 60)
  if (minutes < 60) return `${minutes} min`
  return `${Math.floor(minutes / 60)} h${minutes % 60 === 0 ? '' : ` ${minutes % 60} min`}`
}
