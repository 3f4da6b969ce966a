//! The HTTP contract, one file per resource.

mod auth;
mod billing;
mod dashboard;
mod openapi_drift;
mod ops;
mod signals;
mod webhooks;
