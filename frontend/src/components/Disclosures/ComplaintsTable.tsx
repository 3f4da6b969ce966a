/**
 * The monthly complaints table in SEBI's format (see `complaintsData.ts`). While the operator has not filled it, it
 * is labelled as the format, so nobody reads its zeros as a record.
 */
import { COMPLAINTS, FILLED_FOR_MONTH } from './complaintsData'

function monthName(yyyyMm: string | null, now: Date): string {
  const date = yyyyMm === null ? now : new Date(`${yyyyMm}-01T00:00:00`)
  return date.toLocaleString('en-IN', { month: 'long', year: 'numeric' })
}

export function ComplaintsTable({ now = new Date() }: { now?: Date }) {
  const total = COMPLAINTS.reduce(
    (sum, row) => ({
      pending: sum.pending + row.pendingAtEndOfLastMonth,
      received: sum.received + row.received,
      resolved: sum.resolved + row.resolved,
      totalPending: sum.totalPending + row.totalPending,
      overThree: sum.overThree + row.pendingOverThreeMonths,
    }),
    { pending: 0, received: 0, resolved: 0, totalPending: 0, overThree: 0 },
  )
  return (
    <section className="disclosure-section" aria-labelledby="complaints-title">
      <h2 id="complaints-title">Complaints</h2>
      <p className="disclosure-note" data-testid="complaints-as-of">
        As of {monthName(FILLED_FOR_MONTH, now)}.
        {FILLED_FOR_MONTH === null && (
          <strong> This is the format to be filled in by the operator each month; the zeros are placeholders, not a record.</strong>
        )}
      </p>
      <div className="table-scroll">
        <table className="complaints-table">
          <thead>
            <tr>
              <th scope="col">Received from</th>
              <th scope="col">Pending at end of last month</th>
              <th scope="col">Received</th>
              <th scope="col">Resolved</th>
              <th scope="col">Total pending</th>
              <th scope="col">Pending &gt; 3 months</th>
              <th scope="col">Average resolution time (days)</th>
            </tr>
          </thead>
          <tbody>
            {COMPLAINTS.map((row) => (
              <tr key={row.receivedFrom}>
                <th scope="row">{row.receivedFrom}</th>
                <td>{row.pendingAtEndOfLastMonth}</td>
                <td>{row.received}</td>
                <td>{row.resolved}</td>
                <td>{row.totalPending}</td>
                <td>{row.pendingOverThreeMonths}</td>
                <td>{row.averageResolutionDays}</td>
              </tr>
            ))}
            <tr className="complaints-total">
              <th scope="row">Grand total</th>
              <td>{total.pending}</td>
              <td>{total.received}</td>
              <td>{total.resolved}</td>
              <td>{total.totalPending}</td>
              <td>{total.overThree}</td>
              <td>–</td>
            </tr>
          </tbody>
        </table>
      </div>
    </section>
  )
}
