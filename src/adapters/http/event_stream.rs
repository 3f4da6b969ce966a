//! `text/event-stream` answers written straight from their events.
//!
//! poem-openapi's `EventStream` answers through poem's SSE body, which turns the events into a
//! reader and the reader back into chunks: each open stream keeps a 4 KiB read buffer and three
//! boxed adapters for as long as it is open, though the buffer never holds anything between
//! events. A paid user's stream stays open for hours and one instance holds thousands, so
//! [`EventStream`] here writes each event as one body chunk instead. It describes itself in
//! the OpenAPI document exactly as poem-openapi's does, and sends the same headers.

use std::io;
use std::task::Poll;
use std::time::Duration;

use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use poem::web::sse::Event;
use poem::{Body, IntoResponse, Response};
use poem_openapi::ApiResponse;
use poem_openapi::payload::Payload;
use poem_openapi::registry::{MetaMediaType, MetaResponse, MetaResponses, MetaSchema, MetaSchemaRef, Registry};
use poem_openapi::types::{ToJSON, Type};
use tokio::time::{Instant, MissedTickBehavior};

/// What a stream sends when it has had nothing to send for its keep-alive interval: an SSE
/// comment, which clients ignore and proxies see as traffic.
const KEEP_ALIVE_COMMENT: &[u8] = b":\n\n";

const CONTENT_TYPE: &str = "text/event-stream";

/// A stream of `E`s answered as server-sent events, one `Event` per item.
pub struct EventStream<E: Send + 'static> {
    events: BoxStream<'static, E>,
    keep_alive: Duration,
    to_event: fn(E) -> Event,
}

impl<E: Send + 'static> EventStream<E> {
    /// `events`, each written as `to_event` says, with a comment after every `keep_alive`.
    pub fn new(events: BoxStream<'static, E>, keep_alive: Duration, to_event: fn(E) -> Event) -> Self {
        Self { events, keep_alive, to_event }
    }
}

impl<E: Type + ToJSON + Send + 'static> Payload for EventStream<E> {
    const CONTENT_TYPE: &'static str = CONTENT_TYPE;

    fn schema_ref() -> MetaSchemaRef {
        MetaSchemaRef::Inline(Box::new(MetaSchema {
            items: Some(Box::new(E::schema_ref())),
            ..MetaSchema::new_with_format("array", "event-stream")
        }))
    }

    fn register(registry: &mut Registry) {
        E::register(registry);
    }
}

impl<E: Send + 'static> IntoResponse for EventStream<E> {
    fn into_response(self) -> Response {
        let Self { mut events, keep_alive, to_event } = self;
        let mut quiet = tokio::time::interval_at(Instant::now() + keep_alive, keep_alive);
        // A runtime too busy to tick on time owes one comment, not a burst of them.
        quiet.set_missed_tick_behavior(MissedTickBehavior::Delay);
        let chunks = futures_util::stream::poll_fn(move |cx| {
            if let Poll::Ready(event) = events.poll_next_unpin(cx) {
                return Poll::Ready(event.map(|event| Ok::<_, io::Error>(to_event(event).to_string().into_bytes())));
            }
            quiet.poll_tick(cx).map(|_| Some(Ok(KEEP_ALIVE_COMMENT.to_vec())))
        });
        Response::builder()
            .content_type(CONTENT_TYPE)
            // nginx would otherwise hold events back to fill its buffer.
            .header("X-Accel-Buffering", "no")
            .header("Cache-Control", "no-cache")
            .body(Body::from_bytes_stream(chunks))
    }
}

impl<E: Type + ToJSON + Send + 'static> ApiResponse for EventStream<E> {
    fn meta() -> MetaResponses {
        MetaResponses {
            responses: vec![MetaResponse {
                description: "",
                status: Some(200),
                status_range: None,
                content: vec![MetaMediaType { content_type: CONTENT_TYPE, schema: <Self as Payload>::schema_ref() }],
                headers: vec![],
            }],
        }
    }

    fn register(registry: &mut Registry) {
        E::register(registry);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use poem::http::StatusCode;

    fn message(text: &'static str) -> Event {
        Event::message(text).event_type("note")
    }

    #[tokio::test]
    async fn each_event_is_one_chunk_in_the_sse_format_with_the_sse_headers() {
        let events = futures_util::stream::iter(["one", "two"]).boxed();
        let response = EventStream::new(events, Duration::from_secs(15), message).into_response();

        assert_eq!(response.status(), StatusCode::OK);
        assert_eq!(response.headers()["content-type"], "text/event-stream");
        assert_eq!(response.headers()["cache-control"], "no-cache");
        assert_eq!(response.headers()["x-accel-buffering"], "no");
        let body = response.into_body().into_string().await.unwrap();
        assert_eq!(body, "event: note\ndata: one\n\nevent: note\ndata: two\n\n");
    }

    #[tokio::test(start_paused = true)]
    async fn a_quiet_stream_sends_a_comment_every_keep_alive_interval() {
        let events = futures_util::stream::pending::<&'static str>().boxed();
        let response = EventStream::new(events, Duration::from_secs(15), message).into_response();
        let mut chunks = response.into_body().into_bytes_stream();

        let first = tokio::time::timeout(Duration::from_secs(16), chunks.next()).await;
        assert_eq!(first.unwrap().unwrap().unwrap(), KEEP_ALIVE_COMMENT);
        let early = tokio::time::timeout(Duration::from_secs(14), chunks.next()).await;
        assert!(early.is_err(), "nothing before the next interval");
        let second = tokio::time::timeout(Duration::from_secs(2), chunks.next()).await;
        assert_eq!(second.unwrap().unwrap().unwrap(), KEEP_ALIVE_COMMENT);
    }
}
