/**
 * `/disclosures`, open to anyone: the registration details (from `/site`), the F&O risk notice, the investor charter,
 * the complaints table and the grievance route — what SEBI expects a research analyst to publish.
 */
import { useSite } from '../../hooks/useSite'
import { Link } from '../../router/Link'
import { RiskNotice } from '../Billing/RiskNotice'
import { Brand } from '../Layout/Brand'
import { ComplaintsTable } from './ComplaintsTable'
import { GrievanceRoute } from './GrievanceRoute'
import { InvestorCharter } from './InvestorCharter'
import './disclosures.css'

export function DisclosuresPage({ home }: { home: string }) {
  const site = useSite()
  return (
    <main className="disclosures-page">
      <header className="disclosures-header">
        <Link to={home}>
          <Brand />
        </Link>
      </header>
      <h1>Disclosures</h1>
      <section className="disclosure-section" aria-labelledby="registration-title">
        <h2 id="registration-title">Registration</h2>
        {site ? (
          <dl className="registration">
            <dt>Business</dt>
            <dd>{site.business_name}</dd>
            <dt>Research analyst</dt>
            <dd>{site.research_analyst.name}</dd>
            <dt>SEBI registration no.</dt>
            <dd>{site.research_analyst.registration_no ?? 'None: this deployment is a demo, not a registered research analyst.'}</dd>
            <dt>Contact</dt>
            <dd>
              <a href={`mailto:${site.contact_email}`}>{site.contact_email}</a>
            </dd>
            <dt>Grievance officer</dt>
            <dd>
              <a href={`mailto:${site.grievance_email}`}>{site.grievance_email}</a>
            </dd>
          </dl>
        ) : (
          <p className="disclosure-note">Loading the registration details…</p>
        )}
      </section>
      <section className="disclosure-section" aria-labelledby="risk-title">
        <h2 id="risk-title">Risk of trading futures and options</h2>
        <RiskNotice />
      </section>
      <InvestorCharter />
      <ComplaintsTable />
      <GrievanceRoute site={site} />
    </main>
  )
}
