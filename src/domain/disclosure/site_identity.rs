//! Who runs this deployment, as every page's footer, `/site` and `/disclosures` state it.

use super::RaRegistrationNo;
use crate::domain::Email;

/// The research analyst the signals are published under.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResearchAnalyst {
    pub name: String,
    /// `None` only where the deployment is not selling research (development, a declared demo).
    pub registration_no: Option<RaRegistrationNo>,
}

/// The business's public identity and where customers write to it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteIdentity {
    pub business_name: String,
    pub research_analyst: ResearchAnalyst,
    pub contact_email: Email,
    /// The grievance officer's address: the second step of the complaint route, before SEBI SCORES.
    pub grievance_email: Email,
    /// A demonstration deployment (`DEMO_MODE`): nothing it shows is an offer of research.
    pub demo_mode: bool,
}
