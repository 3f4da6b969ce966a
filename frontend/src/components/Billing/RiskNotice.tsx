/**
 * The F&O risk notice SEBI requires wherever a trader decides to pay for research: beside every "Subscribe" and on
 * `/disclosures`. Not dismissible, for the same reason as the demo-market banner.
 */
import { FNO_RISK_NOTICE, FNO_RISK_STUDY, RESEARCH_NOT_ADVICE } from './riskNotice'
import './riskNotice.css'

export function RiskNotice() {
  return (
    <aside className="risk-notice" aria-label="Risk notice" data-testid="risk-notice">
      <p className="risk-notice-lead">{FNO_RISK_NOTICE}</p>
      <p>{FNO_RISK_STUDY}.</p>
      <p>{RESEARCH_NOT_ADVICE}</p>
    </aside>
  )
}
