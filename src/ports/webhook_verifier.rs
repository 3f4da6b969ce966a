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

    /// Parses a payload whose signature was verified when it was received (an event from our
    /// own log, re-processed by an operator). Never call this on bytes from the network.
    ///
    /// # Errors
    /// [`WebhookError::MalformedPayload`] when it is not a Stripe event.
    fn parse_verified(&self, payload: &[u8]) -> Result<BillingEvent, WebhookError>;
}
