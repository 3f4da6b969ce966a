//! `GET /signals/stream`: live signals as server-sent events, for the paid plan.
//!
//! Each new candle's signal arrives as `event: signal` with the signal's JSON and an `id:` a
//! client sends back as `Last-Event-ID` to resume (on this or another instance) with what it
//! missed in the current session; a comment line (`:`) every 15 s keeps proxies from closing
//! an idle connection. The stream comes from the signal bus, so a signal computed on any
//! instance reaches subscribers of every instance. It ends — with a last `event: end` saying
//! why and whether to reconnect — when the token expires, the session is logged out or
//! revoked, the password changes, the account is deleted, the plan turns free, the user opens
//! too many streams, or the instance shuts down.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use poem::web::sse::Event;
use poem_openapi::param::Header;
use poem_openapi::payload::Json;
use poem_openapi::types::ToJSON;
use poem_openapi::{ApiResponse, Object, OpenApi, Union};

use super::ApiTags;
use super::authenticated_failures::authenticated_failures;
use super::signal_body::SignalBody;
use crate::adapters::http::error_body::*;
use crate::adapters::http::event_stream::EventStream;
use crate::adapters::http::request_error::*;
use crate::adapters::http::security::BearerAuth;
use crate::app::signals::live_signals::LiveEvent;
use crate::app::signals::{OpenLiveStream, SignalsService, SubscribeSignalsError};
use crate::domain::access::StreamEnd;
use crate::domain::signals::StreamEventId;

const KEEP_ALIVE: Duration = Duration::from_secs(15);

pub struct SignalStreamApi {
    pub signals: Arc<SignalsService>,
}

/// The last event of a stream: why it ended, and whether the client should come back (with a
/// fresh token, or on another instance, sending `Last-Event-ID`).
#[derive(Debug, Clone, Object)]
pub struct StreamEndBody {
    /// `token_expired`, `logged_out`, `session_revoked`, `password_changed`,
    /// `account_deleted`, `plan_ended`, `replaced` or `server_restarting`.
    pub reason: String,
    pub reconnect: bool,
}

impl From<StreamEnd> for StreamEndBody {
    fn from(end: StreamEnd) -> Self {
        Self { reason: end.reason().to_owned(), reconnect: end.should_reconnect() }
    }
}

/// A signal as the stream sends it: the signal's JSON, and the SSE `id` it goes out with.
#[derive(Object)]
pub struct StreamSignalBody {
    #[oai(flatten)]
    signal: SignalBody,
    /// Not part of the JSON: the event's `id` line.
    #[oai(skip)]
    id: String,
}

/// One event of the stream: `event: signal` (with an `id`) or the final `event: end`.
#[derive(Union)]
pub enum StreamEventBody {
    Signal(StreamSignalBody),
    End(StreamEndBody),
}

#[derive(ApiResponse)]
#[oai(bad_request_handler = "request_error")]
pub enum StreamResponse {
    /// `event: signal` with a signal's JSON (and an `id`) each time a candle closes; a last
    /// `event: end` saying why the stream ended.
    #[oai(status = 200)]
    Ok(EventStream<StreamEventBody>),
    /// Live signals are part of the paid plan.
    #[oai(status = 403)]
    PaidOnly(Json<ErrorBody>),
    /// Missing, malformed, expired or forged token.
    #[oai(status = 401)]
    Unauthorized(Json<ErrorBody>, #[oai(header = "WWW-Authenticate")] String),
    /// A malformed request (e.g. a `Last-Event-ID` this server never sent).
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
    /// A `text/event-stream`: an `event: signal` carrying the signal's JSON and an `id` each
    /// time a candle closes and a new signal is computed, a keep-alive comment every 15 s, and
    /// a last `event: end` (`{reason, reconnect}`) when the right to the stream ends. Send the
    /// last `id` received as `Last-Event-ID` to receive what was missed in this session.
    #[oai(path = "/signals/stream", method = "get")]
    async fn stream(
        &self,
        bearer: BearerAuth,
        #[oai(name = "Last-Event-ID")] last_event_id: Header<Option<String>>,
    ) -> StreamResponse {
        let resume_after = match last_event_id.0.as_deref().map(StreamEventId::parse).transpose() {
            Ok(resume_after) => resume_after,
            Err(err) => return StreamResponse::Invalid(Json(ErrorBody::new(err.to_string()))),
        };
        let request = OpenLiveStream { access: bearer.0, resume_after };
        match self.signals.open_live_stream(request).await {
            Ok(events) => {
                let events = events
                    .map(|event| match event {
                        LiveEvent::Signal(signal) => StreamEventBody::Signal(StreamSignalBody {
                            id: StreamEventId::of(&signal).to_string(),
                            signal: SignalBody::from(&signal),
                        }),
                        LiveEvent::End(end) => StreamEventBody::End(end.into()),
                    })
                    .boxed();
                StreamResponse::Ok(EventStream::new(events, KEEP_ALIVE, to_event))
            }
            Err(err) => err.into(),
        }
    }
}

fn to_event(event: StreamEventBody) -> Event {
    match &event {
        StreamEventBody::Signal(signal) => {
            Event::message(signal.signal.to_json_string()).event_type("signal").id(signal.id.clone())
        }
        StreamEventBody::End(end) => Event::message(end.to_json_string()).event_type("end"),
    }
}
