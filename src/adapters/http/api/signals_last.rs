//! `GET /signals/last`: the last `/signals` answer this user received today, re-read without
//! spending a request — so a dashboard can show it on load and a free user never spends one
//! of their three requests on a candle they already have.

use std::sync::Arc;

use poem_openapi::payload::Json;
use poem_openapi::{ApiResponse, OpenApi};

use super::ApiTags;
use super::answer::answered;
use super::authenticated_failures::authenticated_failures;
use super::prepared_json::PreparedJson;
use super::signals::SignalsBody;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::{LastSignalsError, SignalsService};

pub struct LastSignalsApi {
    pub signals: Arc<SignalsService>,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum LastSignalsResponse {
    /// The same shape as `GET /signals`, with today's `remaining` as it is now.
    #[oai(status = 200)]
    Ok(PreparedJson<SignalsBody>),
    /// No `/signals` answer yet today (Asia/Kolkata).
    #[oai(status = 404)]
    NotFound(Json<ErrorBody>),
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

authenticated_failures!(LastSignalsResponse);

impl From<LastSignalsError> for LastSignalsResponse {
    fn from(err: LastSignalsError) -> Self {
        match err {
            err @ LastSignalsError::NotFound => Self::NotFound(Json(ErrorBody::new(err.to_string()))),
            LastSignalsError::Unavailable(err) => Self::outage(err),
            LastSignalsError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl LastSignalsApi {
    /// The last signals you received today
    ///
    /// The body of your last `GET /signals` today (the day resets at midnight Asia/Kolkata),
    /// with `remaining` as it is now. Never counts against the free quota. 404 when you have
    /// not asked for signals today.
    #[oai(path = "/signals/last", method = "get")]
    async fn last(&self, bearer: BearerAuth) -> LastSignalsResponse {
        let user = bearer.0.user;
        answered(
            async {
                let result = self.signals.last_signals(user).await?;
                Ok::<_, LastSignalsResponse>(LastSignalsResponse::Ok(PreparedJson::new(&SignalsBody::of(&result))))
            }
            .await,
        )
    }
}
