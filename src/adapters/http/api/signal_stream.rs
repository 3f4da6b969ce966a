//! `GET /signals/stream`: live signals as server-sent events, for the paid plan.
//!
//! Each new candle's signal arrives as `event: signal` with the signal's JSON; a comment line
//! (`:`) every 15 s keeps proxies from closing an idle connection. The stream comes from the
//! signal bus, so a signal computed on any instance reaches subscribers of every instance.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use poem::web::sse::Event;
use poem_openapi::payload::{EventStream, Json};
use poem_openapi::types::ToJSON;
use poem_openapi::{ApiResponse, OpenApi};

use super::ApiTags;
use super::authenticated_failures::authenticated_failures;
use super::signal_body::SignalBody;
use crate::adapters::http::error_body::*;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::SignalsService;
use crate::app::signals::SubscribeSignalsError;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub struct SignalStreamApi {
    pub signals: Arc<SignalsService>,
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum StreamResponse {
    /// `event: signal` with a signal's JSON each time a candle closes.
    #[oai(status = 200)]
    Ok(EventStream<BoxStream<'static, SignalBody>>),
    /// Live signals are part of the paid plan.
    #[oai(status = 403)]
    PaidOnly(Json<ErrorBody>),
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

authenticated_failures!(StreamResponse);

impl From<SubscribeSignalsError> for StreamResponse {
    fn from(err: SubscribeSignalsError) -> Self {
        match err {
            err @ SubscribeSignalsError::PaidOnly => Self::PaidOnly(Json(ErrorBody::new(err.to_string()))),
            SubscribeSignalsError::Unavailable(err) => Self::outage(err),
            SubscribeSignalsError::Unexpected(err) => Self::bug(err),
        }
    }
}

#[OpenApi(tag = "ApiTags::Signals")]
impl SignalStreamApi {
    /// Live signals (paid plan)
    ///
    /// A `text/event-stream`: an `event: signal` carrying the signal's JSON each time a
    /// candle closes and a new signal is computed, and a keep-alive comment every 15 s.
    #[oai(path = "/signals/stream", method = "get")]
    async fn stream(&self, bearer: BearerAuth) -> StreamResponse {
        let user = bearer.0.user;
        match self.signals.subscribe_signals(user).await {
            Ok(subscription) => {
                let signals = futures_util::stream::unfold(subscription, |mut subscription| async move {
                    let signal = subscription.next().await?;
                    Some((SignalBody::from(&signal), subscription))
                })
                .boxed();
                StreamResponse::Ok(
                    EventStream::new(signals)
                        .keep_alive(KEEP_ALIVE)
                        .to_event(|signal| Event::message(signal.to_json_string()).event_type("signal")),
                )
            }
            Err(err) => err.into(),
        }
    }
}
