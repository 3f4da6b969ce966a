//! A request id on every response and every log line of a request, plus one access-log line
//! per request.
//!
//! The id comes from the client's (or the proxy's) `X-Request-Id` when it looks like an id, so
//! one request can be followed from a load balancer's log into ours; anything else — too long,
//! or with characters that could forge log lines — is replaced by a fresh UUID. It is recorded
//! on the request's tracing span, so every event logged while handling the request carries it
//! (in JSON logs under `span.request_id`), and returned in the response's `X-Request-Id`.
//!
//! This replaces poem's `Tracing` middleware, whose span has no request id.

use std::time::Instant;

use poem::http::HeaderValue;
use poem::{Endpoint, IntoResponse, Request, Response};
use tracing::Instrument;

pub const REQUEST_ID_HEADER: &str = "x-request-id";

/// Longest incoming id we keep (a UUID is 36 characters; trace ids of common proxies fit too).
const MAX_INCOMING_LEN: usize = 64;

/// The request's id, as request data for handlers that want it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RequestId(pub String);

/// An incoming id we are willing to repeat in logs and headers.
fn is_sane(id: &str) -> bool {
    (1..=MAX_INCOMING_LEN).contains(&id.len())
        && id.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b':'))
}

fn request_id_of(req: &Request) -> String {
    match req.header(REQUEST_ID_HEADER) {
        Some(incoming) if is_sane(incoming) => incoming.to_owned(),
        // A v4 UUID from the thread's CSPRNG (seeded from the OS): `Uuid::new_v4` asks the
        // kernel for every id, a system call per request. Ids only need to be unique.
        _ => uuid::Builder::from_random_bytes(rand::random()).into_uuid().to_string(),
    }
}

/// Middleware (`EndpointExt::around`): ids the request, traces it, stamps the response.
pub async fn trace_request<E: Endpoint>(next: E, mut req: Request) -> poem::Result<Response> {
    let id = request_id_of(&req);
    req.set_data(RequestId(id.clone()));
    let span = tracing::info_span!(
        "request",
        request_id = %id,
        method = %req.method(),
        path = %req.uri().path(),
    );
    async move {
        let started = Instant::now();
        let mut response = match next.call(req).await {
            Ok(response) => response.into_response(),
            Err(err) => err.into_response(),
        };
        tracing::info!(
            status = response.status().as_u16(),
            duration_ms = started.elapsed().as_secs_f64() * 1e3,
            "response"
        );
        let value = HeaderValue::from_str(&id).expect("a sane or generated id is a valid header value");
        response.headers_mut().insert(REQUEST_ID_HEADER, value);
        Ok(response)
    }
    .instrument(span)
    .await
}

#[cfg(test)]
mod tests {
    use std::io::Write;
    use std::sync::{Arc, Mutex};

    use poem::test::TestClient;
    use poem::{EndpointExt, handler};

    use super::*;

    #[handler]
    fn logs_something() -> &'static str {
        tracing::info!("inside the handler");
        "ok"
    }

    fn client() -> TestClient<impl Endpoint> {
        TestClient::new(logs_something.around(trace_request))
    }

    #[tokio::test]
    async fn a_sane_incoming_id_is_echoed() {
        let resp = client().get("/").header(REQUEST_ID_HEADER, "lb-7f3a:42").send().await;
        resp.assert_header(REQUEST_ID_HEADER, "lb-7f3a:42");
    }

    #[tokio::test]
    async fn a_missing_or_suspicious_id_is_replaced_by_a_uuid() {
        let client = client();
        for incoming in [None, Some("two words"), Some("x\"}{evil"), Some(&*"a".repeat(65))] {
            let mut req = client.get("/");
            if let Some(incoming) = incoming {
                req = req.header(REQUEST_ID_HEADER, incoming);
            }
            let resp = req.send().await;
            let id = resp.0.headers()[REQUEST_ID_HEADER].to_str().unwrap().to_owned();
            assert!(uuid::Uuid::parse_str(&id).is_ok(), "{incoming:?} → {id}");
        }
    }

    #[derive(Clone, Default)]
    struct Captured(Arc<Mutex<Vec<u8>>>);

    impl Write for Captured {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            self.0.lock().unwrap().extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[tokio::test]
    async fn every_log_line_of_the_request_carries_its_id() {
        let captured = Captured::default();
        let writer = captured.clone();
        let subscriber = tracing_subscriber::fmt().json().with_writer(move || writer.clone()).finish();
        let _guard = tracing::subscriber::set_default(subscriber);
        // Another test thread may register one of these callsites while this subscriber is
        // being added, caching "nobody listens" for it. A first request makes sure every
        // callsite it reaches is registered; recomputing the interest after that includes
        // this subscriber for all of them, whatever other threads did meanwhile.
        client().get("/").send().await.assert_status_is_ok();
        tracing::callsite::rebuild_interest_cache();
        captured.0.lock().unwrap().clear();

        client().get("/").header(REQUEST_ID_HEADER, "req-123").send().await.assert_status_is_ok();

        let logs = String::from_utf8(captured.0.lock().unwrap().clone()).unwrap();
        let lines: Vec<serde_json::Value> = logs.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
        assert_eq!(lines.len(), 2, "the handler's line and the access line: {logs}");
        for line in &lines {
            assert_eq!(line["span"]["request_id"], "req-123", "{line}");
        }
        assert_eq!(lines[1]["fields"]["status"], 200);
    }
}
