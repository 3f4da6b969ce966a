/**
 * "Free" or "Paid" as a coloured badge.
 */
export function PlanBadge({ paid }: { paid: boolean }) {
  return <span className={paid ? 'badge badge-paid' : 'badge badge-free'}>{paid ? 'Paid' : 'Free'}</span>
}
