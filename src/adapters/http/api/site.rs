//! `GET /site`: who runs this deployment, for every page before anyone logs in — the footer,
//! `/disclosures` and the demo-market banner read it.

use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{Object, OpenApi};

use super::ApiTags;
use crate::app::operations::{OperationsService, SiteFacts};

pub struct SiteApi {
    pub operations: Arc<OperationsService>,
}

/// The research analyst the signals are published under.
#[derive(Object)]
pub struct ResearchAnalystBody {
    name: String,
    /// SEBI registration (`INH` + 9 digits); `null` in development and in a declared demo
    /// that was given none.
    #[oai(nullable)]
    registration_no: Option<String>,
}

/// Where the prices this deployment computes signals on come from.
#[derive(Object)]
pub struct SiteMarketBody {
    /// The prices are simulated, not the NSE's: the dashboard shows the demo-market banner.
    simulated: bool,
    /// The market-data source (`simulator`, `database`, `yahoo`, …).
    source: String,
}

#[derive(Object)]
pub struct SiteBody {
    business_name: String,
    research_analyst: ResearchAnalystBody,
    contact_email: String,
    /// The grievance officer: the step after `contact_email` and before SEBI SCORES.
    grievance_email: String,
    /// A demonstration deployment (`DEMO_MODE`).
    demo_mode: bool,
    market: SiteMarketBody,
}

impl From<SiteFacts> for SiteBody {
    fn from(facts: SiteFacts) -> Self {
        let identity = facts.identity;
        Self {
            business_name: identity.business_name,
            research_analyst: ResearchAnalystBody {
                name: identity.research_analyst.name,
                registration_no: identity.research_analyst.registration_no.map(|n| n.to_string()),
            },
            contact_email: identity.contact_email.as_str().to_owned(),
            grievance_email: identity.grievance_email.as_str().to_owned(),
            demo_mode: identity.demo_mode,
            market: SiteMarketBody { simulated: facts.market.simulated, source: facts.market.source.to_string() },
        }
    }
}

#[OpenApi(tag = "ApiTags::Site")]
impl SiteApi {
    /// Who runs this service: business, SEBI registration, contacts, and whether prices are simulated
    #[oai(path = "/site", method = "get")]
    async fn site(&self) -> Json<SiteBody> {
        Json(self.operations.site().into())
    }
}
