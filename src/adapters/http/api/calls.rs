//! `GET /signals/calls`, `/signals/calls.csv`, `/signals/track-record` and `GET /ledger/head`:
//! the public record of every trade call, losers included, and the hash anyone can note to
//! check later that it was not rewritten. None of these count against the free quota.
//!
//! The statuses of each operation are in [`super::call_responses`].

use std::sync::Arc;

use poem_openapi::OpenApi;
use poem_openapi::param::Query;
use poem_openapi::payload::{Json, PlainText};

use super::ApiTags;
use super::answer::answered;
use super::call_body::{CallBody, CallTrackRecordBody, CallsPageBody, csv};
use super::call_responses::{CallsCsvResponse, CallsResponse, LedgerHeadResponse, TrackRecordResponse};
use super::input::InvalidInput;
use super::prepared_json::{BodyMemo, PreparedJson};
use super::signal_body::SymbolName;
use crate::adapters::http::error_body::ErrorBody;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::SignalsService;
use crate::domain::calls::CallId;
use crate::domain::signals::Symbol;
use crate::ports::CallPage;
use crate::ports::MAX_CALLS_PAGE;

/// Calls per page when `limit` is left out.
const DEFAULT_LIMIT: usize = 50;

pub struct CallsApi {
    signals: Arc<SignalsService>,
    /// The use case hands every reader of a first page the same answer until the next candle
    /// close; its body is serialised once (a few are read at once: per symbol, page size and
    /// plan).
    first_pages: BodyMemo<CallPage, CallsPageBody>,
}

impl CallsApi {
    pub fn new(signals: Arc<SignalsService>) -> Self {
        Self { signals, first_pages: BodyMemo::new(8) }
    }
}

fn page_body(symbol: Symbol, page: &CallPage) -> CallsPageBody {
    CallsPageBody {
        symbol: symbol.into(),
        calls: page.calls.iter().map(CallBody::from).collect(),
        next_cursor: page.next_cursor.as_ref().map(ToString::to_string),
    }
}

/// `limit` within 1..=200, default 50.
fn page_limit(raw: Option<i64>) -> Result<usize, InvalidInput> {
    match raw {
        None => Ok(DEFAULT_LIMIT),
        Some(n) => usize::try_from(n)
            .ok()
            .filter(|n| (1..=MAX_CALLS_PAGE).contains(n))
            .ok_or_else(|| InvalidInput(format!("limit must be from 1 to {MAX_CALLS_PAGE}"))),
    }
}

/// A cursor is a call id of the same symbol, as `next_cursor` gave it.
fn page_cursor(raw: Option<String>, symbol: Symbol) -> Result<Option<CallId>, InvalidInput> {
    let Some(raw) = raw else { return Ok(None) };
    let bad = || InvalidInput(format!("cursor must be a next_cursor of a {symbol} page"));
    let id = CallId::parse(&raw).map_err(|_| bad())?;
    if id.as_str().strip_prefix(symbol.as_str()).is_some_and(|rest| rest.starts_with('-')) {
        Ok(Some(id))
    } else {
        Err(bad())
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl CallsApi {
    /// Every trade call, page by page
    ///
    /// Newest first, `limit` 1–200 (default 50); pass `next_cursor` as `cursor` for the next
    /// page: every call is returned exactly once, even while new ones arrive. Never counts
    /// against the free quota. Paid plan: every call; free plan: calls opened before today's
    /// session.
    #[oai(path = "/signals/calls", method = "get")]
    async fn calls(
        &self,
        bearer: BearerAuth,
        symbol: Query<SymbolName>,
        limit: Query<Option<i64>>,
        cursor: Query<Option<String>>,
    ) -> CallsResponse {
        let user = bearer.0.user;
        let symbol: Symbol = symbol.0.into();
        answered(
            async {
                let limit = page_limit(limit.0)?;
                let cursor = page_cursor(cursor.0, symbol)?;
                let first = cursor.is_none();
                let page = self.signals.call_page(user, symbol, limit, cursor).await?;
                let body = if first {
                    self.first_pages.body(&page, |page| page_body(symbol, page))
                } else {
                    PreparedJson::new(&page_body(symbol, &page))
                };
                Ok::<_, CallsResponse>(CallsResponse::Ok(body))
            }
            .await,
        )
    }

    /// Every closed trade call as CSV
    ///
    /// The columns of `GET /signals/calls`, oldest first; `result_pct_net` adds up to the
    /// track record's `total_result_pct_net`. Same visibility as the calls; never counts
    /// against the free quota.
    #[oai(path = "/signals/calls.csv", method = "get")]
    async fn calls_csv(&self, bearer: BearerAuth, symbol: Query<SymbolName>) -> CallsCsvResponse {
        let user = bearer.0.user;
        answered(
            async {
                let calls = self.signals.closed_calls(user, symbol.0.into()).await?;
                Ok::<_, CallsCsvResponse>(CallsCsvResponse::Ok(PlainText(csv(&calls))))
            }
            .await,
        )
    }

    /// The track record of the closed trade calls
    ///
    /// Hit rate, net results, drawdown, the buy-and-hold baseline over the same sessions and
    /// the calibration of `confidence`, over the calls the CSV lists. Never counts against the
    /// free quota.
    #[oai(path = "/signals/track-record", method = "get")]
    async fn track_record(&self, bearer: BearerAuth, symbol: Query<SymbolName>) -> TrackRecordResponse {
        let user = bearer.0.user;
        answered(
            async {
                let result = self.signals.call_track_record(user, symbol.0.into()).await?;
                let body = CallTrackRecordBody::new(result.symbol, &result.record);
                Ok::<_, TrackRecordResponse>(TrackRecordResponse::Ok(Json(body)))
            }
            .await,
        )
    }

    /// The ledger's head: note it to check later that the record was not rewritten
    ///
    /// Public, no token. `signalbox ledger verify` recomputes the chain up to it.
    #[oai(path = "/ledger/head", method = "get")]
    async fn ledger_head(&self) -> LedgerHeadResponse {
        answered(
            async {
                let head =
                    self.signals.ledger_head().await?.ok_or_else(|| {
                        LedgerHeadResponse::Empty(Json(ErrorBody::new("no call has been recorded yet")))
                    })?;
                Ok::<_, LedgerHeadResponse>(LedgerHeadResponse::Ok(Json(head.into())))
            }
            .await,
        )
    }
}
