//! The HTTP contract, one file per resource.

mod auth;
mod billing;
mod billing_defects;
mod billing_portal;
mod dashboard;
mod login_hygiene;
mod openapi_drift;
mod ops;
mod sessions;
mod signals;
mod subscription_lifecycle;
mod webhooks;
