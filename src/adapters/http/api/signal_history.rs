//! `GET /signals/history`: past signals with their outcomes. The track record of the calls is
//! `GET /signals/track-record`.

use std::sync::Arc;

use poem_openapi::param::Query;
use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, Object, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::input::InvalidInput;
use super::prepared_json::{BodyMemo, PreparedJson};
use super::signal_body::{OutcomeBody, SignalBody, SymbolName};
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::SignalsService;
use crate::app::signals::{SignalHistoryError, SignalHistoryResult};
use crate::domain::signals::HistoryLimit;

pub struct SignalHistoryApi {
    signals: Arc<SignalsService>,
    /// The use case hands the same page to every reader until the market can have changed
    /// it; its body is serialised once per page (a few pages are read at once: per symbol,
    /// page size and plan).
    bodies: BodyMemo<SignalHistoryResult, HistoryBody>,
}

impl SignalHistoryApi {
    pub fn new(signals: Arc<SignalsService>) -> Self {
        Self { signals, bodies: BodyMemo::new(8) }
    }
}

impl From<&SignalHistoryResult> for HistoryBody {
    fn from(page: &SignalHistoryResult) -> Self {
        Self {
            symbol: page.symbol.into(),
            signals: page
                .entries
                .iter()
                .map(|entry| HistoryEntryBody {
                    signal: SignalBody::from(&entry.signal),
                    outcome: entry.outcome.as_ref().map(OutcomeBody::from),
                })
                .collect(),
        }
    }
}

/// A past signal and how it turned out.
#[derive(Object)]
pub struct HistoryEntryBody {
    #[oai(flatten)]
    signal: SignalBody,
    /// `null` until 3 candles (15 minutes of market time) have closed after the signal.
    #[oai(nullable)]
    outcome: Option<OutcomeBody>,
}

#[derive(Object)]
pub struct HistoryBody {
    symbol: SymbolName,
    /// Newest first.
    signals: Vec<HistoryEntryBody>,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum HistoryResponse {
    #[oai(status = 200)]
    Ok(PreparedJson<HistoryBody>),
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

authenticated_failures!(HistoryResponse);

impl From<SignalHistoryError> for HistoryResponse {
    fn from(err: SignalHistoryError) -> Self {
        match err {
            SignalHistoryError::Unavailable(err) => Self::outage(err),
            SignalHistoryError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl SignalHistoryApi {
    /// Past signals and their outcomes
    ///
    /// The record to judge the signals by is the calls' (`/signals/track-record`). Newest first, `limit` 1–200 (default 50). Never counts against the free quota. Paid
    /// plan: everything, today included; free plan: up to the end of the previous trading
    /// session.
    #[oai(path = "/signals/history", method = "get")]
    async fn history(
        &self,
        bearer: BearerAuth,
        symbol: Query<SymbolName>,
        limit: Query<Option<i64>>,
    ) -> HistoryResponse {
        let user = bearer.0.user;
        answered(
            async {
                let limit = limit.0.map(HistoryLimit::parse).transpose().map_err(InvalidInput::from_error)?;
                let limit = limit.unwrap_or(HistoryLimit::DEFAULT);
                let page = self.signals.signal_history(user, symbol.0.into(), limit).await?;
                Ok::<_, HistoryResponse>(HistoryResponse::Ok(self.bodies.body(&page, |page| HistoryBody::from(page))))
            }
            .await,
        )
    }
}
