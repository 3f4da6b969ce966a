//! The HTTP contract, one file per resource.

mod auth;
mod billing;
mod billing_portal;
mod common_passwords;
mod dashboard;
mod login_hygiene;
mod openapi_drift;
mod ops;
mod sessions;
mod signals;
mod subscription_lifecycle;
mod webhooks;
