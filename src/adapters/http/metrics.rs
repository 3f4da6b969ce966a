//! Prometheus metrics over HTTP: every request counted and timed by route and status, and
//! `GET /metrics` serving the text exposition format.
//!
//! Every label comes from a fixed set, so that however many paths and methods strangers try,
//! the series (and this process's memory, and the scrape) stay the same size: the route label is
//! one of [`KNOWN_ROUTES`] with its ids folded to `:id`, dashboard assets `/assets/*`, `unmatched`
//! when nothing answered, and `other` for the rest (the dashboard answers any path with its
//! page, so a path alone says nothing); the method label is a standard method or `other`. With a
//! token configured, `/metrics` wants `Authorization: Bearer <METRICS_TOKEN>`, compared in
//! constant time.

use std::sync::Arc;
use std::time::Instant;

use poem::http::{Method, StatusCode};
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
    let method = method_label(req.method());
    let path = req.uri().path().to_owned();
    let response = next.call(req).await.map(IntoResponse::into_response);
    let status = match &response {
        Ok(response) => response.status(),
        Err(err) => err.status(),
    };
    let labels =
        [("method", method.to_owned()), ("route", route_label(&path, status)), ("status", status.as_u16().to_string())];
    metrics::counter!("signalbox_http_requests_total", &labels).increment(1);
    metrics::histogram!("signalbox_http_request_duration_seconds", &labels).record(started.elapsed().as_secs_f64());
    response
}

/// The paths a route label may name, ids folded: every path the API documents (a test keeps
/// this in step with `openapi.json`) and the pages mounted beside it.
pub const KNOWN_ROUTES: &[&str] = &[
    "/",
    "/auth/change-password",
    "/auth/login",
    "/auth/logout",
    "/auth/me",
    "/auth/password-reset",
    "/auth/password-reset/confirm",
    "/auth/refresh",
    "/auth/signup",
    "/billing/create-checkout",
    "/billing/portal",
    "/billing/status",
    "/billing/webhook",
    "/health",
    "/ready",
    "/site",
    "/signals",
    "/signals/calls",
    "/signals/calls.csv",
    "/signals/history",
    "/signals/last",
    "/signals/quota",
    "/signals/stream",
    "/signals/track-record",
    "/signals/model",
    "/ledger/head",
    "/alerts/push/key",
    "/alerts/push/subscriptions",
    "/alerts/push/subscriptions/:id",
    "/alerts/preferences",
    "/alerts/telegram/link",
    "/alerts/telegram/webhook",
    "/alerts/test",
    "/docs",
    "/openapi.json",
    "/metrics",
    "/dev/mailbox",
    "/favicon.svg",
    "/billing/simulated-stripe.css",
    "/billing/simulated-checkout/:id",
    "/billing/simulated-checkout/:id/pay",
    "/billing/simulated-portal/:id",
    "/billing/simulated-portal/:id/cancel",
    "/billing/simulated-portal/:id/resume",
];

/// The route label of a request for `path` that was answered with `status`.
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
    let folded = folded.join("/");
    if KNOWN_ROUTES.contains(&folded.as_str()) { folded } else { "other".into() }
}

/// The method label: HTTP allows any token as a method, and each would be a series of its own.
pub fn method_label(method: &Method) -> &'static str {
    const STANDARD: [Method; 9] = [
        Method::GET,
        Method::HEAD,
        Method::POST,
        Method::PUT,
        Method::PATCH,
        Method::DELETE,
        Method::OPTIONS,
        Method::CONNECT,
        Method::TRACE,
    ];
    STANDARD.iter().find(|m| *m == method).map_or("other", Method::as_str)
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
    fn every_documented_path_is_its_own_label() {
        let spec: serde_json::Value =
            serde_json::from_str(include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/openapi.json"))).unwrap();
        let paths = spec["paths"].as_object().unwrap();
        assert!(!paths.is_empty());
        for path in paths.keys() {
            // A path parameter arrives as a real id (a UUID) and is labelled `:id`.
            let requested = path.replace("{id}", "8c0e3c9e-5d1b-4f7a-9a2e-1f2d3c4b5a69");
            let label = path.replace("{id}", ":id");
            assert_eq!(route_label(&requested, StatusCode::OK), label, "add {label} to KNOWN_ROUTES");
        }
    }

    /// The dashboard answers any path with its page (200), so paths a stranger makes up are
    /// all one label, as are made-up methods.
    #[test]
    fn made_up_paths_and_methods_share_one_label() {
        for path in ["/random-abc", "/dashboard/xyz", "/account/qwe/../x", "/signals/../../etc"] {
            assert_eq!(route_label(path, StatusCode::OK), "other", "{path}");
        }
        assert_eq!(route_label("/auth/me", StatusCode::METHOD_NOT_ALLOWED), "/auth/me");
        assert_eq!(route_label("/", StatusCode::OK), "/");
        assert_eq!(method_label(&Method::GET), "GET");
        assert_eq!(method_label(&Method::DELETE), "DELETE");
        assert_eq!(method_label(&Method::from_bytes(b"FOOBAR1").unwrap()), "other");
    }

    #[test]
    fn tokens_compare_by_content() {
        assert!(constant_time_eq(b"secret", b"secret"));
        assert!(!constant_time_eq(b"secret", b"secreT"));
        assert!(!constant_time_eq(b"secret", b"secret-longer"));
    }
}
