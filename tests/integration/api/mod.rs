//! The HTTP contract, one file per resource (and `webhook_log`: failed webhook events, their
//! re-processing and the operator commands).

mod account;
mod auth;
mod billing;
mod billing_defects;
mod billing_portal;
mod calls;
mod client_networks;
mod common_passwords;
mod cross_origin;
mod dashboard;
mod dev_mailbox;
mod hashing_capacity;
mod host_redirect;
mod limits_before_work;
mod local_grants;
mod login_hygiene;
mod metrics;
mod openapi_drift;
mod ops;
mod password_reset;
mod password_reset_abuse;
mod plan_cache;
mod same_second_updates;
mod sessions;
mod signals;
mod signals_contract;
mod signals_last;
mod signals_provenance;
mod signals_stance;
mod simulated_pages_privacy;
mod stream_endings;
mod subscription_lifecycle;
mod web_defences;
mod webhook_log;
mod webhooks;
