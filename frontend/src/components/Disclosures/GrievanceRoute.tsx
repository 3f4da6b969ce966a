/**
 * Where a complaint goes, step by step: us, our grievance officer, SEBI SCORES, then Smart ODR.
 */
import type { Site } from '../../services/siteApi'

export const SCORES_URL = 'https://scores.sebi.gov.in'
export const SMART_ODR_URL = 'https://smartodr.in'

export function GrievanceRoute({ site }: { site: Site | null }) {
  const contact = site?.contact_email
  const grievance = site?.grievance_email
  return (
    <section className="disclosure-section" aria-labelledby="grievance-title">
      <h2 id="grievance-title">How to complain</h2>
      <ol className="grievance-route">
        <li>
          Write to us{contact && (
            <>
              {' '}at <a href={`mailto:${contact}`}>{contact}</a>
            </>
          )}
          .
        </li>
        <li>
          Not resolved? Write to our grievance officer{grievance && (
            <>
              {' '}at <a href={`mailto:${grievance}`}>{grievance}</a>
            </>
          )}
          .
        </li>
        <li>
          Still not resolved? Lodge it with SEBI on SCORES: <a href={SCORES_URL}>{SCORES_URL}</a>.
        </li>
        <li>
          After SCORES, you may take it to online dispute resolution through Smart ODR:{' '}
          <a href={SMART_ODR_URL}>{SMART_ODR_URL}</a>.
        </li>
      </ol>
    </section>
  )
}
