//! Stripe webhooks: signature verification over the raw bytes, then parsing into a
//! [`crate::domain::BillingEvent`].
//!
//! We keep our own verifier rather than async-stripe's: its parser keeps only the last `v1`
//! signature of the header, while Stripe sends one per active secret during a rotation, and we
//! accept several configured secrets. The scheme is small and fully specified by Stripe.

pub mod event_parser;
/// Stripe's signing scheme: the one adapter module other adapters may use (the simulated
/// Stripe signs its events with it).
pub mod signature;
pub mod signature_header;
pub mod verifier;

pub use signature::{SIGNATURE_TOLERANCE_SECS, sign};
pub use verifier::StripeWebhookVerifier;
