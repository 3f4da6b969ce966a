//! The HTTP adapter: the JSON API (poem-openapi), Swagger UI and the dashboard's static files.
//! (The simulated Stripe's pages belong to `simulated_stripe`.)
//!
//! Handlers parse requests into domain values, call one use case, and turn its error into the
//! operation's response enum through one `From` impl — nothing else. Bearer tokens are checked
//! once, by [`security::BearerAuth`]. Every error body is `{"detail": "..."}`; server-side
//! failures get a generic detail (503 for an outage, 500 otherwise, decided by the error's
//! variant) while the cause goes to the log.

pub mod api;
pub mod body_limit;
pub mod canonical_host;
pub mod client_ip;
pub mod compression;
pub mod connection_budget;
pub mod cors;
pub mod dashboard;
pub mod docs;
pub mod error_body;
pub mod event_stream;
pub mod metrics;
pub mod refresh_cookie;
pub mod request_error;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod security_headers;
pub mod server;
pub mod write_deadline;

pub use routes::{HttpSettings, api_routes, openapi_service, serve};
