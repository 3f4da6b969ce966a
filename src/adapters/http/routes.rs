//! The route table: API, docs and dashboard on one listener.
//!
//! [`api_routes`] builds the API and its docs; the composition root may add routes of its own
//! (the simulated Stripe's pages) before [`serve`] adds the dashboard and the middleware that
//! every answer goes through. Paths under `/dev` that no development page claims are 404s.

use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use poem::endpoint::make_sync;
use poem::http::StatusCode;
use poem::{Endpoint, EndpointExt, IntoEndpoint, IntoResponse, Response, Route};
use poem_openapi::{ContactObject, OpenApiService};

use super::api::client::ProxyTrust;
use super::api::{
    AccountApi, AlertPushApi, AlertsApi, AuthApi, BillingApi, CallsApi, LastSignalsApi, OpsApi, SessionApi,
    SignalHistoryApi, SignalModelApi, SignalStreamApi, SignalsApi, SiteApi,
};
use super::body_limit::{BodyLimits, limit_body};
use super::canonical_host::{CanonicalHost, redirect_to_public_host};
use super::client_ip::TrustedProxies;
use super::compression::compress_responses;
use super::cors::{CorsPolicy, apply_cors};
use super::dashboard::dashboard;
use super::docs::SwaggerUi;
use super::refresh_cookie::RefreshCookie;
use super::request_id::trace_request;
use super::security_headers::{SecurityHeaders, add_security_headers};
use crate::app::Services;

/// Request bodies above this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

/// A request body not received in full this long after its headers is refused with 408: as
/// long as clients get for the headers (`ConnectionLimits::header_read_timeout`), and ample
/// for 64 KiB on any connection that is really sending.
pub const BODY_READ_TIMEOUT: Duration = Duration::from_secs(10);

pub struct HttpSettings {
    pub public_url: String,
    /// Read the client address from the proxy headers (see `client_ip`)…
    pub trust_proxy_headers: bool,
    /// …trusting this chain of proxies (empty: one hop, the TCP peer).
    pub trusted_proxies: TrustedProxies,
    pub static_dir: PathBuf,
    /// See [`BODY_READ_TIMEOUT`] (tests shorten it).
    pub body_read_timeout: Duration,
    /// Origins of dashboards on other hosts (see [`super::cors`]).
    pub cors: CorsPolicy,
    /// How the refresh cookie is scoped (see [`RefreshCookie`]).
    pub refresh_cookie: RefreshCookie,
    /// Development only: page loads on another host go to `public_url` (see [`super::canonical_host`]).
    pub canonical_host: Option<CanonicalHost>,
}

pub type Api = (
    AuthApi,
    SessionApi,
    AccountApi,
    BillingApi,
    SignalsApi,
    LastSignalsApi,
    SignalHistoryApi,
    CallsApi,
    SignalModelApi,
    SignalStreamApi,
    OpsApi,
    SiteApi,
    AlertPushApi,
    AlertsApi,
);

pub fn openapi_service(app: &Services, public_url: &str, cookie: RefreshCookie) -> OpenApiService<Api, ()> {
    let apis = (
        AuthApi { accounts: app.accounts.clone(), cookie },
        SessionApi { accounts: app.accounts.clone(), cookie },
        AccountApi { accounts: app.accounts.clone(), cookie },
        BillingApi { billing: app.billing.clone() },
        SignalsApi::new(app.signals.clone()),
        LastSignalsApi { signals: app.signals.clone() },
        SignalHistoryApi::new(app.signals.clone()),
        CallsApi::new(app.signals.clone()),
        SignalModelApi { signals: app.signals.clone() },
        SignalStreamApi { signals: app.signals.clone() },
        OpsApi { operations: app.operations.clone() },
        SiteApi { operations: app.operations.clone() },
        AlertPushApi { push_devices: app.push_devices.clone() },
        AlertsApi { alerts: app.alerts.clone() },
    );
    OpenApiService::new(apis, "Signalbox API", env!("CARGO_PKG_VERSION"))
        .description(
            "NIFTY and BANKNIFTY trading signals. Free plan: 3 signal requests a day; the ₹499 \
             subscription makes them unlimited. Authenticate with `POST /auth/login`, then use the \
             token as a Bearer token (Swagger UI: Authorize). Browsers renew it with \
             `POST /auth/refresh`, which reads the refresh cookie that log-in sets.",
        )
        .contact(ContactObject::new().name("Signalbox"))
        .server(public_url)
}

/// The API, Swagger UI and the spec.
pub fn api_routes(app: &Services, settings: &HttpSettings) -> Route {
    let api = openapi_service(app, &settings.public_url, settings.refresh_cookie);
    let docs = SwaggerUi::new(api.swagger_ui_html());
    let spec = api.spec_endpoint();
    // The bearer-token checker finds the accounts service here (see `security`), and the
    // client extractor whether to believe proxy headers (see `api::client`).
    let api = Arc::new(api.into_endpoint().data(app.accounts.clone()).data(ProxyTrust(settings.trust_proxy_headers)));
    Route::new()
        .nest_no_strip("/auth", api.clone())
        .nest_no_strip("/billing", api.clone())
        .nest_no_strip("/signals", api.clone())
        .nest_no_strip("/ledger", api.clone())
        // Each alerts operation by its path: `/alerts` itself is the dashboard's page.
        .at("/alerts/push/key", api.clone())
        .at("/alerts/push/subscriptions", api.clone())
        .at("/alerts/push/subscriptions/:id", api.clone())
        .at("/alerts/preferences", api.clone())
        .at("/alerts/telegram/link", api.clone())
        .at("/alerts/telegram/webhook", api.clone())
        .at("/alerts/test", api.clone())
        .at("/health", api.clone())
        .at("/ready", api.clone())
        .at("/site", api)
        .nest("/docs", docs)
        .at("/openapi.json", spec)
}

/// `routes` plus the dashboard, behind the body limit, the JSON error shape, compression, CORS,
/// the development host redirect, the security headers and request tracing.
pub fn serve(routes: Route, settings: &HttpSettings) -> impl Endpoint + use<> {
    let headers = SecurityHeaders::for_public_url(&settings.public_url);
    let body_limits = BodyLimits { max_bytes: MAX_BODY_BYTES, read_timeout: settings.body_read_timeout };
    let cors = Arc::new(settings.cors.clone());
    let canonical = Arc::new(settings.canonical_host.clone());
    routes
        // Development pages (the outbox) are mounted under `/dev` only where they exist;
        // elsewhere `/dev/…` is a plain 404, never the dashboard's `index.html`, which would
        // tell a prober (and a monitor checking the page is gone) that something is there.
        .nest("/dev", make_sync(|_| Err::<(), _>(poem::error::NotFoundError)))
        .nest("/", dashboard(&settings.static_dir))
        // `client_ip` finds the chain of trusted proxies here.
        .data(settings.trusted_proxies.clone())
        .around(move |ep, req| limit_body(ep, req, body_limits))
        .catch_all_error(json_error)
        .around(compress_responses)
        .around(move |ep, req| {
            let cors = cors.clone();
            async move { apply_cors(ep, req, &cors).await }
        })
        .around(move |ep, req| {
            let canonical = canonical.clone();
            async move { redirect_to_public_host(ep, req, canonical.as_ref().as_ref()).await }
        })
        .around(move |ep, req| add_security_headers(ep, req, headers))
        .around(trace_request)
}

/// Errors raised outside our operations (unknown path, wrong method, body too large or too
/// slow) get the same `{"detail": ...}` shape as everything else.
async fn json_error(err: poem::Error) -> Response {
    let status = err.status();
    let detail = match status {
        StatusCode::NOT_FOUND => "not found".to_owned(),
        StatusCode::FORBIDDEN => "forbidden".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => format!("request body exceeds {} KiB", MAX_BODY_BYTES / 1024),
        // The rest of the body may still be on its way: the connection cannot carry another
        // request, so say it closes (hyper then closes it after this answer).
        StatusCode::REQUEST_TIMEOUT => {
            let detail = "the request body was not received in time";
            return poem::web::Json(serde_json::json!({ "detail": detail }))
                .with_status(status)
                .with_header(poem::http::header::CONNECTION, "close")
                .into_response();
        }
        s if s.is_server_error() => {
            tracing::error!(error = %err, "unhandled error");
            "internal server error".to_owned()
        }
        _ => err.to_string(),
    };
    poem::web::Json(serde_json::json!({ "detail": detail })).with_status(status).into_response()
}
