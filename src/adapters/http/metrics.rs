//! Prometheus metrics over HTTP: every request counted and timed by route and status, and
//! `GET /metrics` serving the text exposition format.
//!
//! The route label is the path with its variable parts folded (ids become `:id`, dashboard
//! assets `/assets/*`, unknown paths `unmatched`), so a scanner or a stream of checkout ids
//! cannot grow the label set without bound. With a token configured, `/metrics` wants
//! `Authorization: Bearer <METRICS_TOKEN>`, compared in constant time.

use std::sync::Arc;
use std::time::Instant;

use poem::http::StatusCode;
use poem::web::Data;
use poem::{Endpoint, EndpointExt, IntoResponse, Request, Response, Route, get, handler};
use secrecy::{ExposeSecret, SecretString};

/// How `/metrics` renders and who may read it.
#[derive(Clone)]
pub struct MetricsPage {
    pub render: Arc<dyn Fn() -> String + Send + Sync>,
    pub token: Option<SecretString>,
}

impl MetricsPage {
    /// `routes` plus `GET /metrics`.
    pub fn mount(self, routes: Route) -> Route {
        routes.at("/metrics", get(scrape).data(self))
    }
}

#[handler]
fn scrape(req: &Request, Data(page): Data<&MetricsPage>) -> Response {
    if let Some(token) = &page.token {
        let presented = req.header("authorization").and_then(|h| h.strip_prefix("Bearer ")).unwrap_or("");
        if !constant_time_eq(presented.as_bytes(), token.expose_secret().as_bytes()) {
            return Response::builder()
                .status(StatusCode::UNAUTHORIZED)
                .header("WWW-Authenticate", "Bearer")
                .content_type("application/json")
                .body(r#"{"detail":"a valid metrics token is required"}"#);
        }
    }
    Response::builder().content_type("text/plain; version=0.0.4; charset=utf-8").body((page.render)())
}

fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |diff, (x, y)| diff | (x ^ y)) == 0
}

/// Middleware: counts and times every request by method, route and status.
pub async fn track_request<E: Endpoint>(next: E, req: Request) -> poem::Result<Response> {
    let started = Instant::now();
    let method = req.method().as_str().to_owned();
    let path = req.uri().path().to_owned();
    let response = next.call(req).await.map(IntoResponse::into_response);
    let status = match &response {
        Ok(response) => response.status(),
        Err(err) => err.status(),
    };
    let labels = [("method", method), ("route", route_label(&path, status)), ("status", status.as_u16().to_string())];
    metrics::counter!("signalbox_http_requests_total", &labels).increment(1);
    metrics::histogram!("signalbox_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The path with its variable parts folded, so the label set stays small.
pub fn route_label(path: &str, status: StatusCode) -> String {
    if status == StatusCode::NOT_FOUND {
        return "unmatched".into();
    }
    if path.starts_with("/assets/") {
        return "/assets/*".into();
    }
    let folded: Vec<&str> = path
        .split('/')
        .map(|segment| {
            let looks_like_id = segment.len() >= 16 && segment.bytes().any(|b| b.is_ascii_digit());
            if looks_like_id { ":id" } else { segment }
        })
        .collect();
    folded.join("/")
}

/// Every request through [`track_request`].
pub fn tracked(endpoint: impl Endpoint + 'static) -> impl Endpoint + 'static {
    endpoint.around(track_request)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_assets_and_unknown_paths_are_folded() {
        assert_eq!(route_label("/signals", StatusCode::OK), "/signals");
        assert_eq!(
            route_label("/billing/simulated-checkout/cs_test_sim0a1b2c3d4e5f60718", StatusCode::OK),
            "/billing/simulated-checkout/:id"
        );
        assert_eq!(route_label("/assets/index-3f2a7c1e.js", StatusCode::OK), "/assets/*");
        assert_eq!(route_label("/wp-admin/setup.php", StatusCode::NOT_FOUND), "unmatched");
    }

    #[test]
    fn tokens_compare_by_content() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret-longer"));
    }
}
