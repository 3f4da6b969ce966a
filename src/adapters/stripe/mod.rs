//! The production [`PaymentGateway`](crate::ports::PaymentGateway): Stripe, through the
//! `async-stripe` SDK.
//!
//! The boundary: Stripe types and SDK errors stop here. Callers see only domain ids,
//! [`CheckoutSession`](crate::ports::CheckoutSession) and the two port errors — `Rejected`
//! (Stripe said no; retrying will not help) and `Unavailable` (Stripe could not be reached,
//! failed, or answered nonsense, after a bounded number of attempts).
//!
//! Inside this module the code is absolute-pathed as `::stripe::…` where it means the SDK
//! crate, because this module shares the crate's name.
//!
//! - `settings`: what the composition root must provide, and the retry/timeout policy.
//! - `failure`: turning SDK errors into port errors, with the secret key scrubbed.
//! - `retry`: the bounded retry loop around one idempotent request.
//! - `gateway`: the Stripe calls the port needs.
//! - `subscription_list`: a customer's subscriptions, read leniently for reconciliation.

mod cancel;
mod failure;
mod gateway;
mod retry;
mod settings;
mod subscription_list;

pub use gateway::StripeGateway;
pub use settings::{RetryPolicy, StripeSettings};
