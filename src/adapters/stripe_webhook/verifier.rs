//! The [`WebhookVerifier`] port over our signature check and event parser.

use chrono::{DateTime, Utc};
use secrecy::SecretString;

use super::{event_parser, signature};
use crate::domain::BillingEvent;
use crate::ports::{WebhookError, WebhookVerifier};

pub struct StripeWebhookVerifier {
    secrets: Vec<SecretString>,
}

impl StripeWebhookVerifier {
    /// Accepts signatures made with any of `secrets` (more than one during a rotation).
    pub fn new(secrets: Vec<SecretString>) -> Self {
        Self { secrets }
    }
}

impl WebhookVerifier for StripeWebhookVerifier {
    fn verify(
        &self,
        payload: &[u8],
        signature_header: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<BillingEvent, WebhookError> {
        let header = signature_header.ok_or(WebhookError::MissingSignature)?;
        signature::verify(payload, header, &self.secrets, now)?;
        event_parser::parse_event(payload)
    }

    fn parse_verified(&self, payload: &[u8]) -> Result<BillingEvent, WebhookError> {
        event_parser::parse_event(payload)
    }
}
