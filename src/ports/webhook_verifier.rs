//! Turning a webhook request into a trusted event.

use chrono::{DateTime, Utc};

use crate::domain::BillingEvent;

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WebhookError {
    #[error("missing Stripe-Signature header")]
    MissingSignature,
    #[error("malformed Stripe-Signature header")]
    MalformedSignature,
    #[error("no signature matches the payload")]
    SignatureMismatch,
    #[error("signature timestamp is outside the tolerance window")]
    StaleTimestamp,
    #[error("payload is not a valid Stripe event: {0}")]
    MalformedPayload(String),
}

pub trait WebhookVerifier: Send + Sync {
    /// Verifies `signature_header` over the exact `payload` bytes at time `now`, then parses
    /// the event. Nothing is parsed before the signature checks out.
    fn verify(
        &self,
        payload: &[u8],
        signature_header: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<BillingEvent, WebhookError>;
}
