//! The route table: API, docs, simulated checkout and portal, and dashboard on one listener.

use std::path::PathBuf;
use std::sync::Arc;

use poem::http::StatusCode;
use poem::{Endpoint, EndpointExt, IntoEndpoint, IntoResponse, Response, Route, get};
use poem_openapi::{ContactObject, OpenApiService};
use secrecy::SecretString;

use super::api::{AuthApi, BillingApi, OpsApi, SessionApi, SignalsApi};
use super::body_limit::limit_body;
use super::dashboard::dashboard;
use super::refresh_cookie::RefreshCookie;
use super::request_id::trace_request;
use super::simulated_checkout::{SimulatedCheckout, pay_page, show_page};
use super::simulated_portal::{cancel_subscription, confirm_cancel, resume_subscription, show_portal};
use crate::adapters::simulated_stripe::SimulatedStripe;
use crate::app::Signalbox;

/// Request bodies above this are refused with 413 before they are read.
pub const MAX_BODY_BYTES: usize = 64 * 1024;

pub struct HttpSettings {
    pub public_url: String,
    pub trust_proxy_headers: bool,
    pub static_dir: PathBuf,
    /// Signs the simulated checkout's events, as Stripe signs its own.
    pub webhook_signing_secret: SecretString,
}

pub type Api = (AuthApi, SessionApi, BillingApi, SignalsApi, OpsApi);

pub fn openapi_service(app: Arc<Signalbox>, public_url: &str, trust_proxy_headers: bool) -> OpenApiService<Api, ()> {
    // The cookie is `Secure` unless we are served over plain http on this machine.
    let cookie = RefreshCookie::for_public_url(public_url);
    let apis = (
        AuthApi { app: app.clone(), trust_proxy_headers, cookie },
        SessionApi { app: app.clone(), cookie },
        BillingApi { app: app.clone() },
        SignalsApi { app: app.clone() },
        OpsApi { app },
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

pub fn build_routes(
    app: Arc<Signalbox>,
    simulated: Option<Arc<SimulatedStripe>>,
    settings: HttpSettings,
) -> impl Endpoint {
    let api = openapi_service(app.clone(), &settings.public_url, settings.trust_proxy_headers);
    let docs = api.swagger_ui();
    let spec = api.spec_endpoint();
    let api = Arc::new(api.into_endpoint());

    let mut routes = Route::new()
        .nest_no_strip("/auth", api.clone())
        .nest_no_strip("/billing", api.clone())
        .nest_no_strip("/signals", api.clone())
        .at("/health", api.clone())
        .at("/ready", api)
        .nest("/docs", docs)
        .at("/openapi.json", spec);
    if let Some(stripe) = simulated {
        let checkout = SimulatedCheckout { app, stripe, signing_secret: settings.webhook_signing_secret };
        routes = routes
            .at("/billing/simulated-checkout/:session_id", get(show_page).data(checkout.clone()))
            .at("/billing/simulated-checkout/:session_id/pay", poem::post(pay_page).data(checkout.clone()))
            .at("/billing/simulated-portal/:session_id", get(show_portal).data(checkout.clone()))
            .at(
                "/billing/simulated-portal/:session_id/cancel",
                get(confirm_cancel).post(cancel_subscription).data(checkout.clone()),
            )
            .at("/billing/simulated-portal/:session_id/resume", poem::post(resume_subscription).data(checkout));
    }
    routes
        .nest("/", dashboard(&settings.static_dir))
        .around(|ep, req| limit_body(ep, req, MAX_BODY_BYTES))
        .catch_all_error(json_error)
        .around(trace_request)
}

/// Errors raised outside our operations (unknown path, wrong method, body too large) get the
/// same `{"detail": ...}` shape as everything else.
async fn json_error(err: poem::Error) -> Response {
    let status = err.status();
    let detail = match status {
        StatusCode::NOT_FOUND => "not found".to_owned(),
        StatusCode::METHOD_NOT_ALLOWED => "method not allowed".to_owned(),
        StatusCode::PAYLOAD_TOO_LARGE => format!("request body exceeds {} KiB", MAX_BODY_BYTES / 1024),
        s if s.is_server_error() => {
            tracing::error!(error = %err, "unhandled error");
            "internal server error".to_owned()
        }
        _ => err.to_string(),
    };
    poem::web::Json(serde_json::json!({ "detail": detail })).with_status(status).into_response()
}
