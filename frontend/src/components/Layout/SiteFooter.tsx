/**
 * The footer of every page, logged in or not: who runs the service and under which SEBI registration, where to
 * write and complain, SEBI's sentence on what registration does not promise, and the links to the disclosures and
 * to how the signals work. The identity comes from `/site`; until it answers, the fixed parts show alone.
 */
import { useSite } from '../../hooks/useSite'
import { Link } from '../../router/Link'
import './footer.css'

export const SEBI_NO_GUARANTEE =
  'Registration granted by SEBI, membership of BASL and certification from NISM in no way guarantee performance of the intermediary or provide any assurance of returns to investors.'

export function SiteFooter() {
  const site = useSite()
  return (
    <footer className="site-footer" data-testid="site-footer">
      <div className="site-footer-inner">
        {site && (
          <div className="site-footer-identity">
            <p>
              <strong>{site.business_name}</strong>
              {' · '}Research analyst: {site.research_analyst.name}
              {' · '}SEBI registration no.{' '}
              <span data-testid="ra-registration">{site.research_analyst.registration_no ?? 'none (demo)'}</span>
            </p>
            <p>
              Contact: <a href={`mailto:${site.contact_email}`}>{site.contact_email}</a>
              {' · '}Grievances: <a href={`mailto:${site.grievance_email}`}>{site.grievance_email}</a>
            </p>
          </div>
        )}
        <p className="site-footer-sebi">{SEBI_NO_GUARANTEE}</p>
        <nav className="site-footer-links" aria-label="About this service">
          <Link to="/disclosures">Disclosures</Link>
          <Link to="/how-it-works">How it works</Link>
        </nav>
      </div>
    </footer>
  )
}
