//! Re-processing a failed webhook event from the log, for operators
//! (`signalbox webhooks reprocess <evt_id>`).
//!
//! The stored payload goes through the same handling path as a delivery — claim, apply,
//! record, log a failure — but without signature verification: it was verified on receipt
//! and has been in our own database since, and its signature timestamp is long past the
//! replay window anyway. Only `failed` events are re-run; anything else was handled already,
//! and running it again would only meet the dedupe.

use super::BillingService;
use super::WebhookOutcome;
use super::handle_webhook::ProcessError;
use crate::domain::StripeEventId;
use crate::ports::{WebhookError, WebhookEventStatus};

#[derive(Debug, thiserror::Error)]
pub enum ReprocessWebhookError {
    #[error("no webhook event {0} in the log")]
    NotFound(StripeEventId),
    #[error("webhook event {id} is {}, not failed; only failed events are re-processed", status.as_str())]
    NotFailed { id: StripeEventId, status: WebhookEventStatus },
    #[error("the stored payload of {id} is not a Stripe event")]
    Unreadable { id: StripeEventId, source: WebhookError },
    #[error("this event is being processed by a delivery right now; try again shortly")]
    InProgress,
    /// Anything else, an outage included: an operator reads it and runs the command again,
    /// so there is no retry status to choose.
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl BillingService {
    pub async fn reprocess_webhook(&self, id: &StripeEventId) -> Result<WebhookOutcome, ReprocessWebhookError> {
        let stored = self
            .billing
            .find_event(id)
            .await
            .map_err(anyhow::Error::from)?
            .ok_or_else(|| ReprocessWebhookError::NotFound(id.clone()))?;
        if stored.status != WebhookEventStatus::Failed {
            return Err(ReprocessWebhookError::NotFailed { id: id.clone(), status: stored.status });
        }
        let event = self
            .webhooks
            .parse_verified(stored.record.payload.as_bytes())
            .map_err(|source| ReprocessWebhookError::Unreadable { id: id.clone(), source })?;
        tracing::info!(event_id = %id, event_type = %event.event_type, "re-processing a failed webhook event");
        self.process_event(&event, &stored.record).await.map_err(|err| match err {
            ProcessError::InProgress => ReprocessWebhookError::InProgress,
            ProcessError::Unavailable(err) => ReprocessWebhookError::Unexpected(err.into()),
            ProcessError::Unexpected(err) => ReprocessWebhookError::Unexpected(err),
        })
    }
}
