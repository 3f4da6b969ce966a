/**
 * Display formats. Money is always rupees with Indian digit grouping (₹1,23,456.70) whatever the browser's
 * locale, because that is how the market quotes it; dates and times follow the user's own locale and time zone.
 * Formatters are built once: `Intl` constructors are slow relative to a table render.
 */

const inr = new Intl.NumberFormat('en-IN', {
  style: 'currency',
  currency: 'INR',
  minimumFractionDigits: 2,
  maximumFractionDigits: 2,
})
const inrWhole = new Intl.NumberFormat('en-IN', { style: 'currency', currency: 'INR', maximumFractionDigits: 0 })
const percent = new Intl.NumberFormat('en-IN', { style: 'percent', maximumFractionDigits: 0 })

export function formatInr(amount: number): string {
  return inr.format(amount)
}

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

const timeWithZone = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
  second: '2-digit',
  timeZoneName: 'short',
})
const dayAndTime = new Intl.DateTimeFormat(undefined, {
  weekday: 'short',
  day: 'numeric',
  month: 'short',
  hour: 'numeric',
  minute: '2-digit',
})
const calendarDate = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' })

/** When a signal was generated, with the zone so nobody wonders whether it is IST or UTC. */
export function formatSignalTime(iso: string): string {
  const date = parse(iso)
  return date ? timeWithZone.format(date) : iso
}

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
