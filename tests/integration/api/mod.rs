//! The HTTP contract, one file per resource.

mod auth;
mod billing;
mod billing_portal;
mod dashboard;
mod openapi_drift;
mod ops;
mod signals;
mod subscription_lifecycle;
mod webhooks;
