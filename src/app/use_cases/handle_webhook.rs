//! Applying a Stripe webhook exactly once.
//!
//! Three layers, cheapest first:
//! 1. the signature: nothing unverified is parsed or stored;
//! 2. a short-lived claim on the event id (Redis in production) so concurrent deliveries, even
//!    to different instances, do not all reach the database; released on failure so Stripe's
//!    retry can succeed;
//! 3. the database: the event id is inserted in the same transaction as the state change, so
//!    even with the claim store flushed or down, an event takes effect once.
//!
//! When applying fails, the event is logged as `failed` with the error (after the apply
//! transaction rolled back) so operators can see it; a failed entry does not count as
//! processed, so Stripe's retry or `signalbox webhooks reprocess` applies it later. An outage
//! is answered with an error so that Stripe retries; a conflict with stored data (a customer
//! already linked to another user) is acknowledged as `ignored`, because retrying cannot help
//! — it waits in the log for an operator.
//! [`Signalbox::process_event`] is that path after verification, shared with re-processing.

use std::time::Duration;

use crate::app::{Signalbox, keys};
use crate::domain::{BillingEvent, BillingEventKind, Transition, UserId, transition};
use crate::ports::{RecordOutcome, StoreError, WebhookError, WebhookEventRecord};

/// Error texts kept in the event log are cut here: enough for a cause chain, bounded in size.
const MAX_LOGGED_ERROR_CHARS: usize = 2_000;

/// Stripe retries for up to three days, but duplicates cluster within minutes; the database
/// catches anything later.
const CLAIM_TTL: Duration = Duration::from_secs(24 * 60 * 60);

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WebhookOutcome {
    /// The event changed (or confirmed) a user's billing state.
    Processed,
    /// This event id was handled before; nothing changed.
    AlreadyProcessed,
    /// Verified and recorded, but no effect: a type we do not act on, an unknown customer, or
    /// an event older than the state it would overwrite.
    Ignored,
}

impl WebhookOutcome {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Processed => "processed",
            Self::AlreadyProcessed => "already_processed",
            Self::Ignored => "ignored",
        }
    }
}

/// Why [`Signalbox::process_event`] did not finish (verification is already behind it).
#[derive(Debug, thiserror::Error)]
pub(crate) enum ProcessError {
    #[error("this event is being processed by another delivery; retry later")]
    InProgress,
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl From<StoreError> for ProcessError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() { Self::Unavailable(err) } else { Self::Unexpected(err.into()) }
    }
}

impl From<ProcessError> for HandleWebhookError {
    fn from(err: ProcessError) -> Self {
        match err {
            ProcessError::InProgress => Self::InProgress,
            ProcessError::Unavailable(err) => Self::Unavailable(err),
            ProcessError::Unexpected(err) => Self::Unexpected(err),
        }
    }
}

/// Why applying a verified event failed.
#[derive(Debug, thiserror::Error)]
enum ApplyError {
    /// The stored data refuses the event (not found, conflict): retrying cannot help.
    #[error(transparent)]
    Refused(StoreError),
    /// A backing service is down: a retry can succeed.
    #[error(transparent)]
    Unavailable(StoreError),
}

impl From<StoreError> for ApplyError {
    fn from(err: StoreError) -> Self {
        if err.is_unavailable() { Self::Unavailable(err) } else { Self::Refused(err) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum HandleWebhookError {
    #[error(transparent)]
    Rejected(#[from] WebhookError),
    /// Another delivery of the same event is being applied right now; Stripe should retry.
    #[error("this event is being processed by another delivery; retry later")]
    InProgress,
    /// A backing service is down; Stripe should retry.
    #[error(transparent)]
    Unavailable(StoreError),
    #[error(transparent)]
    Unexpected(#[from] anyhow::Error),
}

impl Signalbox {
    pub async fn handle_webhook(
        &self,
        payload: &[u8],
        signature: Option<&str>,
    ) -> Result<WebhookOutcome, HandleWebhookError> {
        let now = self.now();
        let event = self.deps.webhooks.verify(payload, signature, now)?;
        let record = WebhookEventRecord {
            id: event.id.clone(),
            event_type: event.event_type.clone(),
            created: event.created,
            received_at: now,
            payload: String::from_utf8_lossy(payload).into_owned(),
        };
        Ok(self.process_event(&event, &record).await?)
    }

    /// Applies a verified event exactly once: claim it, apply and record it, and on an
    /// unexpected failure log it as `failed` and give the claim back for the next attempt.
    pub(crate) async fn process_event(
        &self,
        event: &BillingEvent,
        record: &WebhookEventRecord,
    ) -> Result<WebhookOutcome, ProcessError> {
        let claim_key = keys::webhook_claim(&event.id);
        match self.deps.claims.claim(&claim_key, CLAIM_TTL).await {
            Ok(true) => {}
            Ok(false) => {
                let done = self.deps.billing.is_recorded(&event.id).await?;
                return if done { Ok(WebhookOutcome::AlreadyProcessed) } else { Err(ProcessError::InProgress) };
            }
            Err(err) => {
                tracing::warn!(event_id = %event.id, error = %err, "claim store unavailable; relying on database dedupe");
            }
        }
        let result = self.apply_event(event, record).await;
        if let Err(err) = &result {
            self.log_failure(record, err).await;
            if let Err(err) = self.deps.claims.release(&claim_key).await {
                tracing::warn!(event_id = %event.id, error = %err, "could not release the event claim; it will expire");
            }
        }
        match result {
            Ok(outcome) => Ok(outcome),
            Err(ApplyError::Refused(_)) => Ok(WebhookOutcome::Ignored),
            Err(ApplyError::Unavailable(err)) => Err(ProcessError::Unavailable(err)),
        }
    }

    async fn apply_event(
        &self,
        event: &BillingEvent,
        record: &WebhookEventRecord,
    ) -> Result<WebhookOutcome, ApplyError> {
        let user = self.user_for_event(event).await?;
        if user.is_none() && !matches!(event.kind, BillingEventKind::Other) {
            tracing::warn!(event_id = %event.id, event_type = %event.event_type, "webhook for an unknown customer; ignored");
        }
        let decide = |state: &crate::domain::BillingState| transition(state, event);
        let outcome = match self.deps.billing.record_event(record, user, &decide).await? {
            RecordOutcome::AlreadyProcessed => WebhookOutcome::AlreadyProcessed,
            RecordOutcome::Recorded(Some(Transition::Apply(_))) => WebhookOutcome::Processed,
            RecordOutcome::Recorded(_) => WebhookOutcome::Ignored,
        };
        tracing::info!(event_id = %event.id, event_type = %event.event_type, outcome = outcome.as_str(), "webhook handled");
        Ok(outcome)
    }

    /// Best effort: when the store that failed the apply is down, logging fails too, and the
    /// original error (which the caller returns) matters more.
    async fn log_failure(&self, record: &WebhookEventRecord, err: &ApplyError) {
        let text: String = cause_chain(err).chars().take(MAX_LOGGED_ERROR_CHARS).collect();
        tracing::error!(event_id = %record.id, event_type = %record.event_type, error = %text, "webhook event failed");
        if let Err(log_err) = self.deps.billing.record_failure(record, &text).await {
            tracing::warn!(event_id = %record.id, error = %log_err, "could not log the failed webhook event");
        }
    }

    /// Checkout events carry our user id (`client_reference_id`); everything else is found by
    /// the Stripe customer we linked at checkout.
    async fn user_for_event(&self, event: &BillingEvent) -> Result<Option<UserId>, StoreError> {
        if let BillingEventKind::CheckoutCompleted { client_reference_id: Some(id), customer, .. } = &event.kind
            && let Some(user) = self.deps.users.find_by_id(*id).await?
        {
            if let Some(customer) = customer {
                self.deps.users.link_customer(user.id, customer).await?;
            }
            return Ok(Some(user.id));
        }
        match event.kind.customer() {
            Some(customer) => Ok(self.deps.users.find_by_customer(customer).await?.map(|u| u.id)),
            None => Ok(None),
        }
    }
}

/// `error: cause: cause…`, as `{:#}` prints an `anyhow::Error`.
fn cause_chain(err: &dyn std::error::Error) -> String {
    let mut text = err.to_string();
    let mut source = err.source();
    while let Some(cause) = source {
        text.push_str(&format!(": {cause}"));
        source = cause.source();
    }
    text
}
