//! Liveness and readiness probes for load balancers and orchestrators.

use std::collections::BTreeMap;
use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use crate::app::operations::OperationsService;

pub struct OpsApi {
    pub operations: Arc<OperationsService>,
}

#[derive(Object)]
pub struct HealthBody {
    status: String,
}

#[derive(Object)]
pub struct ReadyBody {
    /// `ready` or `unavailable`.
    status: String,
    /// Each backing service, and `market_calendar`: `ok` or `unavailable`.
    checks: BTreeMap<String, String>,
    /// Why the instance is not ready when a check other than a backing service failed (a
    /// market year without a calendar); `null` otherwise.
    #[oai(nullable)]
    detail: Option<String>,
}

#[derive(ApiResponse)]
pub enum ReadyResponse {
    #[oai(status = 200)]
    Ready(Json<ReadyBody>),
    /// At least one backing service does not answer, or the market calendar lacks the
    /// current year (named in `detail`).
    #[oai(status = 503)]
    NotReady(Json<ReadyBody>),
}

#[OpenApi(tag = "ApiTags::Ops")]
impl OpsApi {
    /// Liveness: the process is up
    #[oai(path = "/health", method = "get")]
    async fn health(&self) -> Json<HealthBody> {
        Json(HealthBody { status: "ok".into() })
    }

    /// Readiness: every backing service answers and the market calendar knows this year
    #[oai(path = "/ready", method = "get")]
    async fn ready(&self) -> ReadyResponse {
        let readiness = self.operations.readiness().await;
        let checks = readiness
            .checks
            .iter()
            .map(|(name, ok)| ((*name).to_owned(), if *ok { "ok" } else { "unavailable" }.to_owned()))
            .collect();
        let detail = readiness.missing_calendar_year.map(|year| {
            format!(
                "no market calendar for {year}: whether the NSE trades is unknown, so no signals are computed; \
                 add the year's holidays with MARKET_CALENDAR_FILE"
            )
        });
        if readiness.ready {
            ReadyResponse::Ready(Json(ReadyBody { status: "ready".into(), checks, detail }))
        } else {
            ReadyResponse::NotReady(Json(ReadyBody { status: "unavailable".into(), checks, detail }))
        }
    }
}
