/**
 * The complaints a research analyst publishes every month, in SEBI's format. The operator fills in the figures for
 * the month just ended (SEBI asks for them by the 7th) and sets `FILLED_FOR_MONTH` to that month ("2026-11"); until
 * then the page shows the format with zeros as of the current month, and says so.
 */

export interface ComplaintsRow {
  receivedFrom: string
  pendingAtEndOfLastMonth: number
  received: number
  resolved: number
  totalPending: number
  pendingOverThreeMonths: number
  /** Days; 0 when none were resolved. */
  averageResolutionDays: number
}

/** `YYYY-MM` of the month the figures below are for, or null while they are the unfilled format. */
export const FILLED_FOR_MONTH: string | null = null

const zeros = { pendingAtEndOfLastMonth: 0, received: 0, resolved: 0, totalPending: 0, pendingOverThreeMonths: 0, averageResolutionDays: 0 }

export const COMPLAINTS: ComplaintsRow[] = [
  { receivedFrom: 'Directly from investors', ...zeros },
  { receivedFrom: 'SEBI (SCORES)', ...zeros },
  { receivedFrom: 'Other sources (if any)', ...zeros },
]
