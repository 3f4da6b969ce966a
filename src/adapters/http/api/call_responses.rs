//! Every status each trade-call operation answers, and how [`TradeCallsError`] maps onto
//! them.

use poem_openapi::ApiResponse;
use poem_openapi::payload::{Json, PlainText};

use super::authenticated_failures::authenticated_failures;
use super::call_body::{CallTrackRecordBody, CallsPageBody, LedgerHeadBody};
use super::prepared_json::PreparedJson;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::app::signals::TradeCallsError;

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum CallsResponse {
    /// One page of calls, newest first.
    #[oai(status = 200)]
    Ok(PreparedJson<CallsPageBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// An unknown symbol, a `limit` outside 1–200 or a malformed cursor.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(CallsResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum CallsCsvResponse {
    /// Every closed call, oldest first.
    #[oai(status = 200, content_type = "text/csv")]
    Ok(PlainText<String>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// An unknown symbol, a `limit` outside 1–200 or a malformed cursor.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(CallsCsvResponse);

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum TrackRecordResponse {
    /// The track record.
    #[oai(status = 200)]
    Ok(Json<CallTrackRecordBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// An unknown symbol, a `limit` outside 1–200 or a malformed cursor.
    #[oai(status = 422)]
    Invalid(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// A backing service is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
authenticated_failures!(TrackRecordResponse);

#[derive(ApiResponse)]
pub enum LedgerHeadResponse {
    /// The last entry of the ledger.
    #[oai(status = 200)]
    Ok(Json<LedgerHeadBody>),
    /// No call has been recorded yet.
    #[oai(status = 404)]
    Empty(Json<ErrorBody>),
    #[oai(status = 500)]
    Internal(Json<ErrorBody>),
    /// The ledger is unavailable; retry shortly.
    #[oai(status = 503)]
    Unavailable(Json<ErrorBody>),
}
server_failures!(LedgerHeadResponse);

impl From<TradeCallsError> for CallsResponse {
    fn from(err: TradeCallsError) -> Self {
        match err {
            TradeCallsError::Unavailable(err) => Self::outage(err),
            TradeCallsError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<TradeCallsError> for CallsCsvResponse {
    fn from(err: TradeCallsError) -> Self {
        match err {
            TradeCallsError::Unavailable(err) => Self::outage(err),
            TradeCallsError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<TradeCallsError> for TrackRecordResponse {
    fn from(err: TradeCallsError) -> Self {
        match err {
            TradeCallsError::Unavailable(err) => Self::outage(err),
            TradeCallsError::Unexpected(err) => Self::bug(err),
        }
    }
}

impl From<TradeCallsError> for LedgerHeadResponse {
    fn from(err: TradeCallsError) -> Self {
        match err {
            TradeCallsError::Unavailable(err) => Self::outage(err),
            TradeCallsError::Unexpected(err) => Self::bug(err),
        }
    }
}
