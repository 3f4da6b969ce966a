/**
 * Times and levels the way an Indian index trader reads them: market times in IST whatever the browser's zone
 * (the session is 09:15–15:30 IST, so "09:35" is only meaningful in IST), and index levels in points with Indian
 * digit grouping — never ₹, since an index level is not a price in rupees.
 *
 * IST is a fixed UTC+05:30 with no daylight saving, so plain arithmetic is exact and needs no `Intl` time zone.
 */

const IST_OFFSET_MS = 330 * 60_000
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat']
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const points = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/** The instant shifted so that its UTC fields read as IST wall-clock fields; null when unparseable. */
function istFields(when: string | number | Date): Date | null {
  const time = new Date(when).getTime()
  return Number.isNaN(time) ? null : new Date(time + IST_OFFSET_MS)
}

const pad = (n: number) => String(n).padStart(2, '0')

/** The IST calendar day, `YYYY-MM-DD` (the free quota's day, and a trading session's). */
export function istDay(when: string | number | Date): string {
  return istFields(when)?.toISOString().slice(0, 10) ?? ''
}

/** "09:35" in IST, 24-hour. An unparseable input passes through. */
export function istTime(when: string): string {
  const d = istFields(when)
  return d ? `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}` : when
}

/** "Fri 27 Nov" in IST. */
export function istDate(when: string): string {
  const d = istFields(when)
  return d ? `${WEEKDAYS[d.getUTCDay()]} ${d.getUTCDate()} ${MONTHS[d.getUTCMonth()]}` : when
}

/** When a candle closed: "09:35 IST" today, "Fri 27 Nov 15:30 IST" for an earlier session. */
export function candleClose(timestamp: string, now = Date.now()): string {
  const day = istDay(timestamp) === istDay(now) ? '' : `${istDate(timestamp)} `
  return `${day}${istTime(timestamp)} IST`
}

/** When the market opens next: "Mon 09:15 IST" within a week, else "Mon 4 Jan 09:15 IST". */
export function formatNextOpen(when: string, now = Date.now()): string {
  const d = istFields(when)
  if (d === null) return when
  const day = d.getTime() - IST_OFFSET_MS - now < 6 * 86_400_000 ? WEEKDAYS[d.getUTCDay()] : istDate(when)
  return `${day} ${istTime(when)} IST`
}

/** An index level: "26,012.35" (points; the unit is said once, in the column or the label). */
export function formatPoints(level: number): string {
  return points.format(level)
}

/** A signed move in percent: "+0.21%", "−0.35%", "0.00%". */
export function formatMove(pct: number): string {
  const text = `${Math.abs(pct).toFixed(2)}%`
  return pct > 0 ? `+${text}` : pct < 0 ? `−${text}` : text
}
