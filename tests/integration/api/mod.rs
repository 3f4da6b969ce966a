//! The HTTP contract, one file per resource (and `webhook_log`: failed webhook events, their
//! re-processing and the operator commands).

mod account;
mod auth;
mod billing;
mod billing_defects;
mod billing_portal;
mod common_passwords;
mod dashboard;
mod dev_mailbox;
mod login_hygiene;
mod metrics;
mod openapi_drift;
mod ops;
mod password_reset;
mod sessions;
mod signals;
mod subscription_lifecycle;
mod webhook_log;
mod webhooks;
