//! `/signals`: the latest trading signals and what is left of the free quota; the history
//! and the live stream are in `signal_history` and `signal_stream`.

use std::sync::Arc;

use chrono::{DateTime, Utc};
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::prepared_json::{BodyMemo, PreparedJson};
use super::signal_body::{MarketBody, SignalBody};
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::SignalsService;
use crate::app::signals::signal_cache::MarketSignals;
use crate::app::signals::{GetSignalsError, QuotaStatusError, SignalsResult};
use crate::domain::QuotaDecision;

pub struct SignalsApi {
    signals: Arc<SignalsService>,
    /// The paid plan's body is the same for every paid user until the market's answer changes
    /// (the use case hands out one shared answer per candle), so it is serialised once per
    /// answer instead of once per request: that was most of a cached paid request's cost.
    paid_bodies: BodyMemo<MarketSignals, SignalsBody>,
}

impl SignalsApi {
    pub fn new(signals: Arc<SignalsService>) -> Self {
        Self { signals, paid_bodies: BodyMemo::new(1) }
    }
}

/// Every field is always present; `null` when it does not apply.
#[derive(Object)]
pub struct SignalsBody {
    /// One per symbol: NIFTY and BANKNIFTY; none while `market.status` is `unknown` (a year without a market
    /// calendar, when no signal is computed).
    signals: Vec<SignalBody>,
    /// `3/day (upgrade for unlimited)` on the free plan, `unlimited` on the paid plan.
    user_limit: String,
    /// Requests left today; `null` when unlimited.
    #[oai(nullable)]
    remaining: Option<u32>,
    /// When the free quota resets (midnight in the market's time zone); `null` when unlimited.
    #[oai(nullable)]
    resets_at: Option<DateTime<Utc>>,
    market: MarketBody,
}

impl SignalsBody {
    pub(super) fn of(result: &SignalsResult) -> Self {
        let (user_limit, remaining, resets_at) = match result.quota {
            QuotaDecision::Unlimited => ("unlimited".into(), None, None),
            QuotaDecision::Limited { limit, remaining, resets_at, .. } => {
                (format!("{limit}/day (upgrade for unlimited)"), Some(remaining), Some(resets_at))
            }
        };
        Self {
            signals: result.current.signals.iter().map(SignalBody::from).collect(),
            user_limit,
            remaining,
            resets_at,
            market: MarketBody::from(result.market),
        }
    }
}

/// Every field is always present; `null` when it does not apply.
#[derive(Object)]
pub struct QuotaBody {
    unlimited: bool,
    /// Requests per day; `null` when unlimited.
    #[oai(nullable)]
    limit: Option<u32>,
    /// Requests left today; `null` when unlimited.
    #[oai(nullable)]
    remaining: Option<u32>,
    /// When the quota resets; `null` when unlimited.
    #[oai(nullable)]
    resets_at: Option<DateTime<Utc>>,
}

impl From<QuotaDecision> for QuotaBody {
    fn from(decision: QuotaDecision) -> Self {
        match decision {
            QuotaDecision::Unlimited => Self { unlimited: true, limit: None, remaining: None, resets_at: None },
            QuotaDecision::Limited { limit, remaining, resets_at, .. } => {
                Self { unlimited: false, limit: Some(limit), remaining: Some(remaining), resets_at: Some(resets_at) }
            }
        }
    }
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum SignalsResponse {
    #[oai(status = 200)]
    Ok(
        PreparedJson<SignalsBody>,
        /// Free plan only: requests allowed per day.
        #[oai(header = "X-RateLimit-Limit")]
        Option<u32>,
        /// Free plan only: requests left today.
        #[oai(header = "X-RateLimit-Remaining")]
        Option<u32>,
        /// Free plan only: unix time at which the quota resets.
        #[oai(header = "X-RateLimit-Reset")]
        Option<i64>,
    ),
    /// The free plan's daily limit is used up; subscribe for unlimited signals.
    #[oai(status = 403)]
    QuotaExceeded(
        Json<ErrorBody>,
        #[oai(header = "X-RateLimit-Limit")] u32,
        #[oai(header = "X-RateLimit-Remaining")] u32,
        #[oai(header = "X-RateLimit-Reset")] i64,
    ),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(SignalsResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum QuotaResponse {
    #[oai(status = 200)]
    Ok(Json<QuotaBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}

authenticated_failures!(QuotaResponse);

impl From<GetSignalsError> for SignalsResponse {
    fn from(err: GetSignalsError) -> Self {
        match err {
            err @ GetSignalsError::QuotaExceeded { decision, .. } => {
                let (limit, resets_at) = match decision {
                    QuotaDecision::Limited { limit, resets_at, .. } => (limit, resets_at.timestamp()),
                    QuotaDecision::Unlimited => (0, 0),
                };
                Self::QuotaExceeded(Json(ErrorBody::new(err.to_string())), limit, 0, resets_at)
            }
            GetSignalsError::QuotaUnavailable(err) => {
                tracing::error!(
                    error = format!("{:#}", anyhow::Error::from(err)),
                    unavailable = true,
                    "request failed"
                );
                Self::Unavailable(Json(ErrorBody::new(
                    "the free-plan quota service is temporarily unavailable; please retry shortly",
                )))
            }
            GetSignalsError::Unavailable(err) => Self::outage(err),
            GetSignalsError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<QuotaStatusError> for QuotaResponse {
    fn from(err: QuotaStatusError) -> Self {
        match err {
            QuotaStatusError::Unavailable(err) => Self::outage(err),
            QuotaStatusError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl SignalsApi {
    /// The latest NIFTY and BANKNIFTY signals
    ///
    /// Computed once per closed 5-minute candle on the market's clock (NSE, 09:15–15:30 IST);
    /// outside market hours the last session's signals, with `market.status = closed`; in a
    /// year the market calendar does not cover, `market.status = unknown` and no signals. Free
    /// plan: 3 requests per day (reset at midnight Asia/Kolkata), with `X-RateLimit-*` headers.
    /// Paid plan: unlimited.
    #[oai(path = "/signals", method = "get")]
    async fn signals(&self, bearer: BearerAuth) -> SignalsResponse {
        let user = bearer.0.user;
        answered(
            async {
                let result = self.signals.get_signals(user).await?;
                let answer = match result.quota {
                    QuotaDecision::Unlimited => {
                        let body = self.paid_bodies.body(&result.current, |_| SignalsBody::of(&result));
                        SignalsResponse::Ok(body, None, None, None)
                    }
                    QuotaDecision::Limited { limit, remaining, resets_at, .. } => SignalsResponse::Ok(
                        PreparedJson::new(&SignalsBody::of(&result)),
                        Some(limit),
                        Some(remaining),
                        Some(resets_at.timestamp()),
                    ),
                };
                Ok::<_, SignalsResponse>(answer)
            }
            .await,
        )
    }

    /// Today's remaining free requests
    ///
    /// Does not use up a request.
    #[oai(path = "/signals/quota", method = "get")]
    async fn quota(&self, bearer: BearerAuth) -> QuotaResponse {
        let user = bearer.0.user;
        answered(
            async {
                let decision = self.signals.quota_status(user).await?;
                Ok::<_, QuotaResponse>(QuotaResponse::Ok(Json(decision.into())))
            }
            .await,
        )
    }
}
