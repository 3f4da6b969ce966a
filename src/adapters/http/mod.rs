//! The HTTP adapter: the JSON API (poem-openapi), Swagger UI, the simulated checkout and
//! billing-portal pages and the dashboard's static files.
//!
//! Handlers parse requests into domain values, call one use case, and map its error enum to a
//! status code — nothing else. Every error body is `{"detail": "..."}`; server-side failures
//! get a generic detail while the cause goes to the log.

pub mod api;
pub mod body_limit;
pub mod client_ip;
pub mod dashboard;
pub mod error_body;
pub mod refresh_cookie;
pub mod request_id;
pub mod routes;
pub mod security;
pub mod simulated_checkout;
pub mod simulated_portal;

pub use routes::{HttpSettings, build_routes, openapi_service};
