//! What `/site` tells every visitor before they log in: who runs this deployment and under
//! which SEBI registration, where to write and complain, whether it is a demo, and whether the
//! prices it shows are the real market's — the footer, the `/disclosures` page and the
//! demo-market banner on logged-out pages all read it.

use super::OperationsService;
use crate::domain::disclosure::SiteIdentity;
use crate::domain::market::Provenance;

/// The deployment's public identity and its market data's provenance.
pub struct SiteFacts {
    pub identity: SiteIdentity,
    /// The configured market-data source, exactly as every signal computed on it says.
    pub market: Provenance,
}

impl OperationsService {
    /// Cannot fail: the identity was checked at startup and a source's provenance is constant.
    pub fn site(&self) -> SiteFacts {
        SiteFacts { identity: self.policies.site.clone(), market: self.market.provenance() }
    }
}
